package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audio files of a corpus directory that decode, in path order; each one that does not is
 * reported ("ersatz: FILE: reason") and skipped. Control thread. Stands in until the corpus loader
 * is on main.
 */
final class CorpusFiles {
    private CorpusFiles() { }

    static List<Path> readable(Path dir, Console io) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<Path> ok = new ArrayList<>();
        for (Path p : all) {
            try {
                AudioFiles.read(p);
                ok.add(p);
            } catch (AudioFileException e) {
                io.warn(e.getMessage());
            }
        }
        return ok;
    }
}
