package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz bounce` and `ersatz demo` in-process: real files in, real WAV files out, bad input refused. */
class BounceCommandTest {
    @TempDir Path dir;

    private Path corpus() throws Exception {
        Path c = dir.resolve("corpus");
        Files.createDirectories(c);
        WavWriter.write(c.resolve("music.wav"), new AudioData(new float[][] {Signals.music(44100 * 3, 44100, 1)}, 44100), SampleFormat.PCM_16);
        WavWriter.write(c.resolve("tone.wav"), new AudioData(new float[][] {Signals.sine(440, 0.5, 48000 * 2, 48000)}, 48000), SampleFormat.PCM_24);
        Files.writeString(c.resolve("broken.wav"), "RIFF nonsense");
        return c;
    }

    @Test
    void bouncesTheAskedLengthAndTheSameSeedGivesTheSameBytes() throws Exception {
        Path c = corpus();
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Path other = dir.resolve("other.wav");
        CliRun ra = CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "2.5", "--seed", "7", "--temperature", "1.5", "-o", a.toString());
        assertEquals(0, ra.code(), ra.err());
        assertTrue(ra.err().contains("broken.wav"), "the bad file is reported: " + ra.err());
        assertTrue(ra.out().contains("wrote " + a), ra.out());
        CliRun rb = CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "2.5", "--seed", "7", "--temperature", "1.5", "-o", b.toString());
        assertEquals(0, rb.code(), rb.err());
        CliRun ro = CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "2.5", "--seed", "8", "--temperature", "1.5", "-o", other.toString());
        assertEquals(0, ro.code(), ro.err());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same bytes");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(other)), "another seed, another file");
        // --set temperature=T is --temperature T (it was once overridden by --temperature's default, silently)
        Path viaSet = dir.resolve("set.wav"), cold = dir.resolve("cold.wav");
        assertEquals(0, CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "2.5", "--seed", "7", "--set", "temperature=1.5", "-o", viaSet.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(viaSet), "--set temperature=1.5 plays as --temperature 1.5");
        assertEquals(0, CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "2.5", "--seed", "7", "--set", "temperature=0", "-o", cold.toString()).code());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(cold)), "--set temperature=0 is heard");
        CliRun both = CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "1", "--temperature", "1", "--set", "temperature=2", "-o", cold.toString());
        assertEquals(2, both.code());
        assertEquals("ersatz: bounce: give --temperature or --set temperature=T, not both\n", both.err());

        AudioData audio = AudioFiles.read(a);
        assertEquals(48000, audio.sampleRate());
        assertEquals(2, audio.channelCount());
        assertEquals(120000, audio.frames());
        // sox, a real peer, reads the file and finds sound in it.
        Tools.Result sox = Tools.run(30, "sox", a.toString(), "-n", "stat");
        assertEquals(0, sox.exitCode(), sox.stderr());
        assertTrue(sox.stderr().contains("Length (seconds):      2.500000"), sox.stderr());
        double rms = Double.parseDouble(sox.stderr().replaceAll("(?s).*RMS\\s+amplitude:\\s+([0-9.]+).*", "$1"));
        assertTrue(rms > 0.01, "audible: RMS " + rms);
    }

    @Test
    void formatsRatesAndParameters() throws Exception {
        Path c = corpus();
        Path f = dir.resolve("f.wav");
        CliRun r = CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "1", "--rate", "44100", "--format", "32f",
                "--set", "density=30", "--set", "grain=80", "--note", "67", "-o", f.toString());
        assertEquals(0, r.code(), r.err());
        AudioData audio = AudioFiles.read(f);
        assertEquals(44100, audio.sampleRate());
        assertEquals(44100, audio.frames());
        assertTrue(r.out().contains("32-bit float"), r.out());
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception {
        Path c = corpus();
        Path o = dir.resolve("o.wav");
        CliRun missing = CliRun.of("bounce", "--corpus", dir.resolve("nope").toString(), "--seconds", "1", "-o", o.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope: no such file or directory"), missing.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun none = CliRun.of("bounce", "--corpus", empty.toString(), "--seconds", "1", "-o", o.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no playable audio"), none.err());
        assertEquals(2, CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "0", "-o", o.toString()).code());
        assertEquals(2, CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "1", "-o", o.toString(), "--temperature", "9").code());
        CliRun unknown = CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "1", "-o", o.toString(), "--set", "wobble=3");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown parameter 'wobble'"), unknown.err());
        assertEquals(2, CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "1").code());
        assertEquals(2, CliRun.of("bounce", "--corpus", c.toString(), "--seconds", "1", "-o", o.toString(), "--format", "12").code());
        assertFalse(Files.exists(o), "nothing written on errors");
    }

    @Test
    void demoWritesATextureFromItsOwnCorpus() throws Exception {
        Path out = dir.resolve("demo.wav");
        CliRun r = CliRun.of("demo", "--seconds", "3", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + out + " (3.0 s"), r.out());
        AudioData a = AudioFiles.read(out);
        assertEquals(3 * 48000, a.frames());
        float peak = 0;
        for (float v : a.channels()[0]) peak = Math.max(peak, Math.abs(v));
        assertTrue(peak > 0.05 && peak < 1, "peak " + peak);
        Path again = dir.resolve("again.wav");
        assertEquals(0, CliRun.of("demo", "--seconds", "3", "-o", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again), "the demo is deterministic");
    }
}
