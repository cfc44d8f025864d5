package dev.ersatz.engine.compose;

import java.nio.file.Path;

/** A MIDI model file that cannot be read or written. One line, "FILE: reason". */
public final class MidiModelException extends Exception {
    public MidiModelException(Path file, String reason) { super(file + ": " + reason); }

    public MidiModelException(Path file, String reason, Throwable cause) { super(file + ": " + reason, cause); }
}
