package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz trim` / `ersatz split` on real files: cut points in JSON, the files they write, bad input. */
class TrimCommandTest {
    @TempDir Path dir;

    /** Stereo at 48 kHz: silence, a ±0.5 burst on the right only on [from, to), silence. */
    private Path burstFile(String name, SampleFormat format, int n, int... fromTo) throws Exception {
        float[] left = new float[n], right = new float[n];
        for (int k = 0; k < fromTo.length; k += 2) {
            for (int i = fromTo[k]; i < fromTo[k + 1]; i++) right[i] = (i / 40) % 2 == 0 ? 0.5f : -0.5f;
        }
        Path p = dir.resolve(name);
        WavWriter.write(p, new AudioData(new float[][] {left, right}, 48000), format);
        return p;
    }

    @Test
    void trimPrintsLibrosasCutPointsAndWritesThatSpan() throws Exception {
        Path in = burstFile("take.wav", SampleFormat.PCM_16, 48000, 10000, 30000);
        Path out = dir.resolve("cut.wav");
        CliRun r = CliRun.of("trim", in.toString(), "-o", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> m = (Map<?, ?>) Json.parse(r.out().strip());
        // Hand-derived as in TrimTest: frames [512i − 1024, 512i + 1024) touching [10000, 30000) are 18..60.
        assertEquals(48000L, ((Number) m.get("rate")).longValue());
        assertEquals(9216L, ((Number) m.get("start")).longValue());
        assertEquals(31232L, ((Number) m.get("end")).longValue());
        AudioData cut = AudioFiles.read(out);
        assertEquals(31232 - 9216, cut.frames());
        assertEquals(2, cut.channelCount());
        assertEquals(48000, cut.sampleRate());
        assertEquals(24, bitsPerSample(out), "PCM input is written as 24-bit");
        assertEquals(0.5f, cut.channels()[1][10000 - 9216], 1e-4);
    }

    @Test
    void optionsMoveTheCutsAndFloatStaysFloat() throws Exception {
        Path in = burstFile("f.wav", SampleFormat.FLOAT_32, 48000, 10000, 30000);
        Path out = dir.resolve("f-cut.wav");
        CliRun r = CliRun.of("trim", in.toString(), "-o", out.toString(), "--frame-length", "1024", "--hop-length", "256", "--json");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> m = (Map<?, ?>) Json.parse(r.out().strip());
        assertEquals(9728L, ((Number) m.get("start")).longValue());
        assertEquals(30720L, ((Number) m.get("end")).longValue());
        assertEquals(32, bitsPerSample(out));
        assertEquals(3, formatTag(out), "float input is written as float");
    }

    @Test
    void splitWritesNumberedClipsForEachRun() throws Exception {
        Path in = burstFile("loop.wav", SampleFormat.PCM_24, 96000, 10000, 30000, 60000, 70000);
        Path outDir = dir.resolve("clips");
        CliRun r = CliRun.of("split", in.toString(), "-o", outDir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> m = (Map<?, ?>) Json.parse(r.out().strip());
        assertEquals(List.of(List.of(9216L, 31232L), List.of(59392L, 71168L)), m.get("intervals"));
        assertEquals(31232 - 9216, AudioFiles.read(outDir.resolve("loop-001.wav")).frames());
        assertEquals(71168 - 59392, AudioFiles.read(outDir.resolve("loop-002.wav")).frames());
        assertTrue(!Files.exists(outDir.resolve("loop-003.wav")));
    }

    @Test
    void allSilentTrimsToZeroAndSplitsToNothing() throws Exception {
        Path in = burstFile("quiet.wav", SampleFormat.PCM_16, 4800);
        CliRun t = CliRun.of("trim", in.toString(), "--json");
        assertEquals(0, t.code(), t.err());
        Map<?, ?> m = (Map<?, ?>) Json.parse(t.out().strip());
        assertEquals(0L, ((Number) m.get("start")).longValue());
        assertEquals(0L, ((Number) m.get("end")).longValue());
        CliRun s = CliRun.of("split", in.toString(), "--json");
        assertEquals(List.of(), ((Map<?, ?>) Json.parse(s.out().strip())).get("intervals"));
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws Exception {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "this is not audio\n");
        CliRun r = CliRun.of("trim", text.toString(), "--json");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ersatz: " + text + ": "), r.err());
        assertEquals(1, r.err().strip().lines().count());
        CliRun bad = CliRun.of("split", text.toString(), "--hop-length", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--hop-length"), bad.err());
    }

    private static int bitsPerSample(Path wav) throws Exception {
        byte[] b = Files.readAllBytes(wav);
        return (b[34] & 0xFF) | (b[35] & 0xFF) << 8;
    }

    private static int formatTag(Path wav) throws Exception {
        byte[] b = Files.readAllBytes(wav);
        int tag = (b[20] & 0xFF) | (b[21] & 0xFF) << 8;
        return tag == 0xFFFE ? (b[44] & 0xFF) | (b[45] & 0xFF) << 8 : tag;
    }
}
