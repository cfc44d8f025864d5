package dev.ersatz.engine.render;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tempo, rolling state, frame position and, when a timebase master gives one, the position in the
 * bar, written by the backend (JACK transport, or the offline renderer's clock) at the start of each
 * block and read by generators and the instrument's {@link BeatGrid}. One writer; readers retry
 * around a sequence counter (a seqlock), so neither side locks or allocates.
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
    /** Beats in the backend's bar (a timebase master's meter); 0 when it gives none. */
    private volatile float beatsPerBar;
    /** Where the block starts in its bar, in beats from the bar line (0 ≤ barBeat < beatsPerBar); NaN when none given. */
    private volatile double barBeat = Double.NaN;

    /**
     * The backend's thread (the one writer), before each block. With {@code bbt}, a timebase master
     * gives the tempo, the meter and where the block starts in its bar ({@code barBeat}, beats from
     * the bar line); values out of range (a master that filled them badly) count as none given. Without
     * it the other values are ignored, and the instrument keeps its own beat grid at the fallback tempo.
     */
    public void update(long framePosition, boolean isRolling, boolean bbt, double beatsPerMinute, float beatsPerBar, double barBeat) {
        boolean tempo = bbt && beatsPerMinute > 0 && beatsPerMinute < 10_000;
        boolean bar = tempo && beatsPerBar > 0 && beatsPerBar < 1000 && barBeat >= 0 && barBeat < beatsPerBar + 1e-9;
        seq.incrementAndGet(); // odd: writing
        frame = framePosition;
        bpm = tempo ? beatsPerMinute : 0;
        rolling = isRolling;
        this.beatsPerBar = bar ? beatsPerBar : 0;
        this.barBeat = bar ? barBeat : Double.NaN;
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
            into.beatsPerBar = beatsPerBar;
            into.barBeat = barBeat;
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
        /** The master's meter, or 0 when no timebase master gives a bar. */
        public float beatsPerBar;
        /** Beats from the bar line at the block's start, or NaN when no timebase master gives one. */
        public double barBeat;
    }
}
