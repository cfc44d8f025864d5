package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelFile;
import dev.ersatz.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz train` and `ersatz originality` end to end on files the test makes. */
class ModelCommandsTest {
    static final int RATE = 48000;
    @TempDir static Path dir;
    static Path corpus;

    @BeforeAll
    static void makeCorpus() throws Exception {
        corpus = Files.createDirectories(dir.resolve("corpus"));
        WavWriter.write(corpus.resolve("melody.wav"), melody(50, RATE, 3), SampleFormat.PCM_16);
        WavWriter.write(corpus.resolve("other-rate.wav"), melody(10, 44100, 4), SampleFormat.PCM_24);
        Files.writeString(corpus.resolve("broken.wav"), "RIFF, but not really");
    }

    @Test
    void trainWritesAModelThatDescribesItsCorpusAndReportsBadFiles() throws Exception {
        Path model = dir.resolve("m.ersatz");
        CliRun r = CliRun.of("train", corpus.toString(), "-o", model.toString(), "--tokens", "16", "--order", "2", "--json");
        assertEquals(1, r.code(), "a skipped file makes the exit code 1: " + r.err());
        assertTrue(r.err().contains("ersatz: " + corpus.resolve("broken.wav") + ": "), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) Json.parse(r.out().strip());
        assertEquals(16L, d.get("tokens"));
        assertEquals(2L, d.get("order"));
        GrainModel m = ModelFile.read(model);
        assertEquals(RATE, m.sampleRate());
        assertEquals(2, m.corpus().files().size());
        assertEquals(50.0, m.corpus().files().get(0).seconds(), 0.01);
        assertEquals(10.0, m.corpus().files().get(1).seconds(), 0.01, "resampled to the model rate, same duration");
    }

    @Test
    void trainRefusesWhatItCannotDo() {
        CliRun none = CliRun.of("train", dir.resolve("nowhere").toString(), "-o", dir.resolve("x.ersatz").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().endsWith("ersatz: train: no audio to train on in " + dir.resolve("nowhere") + "\n"), none.err());
        assertEquals(2, CliRun.of("train", corpus.toString()).code(), "no -o");
        assertEquals(2, CliRun.of("train", corpus.toString(), "-o", "m", "--epochs", "3").code(), "--epochs without --neural");
        assertEquals(2, CliRun.of("train", corpus.toString(), "-o", "m", "--tokens", "1").code());
    }

    @Test
    void originalityCatchesLongCopiesAndTheCopyBoundStopsThem() throws Exception {
        Path model = dir.resolve("two.ersatz");
        assertTrue(CliRun.of("train", corpus.resolve("melody.wav").toString(), "-o", model.toString(), "--tokens", "2").code() == 0);
        Path free = dir.resolve("free.wav"), bound = dir.resolve("bound.wav");
        assertEquals(0, CliRun.of("bounce", "--model", model.toString(), "--seconds", "40", "--seed", "8", "-o", free.toString()).code());
        CliRun b = CliRun.of("bounce", "--model", model.toString(), "--seconds", "40", "--seed", "8", "--max-copy-ms", "1000", "-o", bound.toString());
        assertEquals(0, b.code(), b.err());
        Map<String, Object> f = originality(free), bo = originality(bound);
        assertTrue(((Number) f.get("longest_match_seconds")).doubleValue() >= 3, "two tokens copy for seconds unbounded: " + f);
        assertTrue(((Number) bo.get("longest_match_seconds")).doubleValue() <= 1.0, "--max-copy-ms 1000: " + bo);
        assertTrue(((Number) bo.get("fraction_matched")).doubleValue() < ((Number) f.get("fraction_matched")).doubleValue());
    }

    @Test
    void bounceModelIsByteIdenticalForASeedAndDiffersForAnother() throws Exception {
        Path model = dir.resolve("sixteen.ersatz");
        assertEquals(0, CliRun.of("train", corpus.resolve("melody.wav").toString(), "-o", model.toString(), "--tokens", "16").code());
        Path a = bounce(model, "3", "1", "a.wav"), b = bounce(model, "3", "1", "b.wav"), c = bounce(model, "4", "1", "c.wav");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
        assertArrayEquals(Files.readAllBytes(bounce(model, "1", "0", "z1.wav")), Files.readAllBytes(bounce(model, "2", "0", "z2.wav")),
                "T = 0 is deterministic whatever the seed");
    }

    @Test
    void bounceRefusesABadModelInOneLine() throws Exception {
        Path notModel = Files.writeString(dir.resolve("notes.ersatz"), "hello");
        CliRun r = CliRun.of("bounce", "--model", notModel.toString(), "--seconds", "1", "-o", dir.resolve("x.wav").toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: bounce: " + notModel + ": not an Ersatz model file (make one with ersatz train)\n", r.err());
        Path model = dir.resolve("m2.ersatz");
        assertEquals(0, CliRun.of("train", corpus.resolve("other-rate.wav").toString(), "-o", model.toString(), "--tokens", "4").code());
        byte[] bytes = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.ersatz"), Arrays.copyOf(bytes, bytes.length / 3));
        CliRun c = CliRun.of("bounce", "--model", cut.toString(), "--seconds", "1", "-o", dir.resolve("x.wav").toString());
        assertEquals(1, c.code());
        assertTrue(c.err().startsWith("ersatz: bounce: " + cut + ": truncated model file") && c.err().lines().count() == 1, c.err());
        assertEquals(2, CliRun.of("bounce", "--model", model.toString(), "--seconds", "1", "--max-copy-ms", "5", "-o", dir.resolve("x.wav").toString()).code());
    }

    static Path bounce(Path model, String seed, String temperature, String name) {
        Path out = dir.resolve(name);
        CliRun r = CliRun.of("bounce", "--model", model.toString(), "--seconds", "6", "--seed", seed, "--temperature", temperature, "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> originality(Path out) throws Exception {
        CliRun r = CliRun.of("originality", out.toString(), "--corpus", corpus.toString(), "--json");
        assertEquals(1, r.code(), "the broken corpus file is reported: " + r.err());
        return (Map<String, Object>) Json.parse(r.out().strip());
    }

    /**
     * The benchmarks' material: its bed swells and fades over seconds, so an unbounded generator
     * follows the corpus for seconds at a time (what --max-copy-ms must stop).
     */
    static AudioData melody(double seconds, int rate, long seed) {
        return dev.ersatz.bridge.bench.BenchAudio.melody(seconds, rate, seed);
    }
}
