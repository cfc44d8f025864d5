package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.analysis.fingerprint.FingerprintCompare;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ersatz chain` on real files: families of similar clips (overlapping excerpts of one piece of
 * music each) shuffled into files with silences between them.
 */
class ChainCommandTest {
    static final int RATE = 22050;
    static final int FAMILIES = 4, MEMBERS = 4;
    static final int CLIP = 7 * RATE, GAP = RATE;

    @TempDir static Path dir;
    static Path corpus;

    /** Each family: 20 s of music from its own seed; its members: 7 s excerpts starting 1.5 s apart, with their own noise. */
    @BeforeAll
    static void makeCorpus() throws Exception {
        corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        List<float[]> clips = new ArrayList<>();
        for (int f = 0; f < FAMILIES; f++) {
            float[] music = Signals.music(20 * RATE, RATE, 1000 + f);
            for (int m = 0; m < MEMBERS; m++) {
                float[] c = Arrays.copyOfRange(music, m * RATE * 3 / 2, m * RATE * 3 / 2 + CLIP);
                float[] noise = Signals.noise(0.02, CLIP, 77 * f + m);
                for (int i = 0; i < CLIP; i++) c[i] += noise[i];
                clips.add(c);
            }
        }
        Collections.shuffle(clips, new Random(5));
        // four files of four clips each, a second of silence around every clip
        for (int file = 0; file < 4; file++) {
            List<float[]> parts = new ArrayList<>();
            parts.add(Signals.silence(GAP));
            for (int k = 0; k < 4; k++) {
                parts.add(clips.get(file * 4 + k));
                parts.add(Signals.silence(GAP));
            }
            float[] x = Signals.concat(parts.toArray(new float[0][]));
            WavWriter.write(corpus.resolve("take-" + file + ".wav"), new AudioData(new float[][] {x}, RATE), SampleFormat.FLOAT_32);
        }
    }

    private static Map<?, ?> chain(Path out, String... extra) throws Exception {
        List<String> argv = new ArrayList<>(List.of("chain", corpus.toString(), "-o", out.toString(), "--format", "32f"));
        argv.addAll(List.of(extra));
        CliRun r = CliRun.of(argv.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out));
        return (Map<?, ?>) Json.parse(Files.readString(dev.ersatz.engine.session.ChainRun.jsonBeside(out)));
    }

    private static double num(Object o) { return ((Number) o).doubleValue(); }

    @Test
    void chainBeatsTheNaivePairOrderByChromaprintCorrelation() throws Exception {
        Path out = dir.resolve("best.wav");
        Map<?, ?> m = chain(out);
        assertEquals("fingerprint", m.get("similarity"));
        List<?> clips = (List<?>) m.get("clips");
        assertEquals(FAMILIES * MEMBERS, clips.size());
        // recompute the chain's cohesion from the report alone: fingerprint each listed span of its source
        Map<String, AudioData> sources = new HashMap<>();
        int[][] prints = new int[clips.size()][];
        for (int i = 0; i < clips.size(); i++) {
            Map<?, ?> c = (Map<?, ?>) clips.get(i);
            AudioData src = sources.computeIfAbsent((String) c.get("source"), p -> read(Path.of(p)));
            int s = (int) num(c.get("start")), e = (int) num(c.get("end"));
            prints[i] = Chromaprint.fingerprint(new AudioData(new float[][] {Arrays.copyOfRange(src.channels()[0], s, e)}, RATE)).raw();
        }
        double sum = 0;
        for (int i = 1; i < prints.length; i++) sum += FingerprintCompare.best(prints[i - 1], prints[i]).similarity();
        double recomputed = sum / (prints.length - 1);
        double ours = num(m.get("mean_adjacent_similarity")), naive = num(m.get("naive_mean_adjacent_similarity"));
        assertEquals(ours, recomputed, 0.02, "the reported cohesion is the clips' own");
        assertTrue(ours > naive + 0.02, "chain " + ours + " vs naive " + naive);
        // a best chain keeps each family together: at most FAMILIES - 1 joins change family
        assertTrue(familyChanges(clips) <= FAMILIES - 1, "family changes: " + familyChanges(clips));
    }

    /**
     * Joins between clips of different families. Members of one family are overlapping excerpts of
     * one piece, so their fingerprints agree on well over 75 % of bits at the best offset; clips of
     * different families agree on about half.
     */
    private static int familyChanges(List<?> clips) throws Exception {
        int n = clips.size();
        int[][] prints = new int[n][];
        for (int i = 0; i < n; i++) {
            Map<?, ?> c = (Map<?, ?>) clips.get(i);
            AudioData src = read(Path.of((String) c.get("source")));
            int s = (int) num(c.get("start")), e = (int) num(c.get("end"));
            prints[i] = Chromaprint.fingerprint(new AudioData(new float[][] {Arrays.copyOfRange(src.channels()[0], s, e)}, RATE)).raw();
        }
        int changes = 0;
        for (int i = 1; i < n; i++) {
            if (FingerprintCompare.best(prints[i - 1], prints[i]).similarity() < 0.75) changes++;
        }
        return changes;
    }

    private static AudioData read(Path p) {
        try {
            return AudioFiles.read(p);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reportedSpansAreTheSourcesSamplesToTheSample() throws Exception {
        Path out = dir.resolve("spans.wav");
        Map<?, ?> m = chain(out, "--crossfade-ms", "40");
        AudioData y = AudioFiles.read(out);
        assertEquals(RATE, y.sampleRate());
        int fade = (int) Math.round(0.040 * RATE);
        List<?> clips = (List<?>) m.get("clips");
        int at = 0;
        long total = 0;
        for (int i = 0; i < clips.size(); i++) {
            Map<?, ?> c = (Map<?, ?>) clips.get(i);
            AudioData src = read(Path.of((String) c.get("source")));
            int s = (int) num(c.get("start")), e = (int) num(c.get("end"));
            assertTrue(e - s > 2 * fade);
            int fin = i == 0 ? 0 : fade, fout = i == clips.size() - 1 ? 0 : fade;
            // between its fades, the output is exactly the source's samples [start + fin, end - fout)
            for (int k = fin; k < e - s - fout; k++) {
                assertEquals(src.channels()[0][s + k], y.channels()[0][at + k], 0f, "clip " + i + " sample " + k);
            }
            // and the span lies inside one of the clips the corpus was built from (with the split's frame slack)
            assertTrue(s >= 0 && e <= src.frames());
            at += e - s - fout;
            total += e - s;
            if (i == 0) assertNull(c.get("similarity_to_previous"));
            else assertTrue(num(c.get("similarity_to_previous")) > 0);
        }
        assertEquals(total - (long) fade * (clips.size() - 1), y.frames());
    }

    @Test
    void temperatureZeroIsDeterministicAndASeedFixesTheWalk() throws Exception {
        byte[] a = Files.readAllBytes(outOf(chain(dir.resolve("t0a.wav")), "t0a.wav"));
        byte[] b = Files.readAllBytes(outOf(chain(dir.resolve("t0b.wav")), "t0b.wav"));
        assertArrayEquals(a, b);
        Map<?, ?> w1 = chain(dir.resolve("w1.wav"), "--temperature", "0.5", "--seed", "7");
        Map<?, ?> w2 = chain(dir.resolve("w2.wav"), "--temperature", "0.5", "--seed", "7");
        Map<?, ?> w3 = chain(dir.resolve("w3.wav"), "--temperature", "0.5", "--seed", "8");
        assertArrayEquals(Files.readAllBytes(dir.resolve("w1.wav")), Files.readAllBytes(dir.resolve("w2.wav")));
        assertEquals(order(w1), order(w2));
        assertNotEquals(order(w1), order(w3));
    }

    private static Path outOf(Map<?, ?> report, String name) { return dir.resolve(name); }

    private static List<String> order(Map<?, ?> m) {
        List<String> o = new ArrayList<>();
        for (Object c : (List<?>) m.get("clips")) o.add(((Map<?, ?>) c).get("source") + ":" + ((Map<?, ?>) c).get("start"));
        return o;
    }

    @Test
    void badAndSilentInputsAreSkippedAndReported() throws Exception {
        Path mixed = dir.resolve("mixed");
        Files.createDirectories(mixed);
        Files.copy(corpus.resolve("take-0.wav"), mixed.resolve("a.wav"));
        Files.writeString(mixed.resolve("b.wav"), "this is not audio");
        Files.write(mixed.resolve("c.wav"), new byte[0]);
        WavWriter.write(mixed.resolve("d.wav"), new AudioData(new float[][] {new float[RATE * 2]}, RATE), SampleFormat.PCM_16);
        Path out = dir.resolve("mixed.wav");
        CliRun r = CliRun.of("chain", mixed.toString(), "-o", out.toString(), "--by", "timbre");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("ersatz: " + mixed.resolve("b.wav") + ": "), r.err());
        assertTrue(r.err().contains("ersatz: " + mixed.resolve("c.wav") + ": empty file"), r.err());
        assertTrue(r.err().contains("ersatz: " + mixed.resolve("d.wav") + ": "), r.err());
        for (String line : r.err().strip().split("\n")) assertTrue(line.startsWith("ersatz: "), line);
        Map<?, ?> m = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("mixed.json")));
        assertEquals(4, ((List<?>) m.get("clips")).size());
        assertEquals("timbre", m.get("similarity"));
    }

    @Test
    void fewerThanTwoClipsIsAClearError() throws Exception {
        Path one = dir.resolve("one.wav");
        float[] x = Signals.concat(Signals.silence(GAP), Signals.music(3 * RATE, RATE, 1), Signals.silence(GAP));
        WavWriter.write(one, new AudioData(new float[][] {x}, RATE), SampleFormat.PCM_16);
        Path out = dir.resolve("none.wav");
        CliRun r = CliRun.of("chain", one.toString(), "-o", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ersatz: chain: 1 usable clip"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(Files.exists(out));
        CliRun none = CliRun.of("chain", dir.resolve("missing.wav").toString(), "-o", out.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("missing.wav: no such file"), none.err());
        assertTrue(none.err().contains("ersatz: chain: 0 usable clips"), none.err());
    }

    @Test
    void mixAndOnsetCutsMakeAChainToo() throws Exception {
        Map<?, ?> m = chain(dir.resolve("mix.wav"), "--by", "mix", "--cut-at", "onsets", "--max-clip-ms", "3000");
        assertEquals("mix", m.get("similarity"));
        // 7 s clips cut at onsets near every 3 s: more clips than the 16 of the corpus
        assertTrue(((List<?>) m.get("clips")).size() > FAMILIES * MEMBERS);
        assertTrue(num(m.get("mean_adjacent_similarity")) >= num(m.get("naive_mean_adjacent_similarity")));
    }
}
