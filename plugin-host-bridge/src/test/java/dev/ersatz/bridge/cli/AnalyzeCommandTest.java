package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.analysis.AnalysisCache;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import dev.ersatz.engine.util.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz analyze` in-process: the JSON lines, the cache, and every kind of bad input in one directory. */
class AnalyzeCommandTest {
    @TempDir Path dir;

    private Path cache() { return dir.resolve("cache"); }

    private Path wav(Path at, int rate, float[]... channels) throws Exception {
        Files.createDirectories(at.getParent());
        WavWriter.write(at, new AudioData(channels, rate), SampleFormat.PCM_24);
        return at;
    }

    private static List<Map<?, ?>> lines(String out) throws Exception {
        List<Map<?, ?>> l = new ArrayList<>();
        for (String line : out.split("\n")) if (!line.isBlank()) l.add((Map<?, ?>) Json.parse(line));
        return l;
    }

    @Test
    void printsOneJsonObjectPerFileInPathOrder() throws Exception {
        Path a = wav(dir.resolve("corpus/a.wav"), 44100, Signals.music(44100 * 2, 44100, 1), Signals.music(44100 * 2, 44100, 2));
        wav(dir.resolve("corpus/sub/b.wav"), 48000, Signals.sine(1000, 0.5, 48000, 48000));
        wav(dir.resolve("corpus/sub/c.WAV"), 22050, Signals.noise(0.3, 22050, 3));
        Files.writeString(dir.resolve("corpus/readme.txt"), "not searched: no audio extension");
        CliRun r = CliRun.of("analyze", dir.resolve("corpus").toString(), "--json", "--cache", cache().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<Map<?, ?>> l = lines(r.out());
        assertEquals(3, l.size(), r.out());
        assertEquals(a.toString(), l.get(0).get("file"));
        assertTrue(((String) l.get(1).get("file")).endsWith("b.wav"));
        assertTrue(((String) l.get(2).get("file")).endsWith("c.WAV"));
        Map<?, ?> m = l.get(0);
        for (String key : List.of("duration", "rate", "channels", "trim", "peak_dbfs", "loudness_lufs", "silence_ratio",
                "clipped_samples", "spectral_centroid_hz", "spectral_flatness", "onset_rate", "tempo", "tempo_family", "pulse", "loop_beats", "tempo_absent",
                "fingerprint_length", "flags")) {
            assertTrue(m.containsKey(key), key + " missing from " + m.keySet());
        }
        assertEquals(2.0, ((Number) m.get("duration")).doubleValue(), 1e-9);
        assertEquals(2L, m.get("channels"));
        assertEquals(48000L, l.get(1).get("rate"));
        assertTrue(((List<?>) l.get(2).get("flags")).contains("noise_like"));
    }

    @Test
    void printsTheTempoDecisionOnRealLoopsAndDrones() throws Exception {
        Path amen = DebianSamples.sonicPi().resolve("loop_amen.flac"), drone = DebianSamples.sonicPi().resolve("ambi_drone.flac");
        CliRun json = CliRun.of("analyze", amen.toString(), drone.toString(), "--json", "--no-cache");
        assertEquals(0, json.code(), json.err());
        List<Map<?, ?>> l = lines(json.out());
        // 1.753 s of Amen break is 4 beats at 136.9 BPM.
        Map<?, ?> loop = l.get(0), none = l.get(1);
        assertEquals(136.9, ((Number) ((Map<?, ?>) ((List<?>) loop.get("tempo")).get(0)).get("bpm")).doubleValue(), 0.01 * 136.9);
        assertEquals(4L, loop.get("loop_beats"));
        assertTrue(((Number) loop.get("pulse")).doubleValue() > 0);
        assertEquals(null, loop.get("tempo_absent"));
        assertEquals(List.of(), none.get("tempo"));
        assertEquals(List.of(), none.get("tempo_family"));
        assertEquals(0.0, ((Number) none.get("pulse")).doubleValue());
        assertTrue(((String) none.get("tempo_absent")).startsWith("no steady pulse"), none.toString());
        CliRun text = CliRun.of("analyze", amen.toString(), drone.toString(), "--no-cache");
        assertEquals(0, text.code(), text.err());
        List<String> out = text.out().lines().toList();
        assertTrue(out.get(0).contains(", tempo 136.9 BPM (loop of 4 beats, pulse "), out.get(0));
        assertTrue(out.get(1).contains(", no tempo: no steady pulse (clarity "), out.get(1));
    }

    @Test
    void fingerprintLengthIsFpcalcsItemCount() throws Exception {
        Path a = dir.resolve("fp/long.wav");
        Files.createDirectories(a.getParent());
        WavWriter.write(a, new AudioData(new float[][] {Signals.music(44100 * 12, 44100, 21), Signals.music(44100 * 12, 44100, 22)}, 44100),
                SampleFormat.PCM_16);
        // fpcalc 1.5.1 with FFmpeg 5 exits 3 ("Error decoding audio frame (End of file)") after printing the result.
        Tools.Result fp = Tools.run(60, "fpcalc", "-raw", "-length", "0", a.toString());
        assertTrue(fp.exitCode() == 0 || fp.exitCode() == 3, fp.stderr());
        String raw = fp.stdout();
        long items = raw.lines().filter(l -> l.startsWith("FINGERPRINT=")).findFirst().orElseThrow().split(",").length;
        CliRun r = CliRun.of("analyze", a.toString(), "--json", "--no-cache");
        assertEquals(0, r.code(), r.err());
        assertEquals(items, lines(r.out()).get(0).get("fingerprint_length"));
    }

    @Test
    void secondRunComesFromTheCacheKeyedByContent() throws Exception {
        Path a = wav(dir.resolve("c/a.wav"), 44100, Signals.music(44100, 44100, 9));
        CliRun first = CliRun.of("analyze", a.toString(), "--json", "--cache", cache().toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(cache().resolve("analysis.mv.db")));
        CliRun second = CliRun.of("analyze", a.toString(), "--json", "--cache", cache().toString());
        assertEquals(first.out(), second.out());
        // Prove the second answer is read, not recomputed: plant a different result under the file's content key.
        try (AnalysisCache c = AnalysisCache.open(cache())) {
            String key = c.contentKey(a);
            assertEquals(AnalysisCache.hash(a), key);
            Map<String, Object> planted = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : lines(first.out()).get(0).entrySet()) if (!e.getKey().equals("file")) planted.put((String) e.getKey(), e.getValue());
            planted.put("onset_rate", 123.0);
            c.put(dev.ersatz.engine.analysis.FileAnalyzer.KIND, key, Json.write(planted));
            c.commit();
        }
        Path copy = Files.copy(a, dir.resolve("c/copy-of-a.wav"));
        CliRun third = CliRun.of("analyze", copy.toString(), "--json", "--cache", cache().toString());
        assertEquals(123.0, ((Number) lines(third.out()).get(0).get("onset_rate")).doubleValue(), "same bytes, same key");
        CliRun fresh = CliRun.of("analyze", copy.toString(), "--json", "--no-cache");
        assertEquals(lines(first.out()).get(0).get("onset_rate"), lines(fresh.out()).get(0).get("onset_rate"));
        // A change of content under the same name is a new key.
        wav(a, 44100, Signals.noise(0.5, 44100, 1));
        CliRun changed = CliRun.of("analyze", a.toString(), "--json", "--cache", cache().toString());
        assertTrue(((List<?>) lines(changed.out()).get(0).get("flags")).contains("noise_like"));
    }

    @Test
    void badFilesAreReportedOneLineEachAndTheRestAnalysed() throws Exception {
        Path d = dir.resolve("mixed");
        Files.createDirectories(d);
        Path good = wav(d.resolve("01-good.wav"), 44100, Signals.music(44100, 44100, 4));
        Files.write(d.resolve("02-empty.wav"), new byte[0]);
        Files.writeString(d.resolve("03-text.wav"), "hello, I am a text file\n");
        byte[] full = Files.readAllBytes(good);
        Files.write(d.resolve("04-truncated.wav"), java.util.Arrays.copyOf(full, 30));
        Files.write(d.resolve("05-huge-header.wav"), header(1, 44100, 16, 0x7FFFFFF0, 1, 3, new byte[64]));
        ByteBuffer nan = ByteBuffer.allocate(4 * 100).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100; i++) nan.putFloat(i == 50 ? Float.NaN : 0.1f);
        Files.write(d.resolve("06-nan.wav"), header(1, 44100, 32, 400, 3, 1, nan.array()));
        wav(d.resolve("07-one-sample.wav"), 44100, new float[] {0.25f});
        float[][] eight = new float[8][];
        for (int c = 0; c < 8; c++) eight[c] = Signals.sine(500 * (c + 1), 0.2, 192000 / 4, 192000);
        wav(d.resolve("08-eight-channels-192k.wav"), 192000, eight);
        Tools.check(30, "sox", "-n", "-r", "8000", "-b", "8", "-c", "1", d.resolve("09-8bit-8k.wav").toString(), "synth", "1", "sine", "440");
        Files.createDirectories(d.resolve("10-folder.wav"));

        CliRun r = CliRun.of("analyze", d.toString(), "--json", "--cache", cache().toString());
        assertEquals(1, r.code());
        List<Map<?, ?>> ok = lines(r.out());
        List<String> names = ok.stream().map(m -> Path.of((String) m.get("file")).getFileName().toString()).toList();
        assertEquals(List.of("01-good.wav", "07-one-sample.wav", "08-eight-channels-192k.wav", "09-8bit-8k.wav"), names, r.err());
        List<String> errors = r.err().lines().toList();
        assertEquals(5, errors.size(), r.err());
        String[] bad = {"02-empty.wav", "03-text.wav", "04-truncated.wav", "05-huge-header.wav", "06-nan.wav"};
        for (int i = 0; i < bad.length; i++) {
            String line = errors.get(i);
            assertTrue(line.startsWith("ersatz: " + d.resolve(bad[i]) + ": "), line);
            assertTrue(line.length() > ("ersatz: " + d.resolve(bad[i]) + ": ").length() + 3, "a reason: " + line);
            assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        }
        assertEquals(8L, ok.get(2).get("channels"));
        assertEquals(192000L, ok.get(2).get("rate"));
        assertEquals(8000L, ok.get(3).get("rate"));
        assertEquals(1L, ok.get(1).get("frames"));
        // Bad files are not cached as good: the second run says the same.
        CliRun again = CliRun.of("analyze", d.toString(), "--json", "--cache", cache().toString());
        assertEquals(r.out(), again.out());
        assertEquals(r.err(), again.err());
    }

    @Test
    void missingPathAndLockedOrNoCacheStillWork() throws Exception {
        Path a = wav(dir.resolve("x/a.wav"), 44100, Signals.sine(440, 0.5, 4410, 44100));
        CliRun r = CliRun.of("analyze", dir.resolve("nope").toString(), a.toString(), "--cache", cache().toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ersatz: " + dir.resolve("nope") + ": no such file"), r.err());
        assertTrue(r.out().startsWith(a + ": 0.10 s, 44100 Hz, 1 ch"), r.out());
        Files.createDirectories(dir.resolve("blocked"));
        Files.writeString(dir.resolve("blocked/analysis.mv.db"), "not a database");
        CliRun nc = CliRun.of("analyze", a.toString(), "--cache", dir.resolve("blocked").toString());
        assertEquals(0, nc.code(), nc.err());
        assertEquals(r.out(), nc.out(), "the same analysis without the cache");
        assertTrue(nc.err().contains("carrying on without it"), nc.err());
        assertEquals(1, nc.err().lines().count(), nc.err());
    }

    /** A WAV header whose data chunk claims {@code dataBytes}, followed by {@code payload}. */
    private static byte[] header(int channels, int rate, int bits, int dataBytes, int format, int unusedTag, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(44 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt(dataBytes).put(payload);
        return b.array();
    }
}
