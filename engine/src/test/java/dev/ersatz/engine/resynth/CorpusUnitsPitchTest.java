package dev.ersatz.engine.resynth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every corpus unit carries its pitch (a MIDI note) and confidence, and the interval to an input's pitch. */
class CorpusUnitsPitchTest {
    static final int RATE = 44100;

    static float[] sawtooth(double f0, int frames) {
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) {
            double p = f0 * i / RATE;
            x[i] = (float) (0.5 * (2 * (p - Math.floor(p)) - 1));
        }
        return x;
    }

    static Clip clip(String name, float[] x) { return new Clip(Path.of(name), new AudioData(new float[][] {x}, RATE)); }

    /** The pitches of clip c's units. */
    static float[] pitches(CorpusUnits u, int c) {
        float[] out = new float[u.count()];
        int n = 0;
        for (int i = 0; i < u.count(); i++) if (u.clip[i] == c) out[n++] = u.pitch[i];
        return Arrays.copyOf(out, n);
    }

    @Test
    void synthesizedTonesHaveTheirNotesAndNoiseNone() {
        CorpusUnits u = CorpusUnits.of(List.of(
                clip("a3.wav", Signals.sine(220, 0.5, RATE, RATE)),
                clip("c2.wav", sawtooth(65.406, RATE)),
                clip("noise.wav", Signals.noise(0.5, RATE, 4)),
                clip("silence.wav", Signals.silence(RATE / 2))), RATE, RATE / 4, Progress.NONE);
        assertEquals(u.count(), u.pitch.length);
        assertEquals(u.count(), u.pitchConfidence.length);
        for (int i = 0; i < u.count(); i++) {
            float p = u.pitch[i], c = u.pitchConfidence[i];
            switch (u.clip[i]) {
                case 0 -> assertEquals(57, p, 0.03, "A3 sine unit " + i);
                case 1 -> assertEquals(36, p, 0.03, "C2 sawtooth unit " + i);
                default -> assertTrue(Float.isNaN(p), u.names[u.clip[i]] + " unit " + i + ": " + p);
            }
            if (u.clip[i] < 2) assertTrue(c > 0.9, "confidence " + c);
            if (u.clip[i] == 2) assertTrue(c < 0.5, "noise confidence " + c);
            if (u.clip[i] == 3) assertEquals(0, c);
        }
        int a3 = firstOf(u, 0), noise = firstOf(u, 2);
        assertEquals(12, u.semitonesTo(a3, 69), 0.05); // A3 up to A4
        assertEquals(-21, u.semitonesTo(a3, 36), 0.05);
        assertEquals(0, u.semitonesTo(noise, 69));           // unvoiced: played as it is
        assertEquals(0, u.semitonesTo(a3, Double.NaN));     // an unvoiced input: no transposition
    }

    /** Sonic Pi's C bass (65.5 Hz: MIDI 36) and glass rub (738 Hz: MIDI 78), cut into units as a corpus is. */
    @Test
    void realSamplesHaveTheirPitch() throws Exception {
        Path dir = DebianSamples.sonicPi();
        List<Clip> clips = new ArrayList<>();
        for (String name : new String[] {"bass_voxy_c.flac", "ambi_glass_rub.flac", "drum_cymbal_open.flac"}) {
            AudioData a = AudioFiles.read(dir.resolve(name));
            assertEquals(RATE, a.sampleRate());
            clips.add(clip(name, a.mono()));
        }
        CorpusUnits u = CorpusUnits.of(clips, RATE, RATE / 4, Progress.NONE);
        double[] expected = {36, 78};
        for (int c = 0; c < 3; c++) {
            float[] p = pitches(u, c);
            float[] voiced = new float[p.length];
            int n = 0;
            for (float v : p) if (!Float.isNaN(v)) voiced[n++] = v;
            voiced = Arrays.copyOf(voiced, n);
            Arrays.sort(voiced);
            double median = n == 0 ? Double.NaN : voiced[n / 2];
            System.out.printf(Locale.ROOT, "%-22s %d units, %d voiced, median pitch %.2f (MIDI)%n", u.names[c], p.length, n, median);
            if (c < 2) {
                assertTrue(n >= 0.8 * p.length, u.names[c] + ": voiced " + n + " of " + p.length);
                assertEquals(expected[c], median, 0.5, u.names[c]);
            } else {
                assertTrue(n <= 0.2 * p.length, "cymbal voiced units: " + n + " of " + p.length);
            }
        }
    }

    private static int firstOf(CorpusUnits u, int clip) {
        for (int i = 0; i < u.count(); i++) if (u.clip[i] == clip) return i;
        throw new AssertionError("no unit of clip " + clip);
    }
}
