package dev.ersatz.engine.model;

import java.util.concurrent.atomic.AtomicLong;

/** A lock-free single-producer/single-consumer ring of ints (grain indices). Neither side allocates. */
final class IntRing {
    private final int[] slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next to read (consumer)
    private final AtomicLong tail = new AtomicLong(); // next to write (producer)

    IntRing(int capacity) {
        int c = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new int[c];
        mask = c - 1;
    }

    int capacity() { return slots.length; }

    /** Producer thread. False when full. */
    boolean offer(int v) {
        long t = tail.get();
        if (t - head.get() == slots.length) return false;
        slots[(int) t & mask] = v;
        tail.lazySet(t + 1);
        return true;
    }

    /** Consumer thread. -1 when empty. */
    int poll() {
        long h = head.get();
        if (h == tail.get()) return -1;
        int v = slots[(int) h & mask];
        head.lazySet(h + 1);
        return v;
    }

    int size() { return (int) (tail.get() - head.get()); }
}
