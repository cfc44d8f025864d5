package dev.ersatz.engine.resynth;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Resynthesis of a whole input, offline: the input streams through {@link InputUnits} (as it would
 * live), each unit is matched by a {@link UnitMatcher}, and the chosen corpus audio plays from the
 * unit's start, its level following the input's envelope (the ratio of two followers, the input's
 * and the played corpus audio's, capped at max_gain). Live, a unit plays one unit window
 * ({@link InputUnits#latencyFrames}) after it began, plus a period; the render here removes that
 * latency, as a host's delay compensation would, so its output lines up with the input.
 *
 * <p>Control thread (the command line, tests). Deterministic for one input, corpus, parameters and seed.
 */
public final class Resynthesizer {
    /** One decision: the input unit's start (frame), the corpus unit chosen, its rank among the nearest (−1 continued). */
    public record Choice(long frame, boolean onset, int unit, int rank, float distance, float nearestDistance) { }

    public record Result(AudioData audio, List<Choice> choices) { }

    private static final double FADE_OUT_SECONDS = 0.005;
    private static final int FADE_IN = 32;
    private static final double ATTACK_SECONDS = 0.001, RELEASE_SECONDS = 0.01;
    private static final float CEILING = 0.9660509f; // −0.3 dBFS, as the instrument's safety limiter

    private final CorpusUnits corpus;
    private final UnitIndex index;

    public Resynthesizer(CorpusUnits corpus, UnitIndex index) {
        this.corpus = corpus;
        this.index = index;
    }

    /** Resynthesizes {@code input} (at the corpus's rate) with {@code params} (by {@link ResynthParams} index). */
    public Result render(AudioData input, float[] params, long seed, Progress progress) {
        if (input.sampleRate() != corpus.rate) throw new IllegalArgumentException("input at " + input.sampleRate() + " Hz, corpus at " + corpus.rate);
        int rate = corpus.rate;
        int n = input.frames();
        float[] x = new float[n];
        for (float[] ch : input.channels()) for (int i = 0; i < n; i++) x[i] += Sanitize.sample(ch[i]) / input.channelCount();
        UnitMatcher matcher = new UnitMatcher(index);
        matcher.weights(params[ResynthParams.WEIGHT_LOUDNESS], params[ResynthParams.WEIGHT_TIMBRE],
                params[ResynthParams.WEIGHT_BRIGHTNESS], params[ResynthParams.WEIGHT_NOISINESS]);
        double temperature = params[ResynthParams.TEMPERATURE];
        int k = Math.round(params[ResynthParams.NEIGHBOURS]);
        double continuity = params[ResynthParams.CONTINUITY];
        int maxUnit = (int) Math.round(params[ResynthParams.UNIT] / 1000.0 * rate);
        SplittableRandom random = new SplittableRandom(seed);

        // Pass 1: the units and their matches, in input order.
        List<Choice> choices = new ArrayList<>();
        InputUnits units = new InputUnits(rate, maxUnit);
        long[] playing = {-1, -1}; // the unit playing and the frame it started at
        InputUnits.Sink sink = (start, onset, d) -> {
            int continuation = onset ? -1 : continuation((int) playing[0], start - playing[1]);
            int u = matcher.match(d, 0, temperature, k, continuation, continuity, random);
            choices.add(new Choice(start, onset, u, matcher.rank, matcher.chosenDistance, matcher.nearestDistance));
            if (matcher.rank >= 0) {
                playing[0] = u;
                playing[1] = start;
            }
        };
        int step = 4096;
        for (int i = 0; i < n; i += step) {
            units.push(x, i, Math.min(step, n - i), sink);
            progress.update(i / 2, n, "matching units");
        }
        // Pass 2: play them, latency removed.
        float[] wet = render(x, choices, (float) Math.pow(10, params[ResynthParams.MAX_GAIN] / 20.0), rate);
        float mix = params[ResynthParams.DRY_WET];
        float[] l = new float[n], r = new float[n];
        float[][] in = input.channels();
        for (int i = 0; i < n; i++) {
            float dl = Sanitize.sample(in[0][i]), dr = Sanitize.sample(in[Math.min(1, in.length - 1)][i]);
            l[i] = guard(mix * wet[i] + (1 - mix) * dl);
            r[i] = guard(mix * wet[i] + (1 - mix) * dr);
        }
        progress.update(n, n, "done");
        return new Result(new AudioData(new float[][] {l, r}, rate), choices);
    }

    private static float guard(float v) {
        if (!(Math.abs(v) <= Float.MAX_VALUE)) return 0f;
        return Math.max(-CEILING, Math.min(CEILING, v));
    }

    /** The corpus unit under the playhead of {@code unit} started {@code elapsed} frames ago: its clip's later unit, or −1 past the clip's end. */
    int continuation(int unit, long elapsed) {
        if (unit < 0) return -1;
        long pos = corpus.start[unit] + elapsed;
        if (pos >= corpus.audio[corpus.clip[unit]].length - CorpusUnits.DESCRIBE_FRAMES / 4) return -1;
        int u = unit;
        for (int steps = 0; steps < 64; steps++) {
            int nx = corpus.next[u];
            if (nx < 0 || corpus.start[nx] > pos) return u;
            u = nx;
        }
        return u;
    }

    /** The wet signal: each choice's corpus audio from the unit's start frame, gain following the input's envelope. */
    private float[] render(float[] x, List<Choice> choices, float maxGain, int rate) {
        int n = x.length;
        float[] out = new float[n];
        float[] voice = new float[n]; // the corpus audio as played, before the gain
        int fadeOut = (int) Math.round(FADE_OUT_SECONDS * rate);
        for (int c = 0; c < choices.size(); c++) {
            Choice ch = choices.get(c);
            if (ch.rank() < 0) continue; // continued: the playing voice goes on
            int next = n;
            for (int d = c + 1; d < choices.size(); d++) {
                if (choices.get(d).rank() >= 0) {
                    next = (int) choices.get(d).frame();
                    break;
                }
            }
            float[] a = corpus.audio[corpus.clip[ch.unit()]];
            int from = corpus.start[ch.unit()];
            int at = (int) ch.frame();
            int end = Math.min(n, next + fadeOut);
            for (int i = at; i < end; i++) {
                int p = from + (i - at);
                if (p >= a.length) break;
                float g = i - at < FADE_IN ? (i - at) / (float) FADE_IN : 1f;
                if (i >= next) g *= 1f - (i - next) / (float) fadeOut;
                voice[i] += g * a[p];
            }
        }
        double att = 1 - Math.exp(-1.0 / (ATTACK_SECONDS * rate)), rel = 1 - Math.exp(-1.0 / (RELEASE_SECONDS * rate));
        double envIn = 0, envOut = 0;
        for (int i = 0; i < n; i++) {
            double pi = (double) x[i] * x[i], po = (double) voice[i] * voice[i];
            envIn += (pi > envIn ? att : rel) * (pi - envIn);
            envOut += (po > envOut ? att : rel) * (po - envOut);
            double g = Math.sqrt(envIn / (envOut + 1e-12));
            out[i] = (float) (Math.min(maxGain, g) * voice[i]);
        }
        return out;
    }
}
