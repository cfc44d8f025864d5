package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.testing.DebianSamples;
import java.awt.Color;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The studio's thumbnail rules on signals whose answer is known (a held note is harmonic and has its
 * pitch class's hue; a click train is percussive and bright; a hit leaves a fading trail), then on
 * real Debian samples (a pad is coloured, a drum loop is brighter than a pad where its hits are).
 */
class ThumbnailTest {
    static final int RATE = 44100;

    static float[] tone(double hz, double seconds, double amp) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
        return x;
    }

    static double hueDegrees(int rgb) {
        float[] hsb = Color.RGBtoHSB((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, null);
        return hsb[0] * 360;
    }

    /** The harmonic part keeps a steady tone; the percussive part keeps isolated clicks. */
    @Test
    void hpssSendsAToneToTheHarmonicPartAndClicksToThePercussive() {
        float[] x = tone(440, 3, 0.3);
        for (int i = RATE / 2; i < x.length; i += RATE / 2) x[i] += 0.9f;
        float[][] s = Spectrogram.magnitude(x, 2048, 512);
        Hpss.Parts p = Hpss.separate(s, 2.0);
        int toneBin = (int) Math.round(440.0 * 2048 / RATE), highBin = (int) Math.round(10000.0 * 2048 / RATE);
        int clickFrame = RATE / 512, quietFrame = (RATE + RATE / 4) / 512;   // the click at 1 s, and between clicks
        assertTrue(p.harmonic()[quietFrame][toneBin] > 0.9 * s[quietFrame][toneBin], "tone mostly harmonic");
        assertTrue(p.percussive()[quietFrame][toneBin] < 0.05 * s[quietFrame][toneBin], "tone hardly percussive");
        assertTrue(p.percussive()[clickFrame][highBin] > 0.8 * s[clickFrame][highBin], "click at 10 kHz mostly percussive");
        assertTrue(p.harmonic()[clickFrame][highBin] < 0.1 * s[clickFrame][highBin], "click hardly harmonic");
        // With a margin above 1 a residual remains: the parts add up to less than the whole.
        double whole = 0, parts = 0;
        for (int f = 0; f < s.length; f++) for (int k = 0; k < s[f].length; k++) { whole += s[f][k]; parts += p.harmonic()[f][k] + p.percussive()[f][k]; }
        assertTrue(parts < whole, "margin leaves a residual");
    }

    @Test
    void pitchClassesPutANoteInItsClass() {
        PseudoConstantQ cq = new PseudoConstantQ(4096, RATE, 7);
        for (int semis : new int[] {0, 7, 9}) {   // C4, G4, A4
            double hz = 261.6255653 * Math.pow(2, semis / 12.0);
            float[][] s = Spectrogram.magnitude(tone(hz, 1, 0.5), 4096, 1024);
            double[] pc = new double[12];
            cq.pitchClasses(s[10], pc);
            int best = 0;
            for (int i = 1; i < 12; i++) if (pc[i] > pc[best]) best = i;
            assertEquals(semis, best, "pitch class of " + hz + " Hz");
        }
    }

    @Test
    void aHeldNoteHasItsPitchClassHue() {
        // C is red (0°), G seven semitones up is 210°: hue = 30° per pitch class.
        for (int semis : new int[] {0, 7}) {
            double hz = 261.6255653 * Math.pow(2, semis / 12.0);
            Raster r = Thumbnail.of(new AudioData(new float[][] {tone(hz, 4, 0.5)}, RATE));
            assertEquals(Thumbnail.SIZE, r.width());
            int brightest = 0;
            for (int y = 0; y < r.height(); y++) if (brightness(r.get(32, y)) > brightness(r.get(32, brightest))) brightest = y;
            double hue = hueDegrees(r.get(32, brightest));
            double want = 30 * semis, off = Math.abs(((hue - want) % 360 + 540) % 360 - 180);
            assertTrue(off < 10, "hue " + hue + "° for pitch class " + semis + ", want " + want + "°");
        }
    }

    static float brightness(int rgb) {
        return Color.RGBtoHSB((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, null)[2];
    }

    static double columnBrightness(Raster r, int x) {
        double s = 0;
        for (int y = 0; y < r.height(); y++) s += brightness(r.get(x, y));
        return s / r.height();
    }

    @Test
    void aHitIsBrightAndFadesFromItsMaximum() {
        // One click at 2 s in 4 s of near-silence: the hit's column is the brightest; the columns after
        // it keep a fading trail (stickiness) while those before it are dark.
        float[] x = new float[4 * RATE];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) (1e-4 * rnd.nextGaussian());
        for (int i = 0; i < 64; i++) x[2 * RATE + i] = (float) (0.9 * Math.exp(-i / 8.0) * (i % 2 == 0 ? 1 : -1));
        Raster r = Thumbnail.of(new AudioData(new float[][] {x}, RATE));
        int hit = 0;
        for (int c = 1; c < r.width(); c++) if (columnBrightness(r, c) > columnBrightness(r, hit)) hit = c;
        assertTrue(Math.abs(hit - 32) <= 1, "hit column " + hit);
        double before = columnBrightness(r, hit - 4), after1 = columnBrightness(r, hit + 2), after2 = columnBrightness(r, hit + 4);
        assertTrue(after1 > before, "a trail after the hit: " + after1 + " vs " + before + " before");
        assertTrue(after1 > after2, "the trail fades: " + after1 + " then " + after2);
    }

    @Test
    void realPadIsColouredAndRealDrumLoopIsBrighter() throws Exception {
        Path pad = DebianSamples.lmms("stringsnpads").resolve("juno_pad01.ogg");
        Path beat = DebianSamples.lmms("beats").resolve("break01.ogg");
        Raster p = Thumbnail.of(AudioFiles.read(pad)), b = Thumbnail.of(AudioFiles.read(beat));
        double padSat = 0, beatBright = 0, padBright = 0;
        int lit = 0;
        for (int x = 0; x < Thumbnail.SIZE; x++) {
            for (int y = 0; y < Thumbnail.SIZE; y++) {
                int c = p.get(x, y);
                if (brightness(c) > 0.15) {   // saturation of what can be seen
                    padSat += Color.RGBtoHSB((c >> 16) & 255, (c >> 8) & 255, c & 255, null)[1];
                    lit++;
                }
                padBright += brightness(c);
                beatBright += brightness(b.get(x, y));
            }
        }
        int n = Thumbnail.SIZE * Thumbnail.SIZE;
        assertTrue(lit > n / 10, "pad visible: " + lit + " lit pixels");
        assertTrue(padSat / lit > 0.3, "pad saturation " + padSat / lit);
        assertTrue(beatBright > padBright, "break brightness " + beatBright / n + " vs pad " + padBright / n);
    }
}
