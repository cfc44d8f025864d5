package dev.ersatz.bridge.web;

import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.chain.ChainMaker;
import dev.ersatz.engine.chain.ChainSettings;
import dev.ersatz.engine.session.ChainRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The studio's "chain the selected clips": what `ersatz chain` does, through the same
 * {@link ChainSettings} and {@link ChainRun} (split at silences, order by similarity, equal-power
 * aligned joins), with any of its settings, on a thread of its own
 * ("ersatz-studio-chain"), one job at a time, with progress the page polls. The result goes to the
 * studio's cache folder (never into the opened folders): {@code chains/N.wav} and its report
 * {@code chains/N.json}. HTTP threads start and read jobs.
 */
final class StudioChain implements AutoCloseable {
    private final Path dir;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ersatz-studio-chain");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, StudioJob> jobs = new java.util.concurrent.ConcurrentHashMap<>();
    private int next = 1;

    StudioChain(Path dir) { this.dir = dir; }

    /**
     * Queues a chain of {@code files} with {@code settings} (checked here, so a bad value is the
     * request's 400); refuses fewer than two clips or a second job while one runs. HTTP thread.
     */
    synchronized StudioJob start(List<Path> files, ChainSettings settings) throws HttpError {
        if (files.size() < 2) throw new HttpError(400, "select at least two clips to chain");
        ChainMaker.Options o;
        try {
            o = settings.options();
        } catch (ChainSettings.Invalid e) {
            throw new HttpError(400, "chain: " + e.getMessage());
        }
        for (StudioJob j : jobs.values()) if (!j.finished) throw new HttpError(409, "a chain is already being made (job " + j.id + ")");
        StudioJob job = new StudioJob(next++, files.size(), settings.toJson());
        jobs.put(job.id, job);
        thread.submit(() -> run(job, List.copyOf(files), o));
        return job;
    }

    StudioJob job(int id) { return jobs.get(id); }

    Path wav(int id) { return dir.resolve(id + ".wav"); }

    /** The chain thread: {@link ChainRun}, as `ersatz chain` runs it, reporting to the job. */
    private void run(StudioJob job, List<Path> files, ChainMaker.Options o) {
        try {
            ChainMaker.Chain chain = ChainRun.make(files, o, job.reporter());
            job.stage = "writing";
            Files.createDirectories(dir);
            ChainRun.write(wav(job.id), chain, SampleFormat.PCM_24);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("pieces", chain.links().size());
            s.put("seconds", chain.audio().seconds());
            s.put("by", o.by().id());
            s.put("mean_adjacent", chain.meanAdjacent());
            s.put("naive_mean_adjacent", chain.naiveMeanAdjacent());
            List<String> order = new ArrayList<>();
            for (ChainMaker.Link l : chain.links()) order.add(l.source().getFileName().toString());
            s.put("order", order);
            job.summary = s;
            job.results.put("audio", "/chains/" + job.id + ".wav");
            job.stage = "done";
        } catch (ChainRun.TooFewClips | AudioFileException | IOException | RuntimeException | OutOfMemoryError e) {
            job.fail(e);
        } finally {
            job.finished = true;
        }
    }

    @Override public void close() { thread.shutdownNow(); }
}
