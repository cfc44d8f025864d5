package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Trim and split against librosa 0.10's rules. Expected cut points come either from hand derivation
 * (square bursts: every sample of a burst is ±A, so a frame is non-silent exactly when its window
 * [512i − 1024, 512i + 1024) touches the burst) or from {@link #reference}, a slow transcription of
 * librosa's pipeline that shares no code with {@link Trim}.
 */
class TrimTest {
    static final int N = 44100;

    /** ±amp, alternating every 50 samples, on [from, to); zero elsewhere. Every burst sample has |x| = amp. */
    static float[] bursts(int n, double amp, int... fromTo) {
        float[] x = new float[n];
        for (int k = 0; k < fromTo.length; k += 2) {
            for (int i = fromTo[k]; i < fromTo[k + 1]; i++) x[i] = (float) ((i / 50) % 2 == 0 ? amp : -amp);
        }
        return x;
    }

    static Interval trim(float[] mono) { return Trim.trim(new float[][] {mono}, TrimOptions.DEFAULT); }

    @Test
    void silenceToneSilenceCutsAtTheFramesThatTouchTheTone() {
        // First frame touching 10000: 512i + 1024 > 10000 → i = 18 → 9216.
        // Last frame touching 29999: 512i − 1024 < 30000 → i = 60 → end (60 + 1)·512 = 31232.
        assertEquals(new Interval(9216, 31232), trim(bursts(N, 0.5, 10000, 30000)));
    }

    @Test
    void toneAtTheVeryStartAndEndKeepsTheEdges() {
        assertEquals(new Interval(0, 11264), trim(bursts(N, 0.5, 0, 10000)));   // last i = 21 → 22·512
        // 80000 → i = 155 → 79360; the last frame's end 173·512 = 88576 is clipped to n = 88200.
        assertEquals(new Interval(79360, 88200), trim(bursts(88200, 0.5, 80000, 88200)));
        assertEquals(new Interval(0, N), trim(bursts(N, 0.5, 0, N)));
    }

    @Test
    void allSilentTrimsToNothingAndSplitsToNoIntervals() {
        assertEquals(new Interval(0, 0), trim(new float[N]));
        assertEquals(List.of(), Trim.split(new float[][] {new float[N], new float[N]}, TrimOptions.DEFAULT));
        assertEquals(new Interval(0, 0), trim(new float[0]));
        // Below the 1e-5 amplitude floor everything is "digital silence" too.
        assertEquals(new Interval(0, 0), trim(bursts(N, 5e-6, 1000, 2000)));
    }

    @Test
    void oneSampleFileIsOneFrame() {
        assertEquals(new Interval(0, 1), trim(new float[] {0.5f}));
        assertEquals(List.of(new Interval(0, 1)), Trim.split(new float[][] {{0.5f}}, TrimOptions.DEFAULT));
    }

    @Test
    void stereoWithSoundInOneChannelCutsByThatChannel() {
        float[] left = new float[N];
        float[] right = bursts(N, 0.5, 10000, 30000);
        assertEquals(new Interval(9216, 31232), Trim.trim(new float[][] {left, right}, TrimOptions.DEFAULT));
        assertEquals(new Interval(9216, 31232), Trim.trim(new float[][] {right, left}, TrimOptions.DEFAULT));
    }

    @Test
    void thresholdIsRelativeToTheLoudestFrameWithTheLibrosaFloor() {
        // A −80 dBFS burst: the silent frames sit at the 1e-5 floor, only 20 dB below it, so nothing is cut.
        assertEquals(new Interval(0, N), trim(bursts(N, 1e-4, 10000, 30000)));
        // A −40 dBFS burst (floor 60 dB below... exactly: 10·log10(1e-10 / 1e-4) = −60, not > −60) trims like a loud one.
        assertEquals(new Interval(9216, 31232), trim(bursts(N, 0.01 * 1.01, 10000, 30000)));
        // A loud burst and a second one 50 dB quieter: both count; 70 dB quieter: only the loud one.
        float[] x = bursts(N, 0.5, 10000, 20000);
        float[] quiet = bursts(N, 0.5 * Math.pow(10, -50 / 20.0), 30000, 40000);
        float[] quieter = bursts(N, 0.5 * Math.pow(10, -70 / 20.0), 30000, 40000);
        // A frame touching k samples of the quiet burst sits at −50 + 10·log10(k/2048) dB: it sounds when
        // k ≥ 205, i.e. 40000 − (512i − 1024) ≥ 205 → last i = 79 → end 80·512.
        assertEquals(new Interval(9216, 40960), trim(add(x, quiet)));
        assertEquals(new Interval(9216, 21504), trim(add(x, quieter)));   // 20000 → i = 41 → 42·512
    }

    @Test
    void splitGivesEachRunAndClipsTheLastToTheLength() {
        float[][] x = {bursts(88200, 0.5, 10000, 30000, 60000, 70000)};
        assertEquals(List.of(new Interval(9216, 31232), new Interval(59392, 71168)), Trim.split(x, TrimOptions.DEFAULT));
        float[][] edges = {bursts(88200, 0.5, 0, 10000, 80000, 88200)};
        assertEquals(List.of(new Interval(0, 11264), new Interval(79360, 88200)), Trim.split(edges, TrimOptions.DEFAULT));
    }

    @Test
    void splitKeepsLibrosasEmptyIntervalWhenOnlyTheLastFrameSounds() {
        // frame = hop = 512: frame 10 covers [4864, 5376), frame 9 [4352, 4864); only frame 10 sounds,
        // and its start 10·512 = 5120 is clipped to n = 5120 like its end.
        TrimOptions o = new TrimOptions(60, 512, 512);
        float[][] x = {bursts(5120, 0.5, 4864, 5120)};
        assertEquals(List.of(new Interval(5120, 5120)), Trim.split(x, o));
        assertEquals(new Interval(5120, 5120), Trim.trim(x, o));
    }

    @Test
    void frameAndHopVariationsMoveTheCutsAsDerived() {
        float[] x = bursts(N, 0.5, 10000, 30000);
        // frame 1024, hop 256: windows [256i − 512, 256i + 512): first i with 256i + 512 > 10000 → 38 → 9728;
        // last with 256i − 512 < 30000 → 119 → 120·256 = 30720.
        assertEquals(new Interval(9728, 30720), Trim.trim(new float[][] {x}, new TrimOptions(60, 1024, 256)));
        // odd frame 1001 (half 500), hop 300: windows [300i − 500, 300i + 501): first 300i + 501 > 10000 → 32 → 9600;
        // last 300i − 500 < 30000 → 101 → 102·300 = 30600.
        assertEquals(new Interval(9600, 30600), Trim.trim(new float[][] {x}, new TrimOptions(60, 1001, 300)));
    }

    @Test
    void matchesTheIndependentReferenceOnMusicNoiseAndFades() {
        Random r = new Random(7);
        int[][] shapes = {{2048, 512}, {1024, 256}, {2048, 2048}, {1001, 300}, {512, 128}, {4096, 1000}};
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(60000);
            int channels = 1 + r.nextInt(3);
            float[][] x = new float[channels][];
            for (int c = 0; c < channels; c++) x[c] = faded(Signals.music(n, 22050, r.nextLong()), r, n);
            int[] s = shapes[r.nextInt(shapes.length)];
            double topDb = new double[] {20, 40, 60, 80}[r.nextInt(4)];
            TrimOptions o = new TrimOptions(topDb, s[0], s[1]);
            boolean[] ref = reference(x, topDb, s[0], s[1]);
            List<Interval> expected = runs(ref, s[1], n);
            String what = "trial " + trial + " n=" + n + " " + o;
            assertEquals(expected, Trim.split(x, o), what);
            Interval t = expected.isEmpty() ? new Interval(0, 0)
                    : new Interval(expected.get(0).start(), expected.get(expected.size() - 1).end());
            assertEquals(t, Trim.trim(x, o), what);
        }
    }

    /** Silence, a fade-in, the signal, a fade-out at random places: the cut points land in graded levels. */
    private static float[] faded(float[] x, Random r, int n) {
        int a = r.nextInt(n), b = a + r.nextInt(n - a + 1);
        for (int i = 0; i < n; i++) {
            double g;
            if (i < a) g = 0;
            else if (i >= b) g = Math.pow(10, -(i - b) / 200.0);   // a long exponential tail through the threshold
            else g = Math.min(1, (i - a + 1) / 3000.0);
            x[i] *= (float) g;
        }
        return x;
    }

    /** librosa 0.10, step by step: pad, frame, rms per channel, amplitude_to_db(ref=max), max over channels, > −top_db. */
    static boolean[] reference(float[][] y, double topDb, int frameLength, int hop) {
        int pad = frameLength / 2;
        int padded = y[0].length + 2 * pad;
        if (padded < frameLength) return new boolean[0];
        int frames = 1 + (padded - frameLength) / hop;
        double[][] rms = new double[y.length][frames];
        double maxRms = 0;
        for (int c = 0; c < y.length; c++) {
            double[] p = new double[padded];
            for (int i = 0; i < y[c].length; i++) p[pad + i] = y[c][i];
            for (int f = 0; f < frames; f++) {
                double sum = 0;
                for (int k = 0; k < frameLength; k++) sum += p[f * hop + k] * p[f * hop + k];
                rms[c][f] = Math.sqrt(sum / frameLength);
                maxRms = Math.max(maxRms, rms[c][f]);
            }
        }
        boolean[] out = new boolean[frames];
        if (maxRms <= 1e-5) return out;   // the design's all-silent rule
        for (int f = 0; f < frames; f++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < y.length; c++) {
                double db = 20 * Math.log10(Math.max(rms[c][f], 1e-5)) - 20 * Math.log10(Math.max(maxRms, 1e-5));
                best = Math.max(best, db);
            }
            out[f] = best > -topDb;
        }
        return out;
    }

    /** librosa's split: edges where the indicator changes, plus 0 / len at loud ends, times hop, clipped to n. */
    static List<Interval> runs(boolean[] loud, int hop, int n) {
        List<Integer> edges = new ArrayList<>();
        if (loud.length > 0 && loud[0]) edges.add(0);
        for (int i = 1; i < loud.length; i++) if (loud[i] != loud[i - 1]) edges.add(i);
        if (loud.length > 0 && loud[loud.length - 1]) edges.add(loud.length);
        List<Interval> out = new ArrayList<>();
        for (int k = 0; k < edges.size(); k += 2) {
            out.add(new Interval(Math.min(n, edges.get(k) * hop), Math.min(n, edges.get(k + 1) * hop)));
        }
        return out;
    }

    private static float[] add(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) s[i] = a[i] + b[i];
        assertTrue(a.length == b.length);
        return s;
    }
}
