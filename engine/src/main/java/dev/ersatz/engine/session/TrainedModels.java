package dev.ersatz.engine.session;

import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.model.ModelFileException;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.util.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Models trained for {@code model} presets, cached on disk keyed by the corpus content (every
 * clip's samples, in order) and the training settings, so the second run on the same corpus starts
 * at once and any change to the audio or the settings trains afresh. Control thread.
 */
public final class TrainedModels {
    private final Path dir;

    /** @param dir the cache folder, e.g. ~/.cache/ersatz/models */
    public TrainedModels(Path dir) { this.dir = dir; }

    /**
     * The default cache: the system property {@code ersatz.model.cache} when set (tests), else
     * $XDG_CACHE_HOME/ersatz/models, else ~/.cache/ersatz/models.
     */
    public static TrainedModels userCache() {
        String prop = System.getProperty("ersatz.model.cache");
        if (prop != null && !prop.isEmpty()) return new TrainedModels(Path.of(prop));
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new TrainedModels(base.resolve("ersatz").resolve("models"));
    }

    /** Whether the cached model for this corpus and these settings exists. */
    public boolean cached(List<Clip> corpus, ModelTrainer.Options options) { return Files.isRegularFile(file(corpus, options)); }

    /** The cache file for a corpus and settings. */
    public Path file(List<Clip> corpus, ModelTrainer.Options options) {
        return dir.resolve(key(corpus, options) + ".ersatz-model");
    }

    /**
     * The model for this corpus and these settings: read from the cache, or trained (reporting
     * progress) and written there atomically. A damaged cache file is trained over.
     */
    public GrainModel get(List<Clip> corpus, ModelTrainer.Options options, Progress progress) throws IOException {
        Path f = file(corpus, options);
        if (Files.isRegularFile(f)) {
            try {
                return ModelFile.read(f);
            } catch (ModelFileException e) {
                // fall through: train again and replace it
            }
        }
        List<ModelTrainer.Source> sources = new ArrayList<>();
        for (Clip c : corpus) {
            if (c.audio().frames() == 0) continue;
            if (c.audio().sampleRate() != options.sampleRate()) {
                throw new IllegalArgumentException(c.source() + ": at " + c.audio().sampleRate() + " Hz, the model wants " + options.sampleRate() + " Hz");
            }
            sources.add(new ModelTrainer.Source(c.source(), c.audio()));
        }
        if (sources.isEmpty()) throw new IllegalArgumentException("no audio to train a model on");
        GrainModel m = ModelTrainer.train(sources, options, progress);
        Files.createDirectories(dir);
        try {
            ModelFile.write(f, m);
        } catch (ModelFileException e) {
            throw new IOException(e.getMessage(), e);
        }
        return m;
    }

    /** SHA-256 over the settings and every clip's rate, channel count and samples, in corpus order. */
    static String key(List<Clip> corpus, ModelTrainer.Options o) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        d.update(("ersatz-model-cache 1 tokens=" + o.tokens() + " order=" + o.order() + " seed=" + o.seed()
                + " grain=" + o.grainSize() + " rate=" + o.sampleRate() + " format=" + ModelFile.VERSION).getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Clip c : corpus) {
            float[][] ch = c.audio().channels();
            b.clear();
            b.putInt(c.audio().sampleRate()).putInt(ch.length).putInt(c.audio().frames());
            d.update(b.array(), 0, b.position());
            for (float[] x : ch) {
                b.clear();
                for (float v : x) {
                    if (!b.hasRemaining()) {
                        d.update(b.array(), 0, b.position());
                        b.clear();
                    }
                    b.putFloat(v);
                }
                d.update(b.array(), 0, b.position());
            }
        }
        return HexFormat.of().formatHex(d.digest()).substring(0, 32);
    }
}
