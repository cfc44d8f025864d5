package dev.ersatz.engine.chain;

import dev.ersatz.engine.analysis.Analysis;
import dev.ersatz.engine.analysis.Analyzer;
import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.TempoCandidate;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline chain, start to end: sounds cut into clips (trimmed and split with librosa's
 * semantics, optionally cut at onsets or beats), clips described and compared, ordered (best
 * order or a temperature walk), rendered with aligned equal-power joins, and reported. Control
 * thread; the heavy steps fan out to the common pool.
 */
public final class ChainMaker {
    private ChainMaker() { }

    public enum CutAt {
        NONE, ONSETS, BEATS;

        public static CutAt parse(String s) {
            for (CutAt c : values()) if (c.name().equalsIgnoreCase(s)) return c;
            throw new IllegalArgumentException("unknown --cut-at '" + s + "' (onsets, beats or none)");
        }
    }

    /**
     * @param crossfadeMs join length
     * @param alignMs     how far either way a join may move to line the two clips up
     * @param minClipMs   clips shorter than this are dropped
     * @param maxClipMs   with marks, clips longer than this are cut at the nearest mark (0: never)
     */
    public record Options(ClipFeatures.Measure by, double temperature, long seed, double crossfadeMs, double alignMs,
                          TrimOptions trim, double minClipMs, double maxClipMs, CutAt cutAt) {
        public static final Options DEFAULT = new Options(ClipFeatures.Measure.FINGERPRINT, 0, 0, 50, 20,
                TrimOptions.DEFAULT, 500, 8000, CutAt.NONE);
    }

    /** A clip: samples [start, end) of {@code source} at its own rate, and those samples. */
    public record Piece(Path source, int start, int end, AudioData audio) { }

    /** One clip of the finished chain: what of the source plays, and how it follows the one before. */
    public record Link(Path source, int sourceRate, int start, int end, double similarityToPrevious) { }

    public record Chain(AudioData audio, List<Link> links, double meanAdjacent, double naiveMeanAdjacent,
                        ClipFeatures.Measure measure, int loopedForFingerprint, Options options) { }

    /** The clips of one decoded sound. An all-silent sound gives none. */
    public static List<Piece> pieces(Path source, AudioData audio, Options o) {
        List<Interval> runs = Trim.split(audio.channels(), o.trim());
        List<int[]> intervals = new ArrayList<>(runs.size());
        for (Interval r : runs) intervals.add(new int[] {r.start(), r.end()});
        int rate = audio.sampleRate();
        int[] marks = o.cutAt() == CutAt.NONE || runs.isEmpty() ? new int[0] : marks(audio, o.cutAt());
        int min = (int) Math.max(1, Math.round(o.minClipMs() * rate / 1000.0));
        int max = (int) Math.round(o.maxClipMs() * rate / 1000.0);
        List<Piece> out = new ArrayList<>();
        for (ClipCuts.Cut c : ClipCuts.cuts(intervals, marks, min, max)) {
            float[][] part = new float[audio.channelCount()][];
            for (int ch = 0; ch < part.length; ch++) part[ch] = Arrays.copyOfRange(audio.channels()[ch], c.start(), c.end());
            out.add(new Piece(source, c.start(), c.end(), new AudioData(part, rate)));
        }
        return out;
    }

    /**
     * Transient positions in samples: the analyser's onsets, or for beats the onsets that fall on
     * the grid of the analyser's first tempo candidate (its onsets when it finds no tempo) (a grid step of 60/bpm from the first onset, each step re-anchored
     * to an onset within an eighth of a beat, so the grid follows the playing).
     */
    static int[] marks(AudioData audio, CutAt cutAt) {
        Analysis a = Analyzer.analyze(audio, Progress.NONE);
        int rate = audio.sampleRate();
        double[] onsets = a.onsets();
        if (cutAt == CutAt.ONSETS || onsets.length == 0 || !a.tempo().present()) return toSamples(onsets, rate);
        TempoCandidate t = a.tempo().first();
        double beat = 60.0 / t.bpm(), tolerance = beat / 8;
        List<Double> beats = new ArrayList<>();
        double at = onsets[0];
        int k = 0;
        while (at <= a.durationSeconds()) {
            while (k < onsets.length && onsets[k] < at - tolerance) k++;
            if (k < onsets.length && Math.abs(onsets[k] - at) <= tolerance) {
                at = onsets[k];
                beats.add(at);
            }
            at += beat;
        }
        double[] b = new double[beats.size()];
        for (int i = 0; i < b.length; i++) b[i] = beats.get(i);
        return toSamples(b, rate);
    }

