package dev.ersatz.engine.render;

/**
 * Where beats and bar lines fall in the block being rendered, for the {@code sync} parameter
 * ({@link InstrumentParams#SYNC}). While the transport rolls with a timebase master, the grid is the
 * master's: its bar, beat and tick at the start of each period, extrapolated within the period at its
 * tempo, so a tempo change or a locate is followed from the next period on. Otherwise (no master,
 * transport stopped, an offline bounce) the grid is the instrument's own: it runs on from the phase it
 * had at the transport's tempo (the master's last, the corpus's, {@code --bpm}, or 120), from frame 0
 * in a bounce, so a bounce with the same seed puts its joins on the same frames.
 *
 * <p>Audio thread only: {@link #advance} once at the start of each block, then any number of queries
 * for offsets within it. Allocates nothing. The instrument keeps one; the live composer its own.
 */
public final class BeatGrid {
    public static final int OFF = 0;
    public static final int BEAT = 1;
    public static final int BAR = 2;
    /** A grid line closer than this (in frames) to the asked frame counts as on it. */
    private static final double ON_LINE = 0.5;

    private final TransportState.Snapshot snap = new TransportState.Snapshot();
    /** Beats from the bar line at this block's first frame. */
    private double barBeat;
    private double framesPerBeat = 24000;
    private double bpm = 120;
    private float beatsPerBar = 4;
    private int lastFrames;
    private boolean started;
    private boolean following;

    /** Audio thread, at the start of a block of {@code frames}: reads the transport the backend has just updated. */
    public void advance(TransportState transport, int frames, int sampleRate) {
        transport.read(snap);
        if (snap.rolling && !Double.isNaN(snap.barBeat)) {
            beatsPerBar = snap.beatsPerBar;
            barBeat = snap.barBeat;
            following = true;
        } else {
            if (started) barBeat += lastFrames / framesPerBeat; // the block before, at its tempo
            if (barBeat >= beatsPerBar) barBeat %= beatsPerBar;
            following = false;
        }
        bpm = snap.bpm > 0 ? snap.bpm : 120;
        framesPerBeat = sampleRate * 60.0 / bpm;
        lastFrames = frames;
        started = true;
    }

    /** Beats from the bar line at this block's first frame. */
    public double barBeat() { return barBeat; }

    /** Whether this block's grid is a timebase master's (else the instrument's own). */
    public boolean following() { return following; }

    public double framesPerBeat() { return framesPerBeat; }

    /** This block's tempo: the master's while one gives it, else the instrument's own. */
    public double bpm() { return bpm; }

    public float beatsPerBar() { return beatsPerBar; }

    /** Frames between grid lines of {@code division} ({@link #BEAT} or {@link #BAR}). */
    public double unitFrames(int division) { return (division == BAR ? beatsPerBar : 1) * framesPerBeat; }

    /**
     * Frames from block offset {@code offset} to the first line of {@code division} at or after it
     * (0 when one falls on that frame), as a fraction.
     */
    public double toNext(int division, int offset) {
        double unit = division == BAR ? beatsPerBar : 1;
        double beats = barBeat + offset / framesPerBeat;
        double lines = beats / unit;
        double next = Math.ceil(lines - ON_LINE / (unit * framesPerBeat)) * unit;
        return Math.max(0, (next - beats) * framesPerBeat);
    }

    /**
     * Frames from block offset {@code offset} to the line of {@code division} nearest to
     * {@code natural} frames after it, but at least {@code least} frames after it.
     */
    public int nearest(int division, int offset, double natural, double least) {
        double first = toNext(division, offset);
        double unit = unitFrames(division);
        double k = Math.max(0, Math.rint((natural - first) / unit));
        double at = first + k * unit;
        if (at < least) at = first + Math.ceil((least - first) / unit) * unit;
        return (int) Math.round(at);
    }
}
