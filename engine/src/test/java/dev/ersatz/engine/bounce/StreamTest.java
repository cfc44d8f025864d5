package dev.ersatz.engine.bounce;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.DebianSamples;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ersatz stream`'s engine half on real pads (LMMS's stringsnpads) with the ambient preset: files
 * that continue one another sample for sample (they are one long bounce cut up), a resume that
 * writes what an uninterrupted stream would have, flat memory, and a folder of another stream refused.
 */
class StreamTest {
    static final Path PRESET = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets/ambient-drift.json");
    static final int RATE = 48000;
    static final long FILE = 188L * Bouncer.BLOCK_FRAMES; // 1.003 s
    @TempDir Path dir;

    static InstrumentSession session() throws Exception {
        return InstrumentSession.open(Description.of(Sources.corpus(DebianSamples.lmms("stringsnpads"))).withPreset(PRESET).withSeed(3).withRate(RATE), Reporter.QUIET);
    }

    static final Map<String, Object> SETTINGS = Map.of("seed", 3L, "fileFrames", FILE);

    /** Streams files {@code from..to) into {@code folder}, as `ersatz stream` does. */
    static void stream(Path folder, long to) throws Exception {
        StreamFolder f = StreamFolder.open(folder, SETTINGS, SampleFormat.PCM_24, FILE / (double) RATE);
        try (InstrumentSession s = session()) {
            s.stream(-1, 100, 120, FILE, f.done(), (i, a) -> {
                f.write(i, a);
                return i + 1 < to;
            });
        }
    }

    static float[][] concatenated(Path folder, long files) throws Exception {
        float[][] all = new float[2][(int) (files * FILE)];
        for (long i = 0; i < files; i++) {
            AudioData a = AudioFiles.read(folder.resolve(StreamFolder.name(i)));
            assertEquals(FILE, a.frames());
            for (int c = 0; c < 2; c++) System.arraycopy(a.channels()[c], 0, all[c], (int) (i * FILE), (int) FILE);
        }
        return all;
    }

    @Test
    void filesContinueOneAnotherAndAResumeWritesWhatAnUnbrokenStreamWould() throws Exception {
        Path unbroken = dir.resolve("unbroken"), resumed = dir.resolve("resumed");
        stream(unbroken, 4);
        stream(resumed, 2);                 // stopped after two files ...
        assertEquals(2, StreamFolder.open(resumed, SETTINGS, SampleFormat.PCM_24, 1).done());
        stream(resumed, 4);                 // ... and started again
        for (long i = 0; i < 4; i++) {
            assertArrayEquals(Files.readAllBytes(unbroken.resolve(StreamFolder.name(i))), Files.readAllBytes(resumed.resolve(StreamFolder.name(i))), "file " + i);
        }
        // Gapless: the four files are one bounce of the same length, sample for sample.
        AudioData one;
        try (InstrumentSession s = session()) {
            one = s.bounce(InstrumentSession.Score.held(4 * FILE / (double) RATE));
        }
        Path whole = dir.resolve("whole.wav");
        WavWriter.write(whole, one, SampleFormat.PCM_24);
        float[][] expected = AudioFiles.read(whole).channels(), got = concatenated(unbroken, 4);
        assertArrayEquals(expected[0], got[0]);
        assertArrayEquals(expected[1], got[1]);
        double rms = 0;
        for (float v : got[0]) rms += v * v;
        assertTrue(Math.sqrt(rms / got[0].length) > 1e-3, "the stream plays");
        String m3u = Files.readString(unbroken.resolve(StreamFolder.PLAYLIST));
        assertEquals(List.of("#EXTM3U", "#EXTINF:1.003,stream-000000.wav", "stream-000000.wav"), m3u.lines().limit(3).toList());
        assertEquals(9, m3u.lines().count());
    }

    @Test
    void memoryStaysFlatOverManyFiles() throws Exception {
        Path folder = dir.resolve("long");
        StreamFolder f = StreamFolder.open(folder, SETTINGS, SampleFormat.PCM_16, FILE / (double) RATE);
        List<Long> heap = new ArrayList<>();
        try (InstrumentSession s = session()) {
            s.stream(-1, 100, 120, FILE, 0, (i, a) -> {
                Files.delete(f.write(i, a)); // the disk is not what is measured
                if (i % 20 == 19) {
                    System.gc();
                    heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
                return i + 1 < 120;
            });
        }
        System.out.printf("heap after GC every 20 files of 1 s (MB): %s%n", heap.stream().map(b -> String.format("%.1f", b / 1e6)).toList());
        long growth = heap.get(heap.size() - 1) - heap.get(0);
        assertTrue(growth < 8_000_000, "heap grew " + growth + " bytes over 100 files");
    }

    @Test
    void aFolderOfAnotherStreamIsRefused() throws Exception {
        Path folder = dir.resolve("s");
        stream(folder, 1);
        StreamFolder.StreamException e = assertThrows(StreamFolder.StreamException.class,
                () -> StreamFolder.open(folder, Map.of("seed", 4L, "fileFrames", FILE), SampleFormat.PCM_24, 1));
        assertEquals(folder + ": holds a stream of other settings (seed 3, not 4); use another folder, or the same options to resume it", e.getMessage());
        Files.delete(folder.resolve(StreamFolder.name(0)));
        assertEquals(folder + ": stream-000000.wav is missing; the stream cannot resume gaplessly",
                assertThrows(StreamFolder.StreamException.class, () -> StreamFolder.open(folder, SETTINGS, SampleFormat.PCM_24, 1)).getMessage());
    }
}
