package dev.ersatz.engine.preset;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the instrument plays for each generator kind over a corpus: the material and the generator
 * that decides it. Control thread (may train a model: long; reports progress).
 */
public final class KindPrograms {
    private KindPrograms() { }

    /** Material and its generator, ready for {@link dev.ersatz.engine.render.Instrument#load}. */
    public record Playable(Material material, Generator generator) { }

    public static Playable build(GeneratorKind kind, List<Clip> corpus, Progress progress) throws java.io.IOException {
        List<AudioData> audio = new ArrayList<>();
        for (Clip c : corpus) if (c.audio().frames() >= Material.MIN_FRAMES) audio.add(c.audio());
        if (audio.isEmpty()) throw new IllegalArgumentException("the corpus has no clip long enough to play");
        return switch (kind) {
            case SAMPLER -> new Playable(Material.of(audio), new SamplerGenerator());
            // The chain walker and the trained model join here when they are on main.
            case CHAIN, MODEL -> throw new IllegalArgumentException(kind.id() + " presets need the " + kind.id() + " generator, not in this build yet");
        };
    }
}
