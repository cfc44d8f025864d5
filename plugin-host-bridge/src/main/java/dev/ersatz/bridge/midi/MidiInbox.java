package dev.ersatz.bridge.midi;

import dev.ersatz.engine.render.EventBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MIDI from outside the audio callback (Java Sound devices, tests) on its way into the next block.
 * A bounded ring: producers (control threads) serialize among themselves with a lock, the single
 * consumer (the audio thread) never locks or allocates. Messages are packed into one int; when the
 * ring is full a message is dropped and counted rather than blocking a device thread.
 */
public final class MidiInbox {
    private final int[] ring;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next to read; written only by the consumer
    private final AtomicLong tail = new AtomicLong(); // next to write; written only by producers
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity a power of two */
    public MidiInbox(int capacity) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        ring = new int[capacity];
        mask = capacity - 1;
    }

    /** Control thread (any). Returns false (and counts a drop) when the audio thread is not keeping up. */
    public synchronized boolean offer(int status, int data1, int data2) {
        long t = tail.get();
        if (t - head.get() >= ring.length) {
            dropped.incrementAndGet();
            return false;
        }
        ring[(int) (t & mask)] = (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16;
        tail.lazySet(t + 1); // publishes the slot after it is written
        return true;
    }

    /** Audio thread (the one consumer). Moves every waiting message into {@code events} at {@code offset}. */
    public int drainTo(EventBuffer events, int offset) {
        long h = head.get();
        long t = tail.get();
        int n = 0;
        for (; h < t; h++, n++) {
            int m = ring[(int) (h & mask)];
            events.addMidi(offset, m & 0xFF, (m >>> 8) & 0x7F, (m >>> 16) & 0x7F);
        }
        head.lazySet(h);
        return n;
    }

    /** Messages lost because the ring was full. */
    public long dropped() { return dropped.get(); }
}
