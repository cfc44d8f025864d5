package dev.ersatz.engine.resynth;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The audio input on its way from the audio thread to the resynthesis worker: a single-producer,
 * single-consumer ring of mono samples. The audio thread {@link #write}s each block (allocation-free,
 * wait-free: when the worker has fallen a whole ring behind, the block is dropped and counted, never
 * waited for); the worker {@link #read}s what has arrived.
 */
final class InputRing {
    private final float[] ring;
    private final int mask;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity samples, rounded up to a power of two */
    InputRing(int capacity) {
        ring = new float[Integer.highestOneBit(Math.max(2, capacity - 1)) << 1];
        mask = ring.length - 1;
    }

    /** Audio thread: appends {@code x[0..n)}; false (and counted) when there is no room for all of it. */
    boolean write(float[] x, int n) {
        long w = written.get();
        if (w + n - read.get() > ring.length) {
            dropped.lazySet(dropped.get() + n);
            return false;
        }
        for (int i = 0; i < n; i++) ring[(int) ((w + i) & mask)] = x[i];
        written.lazySet(w + n); // the samples before the position: the worker reads them after it sees it
        return true;
    }

    /** Worker thread: moves up to {@code into.length} arrived samples into {@code into}; how many. */
    int read(float[] into) {
        long r = read.get();
        int n = (int) Math.min(into.length, written.get() - r);
        for (int i = 0; i < n; i++) into[i] = ring[(int) ((r + i) & mask)];
        read.lazySet(r + n);
        return n;
    }

    /** Samples the audio thread had to drop because the worker was a whole ring behind. Any thread. */
    long dropped() { return dropped.get(); }
}
