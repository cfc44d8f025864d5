package dev.ersatz.engine.preset;

import java.nio.file.Path;
import java.util.List;

/**
 * A preset read from a file, with what loading noticed but did not refuse (unknown fields from a
 * newer version) and its references resolved inside the preset's folder.
 *
 * @param corpusPath the resolved corpus reference, or null
 * @param modelPath  the resolved model reference, or null
 */
public record LoadedPreset(Path file, Preset preset, List<String> warnings, Path corpusPath, Path modelPath) {
    public LoadedPreset {
        warnings = List.copyOf(warnings);
    }
}
