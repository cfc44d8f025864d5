package dev.ersatz.engine.compose;

import dev.ersatz.engine.model.MarkovModel;
import dev.ersatz.engine.model.Temperature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Composes new phrases from a {@link MidiModel}: each part is a walk through its Markov model, the
 * next note drawn at the temperature with {@link Temperature} (the project's one rule:
 * softmax(log p / T)), from the bar line on until the bars are full. Two constraints shape the
 * draw: a note must fall where its learned position in the bar says (so the metre the model learned
 * is kept; when no note can, the walk goes on off the bar and counts it), and with
 * {@code maxCopyNotes} = K no run of more than K notes of the training data is played. Deterministic
 * per seed: each part draws from its own random stream, seeded from the seed and the part, so a
 * part's notes do not depend on which other parts the model has.
 *
 * <p>Density d scales the onsets of the walk and leaves the learnt line alone: the walk is composed
 * as learnt, then changed as an arranger would. Below 1 it is thinned: onsets are dropped, the
 * metrically weakest first (off the sixteenth grid, then sixteenths, eighths, beats; the bar line
 * last) and within a level the ones the model found least likely, until a fraction d of them is
 * left; the notes kept keep their places. Above 1 it is filled in: the longest gap between onsets
 * is split at its strongest sixteenth and the onset before it struck again there (its notes cut
 * at the new onset), until there are d times as many onsets; so pitches and harmony stay the
 * model's and only the rhythm gets busier. d = 0 is silence, 1 the model as learnt. (Reshaping the
 * draw's time shifts by d^(-shift / mean) was tried first: the tilt pushes the walk off the
 * learnt paths into its back-off, onsets fell at d = 1.5 instead of rising and pitch-class JSD
 * rose to 0.54 at d = 0.25.)
 * Control thread (or a generator worker); allocates.
 */
public final class Composer {
    /** The highest density: twice as dense as learnt (weights of d^(-s / s̄) reach further only into loops of the shortest shift). */
    public static final double MAX_DENSITY = 2;

    /**
     * @param density 0..{@link #MAX_DENSITY}: how the time shifts are reshaped (1 as learnt, 0 silence)
     */
    public record Options(int bars, double temperature, long seed, Double bpm, int maxCopyNotes, double density) {
        public Options {
            if (bars < 1) throw new IllegalArgumentException("bars " + bars);
            if (!(temperature >= 0) || temperature > Temperature.MAX) throw new IllegalArgumentException("temperature " + temperature);
            if (maxCopyNotes < 0) throw new IllegalArgumentException("max copy notes " + maxCopyNotes);
            if (!(density >= 0) || density > MAX_DENSITY) throw new IllegalArgumentException("density " + density);
        }

        /** The model's own density. */
        public Options(int bars, double temperature, long seed, Double bpm, int maxCopyNotes) {
            this(bars, temperature, seed, bpm, maxCopyNotes, 1);
        }

        public Options withDensity(double d) { return new Options(bars, temperature, seed, bpm, maxCopyNotes, d); }
    }

    /** The most notes one onset may have. */
    public static final int MAX_CHORD = 16;

    private Composer() { }

