package dev.ersatz.engine.preset;

import dev.ersatz.engine.render.Parameter;

/**
 * Which parameters a preset may tie to the tempo, in beats: a time parameter (unit "ms") given as a
 * length in beats, a rate parameter (unit ".../s") as a count per beat. The instrument computes their
 * values ({@link Parameter#atTempo}) at its transport's tempo, again in the first block of a new tempo
 * (JACK transport, a MIDI file's tempo map), so a grain length of 0.25 stays a sixteenth note at any
 * tempo. Any thread; no state.
 */
public final class TempoSync {
    private TempoSync() { }

    /** Whether {@code p} can follow the tempo: a time in ms or a rate per second. */
    public static boolean syncable(ParameterInfo p) { return Parameter.followsTempo(p.unit()); }
}
