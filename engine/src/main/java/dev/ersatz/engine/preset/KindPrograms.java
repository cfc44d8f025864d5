package dev.ersatz.engine.preset;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.chain.ChainGenerator;
import dev.ersatz.engine.chain.ClipFeatures;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the instrument plays for each generator kind over a corpus: the material and the generator
 * that decides it. Control thread.
 */
public final class KindPrograms {
    private KindPrograms() { }

    /** How chain presets compare clips, and how long their joins crossfade. */
    static final ClipFeatures.Measure CHAIN_MEASURE = ClipFeatures.Measure.TIMBRE;
    static final double CHAIN_FADE_SECONDS = 0.05;

    /** Material and its generator, ready for {@link dev.ersatz.engine.render.Instrument#load}. */
    public record Playable(Material material, Generator generator) { }

    /** Whether {@link #build} will train a model first. */
    public static boolean needsTraining(GeneratorKind kind, List<Clip> corpus) { return false; }

    public static Playable build(GeneratorKind kind, List<Clip> corpus, Progress progress) throws java.io.IOException {
        List<AudioData> audio = new ArrayList<>();
        for (Clip c : corpus) if (c.audio().frames() >= Material.MIN_FRAMES) audio.add(c.audio());
        if (audio.isEmpty()) throw new IllegalArgumentException("the corpus has no clip long enough to play");
        return switch (kind) {
            case SAMPLER -> new Playable(Material.of(audio), new SamplerGenerator());
            case CHAIN -> {
                if (audio.size() < 2) throw new IllegalArgumentException("a chain preset needs at least two clips in the corpus");
                yield new Playable(Material.of(audio), ChainGenerator.of(audio, CHAIN_MEASURE, CHAIN_FADE_SECONDS, 0));
            }
            // The trained model joins here when the model is on main.
            case MODEL -> throw new IllegalArgumentException("model presets need the trained model, not in this build yet");
        };
    }
}
