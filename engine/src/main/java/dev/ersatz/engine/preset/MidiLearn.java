package dev.ersatz.engine.preset;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MIDI learn across threads without locks: a control thread arms a parameter (by index), the
 * thread that sees incoming MIDI (the audio thread under JACK) offers each controller change, the
 * first one after arming is taken, and the control thread collects the new mapping to store it in
 * the current state. {@link #offer} neither allocates nor blocks.
 */
public final class MidiLearn {
    private final AtomicInteger armed = new AtomicInteger(-1);
    private final AtomicLong learnt = new AtomicLong(-1);

    /** Control thread: the next controller moved maps to parameter {@code paramIndex}. */
    public void arm(int paramIndex) {
        if (paramIndex < 0) throw new IllegalArgumentException("parameter index " + paramIndex);
        armed.set(paramIndex);
    }

    public void disarm() { armed.set(-1); }

    /** The armed parameter index, or -1. */
    public int armed() { return armed.get(); }

    /**
     * Audio (or MIDI input) thread: controller {@code cc} moved. When a parameter was armed, this
     * CC is now its controller: returns the parameter index (apply the mapping now), else -1.
     */
    public int offer(int cc) {
        int p = armed.get();
        if (p < 0 || !armed.compareAndSet(p, -1)) return -1;
        learnt.set(((long) (cc & 0x7F) << 32) | p);
        return p;
    }

    /** Control thread: the mapping learnt since the last poll as (cc &lt;&lt; 32 | index), or -1. */
    public long poll() { return learnt.getAndSet(-1); }

    public static int cc(long learnt) { return (int) (learnt >>> 32); }

    public static int param(long learnt) { return (int) learnt; }
}
