package dev.ersatz.bridge.web;

import dev.ersatz.engine.analysis.Analysis;
import java.nio.file.Path;
import java.util.Map;

/**
 * One audio file the studio shows. Its content hash, description and analysis arrive from the
 * background workers; fields are volatile so HTTP threads see them once set.
 *
 * @param root     which opened folder holds it (index into the studio's roots)
 * @param relative its path inside that folder, with '/' separators (as the URL carries it)
 */
final class StudioClip {
    final int index, root;
    final Path file;
    final String relative;
    volatile String hash;
    volatile Map<?, ?> description;
    volatile Analysis analysis;
    volatile boolean thumbnail;
    volatile String error;

    StudioClip(int index, int root, Path file, String relative) {
        this.index = index;
        this.root = root;
        this.file = file;
        this.relative = relative;
    }

    boolean ready() { return description != null && error == null; }

    String name() { return file.getFileName().toString(); }
}
