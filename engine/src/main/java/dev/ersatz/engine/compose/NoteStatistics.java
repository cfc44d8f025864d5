package dev.ersatz.engine.compose;

import java.util.List;

/**
 * The figures that say whether composed music is like what it learned: histograms of pitch class,
 * melodic interval (between consecutive notes of a phrase, ±24 semitones), duration and onset
 * position in the bar, compared by Jensen–Shannon divergence (base 2: 0 the same, 1 disjoint); the
 * entropy of a histogram; and the longest run of notes a composition copies verbatim from the
 * training phrases. Control thread; for tests, benchmarks and reports.
 */
public final class NoteStatistics {
    public static final int INTERVAL_RANGE = 24;

    /** The four histograms (counts). */
    public record Histograms(double[] pitchClass, double[] interval, double[] duration, double[] position) {
        static Histograms empty() {
            return new Histograms(new double[12], new double[2 * INTERVAL_RANGE + 1], new double[Grid.MAX_DURATION + 1], new double[Grid.MAX_BAR]);
        }

        void add(NoteEvent e, NoteEvent prev, int at) {
            pitchClass[e.pitch() % 12]++;
            if (prev != null) interval[Math.max(-INTERVAL_RANGE, Math.min(INTERVAL_RANGE, e.pitch() - prev.pitch())) + INTERVAL_RANGE]++;
            duration[e.duration()]++;
            position[at]++;
        }

        public void addAll(Histograms o) {
            for (int i = 0; i < 12; i++) pitchClass[i] += o.pitchClass[i];
            for (int i = 0; i < interval.length; i++) interval[i] += o.interval[i];
            for (int i = 0; i < duration.length; i++) duration[i] += o.duration[i];
            for (int i = 0; i < position.length; i++) position[i] += o.position[i];
        }
    }

    private NoteStatistics() { }

    /** The histograms of a part's training phrases. */
    public static Histograms training(PartModel pm) {
        Histograms h = Histograms.empty();
        for (int[] phrase : pm.phrases()) {
            NoteEvent prev = null;
            for (int id : phrase) {
                NoteEvent e = pm.note(id);
                h.add(e, prev, e.position());
                prev = e;
            }
        }
        return h;
    }

    /** The histograms of a composed part (durations as learned, before the last bar cut them). */
    public static Histograms composed(PartModel pm, Composition.Track t, int barSteps) {
        Histograms h = Histograms.empty();
        NoteEvent prev = null;
        for (int i = 0; i < t.ids().length; i++) {
            NoteEvent e = pm.note(t.ids()[i]);
            h.add(e, prev, (int) (t.notes().get(i).onset() % barSteps));
            prev = e;
        }
        return h;
    }

    /**
     * The histograms of the notes a part plays, as placed (durations as played, so the last bar's cut
     * counts): for a density other than 1, whose added or dropped onsets are not draws of the walk.
     */
    public static Histograms played(Composition.Track t, int barSteps) {
        Histograms h = Histograms.empty();
        NoteEvent prev = null;
        for (Composition.Placed p : t.notes()) {
            h.add(p.note(), prev, (int) (p.onset() % barSteps));
            prev = p.note();
        }
        return h;
    }

    public static Histograms empty() { return Histograms.empty(); }

    /** Jensen–Shannon divergence of two histograms, base 2 (each normalised; empty ones count as uniform). */
    public static double jensenShannon(double[] a, double[] b) {
        double[] p = normalised(a), q = normalised(b);
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) d += 0.5 * p[i] * log2(p[i] / m);
            if (q[i] > 0) d += 0.5 * q[i] * log2(q[i] / m);
        }
        return Math.max(0, d);
    }

    /** Shannon entropy of a histogram, in bits. */
    public static double entropyBits(double[] h) {
        double[] p = normalised(h);
        double e = 0;
        for (double v : p) if (v > 0) e -= v * log2(v);
        return e;
    }

    private static double[] normalised(double[] h) {
        double s = 0;
        for (double v : h) s += v;
        double[] p = new double[h.length];
        for (int i = 0; i < h.length; i++) p[i] = s == 0 ? 1.0 / h.length : h[i] / s;
        return p;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /**
     * The longest run of consecutive notes of {@code ids} that also appears, consecutive, in one of
     * the training phrases: the verbatim copy {@code --max-copy-notes} bounds. Dynamic programming
     * over every phrase, O(output × training).
     */
    public static int longestCopy(int[] ids, List<int[]> phrases) {
        int best = 0;
        int[] row = new int[ids.length + 1], next = new int[ids.length + 1];
        for (int[] p : phrases) {
            java.util.Arrays.fill(row, 0);
            for (int a : p) {
                next[0] = 0;
                for (int j = 1; j <= ids.length; j++) {
                    next[j] = ids[j - 1] == a ? row[j - 1] + 1 : 0;
                    if (next[j] > best) best = next[j];
                }
                int[] t = row;
                row = next;
                next = t;
            }
        }
        return best;
    }
}
