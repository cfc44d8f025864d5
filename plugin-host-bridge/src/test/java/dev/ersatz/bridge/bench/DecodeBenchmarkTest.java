package dev.ersatz.bridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs `ersatz bench decode` on real files (figures are printed, never asserted). */
class DecodeBenchmarkTest {

    @Test
    void printsFiguresForEachFileAndSkipsBadOnes(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("a.wav");
        WavWriter.write(wav, new AudioData(new float[][] {Signals.music(44100, 44100, 1)}, 44100), SampleFormat.PCM_16);
        Path flac = dir.resolve("b.flac");
        Tools.check(30, "sox", wav.toString(), flac.toString());
        Path bad = dir.resolve("c.wav");
        Files.writeString(bad, "not audio");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "decode", wav.toString(), flac.toString(), bad.toString(), "--repeat", "1"},
                new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains(wav.toString()) && text.contains(flac.toString()), text);
        assertTrue(text.contains("resample 44100 -> 22050"), text);
        assertTrue(text.contains("total decode: 2.0 s of audio"), text);
        assertTrue(text.contains("corpus load (decode + resample to 22050"), text);
        assertEquals("ersatz: " + bad + ": not an audio file (looks like text) (skipped)\n", err.toString(StandardCharsets.UTF_8));
    }
}
