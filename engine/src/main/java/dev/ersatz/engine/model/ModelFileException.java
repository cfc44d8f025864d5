package dev.ersatz.engine.model;

import java.nio.file.Path;

/** A model file that cannot be read or written. One line, "FILE: reason", like AudioFileException. */
public final class ModelFileException extends Exception {
    private final transient Path file;

    public ModelFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public ModelFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() { return file; }
}
