package dev.ersatz.engine.analysis;

/**
 * Short-time power spectra of a mono signal with librosa's framing: centred frames (zero padding of
 * nFft/2 each side), a periodic Hann window, hop samples apart. Frames are streamed to a callback so a
 * long file never holds its whole spectrogram. One instance per thread; no allocation per frame.
 */
public final class Stft {
    /** Receives frame {@code index}'s power spectrum |X[k]|², k = 0..nFft/2 (the array is reused). */
    public interface Frames {
        void frame(int index, double[] power);
    }

    private final Fft fft;
    private final int nFft, hop;
    private final double[] window, buffer, power;

    public Stft(int nFft, int hop) {
        this.fft = new Fft(nFft);
        this.nFft = nFft;
        this.hop = hop;
        window = new double[nFft];
        for (int i = 0; i < nFft; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft);
        buffer = new double[nFft];
        power = new double[nFft / 2 + 1];
    }

    public int nFft() { return nFft; }

    public int hop() { return hop; }

    /** 1 + n / hop frames, as librosa's centred STFT makes. */
    public int frameCount(int n) { return 1 + n / hop; }

    public void run(float[] x, Frames out) {
        int frames = frameCount(x.length), halfN = nFft / 2;
        for (int f = 0; f < frames; f++) {
            int from = f * hop - halfN;
            for (int i = 0; i < nFft; i++) {
                int t = from + i;
                buffer[i] = t >= 0 && t < x.length ? x[t] * window[i] : 0;
            }
            fft.power(buffer, power);
            out.frame(f, power);
        }
    }
}
