package dev.ersatz.bridge.web;

import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.chain.ChainMaker;
import dev.ersatz.engine.chain.ChainSettings;
import dev.ersatz.engine.session.ChainRun;
import dev.ersatz.engine.session.Reporter;
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
    /** One job's state, as the page sees it. Fields are written by the chain thread, read by HTTP threads. */
    static final class Job {
        final int id;
        final int clips;
        volatile String stage = "queued", error;
        volatile long done, total;
        volatile boolean finished;
        volatile Map<String, Object> summary;
        final Map<String, Object> settings;
        final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

        Job(int id, int clips, ChainSettings settings) {
            this.id = id;
            this.clips = clips;
            this.settings = settings.toJson();
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("clips", clips);
            m.put("stage", stage);
            m.put("done", done);
            m.put("total", total);
            m.put("finished", finished);
            m.put("error", error);
            m.put("audio", finished && error == null ? "/chains/" + id + ".wav" : null);
            m.put("summary", summary);
            m.put("settings", settings);
            m.put("warnings", List.copyOf(warnings));
            return m;
        }
    }

    private final Path dir;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ersatz-studio-chain");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, Job> jobs = new java.util.concurrent.ConcurrentHashMap<>();
    private int next = 1;

    StudioChain(Path dir) { this.dir = dir; }

    /**
     * Queues a chain of {@code files} with {@code settings} (checked here, so a bad value is the
     * request's 400); refuses fewer than two clips or a second job while one runs. HTTP thread.
     */
    synchronized Job start(List<Path> files, ChainSettings settings) throws HttpError {
        if (files.size() < 2) throw new HttpError(400, "select at least two clips to chain");
        ChainMaker.Options o;
        try {
            o = settings.options();
        } catch (ChainSettings.Invalid e) {
            throw new HttpError(400, "chain: " + e.getMessage());
        }
        for (Job j : jobs.values()) if (!j.finished) throw new HttpError(409, "a chain is already being made (job " + j.id + ")");
        Job job = new Job(next++, files.size(), settings);
        jobs.put(job.id, job);
        thread.submit(() -> run(job, List.copyOf(files), o));
        return job;
    }

    Job job(int id) { return jobs.get(id); }

    Path wav(int id) { return dir.resolve(id + ".wav"); }

    /** The chain thread: {@link ChainRun}, as `ersatz chain` runs it, reporting to the job. */
    private void run(Job job, List<Path> files, ChainMaker.Options o) {
        Reporter report = new Reporter() {
            @Override public void warn(String message) { job.warnings.add(message); }

            @Override public Stage stage(String what) {
                job.stage = what;
                job.done = 0;
                job.total = 0;
                return new Stage() {
                    @Override public void update(long done, long total, String label) {
                        job.done = done;
                        job.total = total;
                    }

                    @Override public void close() { }
                };
            }
        };
        try {
            ChainMaker.Chain chain = ChainRun.make(files, o, report);
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
            job.stage = "done";
        } catch (ChainRun.TooFewClips | AudioFileException | IOException | RuntimeException | OutOfMemoryError e) {
            job.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            job.stage = "failed";
        } finally {
            job.finished = true;
        }
    }

    @Override public void close() { thread.shutdownNow(); }
}
