package dev.ersatz.engine.analysis;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes one piece of audio: levels, loudness, silence, clipping, spectral shape, timbre, onsets
 * and tempo, in one STFT pass over the channels' average. Runs on a worker or control thread (never
 * the audio thread); each call is independent, so files may be analysed in parallel.
 */
public final class Analyzer {
    static final int MEL_BANDS = 40;
    static final float CLIP_LEVEL = 0.999f;
    static final int CLIP_RUN = 3;
    /** Above this median flatness a file is noise-like (white noise ≈ 0.56, tonal music ≪ 0.1). */
    static final double NOISE_FLATNESS = 0.25;

    private Analyzer() { }

    public static Analysis analyze(AudioData audio, Progress p) {
        float[][] ch = audio.channels();
        int rate = audio.sampleRate(), n = audio.frames();
        p.update(0, 4, "levels");
        float peak = 0;
        long clipped = 0;
        int runs = 0;
        for (float[] x : ch) {
            int run = 0;
            for (float v : x) {
                float a = Math.abs(v);
                if (a > peak) peak = a;
                if (a >= CLIP_LEVEL) {
                    run++;
                } else if (run > 0) {
                    if (run >= CLIP_RUN) {
                        clipped += run;
                        runs++;
                    }
                    run = 0;
                }
            }
            if (run >= CLIP_RUN) {
                clipped += run;
                runs++;
            }
        }
        double lufs = Loudness.integrated(ch, rate);
        p.update(1, 4, "silence");
        boolean[] loud = Trim.nonSilentFrames(ch, TrimOptions.DEFAULT);
        Interval trim = Trim.trim(ch, TrimOptions.DEFAULT);
        int silent = 0;
        for (boolean b : loud) if (!b) silent++;
        double silenceRatio = loud.length == 0 ? 1 : silent / (double) loud.length;

        p.update(2, 4, "spectrum");
        float[] mono = audio.mono();
        // About 46 ms windows every 23 ms at any rate (2048 / 1024 at 44.1 kHz): librosa's usual 43 frames/s.
        int nFft = SpectralFrames.fftSize(rate);
        Stft stft = new Stft(nFft, nFft / 2);
        Spectra s = new Spectra(stft.frameCount(n), nFft, rate);
        stft.run(mono, s::frame);

        p.update(3, 4, "onsets and tempo");
        double frameRate = rate / (double) stft.hop();
        s.finishMelDb();
        double[] env = Onsets.envelope(s.melDb, s.frames, MEL_BANDS);
        List<Integer> picked = Onsets.pick(env, frameRate);
        int[] at = Onsets.refine(mono, picked, nFft, stft.hop());
        double[] onsets = new double[at.length];
        for (int i = 0; i < onsets.length; i++) onsets[i] = at[i] / (double) rate;
        TempoEstimate tempo = Tempo.estimate(env, frameRate, n / (double) rate, picked.size(), Tempo.endMeetsStart(mono, rate));

        Stats flat = s.stats(s.flatness);
        List<String> flags = new ArrayList<>();
        if (silenceRatio > 0.5) flags.add(Analysis.MOSTLY_SILENT);
        if (runs > 0) flags.add(Analysis.CLIPPED);
        if (s.loudFrames() > 0 && flat.p50() > NOISE_FLATNESS) flags.add(Analysis.NOISE_LIKE);
        p.update(4, 4, null);
        return new Analysis(rate, ch.length, n, trim, 20 * Math.log10(peak), lufs, silenceRatio, clipped, runs,
                s.stats(s.centroid), flat, s.mfccMean(), s.mfccStd(), s.chromaMean(), s.chromaStd(),
                onsets, tempo, flags);
    }

    /** Per-frame descriptors of the STFT, kept until the whole file is seen (the loudest frame decides which count). */
    private static final class Spectra {
        final int frames, nFft, rate;
        final float[] energy, centroid, flatness, melDb, chroma;
        private final MelFilterbank mel;
        private final double[] melOut = new double[MEL_BANDS];
        private final int[] pitchClass;
        private final double[][] dct;
        private double maxEnergy;
        private boolean[] counted;
        private int countedFrames;

        Spectra(int frames, int nFft, int rate) {
            this.frames = frames;
            this.nFft = nFft;
            this.rate = rate;
            energy = new float[frames];
            centroid = new float[frames];
            flatness = new float[frames];
            melDb = new float[frames * MEL_BANDS];
            chroma = new float[frames * Analysis.CHROMA_COUNT];
            mel = new MelFilterbank(MEL_BANDS, nFft, rate, 0, Math.min(rate / 2.0, 11025));
            pitchClass = new int[nFft / 2 + 1];
            for (int k = 0; k < pitchClass.length; k++) {
                double f = k * (double) rate / nFft;
                // MIDI note 60 is C: class 0. Below ~55 Hz bins are too coarse to tell notes apart.
                pitchClass[k] = f < 55 || f > 5000 ? -1 : Math.floorMod((int) Math.round(69 + 12 * Math.log(f / 440) / Math.log(2)), 12);
            }
            dct = new double[Analysis.MFCC_COUNT][MEL_BANDS];
            for (int c = 0; c < Analysis.MFCC_COUNT; c++) {
                double scale = Math.sqrt((c == 0 ? 1.0 : 2.0) / MEL_BANDS);
                for (int b = 0; b < MEL_BANDS; b++) dct[c][b] = scale * Math.cos(Math.PI * c * (b + 0.5) / MEL_BANDS);
            }
        }

