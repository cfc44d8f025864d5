package dev.ersatz.engine.analysis;

import dev.ersatz.engine.audio.AudioData;

/**
 * A clip at a glance, as the seed's curation grid drew it: the clip is split into its harmonic and
 * percussive parts ({@link Hpss}, with a margin so the residual belongs to neither); the harmonic
 * part's 12 pitch classes ({@link PseudoConstantQ}) give each column its hue (C red, C# red-orange,
 * ... round the colour wheel, 30° a semitone) and how much one pitch class dominates its saturation;
 * the percussive part's mel spectrogram, A-weighted, in dB, gives each pixel its brightness, with
 * "stickiness": a bright pixel fades from its recent maximum instead of dropping at once, so a hit
 * leaves a trail the eye catches; the harmonic part lifts brightness up to half (see HARMONIC_LIFT). Time runs left to right, low bands at the bottom. Worker threads.
 */
public final class Thumbnail {
    /** Bump when the picture changes, so cached thumbnails are drawn again. */
    public static final int VERSION = 1;
    public static final int SIZE = 64;
    static final int N_FFT = 4096, HOP = 1024;
    /** The HPSS margin (Driedger et al. use 2–3); the residual is left out of both pictures. */
    public static final double MARGIN = 2.0;
    /**
     * The brightness scale is absolute, so a quiet pad looks dark beside a drum loop: white at TOP_DB
     * (about the loudest A-weighted percussive mel band a full-scale drum loop reaches with this STFT,
     * unnormalised: measured +14 dB on LMMS's break01, +21 dB on 909beat01, −22 dB on juno_pad01),
     * black RANGE_DB below it.
     */
    static final double TOP_DB = 20, RANGE_DB = 60;
    /** How much brightness a pixel keeps per column after its maximum (the stickiness). */
    static final double STICK = 0.8;

    /**
     * Ours, not the seed's: the harmonic part's own level lifts a pixel's brightness to at most this,
     * so a pad or a drone shows its hue dimly instead of black (the percussive part alone leaves it dark).
     */
    static final double HARMONIC_LIFT = 0.5;

    private Thumbnail() { }

    /** Mel band dB per column: each column's loudest frame, so a hit is not averaged away. */
    private static double[][] columnsDb(double[][] mel, int w) {
        int frames = mel.length, h = mel[0].length;
        double[][] db = new double[w][h];
        for (int x = 0; x < w; x++) {
            for (int b = 0; b < h; b++) {
                double m = 0;
                for (int f = from(x, frames, w); f < to(x, frames, w); f++) m = Math.max(m, mel[f][b]);
                db[x][b] = 10 * Math.log10(1e-12 + m);
            }
        }
        return db;
    }

    public static Raster of(AudioData audio) {
        int rate = audio.sampleRate();
        float[][] s = Spectrogram.magnitude(audio.mono(), N_FFT, HOP);
        Hpss.Parts parts = Hpss.separate(s, MARGIN);
        int frames = s.length, w = SIZE, h = SIZE;
        // Hue and saturation per column from the harmonic part's pitch classes.
        PseudoConstantQ cq = new PseudoConstantQ(N_FFT, rate, 7);
        double[] pc = new double[12], col = new double[12];
        float[] hue = new float[w], sat = new float[w];
        for (int x = 0; x < w; x++) {
            java.util.Arrays.fill(col, 0);
            for (int f = from(x, frames, w); f < to(x, frames, w); f++) {
                cq.pitchClasses(parts.harmonic()[f], pc);
                for (int i = 0; i < 12; i++) col[i] += pc[i];
            }
            double sum = 0, cx = 0, cy = 0;
            for (int i = 0; i < 12; i++) {
                sum += col[i];
                cx += col[i] * Math.cos(2 * Math.PI * i / 12);
                cy += col[i] * Math.sin(2 * Math.PI * i / 12);
            }
            if (sum <= 0) continue;   // no harmonic energy: grey
            double a = Math.atan2(cy, cx);
            hue[x] = (float) ((a < 0 ? a + 2 * Math.PI : a) / (2 * Math.PI));
            sat[x] = (float) Math.min(1, 0.25 + 1.5 * Math.hypot(cx, cy) / sum);
        }
        // Brightness from the percussive part: mel bands, A-weighted, dB, with stickiness.
        double[][] db = columnsDb(Spectrogram.melPower(parts.percussive(), N_FFT, rate, h, true), w);
        double[][] harmonicDb = columnsDb(Spectrogram.melPower(parts.harmonic(), N_FFT, rate, h, true), w);
        double top = TOP_DB;
        int[] rgb = new int[w * h];
        double[] held = new double[h];
        for (int x = 0; x < w; x++) {
            for (int b = 0; b < h; b++) {
                double v = Math.max(0, Math.min(1, (db[x][b] - (top - RANGE_DB)) / RANGE_DB));
                held[b] = Math.max(v, held[b] * STICK);
                double lift = HARMONIC_LIFT * Math.max(0, Math.min(1, (harmonicDb[x][b] - (top - RANGE_DB)) / RANGE_DB));
                rgb[(h - 1 - b) * w + x] = java.awt.Color.HSBtoRGB(hue[x], sat[x], (float) Math.max(held[b], lift)) & 0xFFFFFF;
            }
        }
        return new Raster(w, h, rgb);
    }

    /** The frames column {@code x} of {@code w} covers: at least one each, even for a short clip. */
    static int from(int x, int frames, int w) { return Math.min(frames - 1, (int) ((long) x * frames / w)); }

    static int to(int x, int frames, int w) { return Math.max(from(x, frames, w) + 1, (int) ((long) (x + 1) * frames / w)); }
}
