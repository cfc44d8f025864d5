package dev.ersatz.bridge.web;

import dev.ersatz.engine.testing.DebianSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small real corpus for the studio's tests: LMMS beats, pads and basses copied into a folder. */
final class StudioCorpusFixture {
    private StudioCorpusFixture() { }

    /** Copies {@code perKind} files of each kind into {@code dir}/corpus (beats in a subfolder); returns the folder. */
    static Path make(Path dir, int perKind) throws IOException {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus.resolve("beats"));
        copy(DebianSamples.lmms("beats"), corpus.resolve("beats"), perKind);
        copy(DebianSamples.lmms("stringsnpads"), corpus, perKind);
        copy(DebianSamples.lmms("bassloops"), corpus, perKind);
        return corpus;
    }

    private static void copy(Path from, Path to, int n) throws IOException {
        List<Path> files = DebianSamples.audioFiles(from);
        for (Path f : files.subList(0, Math.min(n, files.size()))) Files.copy(f, to.resolve(f.getFileName()));
    }
}