        void frame(int f, double[] power) {
            double sum = 0, mag = 0, weighted = 0, logSum = 0, floored = 0;
            double binHz = rate / (double) nFft;
            double product = 1;
            int inProduct = 0;
            for (int k = 0; k < power.length; k++) {
                double pk = power[k];
                sum += pk;
                double m = Math.sqrt(pk);
                mag += m;
                weighted += m * k * binHz;
                double q = Math.max(1e-10, pk);
                floored += q;
                product *= q;   // logs of 8 at a time: ≥ 1e-80 and ≪ 1e300, so no under- or overflow
                if (++inProduct == 8) {
                    logSum += Math.log(product);
                    product = 1;
                    inProduct = 0;
                }
            }
            logSum += Math.log(product);
            energy[f] = (float) sum;
            maxEnergy = Math.max(maxEnergy, sum);
            centroid[f] = (float) (mag > 0 ? weighted / mag : 0);
            flatness[f] = (float) (Math.exp(logSum / power.length) / (floored / power.length));
            mel.apply(power, melOut);
            for (int b = 0; b < MEL_BANDS; b++) melDb[f * MEL_BANDS + b] = (float) (10 * Math.log10(Math.max(1e-10, melOut[b])));
            int at = f * Analysis.CHROMA_COUNT;
            double top = 0;
            for (int k = 0; k < power.length; k++) {
                int c = pitchClass[k];
                if (c >= 0) chroma[at + c] += (float) power[k];
            }
            for (int c = 0; c < Analysis.CHROMA_COUNT; c++) top = Math.max(top, chroma[at + c]);
            if (top > 0) for (int c = 0; c < Analysis.CHROMA_COUNT; c++) chroma[at + c] /= (float) top;
        }

        /** The mel bands floored as librosa does ({@link SpectralFrames#floorDb}); which frames count. */
        void finishMelDb() {
            SpectralFrames.floorDb(melDb);
            counted = new boolean[frames];
            for (int f = 0; f < frames; f++) {
                counted[f] = energy[f] > 0 && energy[f] >= maxEnergy * 1e-6;   // within 60 dB of the loudest frame
                if (counted[f]) countedFrames++;
            }
        }

        int loudFrames() { return countedFrames; }

        Stats stats(float[] perFrame) {
            float[] v = new float[countedFrames];
            int k = 0;
            for (int f = 0; f < frames; f++) if (counted[f]) v[k++] = perFrame[f];
            return Stats.of(v, k);
        }

        private double[][] meanStd(int dims, java.util.function.BiFunction<Integer, Integer, Double> value) {
            double[] mean = new double[dims], std = new double[dims];
            if (countedFrames == 0) return new double[][] {mean, std};
            for (int f = 0; f < frames; f++) {
                if (!counted[f]) continue;
                for (int d = 0; d < dims; d++) mean[d] += value.apply(f, d);
            }
            for (int d = 0; d < dims; d++) mean[d] /= countedFrames;
            for (int f = 0; f < frames; f++) {
                if (!counted[f]) continue;
                for (int d = 0; d < dims; d++) {
                    double e = value.apply(f, d) - mean[d];
                    std[d] += e * e;
                }
            }
            for (int d = 0; d < dims; d++) std[d] = Math.sqrt(std[d] / countedFrames);
            return new double[][] {mean, std};
        }

        private double[][] mfcc;
        private double[][] chromaStats;

        private double[][] mfcc() {
            if (mfcc == null) {
                float[] coeffs = new float[frames * Analysis.MFCC_COUNT];
                for (int f = 0; f < frames; f++) {
                    for (int c = 0; c < Analysis.MFCC_COUNT; c++) {
                        double s = 0;
                        for (int b = 0; b < MEL_BANDS; b++) s += dct[c][b] * melDb[f * MEL_BANDS + b];
                        coeffs[f * Analysis.MFCC_COUNT + c] = (float) s;
                    }
                }
                mfcc = meanStd(Analysis.MFCC_COUNT, (f, d) -> (double) coeffs[f * Analysis.MFCC_COUNT + d]);
            }
            return mfcc;
        }

        private double[][] chroma() {
            if (chromaStats == null) chromaStats = meanStd(Analysis.CHROMA_COUNT, (f, d) -> (double) chroma[f * Analysis.CHROMA_COUNT + d]);
            return chromaStats;
        }

        double[] mfccMean() { return mfcc()[0]; }

        double[] mfccStd() { return mfcc()[1]; }

        double[] chromaMean() { return chroma()[0]; }

        double[] chromaStd() { return chroma()[1]; }
    }
}
