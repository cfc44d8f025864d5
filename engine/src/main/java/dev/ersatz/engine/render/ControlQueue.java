package dev.ersatz.engine.render;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Events from control threads (MIDI devices, OSC, presets, the CLI) to the audio thread: a bounded,
 * lock-free multi-producer / single-consumer queue (Vyukov's sequence-numbered ring) over
 * preallocated struct-of-arrays slots. Each event carries the absolute frame at which it should apply
 * (or {@link #ASAP}). Neither side allocates; a full queue refuses the event and counts it.
 */
public final class ControlQueue {
    public static final long ASAP = -1;

    private final int mask;
    // AtomicLong per slot rather than AtomicLongArray: plain Unsafe accesses, no VarHandle linkage
    // on the audio thread.
    private final AtomicLong[] sequence;
    private final long[] frame;
    private final int[] kind;
    private final int[] a;
    private final int[] b;
    private final int[] c;
    private final float[] value;
    private final AtomicLong tail = new AtomicLong();   // next slot producers claim
    private final AtomicLong refused = new AtomicLong();
    private long head;                                  // consumer only

    /**
     * {@code capacityPowerOfTwo} of at least 2: with one slot, a published slot's sequence (pos + 1)
     * equals the one that marks it free for the next lap (pos + capacity), and a second producer
     * would overwrite an event the consumer has not taken (jcstress found it).
     */
    public ControlQueue(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1 || capacityPowerOfTwo < 2) {
            throw new IllegalArgumentException("capacity must be a power of two, at least 2");
        }
        mask = capacityPowerOfTwo - 1;
        sequence = new AtomicLong[capacityPowerOfTwo];
        for (int i = 0; i < capacityPowerOfTwo; i++) sequence[i] = new AtomicLong(i);
        frame = new long[capacityPowerOfTwo];
        kind = new int[capacityPowerOfTwo];
        a = new int[capacityPowerOfTwo];
        b = new int[capacityPowerOfTwo];
        c = new int[capacityPowerOfTwo];
        value = new float[capacityPowerOfTwo];
    }

    /** Any thread. Returns false (and counts it) when the queue is full. */
    public boolean offer(long atFrame, int eventKind, int ea, int eb, int ec, float v) {
        long pos = tail.get();
        int i;
        while (true) {
            i = (int) (pos & mask);
            long dif = sequence[i].get() - pos;
            if (dif == 0) {
                if (tail.compareAndSet(pos, pos + 1)) break;
                pos = tail.get();
            } else if (dif < 0) {
                refused.incrementAndGet();
                return false;
            } else {
                pos = tail.get();
            }
        }
        frame[i] = atFrame; kind[i] = eventKind; a[i] = ea; b[i] = eb; c[i] = ec; value[i] = v;
        sequence[i].lazySet(pos + 1); // release: the fields above become visible with it
        return true;
    }

    /** Audio thread (the single consumer): copies the oldest event into {@code into}; false when empty. */
    public boolean poll(Slot into) {
        int i = (int) (head & mask);
        if (sequence[i].get() != head + 1) return false;
        into.frame = frame[i]; into.kind = kind[i]; into.a = a[i]; into.b = b[i]; into.c = c[i]; into.value = value[i];
        sequence[i].lazySet(head + mask + 1);
        head++;
        return true;
    }

    /** Events refused because the queue was full. */
    public long refused() { return refused.get(); }

    /** One event, copied out by {@link #poll}; preallocated by the consumer. Kinds as in {@link EventBuffer}. */
    public static final class Slot {
        public long frame;
        public int kind;
        public int a;
        public int b;
        public int c;
        public float value;
    }
}
