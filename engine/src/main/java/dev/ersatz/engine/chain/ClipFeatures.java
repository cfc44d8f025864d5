package dev.ersatz.engine.chain;

import dev.ersatz.engine.analysis.Analysis;
import dev.ersatz.engine.analysis.Analyzer;
import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.analysis.fingerprint.FingerprintCompare;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.util.Progress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * What chaining knows about each clip, and the similarity measures built from it.
 *
 * <ul>
 * <li>{@code fingerprint}: Chromaprint bit agreement at the best offset
 *     ({@link FingerprintCompare#best}). Chromaprint needs about 2.7 s before it says anything, so a
 *     shorter clip is fingerprinted looped end to end up to {@value #FINGERPRINT_SECONDS} s (its
 *     chroma, repeated: what it sounds like, if not its exact timing); an empty clip is 0 to
 *     everything. Shortlisted by the per-bit frequencies of its fingerprint (32 values).
 * <li>{@code timbre}: the descriptor vector (MFCC means and deviations, chroma means and
 *     deviations, integrated loudness, onset rate: 52 values) standardised over the clips, as
 *     {@link VectorSimilarity}.
 * <li>{@code mix}: the mean of the two; shortlisted by both vectors side by side.
 * </ul>
 * Control or worker thread; clips are described in parallel.
 */
public final class ClipFeatures {

    public enum Measure {
        FINGERPRINT, TIMBRE, MIX;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Measure parse(String s) {
            for (Measure m : values()) if (m.id().equals(s)) return m;
            throw new IllegalArgumentException("unknown similarity '" + s + "' (fingerprint, timbre or mix)");
        }
    }

    /** Clips shorter than this are looped to this length before fingerprinting. */
    static final double FINGERPRINT_SECONDS = 3.0;

    /** Quieter than this counts as this (silence is −∞ LUFS; a vector needs a number). */
    static final double LOUDNESS_FLOOR = -70;

    private final Measure measure;
    private final int[][] prints;
    private final float[][] timbres;
    private final VectorSimilarity timbre;
    private final int looped;

    private ClipFeatures(Measure measure, int[][] prints, float[][] timbres, int looped) {
        this.measure = measure;
        this.prints = prints;
        this.timbres = timbres;
        this.timbre = timbres == null ? null : VectorSimilarity.standardised(timbres);
        this.looped = looped;
    }

    /** Describes every clip for {@code measure} (only what that measure needs). */
    public static ClipFeatures of(List<AudioData> clips, Measure measure, Progress progress) {
        int n = clips.size();
        boolean printsNeeded = measure != Measure.TIMBRE, timbreNeeded = measure != Measure.FINGERPRINT;
        int[][] prints = printsNeeded ? new int[n][] : null;
        float[][] timbres = timbreNeeded ? new float[n][] : null;
        AtomicInteger done = new AtomicInteger(), looped = new AtomicInteger();
        IntStream.range(0, n).parallel().forEach(i -> {
            AudioData a = clips.get(i);
            if (printsNeeded) {
                AudioData f = a;
                if (a.seconds() < FINGERPRINT_SECONDS && a.frames() > 0) {
                    f = looped(a, (int) Math.ceil(FINGERPRINT_SECONDS * a.sampleRate()));
                    looped.incrementAndGet();
                }
                prints[i] = Chromaprint.fingerprint(f).raw();
            }
            if (timbreNeeded) timbres[i] = timbre(Analyzer.analyze(a, Progress.NONE));
            int d = done.incrementAndGet();
            synchronized (progress) { progress.update(d, n, null); }
        });
        return new ClipFeatures(measure, prints, timbres, looped.get());
    }

    /** The clip repeated end to end up to {@code frames}. */
    static AudioData looped(AudioData a, int frames) {
        float[][] out = new float[a.channelCount()][frames];
        int n = a.frames();
        for (int c = 0; c < out.length; c++) {
            for (int at = 0; at < frames; at += n) System.arraycopy(a.channels()[c], 0, out[c], at, Math.min(n, frames - at));
        }
        return new AudioData(out, a.sampleRate());
    }

    /** The descriptor vector of one analysis: timbre (50), loudness, onset rate. */
    static float[] timbre(Analysis a) {
        double[] t = a.timbre();
        float[] v = new float[t.length + 2];
        for (int i = 0; i < t.length; i++) v[i] = Double.isFinite(t[i]) ? (float) t[i] : 0f;
        double lufs = a.loudnessLufs();
        v[t.length] = (float) (Double.isFinite(lufs) ? Math.max(LOUDNESS_FLOOR, lufs) : LOUDNESS_FLOOR);
        double rate = a.onsetRate();
        v[t.length + 1] = Double.isFinite(rate) ? (float) rate : 0f;
        return v;
    }

    /** Per-bit frequencies of a fingerprint: how often each of the 32 bits is set over the clip. */
    static float[] bitFrequencies(int[] raw) {
        float[] f = new float[32];
        if (raw.length == 0) return f;
        for (int x : raw) for (int b = 0; b < 32; b++) f[b] += (x >>> b) & 1;
        for (int b = 0; b < 32; b++) f[b] /= raw.length;
        return f;
    }

    public Measure measure() { return measure; }

    public int size() { return prints != null ? prints.length : timbres.length; }

    /** Clips fingerprinted looped (shorter than {@value #FINGERPRINT_SECONDS} s), for the report. 0 for timbre. */
    public int looped() { return looped; }

    /** The measure chains are made and judged by. */
    public Similarity similarity() {
        Similarity fp = (a, b) -> prints[a].length == 0 || prints[b].length == 0 ? 0
                : FingerprintCompare.best(prints[a], prints[b]).similarity();
        return switch (measure) {
            case FINGERPRINT -> fp;
            case TIMBRE -> timbre;
            case MIX -> (a, b) -> 0.5 * fp.between(a, b) + 0.5 * timbre.between(a, b);
        };
    }

    /**
     * The vectors that shortlist candidates for the exact measure, standardised; for timbre, the
     * very object {@link #similarity()} returns (nothing to re-score).
     */
    public VectorSimilarity summary() {
        if (measure == Measure.TIMBRE) return timbre;
        int n = size();
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] bits = prints == null ? new float[0] : bitFrequencies(prints[i]);
            float[] tim = timbres == null ? new float[0] : timbres[i];
            v[i] = new float[bits.length + tim.length];
            System.arraycopy(bits, 0, v[i], 0, bits.length);
            System.arraycopy(tim, 0, v[i], bits.length, tim.length);
        }
        return VectorSimilarity.standardised(v);
    }

    /** The fingerprint items of clip i (empty when it is too short), e.g. for the live engine. */
    public int[] fingerprint(int i) { return prints == null ? new int[0] : prints[i]; }
}
