package dev.ersatz.bridge.web;

import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.chain.ChainMaker;
import dev.ersatz.engine.chain.ClipFeatures;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.util.AtomicText;
import dev.ersatz.engine.util.Json;
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
 * The studio's "chain the selected clips": what `ersatz chain` does (split at silences, order by
 * similarity, equal-power aligned joins, through {@link ChainMaker}), on a thread of its own
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

        Job(int id, int clips) {
            this.id = id;
            this.clips = clips;
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

    /** Queues a chain of {@code files} ordered by {@code by}; refuses fewer than two or a second job while one runs. */
    synchronized Job start(List<Path> files, ClipFeatures.Measure by, double crossfadeMs) throws HttpError {
        if (files.size() < 2) throw new HttpError(400, "select at least two clips to chain");
        for (Job j : jobs.values()) if (!j.finished) throw new HttpError(409, "a chain is already being made (job " + j.id + ")");
        Job job = new Job(next++, files.size());
        jobs.put(job.id, job);
        ChainMaker.Options d = ChainMaker.Options.DEFAULT;
        ChainMaker.Options o = new ChainMaker.Options(by, 0, 0, crossfadeMs, d.alignMs(), d.trim(), d.minClipMs(), d.maxClipMs(), d.cutAt());
        thread.submit(() -> run(job, List.copyOf(files), o));
        return job;
    }

    Job job(int id) { return jobs.get(id); }

    Path wav(int id) { return dir.resolve(id + ".wav"); }

    /** The chain thread. */
    private void run(Job job, List<Path> files, ChainMaker.Options o) {
        try {
            job.stage = "reading";
            List<Clip> sounds = CorpusLoader.load(files, 0, e -> { }, (done, total, label) -> { job.done = done; job.total = total; });
            List<ChainMaker.Piece> pieces = new ArrayList<>();
            for (Clip c : sounds) pieces.addAll(ChainMaker.pieces(c.source(), c.audio(), o));
            if (pieces.size() < 2) throw new IllegalArgumentException(pieces.size() + " usable clips after cutting at silences; a chain needs two");
            job.stage = "describing " + pieces.size() + " clips";
            ChainMaker.Chain chain = ChainMaker.make(pieces, o, (done, total, label) -> { job.done = done; job.total = total; },
                    (done, total, label) -> { job.stage = label; job.done = done; job.total = total; });
            job.stage = "writing";
            Files.createDirectories(dir);
            WavWriter.write(wav(job.id), chain.audio(), SampleFormat.PCM_24);
            AtomicText.write(dir.resolve(job.id + ".json"), Json.pretty(ChainMaker.report(chain)));
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
        } catch (AudioFileException | IOException | RuntimeException | OutOfMemoryError e) {
            job.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            job.stage = "failed";
        } finally {
            job.finished = true;
        }
    }

    @Override public void close() { thread.shutdownNow(); }
}
