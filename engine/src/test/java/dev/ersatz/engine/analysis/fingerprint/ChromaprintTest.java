package dev.ersatz.engine.analysis.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our fingerprint against the real fpcalc (-raw -length 0) on files the tests write. */
class ChromaprintTest {
    @TempDir Path dir;

    /** Music-like audio at the rates, channel counts and sample formats people have; fpcalc decides. */
    @ParameterizedTest(name = "{0} Hz, {1} ch, {2} s, {3}")
    @CsvSource({
        "44100, 2, 60, PCM_16",
        "44100, 1, 120, PCM_16",
        "48000, 2, 45, PCM_16",
        "22050, 1, 30, PCM_16",
        "11025, 1, 30, PCM_16",
        "11025, 2, 30, PCM_16",
        "32000, 1, 30, PCM_16",
        "44100, 2, 30, PCM_24",
        "48000, 1, 30, FLOAT_32",
        "8000, 2, 30, PCM_16",
        "16000, 1, 30, PCM_16",
        "96000, 2, 30, PCM_16",
        "44100, 3, 30, PCM_16",
        "48000, 6, 30, PCM_16",
        "22050, 4, 20, PCM_16",
        "44100, 5, 20, PCM_16",
        "48000, 7, 20, PCM_16",
        "44100, 8, 20, PCM_16",
    })
    void musicAgreesWithFpcalc(int rate, int channels, int seconds, SampleFormat format) throws Exception {
        float[][] ch = new float[channels][];
        for (int c = 0; c < channels; c++) ch[c] = Signals.music(rate * seconds, rate, 11 + c);
        Path f = dir.resolve("music.wav");
        WavWriter.write(f, new AudioData(ch, rate), format);
        assertMatchesFpcalc(f, 0.98, "music " + rate + " Hz " + channels + " ch " + format);
    }

    /** 8-bit unsigned PCM (sox writes it; our WAV writer does not). */
    @Test
    void eightBitAgreesWithFpcalc() throws Exception {
        Path f16 = dir.resolve("m16.wav");
        WavWriter.write(f16, new AudioData(new float[][] {Signals.music(22050 * 30, 22050, 3)}, 22050), SampleFormat.PCM_16);
        Path f8 = dir.resolve("m8.wav");
        Tools.check(60, "sox", f16.toString(), "-b", "8", "-e", "unsigned-integer", f8.toString());
        assertMatchesFpcalc(f8, 0.98, "music 22050 Hz 8-bit");
    }

    /** FLAC, Ogg Vorbis and AIFF (written by sox; read by our decoders and by fpcalc's FFmpeg). */
    @Test
    void otherContainersAgreeWithFpcalc() throws Exception {
        Path wav = dir.resolve("src.wav");
        WavWriter.write(wav, new AudioData(new float[][] {Signals.music(44100 * 30, 44100, 21), Signals.music(44100 * 30, 44100, 22)}, 44100), SampleFormat.PCM_16);
        for (String ext : new String[] {"flac", "ogg", "aiff"}) {
            Path f = dir.resolve("music." + ext);
            Tools.check(120, "sox", wav.toString(), f.toString());
            // Vorbis is lossy and decoders differ in the last bits: agreement, not identity, is the rule there.
            assertMatchesFpcalc(f, 0.98, "music 44100 Hz stereo ." + ext);
        }
    }

    /** Chords that change every two seconds, and white noise: not only the test music. */
    @Test
    void chordsAndNoiseAgreeWithFpcalc() throws Exception {
        int rate = 44100;
        float[] chords = new float[rate * 40];
        double[][] triads = {{261.63, 329.63, 392.0}, {220.0, 261.63, 329.63}, {174.61, 220.0, 261.63}, {196.0, 246.94, 293.66}};
        for (int i = 0; i < chords.length; i++) {
            double[] t = triads[(i / (2 * rate)) % triads.length];
            double s = 0;
            for (double hz : t) s += Math.sin(2 * Math.PI * hz * i / rate);
            chords[i] = (float) (0.25 * s);
        }
        Path c = dir.resolve("chords.wav");
        WavWriter.write(c, new AudioData(new float[][] {chords, chords}, rate), SampleFormat.PCM_16);
        assertMatchesFpcalc(c, 0.98, "chords 44100 Hz stereo");

        Path n = dir.resolve("noise.wav");
        WavWriter.write(n, new AudioData(new float[][] {Signals.noise(0.5, rate * 30, 1), Signals.noise(0.5, rate * 30, 2)}, rate), SampleFormat.PCM_16);
        assertMatchesFpcalc(n, 0.98, "noise 44100 Hz stereo");
    }

