package dev.ersatz.engine.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link Analyzer} says about one piece of audio. Levels in dBFS/LUFS are −∞ for silence
 * (JSON null). Times in seconds; trim bounds in samples at the file's own rate.
 *
 * @param peakDbfs        largest |sample| over all channels, in dBFS
 * @param loudnessLufs    integrated loudness (BS.1770-4 / EBU R128)
 * @param silenceRatio    fraction of trim frames (default {@link TrimOptions}) that are silent
 * @param clippedSamples  samples at or above 0.999 full scale lying in runs of 3 or more (all channels)
 * @param clipRuns        how many such runs
 * @param centroidHz      spectral centroid over the non-silent STFT frames
 * @param flatness        spectral flatness (geometric / arithmetic mean of power) over the same frames
 * @param mfccMean        13 MFCC means (40 Slaney mel bands, dB, orthonormal DCT-II); {@code mfccStd} their deviations
 * @param chromaMean      12 chroma means (C first, each frame scaled to max 1); {@code chromaStd} their deviations
 * @param onsets          onset times
 * @param tempo           the tempo decision: candidates (the one to tap first), the first one's family, pulse
 *                        clarity, a loop's beat count, or why there is no tempo
 */
public record Analysis(int sampleRate, int channels, long frames, Interval trim, double peakDbfs, double loudnessLufs,
                       double silenceRatio, long clippedSamples, int clipRuns, Stats centroidHz, Stats flatness,
                       double[] mfccMean, double[] mfccStd, double[] chromaMean, double[] chromaStd,
                       double[] onsets, TempoEstimate tempo, List<String> flags) {

    /** Bumped whenever a change alters any result, so cached analyses are recomputed. */
    public static final int VERSION = 2;
    public static final int MFCC_COUNT = 13, CHROMA_COUNT = 12;
    public static final String MOSTLY_SILENT = "mostly_silent", CLIPPED = "clipped", NOISE_LIKE = "noise_like";

    public double durationSeconds() { return frames / (double) sampleRate; }

    /** Onsets per second over the whole duration. */
    public double onsetRate() { return frames == 0 ? 0 : onsets.length / durationSeconds(); }

    /**
     * The timbre feature vector for similarity (the chain's {@code --by timbre}): MFCC means, MFCC
     * deviations, chroma means, chroma deviations — 50 values, always in this order.
     */
    public double[] timbre() {
        double[] v = new double[2 * MFCC_COUNT + 2 * CHROMA_COUNT];
        System.arraycopy(mfccMean, 0, v, 0, MFCC_COUNT);
        System.arraycopy(mfccStd, 0, v, MFCC_COUNT, MFCC_COUNT);
        System.arraycopy(chromaMean, 0, v, 2 * MFCC_COUNT, CHROMA_COUNT);
        System.arraycopy(chromaStd, 0, v, 2 * MFCC_COUNT + CHROMA_COUNT, CHROMA_COUNT);
        return v;
    }

    /** The JSON object `ersatz analyze` prints (without "file"), and the analysis cache stores. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", durationSeconds());
        m.put("rate", sampleRate);
        m.put("channels", channels);
        m.put("frames", frames);
        m.put("trim", List.of(trim.start(), trim.end()));
        m.put("peak_dbfs", peakDbfs);
        m.put("loudness_lufs", loudnessLufs);
        m.put("silence_ratio", silenceRatio);
        m.put("clipped_samples", clippedSamples);
        m.put("clip_runs", clipRuns);
        m.put("spectral_centroid_hz", centroidHz.toJson());
        m.put("spectral_flatness", flatness.toJson());
        m.put("mfcc_mean", mfccMean);
        m.put("mfcc_std", mfccStd);
        m.put("chroma_mean", chromaMean);
        m.put("chroma_std", chromaStd);
        m.put("onset_rate", onsetRate());
        m.put("onsets", onsets);
        m.put("tempo", tempoJson(tempo.candidates()));
        m.put("tempo_family", tempoJson(tempo.family()));
        m.put("pulse", tempo.pulse());
        m.put("loop_beats", tempo.loopBeats());
        m.put("tempo_absent", tempo.absent());
        m.put("flags", flags);
        return m;
    }

    private static List<Object> tempoJson(List<TempoCandidate> ts) {
        List<Object> out = new ArrayList<>();
        for (TempoCandidate t : ts) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("bpm", t.bpm());
            c.put("strength", t.strength());
            out.add(c);
        }
        return out;
    }

    /** Reads back what {@link #toJson()} wrote (null levels become −∞). */
    public static Analysis fromJson(Map<?, ?> m) {
        List<?> trim = (List<?>) m.get("trim");
        return new Analysis(
                (int) Stats.num(m.get("rate")), (int) Stats.num(m.get("channels")), (long) Stats.num(m.get("frames")),
                new Interval((int) Stats.num(trim.get(0)), (int) Stats.num(trim.get(1))),
                level(m.get("peak_dbfs")), level(m.get("loudness_lufs")), Stats.num(m.get("silence_ratio")),
                (long) Stats.num(m.get("clipped_samples")), (int) Stats.num(m.get("clip_runs")),
                Stats.fromJson(m.get("spectral_centroid_hz")), Stats.fromJson(m.get("spectral_flatness")),
                doubles(m.get("mfcc_mean")), doubles(m.get("mfcc_std")), doubles(m.get("chroma_mean")), doubles(m.get("chroma_std")),
                doubles(m.get("onsets")), new TempoEstimate(tempos(m.get("tempo")), tempos(m.get("tempo_family")),
                        Stats.num(m.get("pulse")), (int) Stats.num(m.get("loop_beats")), (String) m.get("tempo_absent")),
                ((List<?>) m.get("flags")).stream().map(String::valueOf).toList());
    }

    private static double level(Object o) { return o == null ? Double.NEGATIVE_INFINITY : ((Number) o).doubleValue(); }

    private static double[] doubles(Object o) {
        List<?> l = (List<?>) o;
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) l.get(i)).doubleValue();
        return d;
    }

    private static List<TempoCandidate> tempos(Object o) {
        List<TempoCandidate> out = new ArrayList<>();
        for (Object x : (List<?>) o) {
            Map<?, ?> c = (Map<?, ?>) x;
            out.add(new TempoCandidate(Stats.num(c.get("bpm")), Stats.num(c.get("strength"))));
        }
        return out;
    }
}
