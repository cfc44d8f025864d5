package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.GeneratorKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What plays, as every front end hands it to {@link InstrumentSession#open}: the sources, the preset
 * to start from, the parameters set over it, the seed and the rate the corpus is read at. The same
 * description, seed and events give the same sound on every backend. Immutable; the {@code with...}
 * methods return changed copies.
 *
 * @param sources      corpus or model (or neither: the preset's own references)
 * @param preset       the preset file to start from, or null for the defaults (sampler)
 * @param presetFolder where program changes, OSC load and save look; null for the preset's folder
 *                     (a live session without a preset: ./presets)
 * @param overrides    parameter id to value, set over the preset (checked by the front end)
 * @param seed         the generators' random seed
 * @param rate         the rate the corpus is read at (a bounce's output rate); 0 for each file's own
 *                     (voices resample to the backend's), except that a model trains at 48 kHz
 * @param maxCopyMs    model sources: the longest verbatim stretch of the corpus; 0 for no bound
 * @param modelCache   where model presets keep the models they train; null for the user's cache
 * @param kind         the generator kind to play whatever the preset says (run --resynth, ersatz
 *                     resynth); null for the preset's
 */
public record Description(Sources sources, Path preset, Path presetFolder, Map<String, Double> overrides,
                          long seed, int rate, double maxCopyMs, Path modelCache, GeneratorKind kind) {
    /** The rate a model trains at when the description does not name one. */
    public static final int MODEL_RATE = 48000;

    public Description {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** The sources with the defaults: no preset, no overrides, seed 1, each file at its own rate. */
    public static Description of(Sources sources) {
        return new Description(sources, null, null, Map.of(), 1, 0, 0, null, null);
    }

    public Description withPreset(Path file) { return new Description(sources, file, presetFolder, overrides, seed, rate, maxCopyMs, modelCache, kind); }

    public Description withPresetFolder(Path dir) { return new Description(sources, preset, dir, overrides, seed, rate, maxCopyMs, modelCache, kind); }

    public Description withOverride(String id, double value) {
        Map<String, Double> m = new LinkedHashMap<>(overrides);
        m.put(id, value);
        return new Description(sources, preset, presetFolder, m, seed, rate, maxCopyMs, modelCache, kind);
    }

    public Description withSeed(long s) { return new Description(sources, preset, presetFolder, overrides, s, rate, maxCopyMs, modelCache, kind); }

    public Description withRate(int r) { return new Description(sources, preset, presetFolder, overrides, seed, r, maxCopyMs, modelCache, kind); }

    public Description withMaxCopyMs(double ms) { return new Description(sources, preset, presetFolder, overrides, seed, rate, ms, modelCache, kind); }

    public Description withKind(GeneratorKind k) { return new Description(sources, preset, presetFolder, overrides, seed, rate, maxCopyMs, modelCache, k); }

    public Description withModelCache(Path dir) { return new Description(sources, preset, presetFolder, overrides, seed, rate, maxCopyMs, dir, kind); }
}
