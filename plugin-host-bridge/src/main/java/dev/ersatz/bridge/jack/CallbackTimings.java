package dev.ersatz.bridge.jack;

import java.util.Arrays;

/**
 * The cost of each process callback, in nanoseconds, measured inside the JACK callback: the last
 * {@link #CAPACITY} exactly (a ring), and every one since the start in a histogram of 1 µs bins up
 * to 20 ms (longer ones in the last bin), so a run of any length has exact percentiles to the
 * microsecond. The audio thread writes into preallocated arrays; control threads copy them (a copy
 * may miss the period being written).
 */
public final class CallbackTimings {
    public static final int CAPACITY = 1 << 16;
    /** Histogram bins: bin i counts costs in [i, i+1) µs; the last bin everything from 20 ms on. */
    public static final int BINS = 20_001;
    private final long[] ring = new long[CAPACITY];
    private final long[] bins = new long[BINS];
    private volatile long count;

    /** Audio thread. */
    void record(long nanos) {
        long c = count;
        ring[(int) (c & (CAPACITY - 1))] = nanos;
        bins[(int) Math.min(BINS - 1, Math.max(0, nanos / 1000))]++;
        count = c + 1;
    }

    /** Control thread: a copy of the histogram (see {@link #BINS}). Subtract two copies for an interval. */
    public long[] histogram() { return bins.clone(); }

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
