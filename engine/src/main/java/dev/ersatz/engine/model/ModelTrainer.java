package dev.ersatz.engine.model;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Trains a {@link GrainModel}: keeps every clip's audio (stereo if any clip is), cuts it into Hann grains at a hop of half a grain, describes
 * them ({@link GrainDescriber}, batched on ND4J), learns K tokens by k-means ({@link KMeans}), maps
 * every grain to its token, and counts the token sequences ({@link MarkovModel}). Control thread.
 */
public final class ModelTrainer {
    private static final int BATCH = 512;

    /** One training clip, already at the model's sample rate. */
    public record Source(Path path, AudioData audio) { }

    /** What to train: tokens K, Markov order N, seed, grain size (a power of two), sample rate. */
    public record Options(int tokens, int order, long seed, int grainSize, int sampleRate) {
        public static final int DEFAULT_TOKENS = 64;
        public static final int DEFAULT_ORDER = 3;
        public static final int DEFAULT_GRAIN = 2048;

        public Options {
            if (tokens < 2 || tokens > 4096) throw new IllegalArgumentException("tokens must be 2..4096, not " + tokens);
            if (order < 1 || order > 4) throw new IllegalArgumentException("order must be 1..4, not " + order);
            if (grainSize < 64 || Integer.bitCount(grainSize) != 1) throw new IllegalArgumentException("grain size must be a power of two ≥ 64");
            if (sampleRate < 8000 || sampleRate > 384000) throw new IllegalArgumentException("sample rate " + sampleRate);
        }

        public static Options defaults(int sampleRate) {
            return new Options(DEFAULT_TOKENS, DEFAULT_ORDER, 0, DEFAULT_GRAIN, sampleRate);
        }
    }

    private ModelTrainer() { }

    public static GrainModel train(List<Source> sources, Options o, Progress progress) {
        Nd4jThreads.single();
        int g = o.grainSize(), hop = g / 2;
        // Stereo when any source is (the first two channels; mono sources play on both sides).
        int channels = 1;
        for (Source s : sources) if (s.audio().channelCount() >= 2) channels = 2;
        List<float[][]> clips = new ArrayList<>();
        List<float[]> monos = new ArrayList<>(); // what grains are described from
        List<CorpusSummary.Entry> entries = new ArrayList<>();
        MessageDigest all = sha256();
        byte[] chunk = new byte[1 << 16];
        for (Source s : sources) {
            if (s.audio().sampleRate() != o.sampleRate()) {
                throw new IllegalArgumentException(s.path() + ": at " + s.audio().sampleRate() + " Hz, the model is " + o.sampleRate() + " Hz (resample first)");
            }
            if (s.audio().frames() == 0) continue;
            int n = s.audio().frames();
            int padded = n <= g ? g : g + (int) Math.ceil((n - g) / (double) hop) * hop;
            float[][] x = new float[channels][];
            float[] mono = new float[padded];
            MessageDigest one = sha256();
            int own = Math.min(2, s.audio().channelCount());
            for (int ch = 0; ch < own; ch++) {
                float[] src = s.audio().channels()[ch];
                float[] q = new float[padded];
                for (int i = 0; i < n; ) {
                    int m = Math.min(chunk.length / 2, n - i);
                    for (int j = 0; j < m; j++, i++) {
                        short v = Pcm16.quantise(src[i]);
                        q[i] = Pcm16.toFloat(v);
                        mono[i] += q[i] / own;
                        chunk[2 * j] = (byte) v;
                        chunk[2 * j + 1] = (byte) (v >> 8);
                    }
                    one.update(chunk, 0, 2 * m);
                }
                x[ch] = q;
            }
            for (int ch = own; ch < channels; ch++) x[ch] = x[0];
            String hash = HexFormat.of().formatHex(one.digest());
            all.update(hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            clips.add(x);
            monos.add(mono);
            entries.add(new CorpusSummary.Entry(s.path().toString(), n / (double) o.sampleRate(), hash));
        }
        if (clips.isEmpty()) throw new IllegalArgumentException("no audio to train on (every clip is empty)");

        int count = 0;
        for (float[] x : monos) count += (x.length - g) / hop + 1;
        int[] gc = new int[count], gs = new int[count];
        int at = 0;
        for (int c = 0; c < clips.size(); c++) {
            for (int s = 0; s + g <= monos.get(c).length; s += hop) {
                gc[at] = c;
                gs[at++] = s;
            }
        }
        float[][] audio = monos.toArray(new float[0][]);
        GrainDescriber describer = new GrainDescriber(g, o.sampleRate());
        int dims = GrainDescriber.DIMS;
        float[] desc = new float[count * dims];
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            System.arraycopy(describer.describe(audio, gc, gs, from, n), 0, desc, from * dims, n * dims);
            progress.update(from + n, count, "describing grains");
        }
        standardise(desc, count, dims);
        KMeans.Result km = KMeans.fit(desc, count, dims, o.tokens(), o.seed(), 60, progress);
        return new GrainModel(o.sampleRate(), g, hop, km.k(), o.order(),
                new CorpusSummary(entries, HexFormat.of().formatHex(all.digest())),
                clips.toArray(new float[0][][]), gc, gs, km.assignment(), desc, dims, km.centres());
    }

    /** Every descriptor dimension to zero mean and unit variance over the corpus, so no unit dominates k-means. */
    private static void standardise(float[] d, int n, int dims) {
        for (int j = 0; j < dims; j++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++) {
                double v = d[i * dims + j];
                sum += v;
                sq += v * v;
            }
            double mean = sum / n;
            double sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
            double scale = sd > 1e-6 ? 1 / sd : 0;
            for (int i = 0; i < n; i++) d[i * dims + j] = (float) ((d[i * dims + j] - mean) * scale);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
