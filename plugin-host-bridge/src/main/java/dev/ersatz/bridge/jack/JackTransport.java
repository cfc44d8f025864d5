package dev.ersatz.bridge.jack;

import java.lang.invoke.VarHandle;

/**
 * JACK's transport as queried once per period: rolling or stopped, the frame, and tempo/bar/beat when
 * a timebase master provides them. One writer (the JACK process thread) publishes; any number of
 * readers (the status line, tests) take a consistent
 * {@link #read snapshot} without locks or allocation (a sequence lock: readers retry while a write
 * is in flight, which is at most a few dozen nanoseconds).
 */
public final class JackTransport {
    private volatile long seq;
    private boolean rolling;
    private long frame;
    private boolean tempoValid;
    private double beatsPerMinute;
    private float beatsPerBar;
    private int bar;
    private int beat;

    /** A reader's reusable copy of the transport. */
    public static final class Snapshot {
        public boolean rolling;
        public long frame;
        /** False when no timebase master provides tempo: then {@link #beatsPerMinute} is 0. */
        public boolean tempoValid;
        public double beatsPerMinute;
        public float beatsPerBar;
        public int bar;
        public int beat;
    }

    /** JACK process thread (the only writer). */
    void publish(boolean rolling, long frame, boolean tempoValid, double bpm, float beatsPerBar, int bar, int beat) {
        long s = seq;
        seq = s + 1; // odd: write in progress
        VarHandle.storeStoreFence();
        this.rolling = rolling;
        this.frame = frame;
        this.tempoValid = tempoValid;
        this.beatsPerMinute = tempoValid ? bpm : 0;
        this.beatsPerBar = tempoValid ? beatsPerBar : 0;
        this.bar = tempoValid ? bar : 0;
        this.beat = tempoValid ? beat : 0;
        seq = s + 2;
    }

    /** Any thread. Fills {@code into} with one consistent state and returns it. */
    public Snapshot read(Snapshot into) {
        while (true) {
            long s1 = seq;
            if ((s1 & 1) == 0) {
                into.rolling = rolling;
                into.frame = frame;
                into.tempoValid = tempoValid;
                into.beatsPerMinute = beatsPerMinute;
                into.beatsPerBar = beatsPerBar;
                into.bar = bar;
                into.beat = beat;
                VarHandle.loadLoadFence();
                if (seq == s1) return into;
            }
            Thread.onSpinWait();
        }
    }

    /** Any thread: how many times the state was published (0 before the first block). */
    public long updates() { return seq >>> 1; }
}
