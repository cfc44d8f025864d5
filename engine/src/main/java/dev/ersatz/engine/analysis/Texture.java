package dev.ersatz.engine.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a texture sounds like over time, in figures a producer can compare between a bounce and the
 * corpus it came from: how much of it is silent (librosa's split semantics, as {@code ersatz trim}:
 * frames more than 60 dB under the loudest) and its longest silence; how much of it is
 * <em>frozen</em> (1-second windows whose spectrum does not move:
 * repeating itself within {@link #FROZEN_DB}, as a grain held or a cycle of grains replayed does); the
 * loudness of its 1-second windows; its mean spectral centroid and spectral flux (the onset
 * strength: mean rise in dB over the mel bands); and its onsets per second (the analysis's own
 * detector). A corpus's figures pool its files ({@link Builder}), each trimmed as {@code ersatz trim}
 * trims it. Any thread but the audio thread.
 */
public record Texture(double seconds, double silenceShare, double longestSilence, double frozenShare,
                      Stats loudness, double centroidHz, double flux, double onsetRate) {

    /**
     * A 1-second window is frozen when it repeats itself: for some lag from half a second to two
     * seconds, its frames differ from the frames a lag earlier by less than this many dB per mel
     * band (median over the window). Lags start at half a second so that a slow decay, which changes
     * little from one frame to the next, is not taken for a held sound. Measured (docs/manual/model.md):
     * real recordings of the LMMS sample pack (loops, pads, organs, instruments) differ by 0.44 dB
     * and more at their best lag (an electric organ's held chord), the quiet tails of generated drum
     * textures by 0.26 dB and more; a grain held, or a cycle of grains replayed, by 0.00 dB.
     */
    public static final double FROZEN_DB = 0.15;
    /** Loudness floor of a silent window, dBFS. */
    static final double FLOOR_DB = -100;

    /** The figures of one piece of audio (all of it: trim it first for a corpus file). */
    public static Texture of(float[][] channels, int rate) {
        return new Builder().add(channels, rate).build();
    }

    /**
     * Pools files into one corpus's figures: silence per file (each against its own loudest frame,
     * as {@code ersatz trim} judges it), everything else over the files played one after another
     * (so onsets, loudness and frozen windows are judged as in a bounce of the same length).
     */
    public static final class Builder {
        private long silentFrames;
        private long frames;
        private double longest;
        private int rate;
        private final List<float[]> monos = new ArrayList<>();

        /** A corpus file, trimmed first as {@code ersatz trim} trims it (an all-silent file adds nothing). */
        public Builder addTrimmed(float[][] channels, int sampleRate) {
            Interval t = Trim.trim(channels, TrimOptions.DEFAULT);
            if (t.length() == 0) return this;
            float[][] part = new float[channels.length][];
            for (int ch = 0; ch < channels.length; ch++) part[ch] = java.util.Arrays.copyOfRange(channels[ch], t.start(), t.end());
            return add(part, sampleRate);
        }

        public Builder add(float[][] channels, int sampleRate) {
            if (channels[0].length == 0) return this;
            if (rate != 0 && rate != sampleRate) throw new IllegalArgumentException("files at " + rate + " and " + sampleRate + " Hz");
            rate = sampleRate;
            boolean[] loud = Trim.nonSilentFrames(channels, TrimOptions.DEFAULT);
            int run = 0;
            for (boolean b : loud) {
                if (!b) {
                    silentFrames++;
                    run++;
                    longest = Math.max(longest, run * (double) TrimOptions.DEFAULT.hopLength() / sampleRate);
                } else {
                    run = 0;
                }
            }
            frames += loud.length;
            monos.add(mono(channels));
            return this;
        }

        public Texture build() {
            int n = 0;
            for (float[] x : monos) n += x.length;
            if (n == 0) return new Texture(0, 0, 0, 0, Stats.EMPTY, 0, 0, 0);
            float[] mono = new float[n];
            int at = 0;
            for (float[] x : monos) {
                System.arraycopy(x, 0, mono, at, x.length);
                at += x.length;
            }
            SpectralFrames s = SpectralFrames.of(mono, rate);
            double[] env = s.onsetEnvelope();
            double centroidSum = 0, fluxSum = 0;
            long counted = 0;
            for (int f = 0; f < s.frames; f++) {
                if (!s.counted(f)) continue;
                counted++;
                centroidSum += s.centroid[f];
                fluxSum += env[f];
            }
            int onsets = Onsets.pick(env, s.frameRate).size();
            // 1-second windows (a last partial one counts from half a second; a shorter piece is one window).
            int perWindow = Math.max(1, (int) Math.round(s.frameRate));
            int count = Math.max(1, (int) Math.round(s.frames / (double) perWindow));
            double[] diffs = new double[2 * perWindow + 2];
            float[] loudness = new float[count];
            int frozen = 0;
            for (int w = 0; w < count; w++) {
                int from = w * perWindow, to = w == count - 1 ? s.frames : Math.min(s.frames, from + perWindow);
                if (repeats(s, from, to, perWindow / 2, 2 * perWindow, diffs)) frozen++;
                int a = (int) Math.min(n, (long) from * s.hop), z = w == count - 1 ? n : (int) Math.min(n, (long) to * s.hop);
                double sq = 0;
                for (int i = a; i < z; i++) sq += (double) mono[i] * mono[i];
                double rms = z > a ? Math.sqrt(sq / (z - a)) : 0;
                loudness[w] = (float) Math.max(FLOOR_DB, 20 * Math.log10(Math.max(1e-12, rms)));
            }
            double seconds = n / (double) rate;
            return new Texture(seconds, frames == 0 ? 0 : silentFrames / (double) frames, longest, frozen / (double) count,
                    Stats.of(loudness, count), counted == 0 ? 0 : centroidSum / counted, counted == 0 ? 0 : fluxSum / counted,
                    onsets / seconds);
        }
    }

    /**
     * Whether frames [from, to) repeat themselves: for some lag of minLag..maxLag frames, the median over
     * the window's sounding frames of {@link SpectralFrames#difference} at that lag is under
     * {@link #FROZEN_DB}. A mostly silent window does not repeat (it is silence, counted as such).
     */
    private static boolean repeats(SpectralFrames s, int from, int to, int minLag, int maxLag, double[] diffs) {
        for (int lag = Math.max(1, minLag); lag <= maxLag; lag++) {
            int k = 0;
            for (int f = Math.max(lag, from); f < to && k < diffs.length; f++) {
                if (s.counted(f) && s.counted(f - lag)) diffs[k++] = s.difference(f, lag);
            }
            if (k == 0 || k < (to - from) / 2) continue;
            java.util.Arrays.sort(diffs, 0, k);
            if (diffs[k / 2] < FROZEN_DB) return true;
        }
        return false;
    }

    private static float[] mono(float[][] channels) {
        if (channels.length == 1) return channels[0];
        float[] m = new float[channels[0].length];
        for (float[] c : channels) for (int i = 0; i < m.length; i++) m[i] += c[i] / channels.length;
        return m;
    }

    /** The figures as JSON fields (snake_case, as every --json output). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", round(seconds, 3));
        m.put("silence_share", round(silenceShare, 4));
        m.put("longest_silence_seconds", round(longestSilence, 3));
        m.put("frozen_share", round(frozenShare, 4));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("p10", round(loudness.p10(), 1));
        l.put("p50", round(loudness.p50(), 1));
        l.put("p90", round(loudness.p90(), 1));
        m.put("loudness_dbfs", l);
        m.put("centroid_hz", round(centroidHz, 1));
        m.put("flux_db", round(flux, 3));
        m.put("onsets_per_second", round(onsetRate, 3));
        return m;
    }

    /** The inverse of {@link #toJson} (a model file keeps its corpus's texture so). */
    @SuppressWarnings("unchecked")
    public static Texture fromJson(Map<String, Object> m) {
        Map<String, Object> l = (Map<String, Object>) m.get("loudness_dbfs");
        double p10 = num(l, "p10"), p50 = num(l, "p50"), p90 = num(l, "p90");
        return new Texture(num(m, "seconds"), num(m, "silence_share"), num(m, "longest_silence_seconds"), num(m, "frozen_share"),
                new Stats(p50, 0, p10, p50, p90), num(m, "centroid_hz"), num(m, "flux_db"), num(m, "onsets_per_second"));
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (!(v instanceof Number n)) throw new IllegalStateException("texture lacks " + key);
        return n.doubleValue();
    }

    private static double round(double v, int places) {
        double s = Math.pow(10, places);
        return Math.round(v * s) / s;
    }

    /**
     * One line: this texture beside a reference (the corpus), e.g. {@code silence 3% (corpus 2%),
     * longest silence 0.4 s (0.3 s), frozen 0% (4%), centroid 2210 Hz (2390 Hz), onsets 3.1/s (2.8/s)}.
     */
    public String summary(Texture corpus) {
        return String.format(java.util.Locale.ROOT,
                "silence %.0f%% (corpus %.0f%%), longest silence %.1f s (%.1f s), frozen %.0f%% (%.0f%%), "
                        + "loudness p50 %.1f dBFS (%.1f), centroid %.0f Hz (%.0f Hz), flux %.2f dB (%.2f), onsets %.1f/s (%.1f/s)",
                100 * silenceShare, 100 * corpus.silenceShare, longestSilence, corpus.longestSilence,
                100 * frozenShare, 100 * corpus.frozenShare, loudness.p50(), corpus.loudness.p50(),
                centroidHz, corpus.centroidHz, flux, corpus.flux, onsetRate, corpus.onsetRate);
    }
}
