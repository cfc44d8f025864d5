package dev.ersatz.bridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs both sides and reports them; no time is asserted. */
class FingerprintBenchmarkTest {
    @TempDir Path dir;

    @Test
    void reportsBothSidesAndThatTheFingerprintsAgree() throws Exception {
        Path f = dir.resolve("b.wav");
        WavWriter.write(f, new AudioData(new float[][] {Signals.music(44100 * 10, 44100, 1), Signals.music(44100 * 10, 44100, 2)}, 44100), SampleFormat.PCM_16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "fingerprint", f.toString(), "--runs", "1", "--warmup", "1"},
                new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("ersatz (decode incl.)"), text);
        assertTrue(text.contains("fpcalc -raw -length 0"), text);
        assertTrue(text.contains("raw fingerprints: identical"), text);
    }
}
