package dev.ersatz.engine.resynth;

import dev.ersatz.engine.render.Parameter;
import dev.ersatz.engine.render.ParameterSet;
import java.util.List;

/**
 * The resynthesizer's parameters and their stable ids (presets, OSC and the command line use the
 * ids, the resynthesizer the index constants). Add new ones at the end; never rename. Values are
 * read once per input unit, so none is smoothed.
 */
public final class ResynthParams {
    private ResynthParams() { }

    public static final int TEMPERATURE = 0;
    public static final int UNIT = 1;
    public static final int CONTINUITY = 2;
    public static final int DRY_WET = 3;
    public static final int WEIGHT_LOUDNESS = 4;
    public static final int WEIGHT_TIMBRE = 5;
    public static final int WEIGHT_BRIGHTNESS = 6;
    public static final int WEIGHT_NOISINESS = 7;
    public static final int NEIGHBOURS = 8;
    public static final int MAX_GAIN = 9;

    public static final ParameterSet SET = new ParameterSet(List.of(
            new Parameter("temperature", "0 plays the nearest corpus unit; higher samples among the nearest from softmax(-distance/T)",
                    0f, 4f, 0f, "", 0f, false),
            new Parameter("unit", "longest input unit: a new unit starts at each input onset or after this long", 20f, 2000f, 250f, "ms", 0f, false),
            new Parameter("resynth_continuity", "keep playing the corpus's own next unit while its distance is within (1 + this) of the nearest",
                    0f, 4f, 0.3f, "", 0f, false),
            new Parameter("dry_wet", "0 the input only, 1 the resynthesis only", 0f, 1f, 1f, "", 0f, false),
            new Parameter("weight_loudness", "descriptor weight of loudness in the match", 0f, 4f, 0.5f, "", 0f, false),
            new Parameter("weight_timbre", "descriptor weight of the mel spectrum (spectral shape) in the match", 0f, 4f, 1f, "", 0f, false),
            new Parameter("weight_brightness", "descriptor weight of the spectral centroid in the match", 0f, 4f, 1f, "", 0f, false),
            new Parameter("weight_noisiness", "descriptor weight of spectral flatness in the match", 0f, 4f, 1f, "", 0f, false),
            new Parameter("neighbours", "how many nearest units the temperature samples among", 1f, 32f, 8f, "units", 0f, true),
            new Parameter("max_gain", "most the envelope follower may raise a corpus unit to match the input", 0f, 48f, 24f, "dB", 0f, false)));
}
