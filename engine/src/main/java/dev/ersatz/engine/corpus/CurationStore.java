package dev.ersatz.engine.corpus;

import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The curation, kept in an embedded H2 MVStore file keyed by each clip's content hash (the analysis
 * cache's content key), so renaming or moving files loses nothing. Unlike the analysis cache this is
 * the user's work, not a cache: it lives in the data directory and every change is committed at once.
 * Thread-safe (the studio's HTTP threads share one).
 */
public final class CurationStore implements AutoCloseable {
    private final MVStore store;
    private final MVMap<String, String> curation;
    private final Path file;

    private CurationStore(MVStore store, Path file) {
        this.store = store;
        this.file = file;
        this.curation = store.openMap("curation");
    }

    /** {@code $XDG_DATA_HOME/ersatz/curation.mv.db}, else {@code ~/.local/share/ersatz/curation.mv.db}. */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path dir = xdg != null && !xdg.isBlank() ? Path.of(xdg, "ersatz") : Path.of(System.getProperty("user.home"), ".local", "share", "ersatz");
        return dir.resolve("curation.mv.db");
    }

    /** Opens (creating) the store; an IOException naming the file when it is locked or unreadable. */
    public static CurationStore open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            return new CurationStore(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open(), file);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IOException(file + ": cannot open the curation database (" + why + ")", e);
        }
    }

    public Path file() { return file; }

    /** The curation of the clip with content hash {@code key}; {@link Curation#NONE} when never curated. */
    public Curation get(String key) {
        String s = curation.get(key);
        if (s == null) return Curation.NONE;
        try {
            return Curation.fromJson(Json.parse(s));
        } catch (Json.ParseException e) {
            return Curation.NONE;
        }
    }

    /** Stores and commits at once: a crash loses no decision made before it. */
    public synchronized void put(String key, Curation c) {
        if (c.equals(Curation.NONE)) curation.remove(key);
        else curation.put(key, Json.write(c.toJson()));
        store.commit();
    }

    /** Every curated clip by content hash, sorted. */
    public Map<String, Curation> all() {
        Map<String, Curation> m = new TreeMap<>();
        for (String k : curation.keySet()) m.put(k, get(k));
        return m;
    }

    @Override public synchronized void close() { store.close(); }
}
