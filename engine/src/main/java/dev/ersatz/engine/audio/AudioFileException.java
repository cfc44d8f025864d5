package dev.ersatz.engine.audio;

import java.nio.file.Path;

/**
 * A file that cannot be read or written as audio. The message is one line, "FILE: reason", so the
 * command line can print it behind "ersatz: " and carry on with the next file.
 */
public final class AudioFileException extends Exception {
    private final transient Path file;
    private final String reason;

    public AudioFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public AudioFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() { return file; }

    public String reason() { return reason; }
}
