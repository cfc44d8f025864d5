package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chain` names the reason a file gave no clip: too short for --min-clip-ms is not "silent". */
class ChainSkippedClipTest {
    @TempDir Path dir;

    @Test
    void aOneShotShorterThanMinClipIsSkippedForItsLengthNotAsSilent() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path kick = DebianSamples.lmms("drums").resolve("kick03.ogg");           // a real ~200 ms one-shot
        Files.copy(kick, in.resolve("kick03.ogg"));
        List<Path> loops = DebianSamples.audioFiles(DebianSamples.lmms("beats"));
        Files.copy(loops.get(0), in.resolve("loop-a" + ext(loops.get(0))));
        Files.copy(loops.get(1), in.resolve("loop-b" + ext(loops.get(1))));
        WavWriter.write(in.resolve("silence.wav"), new AudioData(new float[][] {new float[44100]}, 44100), SampleFormat.PCM_16);

        Path out = dir.resolve("chain.wav");
        CliRun r = CliRun.of("chain", in.toString(), "-o", out.toString(), "--by", "timbre");
        assertEquals(0, r.code(), r.err());
        String kickLine = r.err().lines().filter(l -> l.contains("kick03.ogg")).findFirst().orElse("");
        assertTrue(kickLine.matches("ersatz: .*kick03\\.ogg: skipped: its longest sound \\(\\d+ ms\\) is shorter than --min-clip-ms 500"), r.err());
        assertFalse(kickLine.contains("silent"), kickLine);
        assertTrue(r.err().contains("silence.wav: skipped: silent throughout"), r.err());

        CliRun shorter = CliRun.of("chain", in.toString(), "-o", out.toString(), "--by", "timbre", "--min-clip-ms", "100");
        assertEquals(0, shorter.code(), shorter.err());
        assertFalse(shorter.err().contains("kick03.ogg"), "a lower --min-clip-ms keeps the kick: " + shorter.err());
    }

    private static String ext(Path p) {
        String n = p.getFileName().toString();
        return n.substring(n.lastIndexOf('.'));
    }
}
