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
 * Control thread (or a generator worker); allocates.
 */
public final class Composer {
    public record Options(int bars, double temperature, long seed, Double bpm, int maxCopyNotes) {
        public Options {
            if (bars < 1) throw new IllegalArgumentException("bars " + bars);
            if (!(temperature >= 0) || temperature > Temperature.MAX) throw new IllegalArgumentException("temperature " + temperature);
            if (maxCopyNotes < 0) throw new IllegalArgumentException("max copy notes " + maxCopyNotes);
        }
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
        CopyBound bound = o.maxCopyNotes() > 0 ? new CopyBound(o.maxCopyNotes(), pm.phrases()) : null;
        long end = (long) o.bars() * bar;
        double[] p = new double[n], scratch = new double[n], q = new double[n], w = new double[n];
        int[] history = new int[markov.order()];
        int[] out = new int[64];
        int count = 0, refused = 0, offBar = 0, chord = 0;
        double entropy = 0;
        List<Composition.Placed> notes = new ArrayList<>();
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
            NoteEvent e = pm.note(next);
            int dur = (int) Math.min(e.duration(), end - onset);
            notes.add(new Composition.Placed(onset, new NoteEvent(e.shift(), dur, e.pitch(), e.velocity(), e.position())));
            chord = onset == time ? chord + 1 : 1;
            time = onset;
        }
        return new Composition.Track(List.copyOf(notes), Arrays.copyOf(out, count), count == 0 ? 0 : entropy / (count + 1), refused, offBar);
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
