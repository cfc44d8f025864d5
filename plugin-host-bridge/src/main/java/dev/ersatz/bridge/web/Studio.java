package dev.ersatz.bridge.web;

import dev.ersatz.engine.analysis.AnalysisCache;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.corpus.CurationStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The curation studio as one object: the opened folders with their background analysis, the
 * curation database and the HTTP server. What `ersatz studio` runs, and what tests and the benchmark
 * open. Control thread; close() stops the server, then the workers, then the databases.
 */
public final class Studio implements AutoCloseable {
    private final StudioCorpus corpus;
    private final CurationStore curation;
    private final StudioServer server;

    private Studio(StudioCorpus corpus, CurationStore curation, StudioServer server) {
        this.corpus = corpus;
        this.curation = curation;
        this.server = server;
    }

    /**
     * Opens {@code folders}, starts the background work and serves on 127.0.0.1:{@code port} (0: a
     * free port). {@code cacheDir} holds the analysis cache and the pictures; {@code database} the
     * curation. A cache that cannot be opened is told to {@code warn} and done without.
     */
    public static Studio open(List<Path> folders, Path cacheDir, Path database, int port, int threads, Consumer<String> warn)
            throws AudioFileException, IOException {
        return open(folders, cacheDir, database, port, threads, null, warn);
    }

    /**
     * As {@link #open(List, Path, Path, int, int, Consumer)}, with a live link to the `ersatz run
     * --osc-port` at {@code live} ("HOST:PORT", or null for none; a malformed one is an
     * IllegalArgumentException with the reason).
     */
    public static Studio open(List<Path> folders, Path cacheDir, Path database, int port, int threads, String live, Consumer<String> warn)
            throws AudioFileException, IOException {
        StudioLive link = live == null ? null : StudioLive.parse(live);
        AnalysisCache cache = null;
        try {
            cache = AnalysisCache.open(cacheDir);
        } catch (IOException e) {
            warn.accept(e.getMessage() + "; carrying on without it");
        }
        StudioCorpus corpus = null;
        CurationStore curation = null;
        try {
            corpus = new StudioCorpus(folders, cache, new ImageCache(cacheDir.resolve("studio")), threads);
            cache = null;   // the corpus closes it now
            curation = CurationStore.open(database);
            StudioServer server = StudioServer.start(corpus, curation, port, AccessGuard.newToken(), cacheDir.resolve("studio"), link);
            corpus.start();
            return new Studio(corpus, curation, server);
        } catch (IOException | AudioFileException | RuntimeException e) {
            if (corpus != null) corpus.close();
            if (cache != null) cache.close();
            if (curation != null) curation.close();
            throw e;
        }
    }

    /** Checks a live link's "HOST:PORT" (a bare PORT: 127.0.0.1); a malformed one is an IllegalArgumentException with the reason. */
    public static void checkLive(String target) { StudioLive.parse(target); }

    /** The address to open, with the access token. */
    public String url() { return server.url(); }

    public int port() { return server.port(); }

    public int clips() { return corpus.clips.size(); }

    /** Clips analysed, thumbnails drawn, clips that failed, so far. */
    public int[] progress() { return new int[] {corpus.analysed.get(), corpus.thumbnails.get(), corpus.failed.get()}; }

    public boolean idle() { return corpus.done(); }

    /** Waits until every clip is analysed and drawn (or failed), at most {@code timeout}. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        corpus.awaitIdle(timeout, unit);
        return corpus.done();
    }

    /** The failures so far, one line each. */
    public List<String> errors() {
        return corpus.clips.stream().filter(c -> c.error != null).map(c -> c.error).toList();
    }

    @Override
    public void close() {
        server.close();
        corpus.close();
        curation.close();
    }
}
