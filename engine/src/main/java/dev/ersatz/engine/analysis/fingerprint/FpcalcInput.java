package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.audio.AudioData;

/**
 * The signal Chromaprint fingerprints when fpcalc reads a file: 16-bit mono at 11025 Hz, made the
 * way fpcalc's FFmpeg reader makes it with libswresample (internal format S16P). Samples are
 * quantised to int16 first (lrint(x * 32768), clipped: exact for 8/16-bit PCM and float sources;
 * 24/32-bit PCM, which FFmpeg truncates, may differ by one LSB). Stereo is mixed to mono as
 * (L + R + 1) >> 1 (swr's matrix: each side 1/sqrt 2, normalised to a sum of 1, in Q15), after
 * resampling each channel (swr's heuristic always says "resample first" when channels are
 * dropped). Three to eight channels are mixed with swr's matrix for FFmpeg's default layout of that
 * count (see {@link #mix}); more, with equal weights. Runs on the calling thread.
 */
final class FpcalcInput {
    private FpcalcInput() { }

    static short[] of(AudioData audio) {
        float[][] channels = audio.channels();
        int rate = audio.sampleRate();
        if (rate == Chromaprint.SAMPLE_RATE) {
            if (channels.length == 1) return toInt16(channels[0]);
            short[][] pcm = new short[channels.length][];
            for (int c = 0; c < pcm.length; c++) pcm[c] = toInt16(channels[c]);
            return mix(pcm);
        }
        return resampled(channels, new SwrResampler(rate, Chromaprint.SAMPLE_RATE));
    }

    /** The signal at 11025 Hz from channels at r's input rate, resampled then mixed. */
    static short[] resampled(float[][] channels, SwrResampler r) {
        // swr: resample_first = RSC*out_ch/in_ch - RSC < out_rate/(float)in_rate - 1.0 with RSC = 1 and
        // integer division on the left: -1 for any multichannel input, so it always resamples first.
        if (channels.length == 1) return r.resample(channels[0]);
        if (channels.length == 2) return mix(r.resample(channels[0], channels[1]));
        short[][] pcm = new short[channels.length][];
        for (int c = 0; c + 1 < pcm.length; c += 2) {
            short[][] pair = r.resample(channels[c], channels[c + 1]);
            pcm[c] = pair[0];
            pcm[c + 1] = pair[1];
        }
        if (pcm.length % 2 == 1) pcm[pcm.length - 1] = r.resample(channels[pcm.length - 1]);
        return mix(pcm);
    }

    static short[] toInt16(float[] x) { return toInt16(x, x.length); }

    static short[] toInt16(float[] x, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) s[i] = (short) int16(x[i]);
        return s;
    }

    /** One sample as FFmpeg converts float to int16: lrintf(x * 32768), clipped; NaN gives 0. */
    static int int16(float x) {
        float v = x * 32768f;
        // the range check before the cast keeps huge values clipped, not wrapped
        return v >= 32767f ? Short.MAX_VALUE : v <= -32768f ? Short.MIN_VALUE : (int) Math.rint(v);
    }

    /**
     * swr's int16 rematrix to one channel (FC): Q15 coefficients, +2^14, arithmetic shift by 15. The
     * coefficients are swr_build_matrix's for FFmpeg's default layout of the channel count (what
     * fpcalc assumes for a WAV without a channel mask): front left/right 1/sqrt 2, centre
     * centre_mix_level * sqrt 2 (= 1), back and side surround_mix_level / sqrt 2 (= 1/2), LFE 0;
     * the row is normalised to a sum of 1 and quantised to Q15 with error diffusion, as swr does.
     */
    static short[] mix(short[][] pcm) {
        int n = pcm[0].length;
        short[] m = new short[n];
        int[] q = mixCoefficients(pcm.length);
        if (pcm.length == 2) {
            short[] l = pcm[0], r = pcm[1];
            int a = q[0], b = q[1];
            for (int i = 0; i < n; i++) m[i] = (short) ((a * l[i] + b * r[i] + 16384) >> 15);
            return m;
        }
        for (int i = 0; i < n; i++) {
            int v = 16384;
            for (int c = 0; c < pcm.length; c++) v += q[c] * pcm[c][i];
            m[i] = (short) (v >> 15);
        }
        return m;
    }

    /** Q15 weights of each input channel in the mono mix (see {@link #mix}). */
    static int[] mixCoefficients(int channels) {
        double s = Math.sqrt(0.5);           // M_SQRT1_2
        double centre = s * Math.sqrt(2);    // center_mix_level (-3 dB) * sqrt 2
        double surround = s * s;             // surround_mix_level (-3 dB) * M_SQRT1_2
        double[] w = switch (channels) {
            case 2 -> new double[] {s, s};                                             // stereo
            case 3 -> new double[] {s, s, 0};                                          // 2.1: FL FR LFE
            case 4 -> new double[] {s, s, centre, surround};                           // 4.0: FL FR FC BC
            case 5 -> new double[] {s, s, centre, surround, surround};                 // 5.0: FL FR FC BL BR
            case 6 -> new double[] {s, s, centre, 0, surround, surround};              // 5.1: FL FR FC LFE BL BR
            case 7 -> new double[] {s, s, centre, 0, surround, surround, surround};    // 6.1: FL FR FC LFE BC SL SR
            case 8 -> new double[] {s, s, centre, 0, surround, surround, surround, surround}; // 7.1
            default -> {
                double[] e = new double[channels]; // no default layout: equal weights (an approximation)
                java.util.Arrays.fill(e, 1);
                yield e;
            }
        };
        double sum = 0;
        for (double x : w) sum += Math.abs(x);
        int[] q = new int[channels];
        double rem = 0;
        for (int c = 0; c < channels; c++) {
            double target = (sum > 1 ? w[c] / sum : w[c]) * 32768 + rem;
            q[c] = (int) Math.rint((float) target); // lrintf
            rem += target - q[c];
        }
        return q;
    }
}
