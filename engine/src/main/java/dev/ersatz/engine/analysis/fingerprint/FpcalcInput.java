package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.audio.AudioData;

/**
 * The signal Chromaprint fingerprints when fpcalc reads a file: 16-bit mono at 11025 Hz, made the
 * way fpcalc's FFmpeg reader makes it with libswresample (internal format S16P). Samples are
 * quantised to int16 first (lrint(x * 32768), clipped: exact for 8/16-bit PCM and float sources;
 * 24/32-bit PCM, which FFmpeg truncates, may differ by one LSB). Stereo is mixed to mono as
 * (L + R + 1) >> 1 (swr's matrix: each side 1/sqrt 2, normalised to a sum of 1, in Q15), after
 * resampling each channel when swr's heuristic says "resample first" (it does for stereo going to
 * a lower rate). More than two channels are averaged with equal weights (an approximation of swr's
 * layout-dependent matrix). Runs on the calling thread.
 */
final class FpcalcInput {
    private FpcalcInput() { }

    static short[] of(AudioData audio) {
        int channels = audio.channelCount();
        int rate = audio.sampleRate();
        short[][] pcm = new short[channels][];
        for (int c = 0; c < channels; c++) pcm[c] = toInt16(audio.channels()[c]);
        if (channels == 1 && rate == Chromaprint.SAMPLE_RATE) return pcm[0];
        boolean resample = rate != Chromaprint.SAMPLE_RATE;
        // swr: resample_first = RSC*out_ch/in_ch - RSC < out_rate/(float)in_rate - 1.0, RSC = 1, in integers on the left.
        boolean resampleFirst = resample && channels > 1
                && (1 / channels) - 1 < Chromaprint.SAMPLE_RATE / (float) rate - 1.0;
        if (resample && resampleFirst) {
            SwrResampler r = new SwrResampler(rate, Chromaprint.SAMPLE_RATE);
            if (channels == 2) return mix(r.resample(pcm[0], pcm[1]));
            for (int c = 0; c < channels; c++) pcm[c] = r.resample(pcm[c]);
            return mix(pcm);
        }
        short[] mono = channels == 1 ? pcm[0] : mix(pcm);
        return resample ? new SwrResampler(rate, Chromaprint.SAMPLE_RATE).resample(mono) : mono;
    }

    static short[] toInt16(float[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i] * 32768f;
            // NaN maps to 0; the range check before the cast keeps huge values clipped, not wrapped.
            s[i] = v >= 32767f ? Short.MAX_VALUE : v <= -32768f ? Short.MIN_VALUE : (short) Math.rint(v);
        }
        return s;
    }

    /** swr's int16 rematrix to one channel: Q15 coefficients, +2^14, arithmetic shift by 15. */
    static short[] mix(short[][] pcm) {
        int n = pcm[0].length;
        short[] m = new short[n];
        if (pcm.length == 2) {
            short[] l = pcm[0], r = pcm[1];
            for (int i = 0; i < n; i++) m[i] = (short) ((16384 * l[i] + 16384 * r[i] + 16384) >> 15);
            return m;
        }
        int coeff = Math.round(32768f / pcm.length);
        for (int i = 0; i < n; i++) {
            long acc = 16384;
            for (short[] c : pcm) acc += (long) coeff * c[i];
            long v = acc >> 15;
            m[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return m;
    }
}
