package dev.ersatz.engine.compose;

import dev.ersatz.engine.midi.MidiFileException;
import dev.ersatz.engine.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Learns a {@link MidiModel} from files and folders as {@code ersatz learn-midi} names them: a file
 * named is read whatever it is called; a folder gives every {@code .mid}, {@code .midi},
 * {@code .smf} and {@code .kar} under it, sorted. A file that cannot be used (corrupt, empty, not
 * MIDI, no notes, too large) is handed to {@code onBadFile} as one line naming it and the reason,
 * and the rest are learned. Control thread.
 */
public final class MidiLearner {
    private MidiLearner() { }

    /** The MIDI files to read, in a stable order. Missing paths are returned as they are (the read names them). */
    public static List<Path> files(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.isDirectory(in)) {
                out.add(in);
                continue;
            }
            try (Stream<Path> s = Files.walk(in)) {
                s.filter(Files::isRegularFile).filter(MidiLearner::looksLikeMidi).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(in + ": cannot list: " + e.getMessage(), e);
            }
        }
        return out;
    }

    static boolean looksLikeMidi(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".mid") || n.endsWith(".midi") || n.endsWith(".smf") || n.endsWith(".kar");
    }

    /** Reads every file (reporting each bad one), {@code progress} counting files. */
    public static List<Piece> read(List<Path> files, Consumer<MidiFileException> onBadFile, Progress progress) {
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            progress.update(i, files.size(), f.getFileName() == null ? f.toString() : f.getFileName().toString());
            try {
                pieces.add(MidiNotes.read(f));
            } catch (MidiFileException e) {
                onBadFile.accept(e);
            }
        }
        progress.update(files.size(), files.size(), "");
        return pieces;
    }
}
