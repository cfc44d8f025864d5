package dev.ersatz.bridge.cli;

import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelFileException;
import dev.ersatz.engine.model.ModelGenerator;
import java.nio.file.Path;

/** `--model MODEL [--max-copy-ms MS]`, as `bounce` and `run` both take it. Control thread. */
public final class ModelOption {
    private ModelOption() { }

    /** Reads a model file; a damaged or foreign file is a one-line error naming it. */
    public static GrainModel read(Path file, String command) {
        try {
            return ModelFile.read(file);
        } catch (ModelFileException e) {
            throw new CliError(command + ": " + e.getMessage());
        }
    }

    /** The generator that plays {@code m}; a copy bound it cannot honour is a usage error. */
    public static ModelGenerator generator(GrainModel m, double maxCopyMs, String command) {
        try {
            return new ModelGenerator(m, maxCopyMs);
        } catch (IllegalArgumentException e) {
            throw CliError.usage(command + ": " + e.getMessage());
        }
    }
}
