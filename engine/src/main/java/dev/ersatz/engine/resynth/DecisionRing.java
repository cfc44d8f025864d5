package dev.ersatz.engine.resynth;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's decisions on their way to the audio thread: single producer (the worker), single
 * consumer (the audio thread), fixed capacity, no allocation. A decision says: from output frame
 * {@code frame} on, play corpus unit {@code unit} at playback rate {@code rate}, at level
 * {@code level} when {@code hold} (the input is silent and the hold control keeps the texture).
 * The audio thread {@link #peek}s the oldest and {@link #pop}s it once its frame has come.
 */
final class DecisionRing {
    private final long[] frame;
    private final int[] unit;
    private final float[] rate;
    private final boolean[] hold;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next to read
    private final AtomicLong tail = new AtomicLong(); // next to write

    DecisionRing(int capacity) {
        int n = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        frame = new long[n];
        unit = new int[n];
        rate = new float[n];
        hold = new boolean[n];
        mask = n - 1;
    }

    /** Worker thread: false when full (the audio thread is far behind, or not running). */
    boolean offer(long atFrame, int u, float r, boolean held) {
        long t = tail.get();
        if (t - head.get() > mask) return false;
        int i = (int) (t & mask);
        frame[i] = atFrame;
        unit[i] = u;
        rate[i] = r;
        hold[i] = held;
        tail.lazySet(t + 1);
        return true;
    }

    /** Audio thread: whether a decision waits. */
    boolean ready() { return head.get() != tail.get(); }

    /** Audio thread, when {@link #ready}: the oldest decision's fields. */
    long frame() { return frame[(int) (head.get() & mask)]; }

    int unit() { return unit[(int) (head.get() & mask)]; }

    float rate() { return rate[(int) (head.get() & mask)]; }

    boolean hold() { return hold[(int) (head.get() & mask)]; }

    /** Audio thread: done with the oldest. */
    void pop() { head.lazySet(head.get() + 1); }
}
