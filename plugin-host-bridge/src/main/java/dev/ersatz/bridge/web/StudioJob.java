package dev.ersatz.bridge.web;

import dev.ersatz.engine.session.Reporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One piece of the studio's background work (a chain, a model), as the page sees it while it runs
 * and after: its stage and progress, the files it skipped, its result or the one-line reason it
 * failed. Written by the job's thread (through {@link #reporter()}), read by HTTP threads.
 */
final class StudioJob {
    final int id;
    final int clips;
    final Map<String, Object> settings;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    volatile String stage = "queued", error;
    volatile long done, total;
    volatile boolean finished;
    volatile Map<String, Object> summary;
    /** What the page may fetch once the job is done (its audio, its model), by name. */
    final Map<String, String> results = new java.util.concurrent.ConcurrentHashMap<>();

    StudioJob(int id, int clips, Map<String, Object> settings) {
        this.id = id;
        this.clips = clips;
        this.settings = settings;
    }

    boolean made() { return finished && error == null; }

    /** The job's thread: a job that failed keeps the first line of why. */
    void fail(Throwable e) {
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        stage = "failed";
    }

    /** Warnings become the job's skipped files; each stage its stage, with its progress. */
    Reporter reporter() {
        return new Reporter() {
            @Override public void warn(String message) { warnings.add(message); }

            @Override public Stage stage(String what) {
                stage = what;
                done = 0;
                total = 0;
                return new Stage() {
                    @Override public void update(long d, long t, String label) {
                        done = d;
                        total = t;
                    }

                    @Override public void close() { }
                };
            }
        };
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
        for (String k : List.of("audio", "model")) m.put(k, made() ? results.get(k) : null);
        m.put("summary", summary);
        m.put("settings", settings);
        m.put("warnings", List.copyOf(warnings));
        return m;
    }
}
