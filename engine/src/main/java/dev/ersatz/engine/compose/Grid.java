package dev.ersatz.engine.compose;

/**
 * The composer's time grid: 12 steps a quarter note, which holds sixteenths (3), eighth-note
 * triplets (4) and sixteenth triplets (2) exactly; finer timing (swing, humanised playing) is
 * rounded to it. Velocities are kept in 8 levels: the model learns dynamics, not every value.
 */
public final class Grid {
    public static final int STEPS_PER_BEAT = 12;
    /** A rest longer than this (four bars of 4/4) ends a phrase: the next note starts a new one. */
    public static final int MAX_SHIFT = 16 * STEPS_PER_BEAT;
    /** Longer notes are cut to eight beats. */
    public static final int MAX_DURATION = 8 * STEPS_PER_BEAT;
    /** The longest bar the reader accepts (8 beats, e.g. 8/4 or 16/8); others fall back to 4/4. */
    public static final int MAX_BAR = 8 * STEPS_PER_BEAT;
    public static final int BAR_4_4 = 4 * STEPS_PER_BEAT;
    public static final int VELOCITY_STEP = 16;

    private Grid() { }

    /** A MIDI velocity (1..127) as the centre of its level: 8, 24, ..., 120. */
    public static int velocity(int v) {
        return Math.min(127, (Math.max(1, Math.min(127, v)) / VELOCITY_STEP) * VELOCITY_STEP + VELOCITY_STEP / 2);
    }
}
