package dev.ersatz.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriterTest {
    @TempDir Path dir;

    /** Stereo music with full-scale peaks at both ends (±1.0) to check clipping and the scale. */
    private static AudioData stereo(int frames, int rate) {
        float[] l = Signals.music(frames, rate, 3);
        float[] r = Signals.noise(0.7, frames, 4);
        l[10] = 1f;
        l[11] = -1f;
        r[12] = 0.99999f;
        return new AudioData(new float[][] {l, r}, rate);
    }

    private List<Path> filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void roundTrip(SampleFormat format) throws Exception {
        AudioData a = stereo(44100, 48000);
        Path f = dir.resolve("rt.wav");
        WavWriter.write(f, a, format);
        AudioData b = AudioFiles.read(f);
        assertEquals(48000, b.sampleRate());
        assertEquals(2, b.channelCount());
        assertEquals(a.frames(), b.frames());
        double full = Math.pow(2, format.bits - 1);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < a.frames(); i++) {
                float x = a.channels()[c][i];
                float expected = format == SampleFormat.FLOAT_32 ? x
                        : (float) (Math.max(-full, Math.min(full - 1, Math.round(x * full))) / full);
                assertEquals(expected, b.channels()[c][i], 0.0, "channel " + c + " frame " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SampleFormat.class, names = {"PCM_16", "PCM_24"})
    void pcmReadFromAFileIsWrittenBackToTheSameIntegers(SampleFormat format) throws Exception {
        Path src = SoxFiles.source(dir, 2, 44100, 0.5);
        Path original = SoxFiles.convert(src, dir.resolve("orig.wav"), "-b", String.valueOf(format.bits));
        Path copy = dir.resolve("copy.wav");
        WavWriter.write(copy, AudioFiles.read(original), format);
        // Same samples, byte for byte, from the data chunk on (sox's header may differ in its extras).
        byte[] o = Files.readAllBytes(original), c = Files.readAllBytes(copy);
        int od = BadInputTest.indexOf(o, "data"), cd = BadInputTest.indexOf(c, "data");
        assertArrayEquals(Arrays.copyOfRange(o, od, o.length), Arrays.copyOfRange(c, cd, c.length));
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void soxReadsWhatWeWrite(SampleFormat format) throws Exception {
        AudioData a = new AudioData(new float[][] {Signals.music(22050, 22050, 1), Signals.music(22050, 22050, 2),
                Signals.noise(0.5, 22050, 3)}, 22050);
        Path f = dir.resolve("for-sox.wav");
        WavWriter.write(f, a, format);
        assertEquals("3", Tools.check(30, "sox", "--i", "-c", f.toString()).strip());
        assertEquals("22050", Tools.check(30, "sox", "--i", "-r", f.toString()).strip());
        assertEquals("22050", Tools.check(30, "sox", "--i", "-s", f.toString()).strip());
        assertEquals(String.valueOf(format.bits), Tools.check(30, "sox", "--i", "-b", f.toString()).strip());
        assertEquals(format == SampleFormat.FLOAT_32 ? "Floating Point PCM" : "Signed Integer PCM",
                Tools.check(30, "sox", "--i", "-e", f.toString()).strip());
        // And decodes to our samples, within the rounding of sox's internal 32-bit integer samples.
        AudioFilesTest.assertSameAudio(SoxFiles.decode(f, dir), 22050, AudioFiles.read(f), 1e-7);
    }

    @Test
    void failingWriteLeavesNoFileAndNoTemp() throws Exception {
        AudioData a = stereo(100_000, 44100);
        // Shorten a channel behind the record's back: the writer fails partway through the samples.
        a.channels()[1] = new float[50_000];
        Path target = dir.resolve("out.wav");
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> WavWriter.write(target, a, SampleFormat.PCM_24));
        assertEquals(List.of(), filesIn(dir), "nothing under the target name, no temporary file");
    }

    @Test
    void failingWriteLeavesAnExistingTargetUntouched() throws Exception {
        Path target = dir.resolve("keep.wav");
        WavWriter.write(target, stereo(1000, 44100), SampleFormat.PCM_16);
        byte[] before = Files.readAllBytes(target);
        AudioData broken = stereo(100_000, 44100);
        broken.channels()[1] = new float[10];
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> WavWriter.write(target, broken, SampleFormat.FLOAT_32));
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void unwritableTargetIsAOneLineError() throws Exception {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("inside"));
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavWriter.write(target, stereo(100, 8000), SampleFormat.PCM_16));
        assertTrue(e.getMessage().startsWith(target + ": cannot write"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of(target), filesIn(dir), "no temporary file left beside it");
    }

    @Test
    void nonFiniteSamplesAreRefusedBeforeAnythingIsWritten() throws Exception {
        float[] x = Signals.sine(440, 0.5, 1000, 44100);
        x[500] = Float.NaN;
        Path target = dir.resolve("nan.wav");
        AudioFileException e = assertThrows(AudioFileException.class,
                () -> WavWriter.write(target, new AudioData(new float[][] {x}, 44100), SampleFormat.FLOAT_32));
        assertEquals("cannot write a NaN sample (frame 500)", e.reason());
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void replacesAtomicallyWhileAReaderWatches() throws Exception {
        Path target = dir.resolve("watched.wav");
        WavWriter.write(target, stereo(1000, 44100), SampleFormat.PCM_16);
        byte[] old = Files.readAllBytes(target);
        AudioData big = new AudioData(new float[][] {Signals.noise(0.5, 1_500_000, 1), Signals.noise(0.5, 1_500_000, 2)}, 44100);
        AtomicBoolean done = new AtomicBoolean();
        List<Long> seen = new ArrayList<>();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    seen.add(Files.size(target));
                } catch (Exception ex) {
                    seen.add(-1L); // the name vanished: not atomic
                }
            }
        });
        watcher.start();
        WavWriter.write(target, big, SampleFormat.FLOAT_32);
        done.set(true);
        watcher.join();
        long newSize = Files.size(target);
        for (long s : seen) assertTrue(s == old.length || s == newSize, "saw a " + s + "-byte file under the name");
        assertEquals(big.frames(), AudioFiles.read(target).frames());
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void resultIsReadableByOthers() throws Exception {
        Path target = dir.resolve("perm.wav");
        WavWriter.write(target, stereo(100, 8000), SampleFormat.PCM_16);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