    /** A plucked melody through reverb and chorus, made by sox: a texture our own test signals do not have. */
    @Test
    void soxMelodyAgreesWithFpcalc() throws Exception {
        String[] notes = {"A3", "C4", "D4", "E4", "G4", "A4", "C5", "D5"};
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", dir.resolve("raw.wav").toString()));
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 110; i++) {
            if (i > 0) cmd.add(":");
            cmd.addAll(java.util.List.of("synth", "0.3", "pluck", notes[r.nextInt(notes.length)]));
        }
        Tools.check(120, cmd.toArray(new String[0]));
        Path f = dir.resolve("melody.wav");
        Tools.check(120, "sox", dir.resolve("raw.wav").toString(), f.toString(), "reverb", "40", "chorus", "0.7", "0.9", "55", "0.4", "0.25", "2", "-t");
        assertMatchesFpcalc(f, 0.98, "sox melody + reverb + chorus");
    }

    /** Lengths around item boundaries: the item count must be fpcalc's, to the item. */
    @Test
    void itemCountMatchesFpcalcAtEveryLength() throws Exception {
        for (int k = 0; k < 12; k++) {
            int rate = k % 2 == 0 ? 44100 : 48000;
            int n = 4 * rate + k * 457;
            Path f = dir.resolve("len" + k + ".wav");
            WavWriter.write(f, new AudioData(new float[][] {Signals.music(n, rate, k), Signals.music(n, rate, k + 50)}, rate), SampleFormat.PCM_16);
            FpcalcReference ref = FpcalcReference.of(f);
            Fingerprint ours = Chromaprint.fingerprint(AudioFiles.read(f));
            assertEquals(ref.raw().length, ours.raw().length, "items for " + n + " samples at " + rate);
            assertEquals(ref.duration(), ours.durationWholeSeconds(), "duration for " + n + " samples at " + rate);
        }
    }

    /** Too short for one item (under 20 frames), and shorter than one frame: empty, as fpcalc's "Empty fingerprint". */
    @Test
    void tooShortGivesNoItems() throws Exception {
        for (double seconds : new double[] {2.5, 0.2}) {
            int rate = 44100;
            Path f = dir.resolve("short.wav");
            WavWriter.write(f, new AudioData(new float[][] {Signals.music((int) (rate * seconds), rate, 1)}, rate), SampleFormat.PCM_16);
            Tools.Result r = Tools.run(60, "fpcalc", "-raw", "-length", "0", f.toString());
            assertTrue(r.stderr().contains("Empty fingerprint"), "fpcalc on " + seconds + " s: " + r.stderr());
            assertEquals(0, Chromaprint.fingerprint(AudioFiles.read(f)).raw().length);
        }
    }

    /** fpcalc's own default: the first 120 s only. */
    @Test
    void lengthLimitMatchesFpcalcDefault() throws Exception {
        int rate = 22050;
        Path f = dir.resolve("long.wav");
        WavWriter.write(f, new AudioData(new float[][] {Signals.music(rate * 130, rate, 5)}, rate), SampleFormat.PCM_16);
        String out = fpcalcOutput(f.toString());
        Fingerprint ours = Chromaprint.fingerprint(AudioFiles.read(f), 120);
        assertTrue(out.contains("FINGERPRINT=" + ours.rawText() + "\n"), "fpcalc -raw (120 s) differs from ours");
        assertTrue(out.startsWith("DURATION=130\n"), out.substring(0, 20));
    }

    /** Without -raw fpcalc prints the compressed base64 form; ours must be the same text. */
    @Test
    void compressedFormMatchesFpcalc() throws Exception {
        int rate = 44100;
        Path f = dir.resolve("c.wav");
        WavWriter.write(f, new AudioData(new float[][] {Signals.music(rate * 20, rate, 9)}, rate), SampleFormat.PCM_16);
        Tools.Result r = Tools.run(60, "fpcalc", "-length", "0", f.toString());
        String expected = r.stdout().lines().filter(l -> l.startsWith("FINGERPRINT=")).findFirst().orElseThrow().substring(12);
        assertEquals(expected, FingerprintCompressor.encode(Chromaprint.fingerprint(AudioFiles.read(f)).raw()));
    }

    private static String fpcalcOutput(String file) {
        Tools.Result r = Tools.run(120, "fpcalc", "-raw", file);
        if (r.exitCode() != 0 && r.exitCode() != 3) throw new AssertionError("fpcalc exited " + r.exitCode() + ": " + r.stderr());
        return r.stdout();
    }

    private static void assertMatchesFpcalc(Path f, double minAgreement, String what) throws Exception {
        FpcalcReference ref = FpcalcReference.of(f);
        Fingerprint ours = Chromaprint.fingerprint(AudioFiles.read(f));
        double agreement = FpcalcReference.bitAgreement(ours.raw(), ref.raw());
        int identical = 0;
        for (int i = 0; i < Math.min(ours.raw().length, ref.raw().length); i++) if (ours.raw()[i] == ref.raw()[i]) identical++;
        System.out.printf("fpcalc agreement %-32s items %d/%d  bits equal %.5f  items identical %d%n",
                what, ours.raw().length, ref.raw().length, agreement, identical);
        assertEquals(ref.raw().length, ours.raw().length, what + ": item count");
        assertEquals(ref.duration(), ours.durationWholeSeconds(), what + ": DURATION");
        assertTrue(agreement >= minAgreement, what + ": bit agreement " + agreement);
    }
}
