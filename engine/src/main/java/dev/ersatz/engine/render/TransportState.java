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
    /** The backend's tempo (a timebase master's, a MIDI file's); 0 when it gives none. */
    private volatile double bpm;
    /**
     * The tempo when the backend gives none: the corpus's own (set by the session from its files'
     * tempo decisions), else 120. Written by a control thread, read by everyone: not part of the
     * backend's seqlocked state.
     */
    private volatile double fallback = 120;
    private volatile boolean rolling;

    /** The backend's thread (the one writer). */
    public void update(long framePosition, double beatsPerMinute, boolean isRolling) {
        seq.incrementAndGet(); // odd: writing
        frame = framePosition;
        bpm = beatsPerMinute > 0 ? beatsPerMinute : 0;
        rolling = isRolling;
        seq.incrementAndGet(); // even: consistent
    }

    /** Any thread: a consistent copy. */
    public void read(Snapshot into) {
        while (true) {
            long s = seq.get();
            if ((s & 1) != 0) { Thread.onSpinWait(); continue; }
            into.frame = frame;
            double b = bpm;
            into.bpm = b > 0 ? b : fallback;
            into.rolling = rolling;
            if (seq.get() == s) return;
        }
    }

    public long frame() { return frame; }

    /** The tempo: the backend's when it gives one, else the {@link #fallbackBpm fallback}. */
    public double bpm() {
        double b = bpm;
        return b > 0 ? b : fallback;
    }

    /** Control thread: the tempo to use while the backend gives none (the corpus's; default 120). */
    public void fallbackBpm(double beatsPerMinute) { fallback = beatsPerMinute > 0 ? beatsPerMinute : 120; }

    public boolean rolling() { return rolling; }

    /** A reader's preallocated copy. */
    public static final class Snapshot {
        public long frame;
        public double bpm;
        public boolean rolling;
    }
}
