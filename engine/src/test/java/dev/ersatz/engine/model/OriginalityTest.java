package dev.ersatz.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy detection by fingerprint, with the real fpcalc computing the fingerprints, and the copy bound checked by it. */
class OriginalityTest {
    static final int RATE = 48000;
    @TempDir static Path dir;
    static AudioData corpus;
    static Originality.Reference reference;

    @BeforeAll
    static void fingerprintTheCorpus() throws Exception {
        corpus = MarkovCorpus.varied(60, RATE, 3);
        reference = new Originality.Reference("corpus.wav", fingerprint(write("corpus.wav", corpus)));
    }

    @Test
    void aSevenSecondCopyInsideNewMaterialIsFoundWithItsLengthAndPlace() throws Exception {
        float[] other = MarkovCorpus.varied(8, RATE, 99).channels()[0];
        float[] copy = Arrays.copyOfRange(corpus.channels()[0], (int) (20.3 * RATE), (int) (27.3 * RATE));
        AudioData out = new AudioData(new float[][] {Signals.concat(Arrays.copyOf(other, 4 * RATE), copy,
                Arrays.copyOfRange(other, 4 * RATE, 8 * RATE))}, RATE);
        Originality.Report r = Originality.compare(fingerprint(write("copy.wav", out)), List.of(reference));
        assertEquals(7.0, r.longestSeconds(), 1.0, r.toString());
        assertEquals(4.0, r.outputAt(), 1.0, r.toString());
        assertEquals(20.3, r.sourceAt(), 1.0, r.toString());
        assertEquals("corpus.wav", r.source());
        assertTrue(r.fractionMatched() > 0.1 && r.fractionMatched() < 0.6, r.toString());
    }

    @Test
    void unrelatedMaterialMatchesNothing() throws Exception {
        AudioData out = MarkovCorpus.varied(20, RATE, 1234);
        Originality.Report r = Originality.compare(fingerprint(write("new.wav", out)), List.of(reference));
        assertEquals(0.0, r.longestSeconds(), r.toString());
        assertTrue(r.fractionMatched() < 0.02, r.toString());
    }

    @Test
    void theCopyBoundHoldsUnderTheFingerprint() throws Exception {
        // Two tokens make the generator follow the corpus for seconds at a time when nothing stops it.
        GrainModel m = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("corpus.wav"), corpus)),
                new ModelTrainer.Options(2, 2, 1, 2048, RATE), Progress.NONE);
        // Played by the engine, as `ersatz bounce --model [--max-copy-ms 1000]` plays it.
        Playback.Take free = Playback.play(m, 60, 1, 5, 0);
        Originality.Report rf = Originality.compare(fingerprint(write("free.wav", free.audio())), List.of(reference));
        assertTrue(rf.longestSeconds() >= 3, "unbounded generation copies for seconds: " + rf);

        Playback.Take bound = Playback.play(m, 60, 1, 5, 1000);
        Originality.Report rb = Originality.compare(fingerprint(write("bound.wav", bound.audio())), List.of(reference));
        System.out.println("free " + rf + "\nbound " + rb);
        assertTrue(rb.longestSeconds() <= 1.0, "copy bound 1000 ms, fingerprint found " + rb);
        assertTrue(ModelGenerationTest.longestCopy(m, bound.grains()) <= RATE, "provenance");
    }

    static Path write(String name, AudioData a) throws Exception {
        Path f = dir.resolve(name);
        WavWriter.write(f, a, SampleFormat.PCM_16);
        return f;
    }

    /** fpcalc -raw over the whole file (it may exit 3 at a WAV's end after printing the fingerprint). */
    static int[] fingerprint(Path f) {
        Tools.Result r = Tools.run(120, "fpcalc", "-raw", "-length", "0", "-plain", f.toString());
        String s = r.stdout().strip();
        if (s.isEmpty()) throw new AssertionError("fpcalc gave no fingerprint for " + f + ": " + r.stderr());
        return Arrays.stream(s.split(",")).mapToLong(Long::parseLong).mapToInt(v -> (int) v).toArray();
    }
}
