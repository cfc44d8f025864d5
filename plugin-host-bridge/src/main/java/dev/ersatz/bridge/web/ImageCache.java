package dev.ersatz.bridge.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Pictures kept on disk by what they are and the content hash of the clip they show
 * ({@code DIR/KIND-vN/HASH.png}), so a clip is drawn once however often the studio opens and
 * wherever the file moves. Written to a temporary file and moved into place, so a reader never sees
 * half a PNG. Any thread.
 */
final class ImageCache {
    private final Path dir;

    ImageCache(Path dir) { this.dir = dir; }

    Path file(String kind, String hash) { return dir.resolve(kind).resolve(hash + ".png"); }

    /** The cached bytes, or null. */
    byte[] get(String kind, String hash) {
        try {
            return Files.readAllBytes(file(kind, hash));
        } catch (IOException e) {
            return null;
        }
    }

    boolean has(String kind, String hash) { return Files.isRegularFile(file(kind, hash)); }

    /** Stores {@code png}; a cache that cannot be written only costs drawing again next time. */
    void put(String kind, String hash, byte[] png) {
        Path f = file(kind, hash);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), hash, ".tmp");
            Files.write(tmp, png);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Not fatal: the picture is served from memory this time.
        }
    }
}
