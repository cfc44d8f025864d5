package dev.ersatz.bridge.web;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelFileException;
import dev.ersatz.engine.model.TrainSettings;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.session.TrainRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The studio's "train a model on the selected clips": what `ersatz train` does, through the same
 * {@link TrainSettings} and {@link TrainRun}, then a bounce of the model as `ersatz bounce --model
 * MODEL --seconds 10` plays it (the same session), so the page can play what the model makes. On a
 * thread of its own ("ersatz-studio-train"), one model at a time. The model and its bounce go to the
 * studio's cache folder, never into the opened folders: {@code models/N.ersatz-model} and
 * {@code models/N.wav}. HTTP threads start and read jobs.
 */
final class StudioTrain implements AutoCloseable {
    /** How long the bounce of a new model is. */
    static final double BOUNCE_SECONDS = 10;

    private final Path dir;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ersatz-studio-train");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, StudioJob> jobs = new ConcurrentHashMap<>();
    private int next = 1;

    StudioTrain(Path dir) { this.dir = dir; }

    /** Queues training on {@code files} with {@code settings} (checked here: a bad value is the request's 400). HTTP thread. */
    synchronized StudioJob start(List<Path> files, TrainSettings settings) throws HttpError {
        if (files.isEmpty()) throw new HttpError(400, "select at least one clip to train on");
        try {
            settings.options();
        } catch (TrainSettings.Invalid e) {
            throw new HttpError(400, "train: " + e.getMessage());
        }
        for (StudioJob j : jobs.values()) if (!j.finished) throw new HttpError(409, "a model is already being trained (job " + j.id + ")");
        StudioJob job = new StudioJob(next++, files.size(), settings.toJson());
        jobs.put(job.id, job);
        thread.submit(() -> run(job, List.copyOf(files), settings));
        return job;
    }

    StudioJob job(int id) { return jobs.get(id); }

    Path model(int id) { return dir.resolve(id + ".ersatz-model"); }

    Path wav(int id) { return dir.resolve(id + ".wav"); }

    /** The training thread. */
    private void run(StudioJob job, List<Path> files, TrainSettings settings) {
        try {
            GrainModel model = TrainRun.train(files, settings, job.reporter()).model();
            job.stage = "writing";
            Files.createDirectories(dir);
            Path file = model(job.id);
            ModelFile.write(file, model);
            Map<String, Object> s = new java.util.LinkedHashMap<>(ModelFile.describe(model));
            s.put("file", file.toAbsolutePath().toString());
            s.put("bytes", Files.size(file));
            job.stage = "bouncing";
            AudioData bounce = bounce(file, model.sampleRate(), job);
            WavWriter.write(wav(job.id), bounce, SampleFormat.PCM_24);
            s.put("bounce_seconds", bounce.seconds());
            job.summary = s;
            job.results.put("audio", "/models/" + job.id + ".wav");
            job.results.put("model", file.toAbsolutePath().toString());
            job.stage = "done";
        } catch (TrainRun.NoAudio | ModelFileException | SessionException | AudioFileException | IOException | RuntimeException | OutOfMemoryError e) {
            job.fail(e);
        } finally {
            job.finished = true;
        }
    }

    /** `ersatz bounce --model FILE --seconds 10`: the held root note, seed 1, temperature 1. */
    private static AudioData bounce(Path model, int rate, StudioJob job) throws SessionException {
        Description d = Description.of(new Sources(List.of(), model)).withSeed(1).withRate(rate).withOverride("temperature", 1);
        try (InstrumentSession session = InstrumentSession.open(d, job.reporter())) {
            return session.bounce(new InstrumentSession.Score(null, BOUNCE_SECONDS, -1, 100, Double.NaN, null));
        }
    }

    @Override public void close() { thread.shutdownNow(); }
}