    public static Composition compose(MidiModel model, Options o) {
        Map<Part, Composition.Track> tracks = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            PartModel pm = model.part(part);
            if (pm == null) continue;
            // One stream per part whatever the other parts hold: a part's notes depend on the seed only.
            SplittableRandom random = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + part.ordinal() + 1);
            tracks.put(part, walk(pm, model.barSteps(), o, random));
        }
        return new Composition(o.bars(), model.barSteps(), o.bpm() == null ? model.bpm() : o.bpm(), tracks);
    }

    private static Composition.Track walk(PartModel pm, int bar, Options o, SplittableRandom random) {
        MarkovModel markov = pm.markov();
        int n = markov.tokens();
        int[] shift = new int[n], position = new int[n];
        for (int i = 0; i < n; i++) {
            shift[i] = pm.note(i).shift();
            position[i] = pm.note(i).position();
        }
        long end = (long) o.bars() * bar;
        if (o.density() == 0) return new Composition.Track(List.of(), new int[0], 0, 0, 0);
        CopyBound bound = o.maxCopyNotes() > 0 ? new CopyBound(o.maxCopyNotes(), pm.phrases()) : null;
        double[] p = new double[n], scratch = new double[n], q = new double[n], w = new double[n];
        int[] history = new int[markov.order()];
        int[] out = new int[64];
        int count = 0, refused = 0, offBar = 0, chord = 0;
        double entropy = 0;
        List<Composition.Placed> notes = new ArrayList<>();
        List<Double> likelihood = new ArrayList<>(); // of each note as the model drew it, for thinning
        long time = 0;
        while (true) {
            int from = Math.max(0, count - markov.order());
            System.arraycopy(out, from, history, 0, count - from);
            markov.distribution(history, count - from, p);
            double[] allowed = scratch;
            System.arraycopy(p, 0, allowed, 0, n);
            if (bound != null) {
                for (int id : bound.refused(out, count)) {
                    if (allowed[id] > 0) refused++;
                    allowed[id] = 0;
                }
            }
            // A chord ends after MAX_CHORD notes: a walk through notes of shift 0 would never move on.
            if (chord >= MAX_CHORD) for (int i = 0; i < n; i++) if (shift[i] == 0) allowed[i] = 0;
            boolean any = false, anyOnBar = false;
            for (int i = 0; i < n; i++) {
                boolean ok = allowed[i] > 0;
                any |= ok;
                anyOnBar |= ok && (time + shift[i]) % bar == position[i];
            }
            if (!any) {
                throw new IllegalStateException(bound != null ? "the copy bound of " + o.maxCopyNotes() + " notes leaves no note to play (the model is too small for it; raise --max-copy-notes)"
                        : "the model has no note that moves on in time");
            }
            for (int i = 0; i < n; i++) q[i] = anyOnBar && (time + shift[i]) % bar != position[i] ? 0 : allowed[i];
            if (!anyOnBar) offBar++;
            entropy += entropyBits(q, o.temperature(), w);
            int next = Temperature.sample(q, n, o.temperature(), random, p);
            long onset = time + shift[next];
            if (onset >= end) break;
            if (count == out.length) out = Arrays.copyOf(out, 2 * count);
            out[count++] = next;
            double total = 0;
            for (int i = 0; i < n; i++) total += q[i];
            likelihood.add(q[next] / total);
            NoteEvent e = pm.note(next);
            int dur = (int) Math.min(e.duration(), end - onset);
            notes.add(new Composition.Placed(onset, new NoteEvent(e.shift(), dur, e.pitch(), e.velocity(), e.position())));
            chord = onset == time ? chord + 1 : 1;
            time = onset;
        }
        int[] ids = Arrays.copyOf(out, count);
        if (o.density() < 1) {
            boolean[] keep = thin(notes, likelihood, bar, o.density());
            List<Composition.Placed> kept = new ArrayList<>();
            int[] keptIds = new int[count];
            int m = 0;
            for (int i = 0; i < count; i++) {
                if (!keep[i]) continue;
                kept.add(notes.get(i));
                keptIds[m++] = ids[i];
            }
            notes = kept;
            ids = Arrays.copyOf(keptIds, m);
        } else if (o.density() > 1) {
            notes = fill(notes, bar, end, o.density());
        }
        return new Composition.Track(List.copyOf(notes), ids, count == 0 ? 0 : entropy / (count + 1), refused, offBar);
    }

    /**
     * Which notes stay at density d < 1: whole onsets (a chord goes or stays together), a fraction d
     * of them, the metrically weakest and then the least likely dropped first.
     */
    static boolean[] thin(List<Composition.Placed> notes, List<Double> likelihood, int bar, double density) {
        List<long[]> onsets = new ArrayList<>(); // {onset, first note, last note + 1}
        for (int i = 0; i < notes.size(); i++) {
            long t = notes.get(i).onset();
            if (onsets.isEmpty() || onsets.get(onsets.size() - 1)[0] != t) onsets.add(new long[] {t, i, i + 1});
            else onsets.get(onsets.size() - 1)[2] = i + 1;
        }
        int keep = (int) Math.round(density * onsets.size());
        Integer[] order = new Integer[onsets.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // Strongest first: metre, then the likelihood of the onset's likeliest note, then earlier.
        Arrays.sort(order, (a, b) -> {
            long[] x = onsets.get(a), y = onsets.get(b);
            int c = Integer.compare(metricLevel((int) (x[0] % bar)), metricLevel((int) (y[0] % bar)));
            if (c != 0) return c;
            c = Double.compare(best(likelihood, y), best(likelihood, x));
            return c != 0 ? c : Long.compare(x[0], y[0]);
        });
        boolean[] kept = new boolean[notes.size()];
        for (int r = 0; r < keep; r++) {
            long[] on = onsets.get(order[r]);
            for (int i = (int) on[1]; i < on[2]; i++) kept[i] = true;
        }
        return kept;
    }

    /** The smallest gap, in steps, either side of an onset filled in: a sixteenth. */
    private static final int FILL_STEP = Grid.STEPS_PER_BEAT / 4;

    /**
     * Density d > 1: (d - 1) times as many onsets added, each splitting the longest gap between
     * onsets (at least two sixteenths) at its metrically strongest sixteenth, nearest the middle,
     * as a repeat of the onset before it: its notes cut there, struck again for what they had left
     * (a note that had ended sounds on until the next onset, at most its own length).
     */
    static List<Composition.Placed> fill(List<Composition.Placed> notes, int bar, long end, double density) {
        java.util.TreeMap<Long, List<Composition.Placed>> onsets = new java.util.TreeMap<>();
        for (Composition.Placed p : notes) onsets.computeIfAbsent(p.onset(), t -> new ArrayList<>()).add(p);
        int add = (int) Math.round((density - 1) * onsets.size());
        // Longest gap first, then the earlier; a popped gap that has since been split is skipped.
        java.util.PriorityQueue<long[]> gaps = new java.util.PriorityQueue<>((x, y) -> x[1] != y[1] ? Long.compare(y[1], x[1]) : Long.compare(x[0], y[0]));
        for (long t : onsets.keySet()) gaps.add(new long[] {t, gapAfter(onsets, t, end)});
        while (add > 0 && !gaps.isEmpty()) {
            long[] g = gaps.poll();
            long t = g[0], gap = gapAfter(onsets, t, end);
            if (gap != g[1]) continue;
            if (gap < 2 * FILL_STEP) break;
            long split = -1;
            int level = Integer.MAX_VALUE;
            for (long s = t + FILL_STEP; s <= t + gap - FILL_STEP; s++) {
                if ((s % bar) % FILL_STEP != 0) continue;
                int l = metricLevel((int) (s % bar));
                if (l < level || (l == level && Math.abs(2 * s - 2 * t - gap) < Math.abs(2 * split - 2 * t - gap))) {
                    level = l;
                    split = s;
                }
            }
            if (split < 0) continue;
            long next = t + gap;
            List<Composition.Placed> before = onsets.get(t), again = new ArrayList<>(), cut = new ArrayList<>();
            for (Composition.Placed p : before) {
                NoteEvent e = p.note();
                long stop = t + e.duration();
                long left = stop > split ? stop - split : Math.min(e.duration(), next - split);
                if (stop > split) e = new NoteEvent(e.shift(), (int) (split - t), e.pitch(), e.velocity(), e.position());
                cut.add(new Composition.Placed(t, e));
                again.add(new Composition.Placed(split, new NoteEvent((int) (split - t), (int) left, e.pitch(), e.velocity(), (int) (split % bar))));
            }
            onsets.put(t, cut);
            onsets.put(split, again);
            gaps.add(new long[] {t, split - t});
            gaps.add(new long[] {split, next - split});
            add--;
        }
        List<Composition.Placed> out = new ArrayList<>();
        onsets.values().forEach(out::addAll);
        return out;
    }

    private static long gapAfter(java.util.TreeMap<Long, List<Composition.Placed>> onsets, long t, long end) {
        Long n = onsets.higherKey(t);
        return (n == null ? end : n) - t;
    }

    private static double best(List<Double> likelihood, long[] onset) {
        double b = 0;
        for (int i = (int) onset[1]; i < onset[2]; i++) b = Math.max(b, likelihood.get(i));
        return b;
    }

    /** 0 the bar line, 1 a beat, 2 an eighth, 3 a sixteenth, 4 anything finer (triplets). */
    static int metricLevel(int position) {
        if (position == 0) return 0;
        if (position % Grid.STEPS_PER_BEAT == 0) return 1;
        if (position % (Grid.STEPS_PER_BEAT / 2) == 0) return 2;
        if (position % (Grid.STEPS_PER_BEAT / 4) == 0) return 3;
        return 4;
    }

    /** The entropy, in bits, of the draw {@link Temperature} makes from {@code p} at {@code t}. */
    static double entropyBits(double[] p, double t, double[] w) {
        if (t <= 0) return 0;
        double max = 0;
        for (double v : p) max = Math.max(max, v);
        if (max <= 0) return 0;
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += w[i] = p[i] > 0 ? Math.exp((Math.log(p[i]) - Math.log(max)) / t) : 0;
        double h = 0;
        for (double v : w) if (v > 0) h -= v / sum * (Math.log(v / sum) / Math.log(2));
        return h;
    }
}
