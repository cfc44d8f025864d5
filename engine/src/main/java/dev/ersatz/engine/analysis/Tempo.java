package dev.ersatz.engine.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The tempo decision, from the autocorrelation of the onset envelope. Tempo is ambiguous by factors
 * of two (and three), so the candidates are the autocorrelation's peaks between 30 and 300 BPM and,
 * for a loop (a file whose end meets its start), the readings of its length as a power-of-two number
 * of beats; each is weighed by how periodic the envelope is at its lag and by a tempo prior, a
 * log-normal around 120 BPM as librosa's beat tracker uses. Where the envelope is not periodic enough (pulse clarity under
 * {@link #MIN_PULSE}) there is no tempo at all. {@link #family} gives a tempo's half and double.
 */
final class Tempo {
    static final double MIN_BPM = 30, MAX_BPM = 300;
    /** The prior's centre and width (one standard deviation, in octaves): see docs/BENCHMARKS.md for how they were chosen. */
    static final double PRIOR_BPM = 120, PRIOR_OCTAVES = 0.5;
    /** How much a loop's length reading outweighs an autocorrelation peak that is not one. */
    static final double LOOP_WEIGHT = 3;
    /** Pulse clarity under this is no pulse: calibrated between real loops and real drones (docs/BENCHMARKS.md). */
    static final double MIN_PULSE = 0.28;
    /** Shorter pieces hold too few beats to tell a tempo from a rhythm. */
    static final double MIN_SECONDS = 1.0;
    /** Fewer onsets than this are no pulse (two onsets make an interval, not a tempo). */
    static final int MIN_ONSETS = 3;
    /** Slow swells (a swoosh's rise) are taken out of the envelope over this window before periodicity is measured. */
    static final double DETREND_SECONDS = 0.5;

    private Tempo() { }

    /**
     * The decision for an onset envelope {@code env} of a piece {@code seconds} long with {@code
     * onsets} onsets; {@code loop} when its end meets its start.
     */
    static TempoEstimate estimate(double[] env, double frameRate, double seconds, int onsets, boolean loop) {
        if (seconds < MIN_SECONDS) {
            return TempoEstimate.none(String.format(Locale.ROOT, "too short for a tempo (%.2f s, under %.1f s)", seconds, MIN_SECONDS));
        }
        if (onsets < MIN_ONSETS) return TempoEstimate.none("too few onsets for a tempo (" + onsets + ", under " + MIN_ONSETS + ")");
        int n = env.length;
        int maxLag = Math.min((int) Math.ceil(60 * frameRate / MIN_BPM) + 1, loop ? n - 1 : n / 2);
        int minLag = Math.max(1, (int) Math.floor(60 * frameRate / MAX_BPM));
        if (maxLag <= minLag + 1) return TempoEstimate.none("too short for a tempo");
        double[] salience = autocorrelation(detrend(smooth(env), frameRate), maxLag, loop);

        List<Scored> all = new ArrayList<>();
        for (int lag = minLag; lag < maxLag; lag++) {
            double a = salience[lag - 1], b = salience[lag], c = salience[lag + 1];
            if (b > 0 && b > a && b >= c) {
                // Parabolic interpolation of the peak between lags.
                double den = a - 2 * b + c;
                double off = den == 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
                double bpm = 60 * frameRate / (lag + off);
                if (bpm >= MIN_BPM && bpm <= MAX_BPM) all.add(new Scored(bpm, b - 0.25 * (a - c) * off, 0, 1));
            }
        }
        if (loop) {
            for (int beats = 2; beats <= 64; beats *= 2) {
                double bpm = 60 * beats / seconds;
                if (bpm < MIN_BPM || bpm > MAX_BPM) continue;
                double lag = seconds * frameRate / beats;
                if (lag > maxLag - 1) continue;
                // A syncopated break need not repeat beat by beat, but it does every two beats.
                double strength = Math.max(around(salience, lag), 2 * lag < maxLag - 1 ? around(salience, 2 * lag) : 0);
                all.add(new Scored(bpm, strength, beats, LOOP_WEIGHT));
            }
        }
        all.removeIf(s -> s.strength <= 0);
        if (all.isEmpty()) return TempoEstimate.none("no steady pulse (clarity 0.00, under " + fmt(MIN_PULSE) + ")");
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        // One candidate per tempo: a length reading and the peak it sits on are the same answer.
        List<Scored> kept = new ArrayList<>();
        for (Scored s : all) {
            boolean dup = false;
            for (Scored k : kept) dup |= Math.abs(k.bpm / s.bpm - 1) < 0.02;
            if (!dup) kept.add(s);
        }
        Scored best = kept.get(0);
        double pulse = Math.max(0, Math.min(1, best.strength));
        if (pulse < MIN_PULSE) {
            return TempoEstimate.none("no steady pulse (clarity " + fmt(pulse) + ", under " + fmt(MIN_PULSE) + ")");
        }
        List<TempoCandidate> out = new ArrayList<>();
        for (Scored s : kept.subList(0, Math.min(5, kept.size()))) out.add(new TempoCandidate(round(s.bpm), round(s.strength)));
        return new TempoEstimate(out, family(salience, frameRate, best.bpm), round(pulse), best.beats, null);
    }

    /** How far under its loudest 50 ms a loop's first 50 ms may start, and its last 50 ms end (dB). */
    static final double LOOP_START_DB = 20, LOOP_END_DB = 60;

    /**
     * Whether a piece is cut as a loop: it starts at full level (its first 50 ms within {@link
     * #LOOP_START_DB} of its loudest 50 ms: no fade-in, no lead-in silence) and it is still sounding
     * when it ends (its last 50 ms within {@link #LOOP_END_DB}: not a tail that decayed to nothing),
     * so its end meets its start. A one-shot rings out into silence and a swell rises from nothing.
     */
    static boolean endMeetsStart(float[] mono, int rate) {
        int block = Math.max(1, rate / 20), blocks = mono.length / block;
        if (blocks < 4) return false;
        double loudest = 0;
        for (int b = 0; b < blocks; b++) loudest = Math.max(loudest, power(mono, b * block, block));
        return loudest > 0 && power(mono, 0, block) >= loudest * Math.pow(10, -LOOP_START_DB / 10)
                && power(mono, mono.length - block, block) >= loudest * Math.pow(10, -LOOP_END_DB / 10);
    }

    private static double power(float[] x, int from, int len) {
        double s = 0;
        for (int i = from; i < from + len; i++) s += (double) x[i] * x[i];
        return s / len;
    }

    /** A candidate with its evidence: {@code beats} > 0 for a loop's length reading. */
    private record Scored(double bpm, double strength, int beats, double weight) {
        double score() { return strength * weight * prior(bpm); }
    }

    /** The tempo prior: a log-normal density around {@link #PRIOR_BPM}, 1 at its centre. */
    static double prior(double bpm) {
        double z = Math.log(bpm / PRIOR_BPM) / Math.log(2) / PRIOR_OCTAVES;
        return Math.exp(-0.5 * z * z);
    }

    /**
     * Normalised autocorrelation for lags 0..maxLag. A loop's envelope wraps (its end meets its
     * start), so every lag sees the whole piece; otherwise each lag's sum is divided by its overlap,
     * so slow tempos are not penalised for fitting fewer times into the file.
     */
    static double[] autocorrelation(double[] d, int maxLag, boolean circular) {
        int n = d.length;
        double[] acf = new double[maxLag + 1];
        for (int lag = 0; lag <= Math.min(maxLag, n - 1); lag++) {
            double s = 0;
            if (circular) {
                for (int i = 0; i < n; i++) s += d[i] * d[(i - lag + n) % n];
                acf[lag] = s / n;
            } else {
                for (int i = lag; i < n; i++) s += d[i] * d[i - lag];
                acf[lag] = s / (n - lag);
            }
        }
        if (acf[0] > 0) for (int i = acf.length - 1; i >= 0; i--) acf[i] /= acf[0];
        else java.util.Arrays.fill(acf, 0);
        return acf;
    }

    /** The envelope less its centred moving average over {@link #DETREND_SECONDS}: what is left is attacks, not swells. */
    static double[] detrend(double[] env, double frameRate) {
        int n = env.length, half = Math.max(1, (int) Math.round(DETREND_SECONDS * frameRate / 2));
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + env[i];
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half), z = Math.min(n, i + half + 1);
            out[i] = env[i] - (prefix[z] - prefix[a]) / (z - a);
        }
        return out;
    }

    /** The best value at a fractional lag or a frame either side: a beat period is rarely a whole number of frames. */
    private static double around(double[] acf, double lag) {
        int i = (int) Math.floor(lag);
        double best = Double.NEGATIVE_INFINITY;
        for (int j = i - 1; j <= i + 2; j++) if (j >= 1 && j < acf.length) best = Math.max(best, acf[j]);
        return best == Double.NEGATIVE_INFINITY ? 0 : best;
    }

    /** Half, the tempo itself and double, each with the periodicity at its lag (0 beyond the range). */
    static List<TempoCandidate> family(double[] salience, double frameRate, double bpm) {
        List<TempoCandidate> out = new ArrayList<>();
        for (double f : new double[] {0.5, 1, 2}) {
            double lag = 60 * frameRate / (bpm * f);
            out.add(new TempoCandidate(round(bpm * f), round(lag + 2 < salience.length ? around(salience, lag) : 0)));
        }
        return out;
    }

    /**
     * The envelope blurred by a 5-frame Hann kernel: a beat period is rarely a whole number of frames,
     * and without the blur its pulses would fall on alternating lags and lose to a multiple that
     * happens to land on one.
     */
    static double[] smooth(double[] env) {
        double[] k = {0.25, 0.75, 1, 0.75, 0.25};
        double[] out = new double[env.length];
        for (int i = 0; i < env.length; i++) {
            double s = 0;
            for (int j = 0; j < k.length; j++) {
                int t = i + j - 2;
                if (t >= 0 && t < env.length) s += k[j] * env[t];
            }
            out[i] = s / 3;
        }
        return out;
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.2f", v); }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
