package dev.ersatz.bridge.cli.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz fingerprint` and `ersatz compare` as a user runs them, checked against the real fpcalc. */
class FingerprintCommandTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) { }

    private static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(argv, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path music(String name, int rate, int channels, int seconds, long seed) throws Exception {
        float[][] ch = new float[channels][];
        for (int c = 0; c < channels; c++) ch[c] = Signals.music(rate * seconds, rate, seed + c);
        Path f = dir.resolve(name);
        WavWriter.write(f, new AudioData(ch, rate), SampleFormat.PCM_16);
        return f;
    }

    private static String fpcalc(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "fpcalc";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Tools.Result r = Tools.run(120, cmd);
        // fpcalc 1.5.1 with FFmpeg 5 exits 3 after printing (it reports end of file as an error).
        if (r.exitCode() != 0 && r.exitCode() != 3) throw new AssertionError("fpcalc exited " + r.exitCode() + ": " + r.stderr());
        return r.stdout();
    }

    @Test
    void rawOutputIsFpcalcsTextExactly() throws Exception {
        Path f = music("song.wav", 44100, 2, 40, 1);
        Run r = run("fingerprint", f.toString(), "--raw");
        assertEquals(0, r.code(), r.err());
        assertEquals(fpcalc("-raw", "-length", "0", f.toString()), r.out());
    }

    @Test
    void defaultOutputIsFpcalcsCompressedText() throws Exception {
        Path f = music("song.wav", 48000, 1, 25, 2);
        Run r = run("fingerprint", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(fpcalc("-length", "0", f.toString()), r.out());
    }

    @Test
    void lengthOptionIsFpcalcsLength() throws Exception {
        Path f = music("song.wav", 22050, 1, 40, 3);
        Run r = run("fingerprint", f.toString(), "--raw", "--length", "30");
        assertEquals(fpcalc("-raw", "-length", "30", f.toString()), r.out());
    }

    @Test
    void jsonCarriesUnsignedItems() throws Exception {
        Path f = music("song.wav", 44100, 1, 20, 4);
        Run r = run("fingerprint", f.toString(), "--raw", "--json");
        assertEquals(0, r.code(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out().strip());
        assertEquals(f.toString(), o.get("file"));
        assertEquals(20.0, ((Number) o.get("duration")).doubleValue(), 1e-9);
        String expected = fpcalc("-raw", "-length", "0", f.toString()).lines().filter(l -> l.startsWith("FINGERPRINT=")).findFirst().orElseThrow().substring(12);
        List<?> items = (List<?>) o.get("fingerprint");
        StringBuilder sb = new StringBuilder();
        for (Object x : items) sb.append(sb.length() == 0 ? "" : ",").append(((Number) x).longValue());
        assertEquals(expected, sb.toString());
    }

    @Test
    void compareJsonFindsTheDelay() throws Exception {
        int rate = 44100;
        float[] m = Signals.music(rate * 30, rate, 5);
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        WavWriter.write(a, new AudioData(new float[][] {m}, rate), SampleFormat.PCM_16);
        WavWriter.write(b, new AudioData(new float[][] {Signals.concat(Signals.silence(12 * 1365 * 4), m)}, rate), SampleFormat.PCM_16);
        Run r = run("compare", a.toString(), b.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out().strip());
        assertEquals(List.of("a", "b", "similarity", "offset", "offset_seconds"), List.copyOf(o.keySet()));
        assertEquals(a.toString(), o.get("a"));
        assertEquals(12, ((Number) o.get("offset")).intValue());
        assertEquals(12 * 1365 / 11025.0, ((Number) o.get("offset_seconds")).doubleValue(), 1e-9);
        assertTrue(((Number) o.get("similarity")).doubleValue() > 0.97);

        Run self = run("compare", a.toString(), a.toString(), "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) Json.parse(self.out().strip());
        assertEquals(1.0, ((Number) s.get("similarity")).doubleValue());
        assertEquals(0, ((Number) s.get("offset")).intValue());
    }

    @Test
    void severalFilesPrintLikeFpcalcAndBadOnesAreSkipped() throws Exception {
        Path a = music("a.wav", 44100, 2, 12, 8);
        Path b = music("b.wav", 22050, 1, 12, 9);
        Run r = run("fingerprint", a.toString(), b.toString(), "--raw");
        assertEquals(0, r.code(), r.err());
        // fpcalc 1.5.1 with FFmpeg 5 stops after the first file (its end-of-file "error" exits), so the
        // expected text is fpcalc's per-file output joined the way fpcalc.cpp joins results: a blank line.
        assertEquals(fpcalc("-raw", "-length", "0", a.toString()) + "\n" + fpcalc("-raw", "-length", "0", b.toString()), r.out());

        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio");
        Run skip = run("fingerprint", a.toString(), text.toString(), b.toString(), "--raw");
        assertEquals(1, skip.code());
        assertEquals(r.out(), skip.out(), "the good files are still fingerprinted");
        assertEquals(1, skip.err().lines().count(), skip.err());
        assertTrue(skip.err().contains(text.toString()), skip.err());
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws Exception {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "these are not samples\n");
        Path missing = dir.resolve("missing.wav");
        Path empty = dir.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        Path tiny = music("tiny.wav", 44100, 1, 1, 6);
        Path good = music("good.wav", 44100, 1, 10, 7);
        for (String[] argv : new String[][] {
            {"fingerprint", text.toString(), "--raw"},
            {"fingerprint", missing.toString()},
            {"fingerprint", empty.toString()},
            {"fingerprint", tiny.toString(), "--raw"},
            {"compare", good.toString(), text.toString(), "--json"},
            {"compare", tiny.toString(), good.toString()},
        }) {
            Run r = run(argv);
            String named = argv[1].equals(good.toString()) ? argv[2] : argv[1];
            assertEquals(1, r.code(), String.join(" ", argv));
            assertEquals("", r.out());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("ersatz: ") && r.err().contains(named), r.err());
        }
        assertTrue(run("fingerprint", tiny.toString()).err().contains("too short"));
        assertEquals(2, run("compare", good.toString()).code(), "one file is a usage error");
    }
}
