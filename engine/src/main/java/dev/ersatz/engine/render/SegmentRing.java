package dev.ersatz.engine.render;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Segment decisions from one generator worker to one voice: a lock-free single-producer /
 * single-consumer ring of {@link Segment} fields stored as primitive arrays (no boxing, no allocation
 * after construction). The producer publishes with a release store of the tail, the consumer frees
 * slots with a release store of the head.
 */
public final class SegmentRing {
    private final int mask;
    private final int[] clip;
    private final int[] start;
    private final int[] length;
    private final int[] hop;
    private final float[] rate;
    private final float[] gain;
    private final float[] pan;
    private final int[] overlap;
    private final int[] shape;
    private final long[] sequence;
    private final boolean[] attack;
    private final AtomicLong head = new AtomicLong(); // next to read (consumer writes)
    private final AtomicLong tail = new AtomicLong(); // next to write (producer writes)

    public SegmentRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        mask = capacityPowerOfTwo - 1;
        clip = new int[capacityPowerOfTwo];
        start = new int[capacityPowerOfTwo];
        length = new int[capacityPowerOfTwo];
        hop = new int[capacityPowerOfTwo];
        rate = new float[capacityPowerOfTwo];
        gain = new float[capacityPowerOfTwo];
        pan = new float[capacityPowerOfTwo];
        overlap = new int[capacityPowerOfTwo];
        shape = new int[capacityPowerOfTwo];
        sequence = new long[capacityPowerOfTwo];
        attack = new boolean[capacityPowerOfTwo];
    }

    public int capacity() { return mask + 1; }

    /** Either side: how many decisions wait (a snapshot). */
    public int size() { return (int) (tail.get() - head.get()); }

    /** Producer (worker thread). False when full. */
    public boolean offer(Segment s) {
        long t = tail.get();
        if (t - head.get() > mask) return false;
        int i = (int) (t & mask);
        clip[i] = s.clip; start[i] = s.start; length[i] = s.length; hop[i] = s.hop;
        rate[i] = s.rate; gain[i] = s.gain; pan[i] = s.pan;
        overlap[i] = s.overlap; shape[i] = s.shape; sequence[i] = s.sequence; attack[i] = s.attack;
        tail.lazySet(t + 1);
        return true;
    }

    /** Consumer (audio thread). Copies the oldest decision into {@code into}; false when the ring is dry. */
    public boolean poll(Segment into) {
        long h = head.get();
        if (h == tail.get()) return false;
        int i = (int) (h & mask);
        into.clip = clip[i]; into.start = start[i]; into.length = length[i]; into.hop = hop[i];
        into.rate = rate[i]; into.gain = gain[i]; into.pan = pan[i];
        into.overlap = overlap[i]; into.shape = shape[i]; into.sequence = sequence[i]; into.attack = attack[i];
        head.lazySet(h + 1);
        return true;
    }
}
