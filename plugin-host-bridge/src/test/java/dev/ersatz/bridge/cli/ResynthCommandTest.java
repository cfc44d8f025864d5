package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz resynth` on real material: sonic-pi's amen break re-voiced with a Hydrogen kit. */
class ResynthCommandTest {
    @TempDir Path dir;

    static Path amen() { return DebianSamples.sonicPi().resolve("loop_amen.flac"); }

    static Path kit() { return DebianSamples.hydrogenKit("ColomboAcousticDrumkit"); }

    @Test
    void aSeedRepeatsTheFileByteForByteAndAnotherTemperatureChangesIt() throws Exception {
        Path a = dir.resolve("a.wav"), b = dir.resolve("b.wav"), c = dir.resolve("c.wav");
        CliRun r = CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", a.toString(), "--seed", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("wrote .*a\\.wav \\([0-9.]+ s, \\d+ units of \\d+ in the corpus, 44100 Hz\\)\\n"), r.out());
        assertEquals(0, CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", b.toString(), "--seed", "4").code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "the same seed, the same file");
        assertEquals(0, CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", c.toString(), "--seed", "4",
                "--temperature", "3", "--set", "neighbours=32").code());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "a hotter match plays other units");
        AudioData in = AudioFiles.read(amen()), out = AudioFiles.read(a);
        assertEquals(in.frames(), out.frames(), "as long as the input");
        double sum = 0;
        for (float v : out.channels()[0]) sum += v * v;
        assertTrue(Math.sqrt(sum / out.frames()) > 0.01, "it sounds");
    }

    @Test
    void aResynthPresetSetsTheMatchAndAnotherKindsPresetIsPlayedAsResynthesis() throws Exception {
        Path a = dir.resolve("drums.wav"), b = dir.resolve("plain.wav"), c = dir.resolve("ambient.wav");
        Path presets = Path.of(System.getProperty("user.dir")).getParent().resolve("presets");
        assertEquals(0, CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", a.toString(),
                "--preset", presets.resolve("resynth-drums.json").toString()).code());
        assertEquals(0, CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", b.toString()).code());
        CliRun r = CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", c.toString(),
                "--preset", presets.resolve("ambient-drift.json").toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), "the preset's unit, weights and temperature change the match");
        assertEquals(AudioFiles.read(amen()).frames(), AudioFiles.read(c).frames());
    }

    /**
     * Provenance by fingerprint (chromaprint sees stretches of a second and more, so a sustained
     * input, Sonic Pi's sauna pad, re-voiced with five other ambient samples in long units):
     * `ersatz originality` finds most of the output in the corpus and none of it in the input.
     */
    @Test
    void theOutputIsTheCorpusAudioByFingerprintAndNotTheInput() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("ambient"));
        for (String f : new String[] {"ambi_drone", "ambi_glass_hum", "ambi_haunted_hum", "ambi_piano", "ambi_lunar_land"}) {
            Files.copy(DebianSamples.sonicPi().resolve(f + ".flac"), corpus.resolve(f + ".flac"));
        }
        Path in = DebianSamples.sonicPi().resolve("ambi_sauna.flac"), out = dir.resolve("sauna.wav");
        CliRun r = CliRun.of("resynth", in.toString(), "--corpus", corpus.toString(), "-o", out.toString(), "--temperature", "0",
                "--set", "unit=2000", "--set", "resynth_continuity=4");
        assertEquals(0, r.code(), r.err());
        CliRun fromCorpus = CliRun.of("originality", out.toString(), "--corpus", corpus.toString(), "--json");
        CliRun fromInput = CliRun.of("originality", out.toString(), "--corpus", in.toString(), "--json");
        assertEquals(0, fromCorpus.code(), fromCorpus.err());
        assertEquals(0, fromInput.code(), fromInput.err());
        java.util.Map<?, ?> c = (java.util.Map<?, ?>) dev.ersatz.engine.util.Json.parse(fromCorpus.out());
        java.util.Map<?, ?> i = (java.util.Map<?, ?>) dev.ersatz.engine.util.Json.parse(fromInput.out());
        System.out.println("resynth provenance (sauna re-voiced with five ambient samples): corpus " + fromCorpus.out().strip() + "; input " + fromInput.out().strip());
        assertTrue(((Number) c.get("fraction_matched")).doubleValue() >= 0.5, "most of the output is corpus audio: " + c);
        assertTrue(((Number) c.get("longest_match_seconds")).doubleValue() >= 2, "in stretches of seconds: " + c);
        assertEquals(0, ((Number) i.get("fraction_matched")).doubleValue(), "none of it is the input: " + i);
    }

    @Test
    void badRequestsAreOneLineErrors() throws Exception {
        Path out = dir.resolve("out.wav");
        CliRun r = CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", out.toString(), "--set", "nonsense=1");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ersatz: resynth: unknown parameter 'nonsense' (known: gain, temperature,") && r.err().contains("dry_wet")
                && r.err().lines().count() == 1, r.err());
        r = CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", out.toString(), "--set", "unit=5");
        assertEquals(2, r.code());
        assertEquals("ersatz: resynth: unit must be between 20.0 and 2000.0 ms, not 5\n", r.err());
        r = CliRun.of("resynth", amen().toString(), "--corpus", kit().toString(), "-o", out.toString(), "--preset", dir.resolve("none.json").toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: " + dir.resolve("none.json") + ": no such file\n", r.err());
        r = CliRun.of("resynth", amen().toString(), "-o", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--corpus"), r.err());
        Path notAudio = Files.writeString(dir.resolve("notes.wav"), "hello");
        r = CliRun.of("resynth", notAudio.toString(), "--corpus", kit().toString(), "-o", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ersatz: " + notAudio + ": ") && r.err().lines().count() == 1, r.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = CliRun.of("resynth", amen().toString(), "--corpus", empty.toString(), "-o", out.toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: resynth: no readable audio in the corpus [" + empty + "]\n", r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
