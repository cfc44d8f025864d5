package dev.ersatz.engine.render;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Rendered audio from a worker to the audio thread: a lock-free single-producer / single-consumer ring
 * of floats (no boxing, no allocation after construction). For generators that render samples ahead
 * (and so add {@link Generator#latencyFrames()} of lookahead) rather than decide segments.
 */
public final class SpscFloatRing {
    private final float[] data;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    public SpscFloatRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        data = new float[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    public int capacity() { return data.length; }

    public int available() { return (int) (tail.get() - head.get()); }

    public int space() { return data.length - available(); }

    /** Producer. Writes up to {@code n} samples; returns how many fit. */
    public int write(float[] src, int off, int n) {
        long t = tail.get();
        int m = Math.min(n, data.length - (int) (t - head.get()));
        for (int k = 0; k < m; k++) data[(int) ((t + k) & mask)] = src[off + k];
        tail.lazySet(t + m);
        return m;
    }

    /** Consumer. Reads up to {@code n} samples; returns how many there were. */
    public int read(float[] dst, int off, int n) {
        long h = head.get();
        int m = Math.min(n, (int) (tail.get() - h));
        for (int k = 0; k < m; k++) dst[off + k] = data[(int) ((h + k) & mask)];
        head.lazySet(h + m);
        return m;
    }
}
