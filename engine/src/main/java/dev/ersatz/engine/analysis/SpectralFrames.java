package dev.ersatz.engine.analysis;

/**
 * The per-frame spectrum figures that onset detection and texture reports share, from one STFT pass
 * over a mono signal: energy, spectral centroid, and log-mel bands in dB (floored 80 dB under the
 * loudest band, as librosa's power_to_db top_db). Frames are about 46 ms every 23 ms at any rate
 * (2048 / 1024 at 44.1 kHz), the framing {@link Analyzer} uses. Any thread but the audio thread; pure.
 */
final class SpectralFrames {
    final int frames;
    final int hop;
    final double frameRate;
    final float[] energy;
    final float[] centroid;
    /** frames x {@link Analyzer#MEL_BANDS}, row-major. */
    final float[] melDb;
    final double maxEnergy;

    private SpectralFrames(int frames, int hop, int rate, float[] energy, float[] centroid, float[] melDb, double maxEnergy) {
        this.frames = frames;
        this.hop = hop;
        this.frameRate = rate / (double) hop;
        this.energy = energy;
        this.centroid = centroid;
        this.melDb = melDb;
        this.maxEnergy = maxEnergy;
    }

    /** The FFT size of Ersatz's analysis frames at {@code rate}: about 46 ms, a power of two. */
    static int fftSize(int rate) {
        return Math.max(256, Integer.highestOneBit((int) Math.round(2048 * rate / 44100.0 * Math.sqrt(2))));
    }

    /** librosa's power_to_db top_db = 80: nothing lies more than 80 dB under the loudest band. */
    static void floorDb(float[] melDb) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : melDb) max = Math.max(max, v);
        float floor = max - 80;
        for (int i = 0; i < melDb.length; i++) melDb[i] = Math.max(floor, melDb[i]);
    }

    static SpectralFrames of(float[] mono, int rate) {
        int nFft = fftSize(rate);
        Stft stft = new Stft(nFft, nFft / 2);
        int frames = stft.frameCount(mono.length), bands = Analyzer.MEL_BANDS;
        float[] energy = new float[frames], centroid = new float[frames], melDb = new float[frames * bands];
        MelFilterbank mel = new MelFilterbank(bands, nFft, rate, 0, Math.min(rate / 2.0, 11025));
        double[] melOut = new double[bands];
        double binHz = rate / (double) nFft;
        double[] max = new double[1];
        stft.run(mono, (f, power) -> {
            double sum = 0, mag = 0, weighted = 0;
            for (int k = 0; k < power.length; k++) {
                sum += power[k];
                double m = Math.sqrt(power[k]);
                mag += m;
                weighted += m * k * binHz;
            }
            energy[f] = (float) sum;
            max[0] = Math.max(max[0], sum);
            centroid[f] = (float) (mag > 0 ? weighted / mag : 0);
            mel.apply(power, melOut);
            for (int b = 0; b < bands; b++) melDb[f * bands + b] = (float) (10 * Math.log10(Math.max(1e-10, melOut[b])));
        });
        floorDb(melDb);
        return new SpectralFrames(frames, stft.hop(), rate, energy, centroid, melDb, max[0]);
    }

    /** Whether frame f is within 60 dB of the loudest frame (the frames whose spectrum counts). */
    boolean counted(int f) { return energy[f] > 0 && energy[f] >= maxEnergy * 1e-6; }

    /** The onset-strength envelope ({@link Onsets#envelope}). */
    double[] onsetEnvelope() { return Onsets.envelope(melDb, frames, Analyzer.MEL_BANDS); }

    /** Mean absolute difference in dB over the mel bands between frame f and frame f - lag. */
    double difference(int f, int lag) {
        int bands = Analyzer.MEL_BANDS, a = f * bands, p = a - lag * bands;
        double s = 0;
        for (int b = 0; b < bands; b++) s += Math.abs(melDb[a + b] - melDb[p + b]);
        return s / bands;
    }
}
