package dev.ersatz.engine.preset;

import java.util.Locale;

/**
 * What makes the sound: corpus clips played back, the similarity chain walker, a trained model, or
 * resynthesis (the audio input re-voiced with the corpus's units; notes play the corpus as the
 * sampler does).
 */
public enum GeneratorKind {
    SAMPLER, CHAIN, MODEL, RESYNTH;

    /** The spelling in preset files and on the command line. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** Whether this kind needs a model trained on the corpus before it can play. */
    public boolean needsModel() { return this == MODEL; }

    /** The kind for a spelling, or null. */
    public static GeneratorKind parse(String s) {
        for (GeneratorKind k : values()) if (k.id().equals(s)) return k;
        return null;
    }
}
