package dev.ersatz.engine.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Analysis results kept between runs in an embedded H2 MVStore file ({@code analysis.mv.db}) in the
 * user's cache directory, keyed by what was computed and the content of the file it was computed
 * from. A file's content key is its size plus two independent 32-bit CRCs of every byte (CRC32C and
 * CRC32, both hardware-assisted); because reading every byte of a big corpus still takes seconds, the
 * key is remembered against the file's path, size and modification time and only recomputed when one
 * of those changes. Thread-safe: workers may look up and store concurrently.
 */
public final class AnalysisCache implements AutoCloseable {
    private static final String FILE = "analysis.mv.db";
    private final MVStore store;
    private final MVMap<String, String> results;
    private final MVMap<String, String> contentKeys;

    private AnalysisCache(MVStore store) {
        this.store = store;
        this.results = store.openMap("results");
        this.contentKeys = store.openMap("content-keys");
    }

    /** {@code $ERSATZ_CACHE}, else {@code $XDG_CACHE_HOME/ersatz}, else {@code ~/.cache/ersatz}. */
    public static Path defaultDirectory() {
        String env = System.getenv("ERSATZ_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "ersatz");
        return Path.of(System.getProperty("user.home"), ".cache", "ersatz");
    }

    /**
     * Opens (creating) the cache in {@code dir}. Fails with an IOException naming the file when it is
     * locked by another process or unreadable; the caller may then carry on without a cache.
     */
    public static AnalysisCache open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        try {
            return new AnalysisCache(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot open the analysis cache (" + firstLine(e) + ")", e);
        }
    }

    /** The stored result of {@code kind} (e.g. "analysis-v1") for content {@code contentKey}, or null. */
    public String get(String kind, String contentKey) { return results.get(kind + "/" + contentKey); }

    public void put(String kind, String contentKey, String value) { results.put(kind + "/" + contentKey, value); }

    /** Size and CRCs of the file's bytes, reusing the last answer while path, size and mtime are unchanged. */
    public String contentKey(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String stamp = a.size() + ":" + a.lastModifiedTime().toMillis();
        String path = file.toAbsolutePath().normalize().toString();
        String known = contentKeys.get(path);
        if (known != null && known.startsWith(stamp + "=")) return known.substring(stamp.length() + 1);
        String key = hash(file);
        contentKeys.put(path, stamp + "=" + key);
        return key;
    }

    /** Size and the two CRCs of every byte, as hex. */
    public static String hash(Path file) throws IOException {
        CRC32C c1 = new CRC32C();
        CRC32 c2 = new CRC32();
        long size = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) > 0) {
                buf.flip();
                size += buf.remaining();
                c1.update(buf.duplicate());
                c2.update(buf);
                buf.clear();
            }
        }
        return String.format("%x-%08x%08x", size, c1.getValue(), c2.getValue());
    }

    /** Writes what was stored to disk. */
    public void commit() { store.commit(); }

    @Override
    public void close() { store.close(); }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
