package dev.ersatz.bridge.jack;

import java.util.Arrays;

/**
 * The cost of the last {@link #CAPACITY} process callbacks, in nanoseconds, measured inside the JACK
 * callback. The audio thread writes one slot per period into a preallocated ring; a control thread
 * copies it out for percentiles (a copy may mix in a slot being written: one sample in 65,536).
 */
public final class CallbackTimings {
    public static final int CAPACITY = 1 << 16;
    private final long[] ring = new long[CAPACITY];
    private volatile long count;

    /** Audio thread. */
    void record(long nanos) {
        long c = count;
        ring[(int) (c & (CAPACITY - 1))] = nanos;
        count = c + 1;
    }

    /** Periods recorded since the client started. */
    public long count() { return count; }

    /** Control thread: the costs recorded after the first {@code since} periods (at most CAPACITY), sorted. */
    public long[] sortedSince(long since) {
        long c = count;
        long from = Math.max(since, c - CAPACITY);
        if (from >= c) return new long[0];
        long[] out = new long[(int) (c - from)];
        for (long i = from; i < c; i++) out[(int) (i - from)] = ring[(int) (i & (CAPACITY - 1))];
        Arrays.sort(out);
        return out;
    }
}