    private static int[] toSamples(double[] seconds, int rate) {
        int[] s = new int[seconds.length];
        for (int i = 0; i < s.length; i++) s[i] = (int) Math.round(seconds[i] * rate);
        Arrays.sort(s);
        return s;
    }

    /**
     * Orders and renders the pieces (at least two). The render rate is the rate most pieces have
     * (the higher on a tie); pieces at another rate are resampled, and their positions in the
     * report are then rounded to the source's nearest sample.
     */
    public static Chain make(List<Piece> pieces, Options o, Progress describing, Progress ordering) {
        int n = pieces.size();
        if (n < 2) throw new IllegalArgumentException("fewer than two clips");
        List<AudioData> audio = new ArrayList<>(n);
        for (Piece p : pieces) audio.add(p.audio());
        ClipFeatures features = ClipFeatures.of(audio, o.by(), describing);
        ordering.update(0, 3, "comparing");
        ChainGraphs.Prepared prepared = ChainGraphs.build(n, features.similarity(), features.summary(), o.seed());
        Similarity s = prepared.exact();
        ordering.update(1, 3, "ordering");
        int[] order = ChainGraphs.order(prepared.graph(), prepared.ordering(), o.temperature(), o.seed());
        int[] naive = ChainOrder.naivePairSort(prepared.graph());
        ordering.update(2, 3, "rendering");

        int rate = commonRate(pieces);
        List<float[][]> ordered = new ArrayList<>(n);
        for (int i : order) {
            AudioData a = pieces.get(i).audio();
            ordered.add((a.sampleRate() == rate ? a : Resampler.resample(a, rate)).channels());
        }
        int fade = (int) Math.round(o.crossfadeMs() * rate / 1000.0);
        int lag = (int) Math.round(o.alignMs() * rate / 1000.0);
        ChainRenderer.Result r = ChainRenderer.render(ordered, rate, fade, lag);
        List<Link> links = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            Piece p = pieces.get(order[q]);
            ChainRenderer.Placement pl = r.placements().get(q);
            int srcRate = p.audio().sampleRate();
            int start = p.start() + toSource(pl.start(), srcRate, rate);
            int end = p.start() + toSource(pl.end(), srcRate, rate);
            double prev = q == 0 ? Double.NaN : s.between(order[q - 1], order[q]);
            links.add(new Link(p.source(), srcRate, start, Math.min(end, p.end()), prev));
        }
        ordering.update(3, 3, "done");
        return new Chain(r.audio(), links, ChainOrder.meanAdjacent(order, s), ChainOrder.meanAdjacent(naive, s),
                o.by(), features.looped(), o);
    }

    private static int toSource(int frames, int srcRate, int rate) {
        return srcRate == rate ? frames : (int) Math.round(frames * (double) srcRate / rate);
    }

    static int commonRate(List<Piece> pieces) {
        Map<Integer, Integer> count = new HashMap<>();
        for (Piece p : pieces) count.merge(p.audio().sampleRate(), 1, Integer::sum);
        int best = 0, bestCount = -1;
        for (Map.Entry<Integer, Integer> e : count.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() > best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    /** OUT.json: the order, where each clip comes from, and how cohesive the chain is against the naive order. */
    public static Map<String, Object> report(Chain c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("similarity", c.measure().id());
        m.put("temperature", c.options().temperature());
        m.put("seed", c.options().seed());
        m.put("sample_rate", c.audio().sampleRate());
        m.put("crossfade_ms", c.options().crossfadeMs());
        m.put("mean_adjacent_similarity", c.meanAdjacent());
        m.put("naive_mean_adjacent_similarity", c.naiveMeanAdjacent());
        if (c.measure() != ClipFeatures.Measure.TIMBRE) m.put("clips_looped_to_fingerprint", c.loopedForFingerprint());
        List<Object> clips = new ArrayList<>();
        for (Link l : c.links()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", l.source().toString());
            e.put("rate", l.sourceRate());
            e.put("start", l.start());
            e.put("end", l.end());
            e.put("similarity_to_previous", Double.isNaN(l.similarityToPrevious()) ? null : l.similarityToPrevious());
            clips.add(e);
        }
        m.put("clips", clips);
        return m;
    }
}
