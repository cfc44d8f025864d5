package dev.ersatz.engine.midi;

import java.nio.file.Path;

/** A Standard MIDI File that cannot be used. The message is one line, "FILE: reason". */
public final class MidiFileException extends Exception {
    public MidiFileException(Path file, String reason) { super(file + ": " + reason); }

    public MidiFileException(Path file, String reason, Throwable cause) { super(file + ": " + reason, cause); }
}
