package dev.ersatz.engine.analysis;

import dev.ersatz.engine.util.IntMath;
import java.util.ArrayList;
import java.util.List;

/**
 * Silence trimming and splitting with the semantics of librosa 0.10 {@code effects.trim} and
 * {@code effects.split} (ref = max, aggregate = max). Runs on any thread; pure.
 *
 * <p>Frame i is centred on sample i·hop: it covers [i·hop − frameLength/2, i·hop − frameLength/2 +
 * frameLength) of the signal padded with zeros (frameLength/2 each side), so there are
 * 1 + (n + 2·(frameLength/2) − frameLength)/hop frames. Its RMS, per channel, becomes
 * dB = 10·log10(max(1e-10, ms)) − 10·log10(max(1e-10, ref)) with ms the mean square and ref the largest
 * mean square over every channel and frame; channels combine by max; a frame is non-silent when
 * dB &gt; −topDb.
 *
 * <p>One deliberate difference: when even the loudest frame's RMS is at or below the 1e-5 floor
 * (digital silence), librosa's relative dB is 0 everywhere and it keeps the whole file; we call such
 * a file all silent — trim gives (0, 0) and split gives no intervals — as the design asks.
 */
public final class Trim {
    /** librosa's amin for amplitude_to_db (1e-5), squared because we compare mean squares. */
    static final double AMIN_POWER = 1e-10;

    private Trim() { }

    /** The non-silent part: [first non-silent frame·hop, min(n, (last + 1)·hop)), or (0, 0). */
    public static Interval trim(float[][] channels, TrimOptions o) {
        boolean[] loud = nonSilentFrames(channels, o);
        int first = -1, last = -1;
        for (int i = 0; i < loud.length; i++) {
            if (loud[i]) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) return new Interval(0, 0);
        int n = channels[0].length;
        return new Interval(toSamples(first, o, n), toSamples(last + 1, o, n));
    }

    /** Every maximal run of non-silent frames as [run start·hop, min(n, run end·hop)). */
    public static List<Interval> split(float[][] channels, TrimOptions o) {
        return runs(nonSilentFrames(channels, o), channels[0].length, o);
    }

    /**
     * {@link #split} against a given reference mean square instead of the signal's own loudest
     * frame (librosa's {@code split(ref=number)}): e.g. the loudest frame of a whole corpus, so a
     * quiet file's tail is silent where it would be silent beside the corpus's loudest sound.
     */
    public static List<Interval> split(float[][] channels, TrimOptions o, double reference) {
        return runs(loud(loudestMeanSquare(channels, o), reference, o), channels[0].length, o);
    }

    private static List<Interval> runs(boolean[] loud, int n, TrimOptions o) {
        List<Interval> out = new ArrayList<>();
        int i = 0;
        while (i < loud.length) {
            if (!loud[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < loud.length && loud[i]) i++;
            out.add(new Interval(toSamples(start, o, n), toSamples(i, o, n)));
        }
        return out;
    }

    /** Frame index to sample, clipped to the signal (librosa's frames_to_samples, then np.minimum). */
    private static int toSamples(int frame, TrimOptions o, int n) {
        return (int) Math.min(n, (long) frame * o.hopLength());
    }

    /** The number of centred frames librosa makes of n samples (0 when the signal is too short to frame). */
    public static int frameCount(int n, TrimOptions o) {
        long padded = (long) n + 2L * (o.frameLength() / 2);
        if (padded < o.frameLength()) return 0;
        return (int) (1 + (padded - o.frameLength()) / o.hopLength());
    }

    /**
     * Per frame, true when it is non-silent. All false when the signal is all silent (see the class
     * comment) or too short to frame (an empty signal).
     */
    public static boolean[] nonSilentFrames(float[][] channels, TrimOptions o) {
        double[] ms = loudestMeanSquare(channels, o);
        return loud(ms, max(ms), o);
    }

    /** The mean square of the signal's loudest frame (over every channel): the reference of {@link #trim} and {@link #split}. */
    public static double reference(float[][] channels, TrimOptions o) {
        return max(loudestMeanSquare(channels, o));
    }

    private static double max(double[] ms) {
        double ref = 0;
        for (double v : ms) ref = Math.max(ref, v);
        return ref;
    }

    /** Per frame, whether its mean square is within topDb of {@code ref}; all false when ref is digital silence. */
    private static boolean[] loud(double[] ms, double ref, TrimOptions o) {
        boolean[] loud = new boolean[ms.length];
        if (ref <= AMIN_POWER) return loud;
        double refDb = 10 * Math.log10(ref);
        for (int i = 0; i < ms.length; i++) {
            double db = 10 * Math.log10(Math.max(AMIN_POWER, ms[i])) - refDb;
            loud[i] = db > -o.topDb();
        }
        return loud;
    }

    /**
     * Per frame, the largest mean square over channels. Taking the max of mean squares before the
     * (monotonic) dB conversion equals librosa's max of per-channel dB.
     *
     * <p>Sums of squares go through blocks of g = gcd(hop, frameLength, frameLength/2) samples aligned
     * with the frame grid, so each frame adds frameLength/g block sums instead of frameLength samples.
     * Block sums are exact-order double sums: no running-sum cancellation that would drown quiet frames
     * after loud ones.
     */
    static double[] loudestMeanSquare(float[][] channels, TrimOptions o) {
        int n = channels[0].length;
        int frames = frameCount(n, o);
        double[] out = new double[frames];
        if (frames == 0) return out;
        int fl = o.frameLength(), hop = o.hopLength(), half = fl / 2;
        int g = IntMath.gcd(IntMath.gcd(hop, fl), half == 0 ? fl : half);
        // Block b covers padded samples [b·g, (b+1)·g); padded sample p is signal sample p − half.
        long paddedLength = (long) (frames - 1) * hop + fl;
        int blocks = (int) ((paddedLength + g - 1) / g);
        double[] blockSum = new double[blocks];
        int perFrame = fl / g, blockHop = hop / g;
        for (float[] x : channels) {
            java.util.Arrays.fill(blockSum, 0);
            for (int b = 0; b < blocks; b++) {
                long from = (long) b * g - half, to = from + g;
                blockSum[b] = sumOfSquares(x, (int) Math.max(0, from), (int) Math.min(n, to));
            }
            for (int f = 0; f < frames; f++) {
                double s = 0;
                int b0 = f * blockHop;
                for (int k = 0; k < perFrame; k++) s += blockSum[b0 + k];
                double ms = s / fl;
                if (ms > out[f]) out[f] = ms;
            }
        }
        return out;
    }

    /** Σ x[i]² over [from, to), in four interleaved sums so the additions do not wait on each other. */
    static double sumOfSquares(float[] x, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; i < to; i++) s0 += (double) x[i] * x[i];
        return (s0 + s1) + (s2 + s3);
    }
}
