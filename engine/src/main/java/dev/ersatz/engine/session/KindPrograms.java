package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.chain.ChainGenerator;
import dev.ersatz.engine.chain.ClipFeatures;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelGenerator;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.util.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the instrument plays for each generator kind over a corpus: the material and the generator
 * that decides it. A preset describes a sound, not a corpus, so every kind works over any corpus:
 * sampler plays its clips, chain orders them by timbre, model trains a grain model on them (once:
 * {@link TrainedModels} keeps it). Control thread (training is long; it reports progress).
 */
public final class KindPrograms {
    private KindPrograms() { }

    /** How chain presets compare clips, and how long their joins crossfade. */
    static final ClipFeatures.Measure CHAIN_MEASURE = ClipFeatures.Measure.TIMBRE;
    static final double CHAIN_FADE_SECONDS = 0.05;

    /** Material and its generator, ready for {@link dev.ersatz.engine.render.Instrument#load}. */
    public record Playable(Material material, Generator generator) { }

    /** Training settings for model presets: the model's defaults at the corpus rate. */
    public static ModelTrainer.Options modelOptions(int sampleRate) {
        return ModelTrainer.Options.defaults(sampleRate);
    }

    /** Whether {@link #build} will train a model first (a model kind whose model is not cached yet). */
    public static boolean needsTraining(GeneratorKind kind, List<Clip> corpus) {
        return needsTraining(kind, corpus, TrainedModels.userCache());
    }

    /** As above, with the models kept in {@code models}. */
    public static boolean needsTraining(GeneratorKind kind, List<Clip> corpus, TrainedModels models) {
        return kind == GeneratorKind.MODEL && !corpus.isEmpty()
                && !models.cached(corpus, modelOptions(corpus.get(0).audio().sampleRate()));
    }

    /** The kind's material and generator; model kinds use the user's model cache, with no copy bound. */
    public static Playable build(GeneratorKind kind, List<Clip> corpus, Progress progress) throws IOException {
        return build(kind, corpus, TrainedModels.userCache(), 0, progress);
    }

    /** @param maxCopyMs model kinds: the longest verbatim copy of the corpus, in ms; 0 for no bound */
    public static Playable build(GeneratorKind kind, List<Clip> corpus, double maxCopyMs, Progress progress) throws IOException {
        return build(kind, corpus, TrainedModels.userCache(), maxCopyMs, progress);
    }

    /** @param models where model presets find (or train and keep) their model */
    public static Playable build(GeneratorKind kind, List<Clip> corpus, TrainedModels models, double maxCopyMs, Progress progress)
            throws IOException {
        List<AudioData> audio = new ArrayList<>();
        for (Clip c : corpus) if (c.audio().frames() >= Material.MIN_FRAMES) audio.add(c.audio());
        if (audio.isEmpty()) throw new IllegalArgumentException("the corpus has no clip long enough to play");
        return switch (kind) {
            case SAMPLER, RESYNTH -> new Playable(Material.of(audio), new SamplerGenerator()); // resynthesis: the input's; notes: the sampler's
            case CHAIN -> {
                if (audio.size() < 2) throw new IllegalArgumentException("a chain preset needs at least two clips in the corpus");
                yield new Playable(Material.of(audio), ChainGenerator.of(audio, CHAIN_MEASURE, CHAIN_FADE_SECONDS, 0));
            }
            case MODEL -> {
                GrainModel m = models.get(corpus, modelOptions(corpus.get(0).audio().sampleRate()), progress);
                yield new Playable(ModelGenerator.material(m), new ModelGenerator(m, maxCopyMs));
            }
        };
    }
}
