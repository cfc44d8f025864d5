package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz texture` and the texture line of `ersatz bounce --model`, on a real sample pack (Debian's lmms-common). */
class TextureCommandTest {
    @TempDir Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aModelBounceIsReportedBesideItsCorpus() throws Exception {
        Path corpus = DebianSamples.lmms("beats"), model = dir.resolve("beats.ersatz"), out = dir.resolve("out.wav");
        CliRun t = CliRun.of("train", corpus.toString(), "-o", model.toString());
        assertEquals(0, t.code(), t.err());
        CliRun b = CliRun.of("bounce", "--model", model.toString(), "--seconds", "20", "--seed", "3", "-o", out.toString());
        assertEquals(0, b.code(), b.err());
        String line = b.out().lines().filter(l -> l.startsWith("texture: ")).findFirst().orElse("");
        assertTrue(line.matches("texture: silence \\d+% \\(corpus \\d+%\\), longest silence [0-9.]+ s \\([0-9.]+ s\\), frozen \\d+% \\(\\d+%\\), .*onsets [0-9.]+/s \\([0-9.]+/s\\)"),
                b.out());

        CliRun j = CliRun.of("texture", out.toString(), "--corpus", corpus.toString(), "--json");
        assertEquals(0, j.code(), j.err());
        Map<String, Object> r = (Map<String, Object>) Json.parse(j.out().strip());
        Map<String, Object> o = (Map<String, Object>) r.get("output"), c = (Map<String, Object>) r.get("corpus");
        assertEquals(20.0, ((Number) o.get("seconds")).doubleValue(), 0.01);
        double corpusSeconds = 0;
        for (Path f : DebianSamples.audioFiles(corpus)) corpusSeconds += dev.ersatz.engine.audio.AudioFiles.read(f).seconds();
        assertTrue(((Number) c.get("seconds")).doubleValue() <= corpusSeconds + 0.01, "the corpus trimmed: " + c);
        assertTrue(((Number) c.get("onsets_per_second")).doubleValue() > 1, "drum loops have onsets: " + c);
        assertTrue(((Number) o.get("frozen_share")).doubleValue() <= 0.15, "not frozen: " + o);
        // The model keeps its corpus's figures: --model reports the corpus as training measured it.
        CliRun m = CliRun.of("texture", out.toString(), "--model", model.toString(), "--json");
        assertEquals(0, m.code(), m.err());
        Map<String, Object> mc = (Map<String, Object>) ((Map<String, Object>) Json.parse(m.out().strip())).get("corpus");
        assertEquals(((Number) c.get("silence_share")).doubleValue(), ((Number) mc.get("silence_share")).doubleValue(), 0.01);
        assertEquals(((Number) c.get("onsets_per_second")).doubleValue(), ((Number) mc.get("onsets_per_second")).doubleValue(), 0.3);
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws Exception {
        Path notAudio = Files.writeString(dir.resolve("notes.wav"), "hello");
        CliRun r = CliRun.of("texture", notAudio.toString(), "--corpus", DebianSamples.lmms("beats").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ersatz: " + notAudio + ": ") && r.err().lines().count() == 1, r.err());
        assertEquals(2, CliRun.of("texture", notAudio.toString()).code(), "no corpus named");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path wav = dir.resolve("x.wav");
        dev.ersatz.engine.audio.WavWriter.write(wav, new dev.ersatz.engine.audio.AudioData(new float[][] {new float[48000]}, 48000),
                dev.ersatz.engine.audio.SampleFormat.PCM_16);
        CliRun e = CliRun.of("texture", wav.toString(), "--corpus", empty.toString());
        assertEquals(1, e.code());
        assertEquals("ersatz: texture: no readable audio in the corpus " + empty + "\n", e.err());
        Path notModel = Files.writeString(dir.resolve("m.ersatz"), "hello");
        CliRun nm = CliRun.of("texture", wav.toString(), "--model", notModel.toString());
        assertEquals(1, nm.code());
        assertEquals("ersatz: " + notModel + ": not an Ersatz model file (make one with ersatz train)\n", nm.err());
    }
}
