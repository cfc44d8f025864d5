package dev.ersatz.engine.compose;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.analysis.Onsets;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.StreamFolder;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.testing.DebianSamples;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ersatz stream --compose`'s engine half: a model of eight real compositions (Debian's OpenMSX)
 * plays a real drum kit (Hydrogen's Colombo acoustic kit, the percussive preset: each note a hit)
 * through the session's composer, as `run --compose --self` does live. The files continue one
 * another sample for sample, every file has the composition's hits in it, at the composed notes'
 * frames, a resume writes what an unbroken stream would, and memory stays flat over minutes.
 */
class StreamComposeTest {
    static final Path PRESET = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets/percussive.json");
    static final int RATE = 48000;
    static final long FILE = 375L * Bouncer.BLOCK_FRAMES; // 2 s
    static final long SEED = 7;
    static MidiModel model;
    /** Files of 1 s the memory test streams: five minutes, 35 phrases. */
    static final int FILES = 300;
    /**
     * How much the heap after GC may grow from file 20 to file 300: 512 KB, less than two files'
     * audio (1 s of stereo floats is 384 KB), so keeping any file fails it, as does keeping anything
     * of 2 KB a file (280 files) or 15 KB a phrase (35 phrases: a phrase's arrays alone are some
     * 2 KB, its Composition more). Measured: 10 KB, which is GC noise.
     */
    static final long BOUND = 512 * 1024;
    @TempDir Path dir;

    @BeforeAll
    static void learn() {
        model = DebianMidi.openMsxModel(8);
    }

    static InstrumentSession session() throws Exception {
        InstrumentSession s = InstrumentSession.open(Description.of(Sources.corpus(DebianSamples.hydrogenKit("ColomboAcousticDrumkit")))
                .withPreset(PRESET).withSeed(SEED).withRate(RATE), Reporter.QUIET);
        s.compose(LiveComposer.following(model, SEED, 0, s.instrument()), true);
        return s;
    }

    static final Map<String, Object> SETTINGS = Map.of("seed", SEED, "compose", "openmsx-8");

    /** Streams files of {@code fileFrames} into {@code folder} until it holds {@code to}, as `ersatz stream --compose` does. */
    static void stream(Path folder, long fileFrames, long to) throws Exception {
        StreamFolder f = StreamFolder.open(folder, SETTINGS, SampleFormat.PCM_24, fileFrames / (double) RATE);
        try (InstrumentSession s = session()) {
            s.stream(-1, 100, model.bpm(), fileFrames, f.done(), (i, a) -> {
                f.write(i, a);
                return i + 1 < to;
            });
        }
    }

    static float[][] concatenated(Path folder, long files, long fileFrames) throws Exception {
        float[][] all = new float[2][(int) (files * fileFrames)];
        for (long i = 0; i < files; i++) {
            AudioData a = AudioFiles.read(folder.resolve(StreamFolder.name(i)));
            assertEquals(fileFrames, a.frames());
            for (int c = 0; c < 2; c++) System.arraycopy(a.channels()[c], 0, all[c], (int) (i * fileFrames), (int) fileFrames);
        }
        return all;
    }

    /** The frames of the composed note-ons of the first phrases, as the composer places them on its own grid from frame 0. */
    static List<Long> composedOnsets(long frames) throws Exception {
        double t, d;
        try (InstrumentSession s = session()) { // the preset's temperature (0.8) and compose_density
            t = s.instrument().parameter(InstrumentParams.TEMPERATURE);
            d = s.instrument().parameter(InstrumentParams.COMPOSE_DENSITY);
        }
        LiveComposer c = new LiveComposer(model, SEED, 0, () -> t, () -> d);
        double framesPerBeat = RATE * 60.0 / model.bpm();
        List<Long> on = new ArrayList<>();
        double start = 0;
        for (long k = 0; start * framesPerBeat < frames; k++) {
            LiveComposer.Phrase p = c.phrase(k, 0);
            for (int i = 0; i < p.size(); i++) {
                if ((p.status[i] & 0xF0) == 0x90) on.add(Math.round((start + p.beat[i]) * framesPerBeat));
            }
            start += Math.ceil(p.length / 4 - 1e-9) * 4; // the offline grid is 4/4
        }
        return on;
    }

    @Test
    void theCompositionPlaysGaplesslyAcrossFilesAndResumes() throws Exception {
        Path unbroken = dir.resolve("unbroken"), resumed = dir.resolve("resumed"), longer = dir.resolve("longer");
        stream(unbroken, FILE, 6);
        stream(resumed, FILE, 3);            // stopped after three files ...
        stream(resumed, FILE, 6);            // ... and started again
        for (long i = 0; i < 6; i++) {
            assertArrayEquals(Files.readAllBytes(unbroken.resolve(StreamFolder.name(i))), Files.readAllBytes(resumed.resolve(StreamFolder.name(i))), "file " + i);
        }
        // Gapless: six files of 2 s are three of 4 s, sample for sample, so nothing is lost or doubled at a rotation.
        stream(longer, 2 * FILE, 3);
        float[][] got = concatenated(unbroken, 6, FILE), expected = concatenated(longer, 3, 2 * FILE);
        assertArrayEquals(expected[0], got[0]);
        assertArrayEquals(expected[1], got[1]);

        // The composition is what sounds: hits in every file, and one where most composed notes begin (not
        // all: the preset's grains keep striking under a held note, so a note struck while the one
        // before still sounds, or a quiet low one, may not stand out; onsets at the very ends are not seen).
        float[] mono = new float[got[0].length];
        for (int i = 0; i < mono.length; i++) mono[i] = (got[0][i] + got[1][i]) / 2;
        int[] heard = Onsets.detect(mono, RATE);
        long[] notes = composedOnsets(mono.length).stream().mapToLong(Long::longValue).filter(n -> n > RATE / 10 && n < mono.length - RATE / 10).distinct().toArray();
        int[] perFile = new int[6];
        for (int h : heard) perFile[(int) (h / FILE)]++;
        int struck = 0;
        for (long n : notes) {
            long nearest = Long.MAX_VALUE;
            for (int h : heard) nearest = Math.min(nearest, Math.abs(h - n));
            if (nearest <= RATE * 0.03) struck++;
        }
        System.out.printf("stream --compose, 12 s: %d composed onsets, %d heard (per 2-s file %s), %d composed onsets with one heard within 30 ms%n",
                notes.length, heard.length, java.util.Arrays.toString(perFile), struck);
        for (int i = 0; i < 6; i++) assertTrue(perFile[i] > 0, "file " + i + " has no onset");
        assertTrue(notes.length >= 12, "the composition has notes");
        assertTrue(struck >= 0.7 * notes.length, struck + " of " + notes.length + " composed onsets heard");
    }

    @Test
    void memoryStaysFlatOverMinutesOfComposition() throws Exception {
        Path folder = dir.resolve("long");
        long second = 188L * Bouncer.BLOCK_FRAMES;
        StreamFolder f = StreamFolder.open(folder, SETTINGS, SampleFormat.PCM_16, second / (double) RATE);
        List<Long> heap = new ArrayList<>();
        long[] notes = new long[2];
        try (InstrumentSession s = session()) {
            s.stream(-1, 100, model.bpm(), second, 0, (i, a) -> {
                Files.delete(f.write(i, a)); // the disk is not what is measured
                if (i % 20 == 19) {
                    System.gc();
                    heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    if (i == 19) notes[0] = s.composer().notesWritten();
                }
                notes[1] = s.composer().notesWritten();
                return i + 1 < FILES;
            });
        }
        System.out.printf("stream --compose, heap after GC every 20 files of 1 s (MB): %s; %d notes composed after the first sample%n",
                heap.stream().map(b -> String.format("%.2f", b / 1e6)).toList(), notes[1] - notes[0]);
        assertTrue(notes[1] - notes[0] > 200, "the composer played on");
        long growth = heap.get(heap.size() - 1) - heap.get(0);
        assertTrue(growth < BOUND, "heap grew " + growth + " bytes over " + (FILES - 20) + " files");
    }
}
