package dev.ersatz.engine.render;

import java.util.List;

/**
 * The instrument's parameters and their stable ids (docs/manual/parameters.md lists them; presets and
 * OSC use the ids, the audio thread the index constants). Add new ones at the end; never rename.
 */
public final class InstrumentParams {
    private InstrumentParams() { }

    public static final int GAIN = 0;
    public static final int TEMPERATURE = 1;
    public static final int ATTACK = 2;
    public static final int RELEASE = 3;
    public static final int TRANSPOSE = 4;
    public static final int DENSITY = 5;
    public static final int GRAIN = 6;
    public static final int PAN_SPREAD = 7;
    public static final int ROOT_NOTE = 8;
    public static final int NOTE_MODE = 9;
    public static final int BEND_RANGE = 10;
    public static final int VELOCITY_SENSITIVITY = 11;
    public static final int CONTINUITY = 12;
    public static final int REPETITION = 13;
    public static final int SYNC = 14;
    public static final int COMPOSE_DENSITY = 15;
    // Resynthesis of the audio input (engine.resynth): read once per input unit by its worker, except
    // dry_wet and max_gain, which the audio thread reads each block.
    public static final int UNIT = 16;
    public static final int RESYNTH_CONTINUITY = 17;
    public static final int DRY_WET = 18;
    public static final int WEIGHT_LOUDNESS = 19;
    public static final int WEIGHT_TIMBRE = 20;
    public static final int WEIGHT_BRIGHTNESS = 21;
    public static final int WEIGHT_NOISINESS = 22;
    public static final int NEIGHBOURS = 23;
    public static final int MAX_GAIN = 24;
    public static final int PITCH_FOLLOW = 25;
    public static final int HOLD = 26;
    public static final int WEIGHT_PITCH = 27;

    /** {@code note_mode} values. */
    public static final int MODE_TRANSPOSE = 0;
    public static final int MODE_CLIP = 1;

    /** {@code sync} values: where joins and hits may start. */
    public static final int SYNC_OFF = BeatGrid.OFF;
    public static final int SYNC_BEAT = BeatGrid.BEAT;
    public static final int SYNC_BAR = BeatGrid.BAR;

    public static final ParameterSet SET = new ParameterSet(List.of(
            new Parameter("gain", "output level", -60f, 12f, 0f, "dB", 20f, false),
            new Parameter("temperature", "how surprising the next choice is: 0 argmax, 1 learned statistics, >1 more surprises",
                    0f, 4f, 1f, "", 50f, false),
            new Parameter("attack", "note fade-in time", 0.5f, 5000f, 5f, "ms", 0f, false),
            new Parameter("release", "note fade-out time after note-off", 1f, 10000f, 300f, "ms", 0f, false),
            new Parameter("transpose", "pitch shift of every voice", -48f, 48f, 0f, "semitones", 10f, false),
            new Parameter("density", "grains started per second per voice", 0.5f, 200f, 8f, "grains/s", 30f, false),
            new Parameter("grain", "grain length", 5f, 4000f, 250f, "ms", 30f, false),
            new Parameter("pan_spread", "how far grains scatter across the stereo field", 0f, 1f, 0.5f, "", 20f, false),
            new Parameter("root_note", "MIDI note that plays material at its own pitch (or the first clip)", 0f, 127f, 60f, "note", 0f, true),
            new Parameter("note_mode", "what a note chooses: 0 transposition relative to root_note, 1 the clip (note - root_note)",
                    0f, 1f, 0f, "mode", 0f, true),
            new Parameter("bend_range", "pitch-bend range either way", 0f, 24f, 2f, "semitones", 0f, false),
            new Parameter("velocity_sensitivity", "0 every note at full level, 1 level follows velocity squared",
                    0f, 1f, 1f, "", 0f, false),
            new Parameter("continuity", "the learned model: how long it follows the corpus's own continuation before it jumps (mean; bounded by --max-copy-ms)",
                    0f, 5000f, 250f, "ms", 0f, false),
            new Parameter("repetition", "the learned model: how much less likely a grain heard in the last 2 s is chosen again (log-odds; 0 no penalty)",
                    0f, 10f, 3f, "nats", 0f, false),
            new Parameter("sync", "where the chain's joins and the learned model's hits start: 0 anywhere, 1 on a beat, 2 on a bar line "
                    + "(JACK transport's timebase master while it rolls, else the instrument's own grid at the tempo)",
                    0f, 2f, 0f, "mode", 0f, true),
            new Parameter("compose_density", "the live composer: how many onsets its next phrase has, 1 as learnt, 0.5 half (the weakest dropped), 2 twice (gaps filled), 0 silence",
                    0f, 2f, 1f, "", 0f, false),
            new Parameter("unit", "resynthesis: longest input unit; a new unit starts at each input onset or after this long", 20f, 2000f, 250f, "ms", 0f, false),
            new Parameter("resynth_continuity", "resynthesis: keep playing the corpus's own next unit while its distance is within (1 + this) of the nearest",
                    0f, 4f, 0.3f, "", 0f, false),
            new Parameter("dry_wet", "resynthesis: 0 the input only, 1 the resynthesis only", 0f, 1f, 1f, "", 0f, false),
            new Parameter("weight_loudness", "resynthesis: weight of loudness in the match", 0f, 4f, 0.5f, "", 0f, false),
            new Parameter("weight_timbre", "resynthesis: weight of the mel spectrum (spectral shape) in the match", 0f, 4f, 1f, "", 0f, false),
            new Parameter("weight_brightness", "resynthesis: weight of the spectral centroid in the match", 0f, 4f, 1f, "", 0f, false),
            new Parameter("weight_noisiness", "resynthesis: weight of spectral flatness in the match", 0f, 4f, 1f, "", 0f, false),
            new Parameter("neighbours", "resynthesis: how many nearest units the temperature samples among", 1f, 32f, 8f, "units", 0f, true),
            new Parameter("max_gain", "resynthesis: most the envelope follower may raise a corpus unit to match the input", 0f, 48f, 24f, "dB", 0f, false),
            new Parameter("pitch_follow", "resynthesis: how far a unit is transposed toward the input's pitch (0 not at all, 1 onto it) when both are pitched",
                    0f, 1f, 0f, "", 0f, false),
            new Parameter("hold", "resynthesis: when the input falls silent, 0 falls silent with it, 1 keeps playing its last texture at its last level",
                    0f, 1f, 0f, "", 0f, true),
            new Parameter("weight_pitch", "resynthesis: weight of the pitch class in the match (re-ranks the nearest by timbre; unpitched units and input add nothing)",
                    0f, 4f, 0f, "", 0f, false)));
}
