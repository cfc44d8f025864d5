package dev.ersatz.engine.render;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tempo, rolling state and frame position, written by the backend (JACK transport, or the offline
 * renderer's clock) and read by generators. One writer; readers retry around a sequence counter
 * (a seqlock), so neither side locks or allocates.
 */
public final class TransportState {
    private final AtomicLong seq = new AtomicLong();
    private volatile long frame;
    private volatile double bpm = 120;
    private volatile boolean rolling;

    /** The backend's thread (the one writer). */
    public void update(long framePosition, double beatsPerMinute, boolean isRolling) {
        seq.incrementAndGet(); // odd: writing
        frame = framePosition;
        bpm = beatsPerMinute > 0 ? beatsPerMinute : 120;
        rolling = isRolling;
        seq.incrementAndGet(); // even: consistent
    }

    /** Any thread: a consistent copy. */
    public void read(Snapshot into) {
        while (true) {
            long s = seq.get();
            if ((s & 1) != 0) { Thread.onSpinWait(); continue; }
            into.frame = frame;
            into.bpm = bpm;
            into.rolling = rolling;
            if (seq.get() == s) return;
        }
    }

    public long frame() { return frame; }

    public double bpm() { return bpm; }

    public boolean rolling() { return rolling; }

    /** A reader's preallocated copy. */
    public static final class Snapshot {
        public long frame;
        public double bpm;
        public boolean rolling;
    }
}
