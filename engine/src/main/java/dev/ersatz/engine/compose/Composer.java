package dev.ersatz.engine.compose;

import dev.ersatz.engine.model.MarkovModel;
import dev.ersatz.engine.model.NeuralModel;
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
     * @param density 0..{@link #MAX_DENSITY}: how many onsets, 1 as learnt, 0 silence (see the class)
     * @param leadIn  pitches played just before (most recent last; null or empty for none): the part
     *                whose range holds the last one starts from it (see {@link #compose})
     */
    public record Options(int bars, double temperature, long seed, Double bpm, int maxCopyNotes, double density, int[] leadIn, boolean neural) {
        public Options {
            if (bars < 1) throw new IllegalArgumentException("bars " + bars);
            if (!(temperature >= 0) || temperature > Temperature.MAX) throw new IllegalArgumentException("temperature " + temperature);
            if (maxCopyNotes < 0) throw new IllegalArgumentException("max copy notes " + maxCopyNotes);
            if (!(density >= 0) || density > MAX_DENSITY) throw new IllegalArgumentException("density " + density);
            leadIn = leadIn == null ? new int[0] : leadIn.clone();
            for (int pitch : leadIn) if (pitch < 0 || pitch > 127) throw new IllegalArgumentException("lead-in pitch " + pitch);
        }

        /** The model's own density, no lead-in, the Markov model. */
        public Options(int bars, double temperature, long seed, Double bpm, int maxCopyNotes) {
            this(bars, temperature, seed, bpm, maxCopyNotes, 1, null, false);
        }

        public Options(int bars, double temperature, long seed, Double bpm, int maxCopyNotes, double density, int[] leadIn) {
            this(bars, temperature, seed, bpm, maxCopyNotes, density, leadIn, false);
        }

        public Options withDensity(double d) { return new Options(bars, temperature, seed, bpm, maxCopyNotes, d, leadIn, neural); }

        public Options withLeadIn(int... pitches) { return new Options(bars, temperature, seed, bpm, maxCopyNotes, density, pitches, neural); }

        /** Draw from each part's network (the model must have them: learn-midi --neural) instead of its Markov model. */
        public Options withNeural(boolean n) { return new Options(bars, temperature, seed, bpm, maxCopyNotes, density, leadIn, n); }

        @Override
        public int[] leadIn() { return leadIn.clone(); }
    }

    /**
     * The next-note distribution of a walk after the notes {@code played[0..count)} (appended to,
     * never changed): the part's Markov model over the last of them, or its network's state fed
     * each note once.
     */
    private interface Source {
        void next(int[] played, int count, double[] p);

        static Source markov(MarkovModel markov) {
            int[] history = new int[markov.order()];
            return (played, count, p) -> {
                int from = Math.max(0, count - markov.order());
                System.arraycopy(played, from, history, 0, count - from);
                markov.distribution(history, count - from, p);
            };
        }

        static Source network(NeuralModel net) {
            NeuralModel.Stepper stepper = net.stepper();
            double[] all = new double[net.tokens() + 1];
            int[] seen = {0};
            return (played, count, p) -> {
                while (seen[0] < count) stepper.observe(played[seen[0]++]);
                stepper.probabilities(all);
                // The boundary (a training phrase ended) is not a note: a composition goes on to its last bar.
                System.arraycopy(all, 0, p, 0, net.tokens());
            };
        }
    }

    /** The most notes one onset may have. */
    public static final int MAX_CHORD = 16;

    private Composer() { }

    /**
     * Composes every part the model has. With a lead-in, the part whose range holds its last pitch
     * (else the part nearest to it) takes the pitches before it as its Markov context and starts
     * from that pitch: its first note is drawn among the notes of that pitch, else of its pitch
     * class, else among all, and the phrase is transposed so the first note is the pitch played
     * (an octave, or the interval, when the model has no such note). The other parts move by the
     * same interval less whole octaves (at most a tritone either way), so the harmony stays the
     * model's and no part leaves its register.
     */
    public static Composition compose(MidiModel model, Options o) {
        Map<Part, Composition.Track> tracks = new EnumMap<>(Part.class);
        int[] leadIn = o.leadIn();
        Part led = leadIn.length == 0 ? null : ledPart(model, leadIn[leadIn.length - 1]);
        int[] transpose = new int[1];
        for (Part part : Part.values()) {
            PartModel pm = model.part(part);
            if (pm == null) continue;
            // One stream per part whatever the other parts hold: a part's notes depend on the seed only.
            SplittableRandom random = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + part.ordinal() + 1);
            tracks.put(part, walk(pm, model.barSteps(), o, random, part == led ? leadIn : null, transpose));
        }
        if (transpose[0] != 0) {
            int others = Math.floorMod(transpose[0] + 6, 12) - 6; // the same pitch classes, no octave jump
            tracks.replaceAll((part, t) -> transposed(t, part == led ? transpose[0] : others));
        }
        return new Composition(o.bars(), model.barSteps(), o.bpm() == null ? model.bpm() : o.bpm(), tracks);
    }

    /** The part a lead-in pitch leads: the one whose range holds it, else the one nearest. */
    static Part ledPart(MidiModel model, int pitch) {
        Part best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Part p : model.parts().keySet()) {
            int d = p.holds(pitch) ? 0 : Math.min(Math.abs(pitch - p.low), Math.abs(pitch - p.high));
            if (d < bestDistance) { best = p; bestDistance = d; }
        }
        return best;
    }

    private static Composition.Track transposed(Composition.Track t, int by) {
        List<Composition.Placed> notes = new ArrayList<>(t.notes().size());
        for (Composition.Placed p : t.notes()) {
            NoteEvent e = p.note();
            int pitch = e.pitch() + by;
            while (pitch > 127) pitch -= 12;
            while (pitch < 0) pitch += 12;
            notes.add(new Composition.Placed(p.onset(), new NoteEvent(e.shift(), e.duration(), pitch, e.velocity(), e.position())));
        }
        return new Composition.Track(List.copyOf(notes), t.ids(), t.meanEntropyBits(), t.refusedByCopyBound(), t.offBar());
    }

    /** The part's likeliest note of each pitch (by its count in the training phrases), -1 for none. */
    private static int[] likeliestOfPitch(PartModel pm) {
        int[] count = new int[pm.vocabulary().size()];
        for (int[] ph : pm.phrases()) for (int id : ph) count[id]++;
        int[] best = new int[128];
        Arrays.fill(best, -1);
        for (int id = 0; id < count.length; id++) {
            int pitch = pm.note(id).pitch();
            if (best[pitch] < 0 || count[id] > count[best[pitch]]) best[pitch] = id;
        }
        return best;
    }

    /**
     * One part's walk. {@code leadIn}: null, or the pitches this part starts from (see
     * {@link #compose}); then {@code transpose[0]} is set to the interval its first note needs.
     */
    private static Composition.Track walk(PartModel pm, int bar, Options o, SplittableRandom random, int[] leadIn, int[] transpose) {
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
        if (o.neural() && pm.network() == null) throw new IllegalStateException("the " + pm.part().id() + " part has no network (learn the model with --neural)");
        Source source = o.neural() ? Source.network(pm.network()) : Source.markov(markov);
        int[] out = new int[64];
        int count = 0, refused = 0, offBar = 0, chord = 0;
        int base = 0; // the lead-in's context notes at the head of out: history, not played
        if (leadIn != null && leadIn.length > 1) {
            int[] of = likeliestOfPitch(pm);
            for (int i = Math.max(0, leadIn.length - 1 - markov.order()); i < leadIn.length - 1; i++) {
                if (of[leadIn[i]] >= 0) out[base++] = of[leadIn[i]];
            }
            count = base;
        }
        int startPitch = leadIn == null ? -1 : leadIn[leadIn.length - 1];
        double entropy = 0;
        List<Composition.Placed> notes = new ArrayList<>();
        List<Double> likelihood = new ArrayList<>(); // of each note as the model drew it, for thinning
        long time = 0;
        while (true) {
            source.next(out, count, p);
            double[] allowed = scratch;
            System.arraycopy(p, 0, allowed, 0, n);
            if (bound != null) {
                for (int id : bound.refused(out, count)) {
                    if (allowed[id] > 0) refused++;
                    allowed[id] = 0;
                }
            }
            if (count == base && startPitch >= 0) startFrom(pm, allowed, startPitch, bar);
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
            if (count == base + 1 && startPitch >= 0) transpose[0] = startPitch - pm.note(next).pitch();
            double total = 0;
            for (int i = 0; i < n; i++) total += q[i];
            likelihood.add(q[next] / total);
            NoteEvent e = pm.note(next);
            int dur = (int) Math.min(e.duration(), end - onset);
            notes.add(new Composition.Placed(onset, new NoteEvent(e.shift(), dur, e.pitch(), e.velocity(), e.position())));
            chord = onset == time ? chord + 1 : 1;
            time = onset;
        }
        int[] ids = Arrays.copyOfRange(out, base, count);
        if (o.density() < 1) {
            boolean[] keep = thin(notes, likelihood, bar, o.density(), startPitch >= 0);
            List<Composition.Placed> kept = new ArrayList<>();
            int[] keptIds = new int[ids.length];
            int m = 0;
            for (int i = 0; i < ids.length; i++) {
                if (!keep[i]) continue;
                kept.add(notes.get(i));
                keptIds[m++] = ids[i];
            }
            notes = kept;
            ids = Arrays.copyOf(keptIds, m);
        } else if (o.density() > 1) {
            notes = fill(notes, bar, end, o.density());
        }
        return new Composition.Track(List.copyOf(notes), ids, count == base ? 0 : entropy / (count - base + 1), refused, offBar);
    }

    /**
     * The first note of a led part: only notes of the pitch played stay allowed, else of its pitch
     * class, else all (the transposition then makes up the difference); among them those that
     * start in the first bar, when there are any (a long rest would leave a short phrase silent).
     */
    private static void startFrom(PartModel pm, double[] allowed, int pitch, int bar) {
        for (int pass = 0; pass < 4; pass++) {
            boolean any = false;
            for (int i = 0; i < allowed.length && !any; i++) any = allowed[i] > 0 && matches(pm.note(i), pitch, pass, bar);
            if (!any) continue;
            for (int i = 0; i < allowed.length; i++) if (!matches(pm.note(i), pitch, pass, bar)) allowed[i] = 0;
            return;
        }
        if (hasEarlier(pm, allowed, bar)) for (int i = 0; i < allowed.length; i++) if (pm.note(i).shift() >= bar) allowed[i] = 0;
    }

    private static boolean hasEarlier(PartModel pm, double[] allowed, int bar) {
        for (int i = 0; i < allowed.length; i++) if (allowed[i] > 0 && pm.note(i).shift() < bar) return true;
        return false;
    }

    /** Pass 0: the pitch, in the first bar; 1: the pitch class, in the first bar; 2: the pitch; 3: the pitch class. */
    private static boolean matches(NoteEvent e, int pitch, int pass, int bar) {
        if (pass < 2 && e.shift() >= bar) return false;
        return pass % 2 == 0 ? e.pitch() == pitch : e.pitch() % 12 == pitch % 12;
    }

    /**
     * Which notes stay at density d < 1: whole onsets (a chord goes or stays together), a fraction d
     * of them, the metrically weakest and then the least likely dropped first; with {@code keepFirst}
     * the first onset stays whatever its place (a led part starts from the pitch played).
     */
    static boolean[] thin(List<Composition.Placed> notes, List<Double> likelihood, int bar, double density, boolean keepFirst) {
        List<long[]> onsets = new ArrayList<>(); // {onset, first note, last note + 1}
        for (int i = 0; i < notes.size(); i++) {
            long t = notes.get(i).onset();
            if (onsets.isEmpty() || onsets.get(onsets.size() - 1)[0] != t) onsets.add(new long[] {t, i, i + 1});
            else onsets.get(onsets.size() - 1)[2] = i + 1;
        }
        int keep = Math.max(keepFirst && !onsets.isEmpty() ? 1 : 0, (int) Math.round(density * onsets.size()));
        Integer[] order = new Integer[onsets.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // Strongest first: metre, then the likelihood of the onset's likeliest note, then earlier.
        Arrays.sort(order, (a, b) -> {
            if (keepFirst && (a == 0 || b == 0)) return a == b ? 0 : a == 0 ? -1 : 1;
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
