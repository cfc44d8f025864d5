package dev.ersatz.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusLoaderTest {

    private static Path wav(Path file, int frames, int rate) throws Exception {
        Files.createDirectories(file.getParent());
        WavWriter.write(file, new AudioData(new float[][] {Signals.sine(440, 0.5, frames, rate)}, rate), SampleFormat.PCM_16);
        return file;
    }

    @Test
    void findsAudioFilesRecursivelySortedSkippingHidden(@TempDir Path dir) throws Exception {
        Path b = wav(dir.resolve("b.wav"), 10, 8000);
        Path a = wav(dir.resolve("sub/a.WAV"), 10, 8000);
        Path c = wav(dir.resolve("c.Wave"), 10, 8000);
        Path deep = wav(dir.resolve("sub/deeper/z.aiff"), 10, 8000); // content does not matter for listing
        Files.writeString(dir.resolve("x.FLAC"), "x");
        Files.writeString(dir.resolve("y.oga"), "x");
        Files.writeString(dir.resolve("y.ogg"), "x");
        Files.writeString(dir.resolve("q.aif"), "x");
        Files.writeString(dir.resolve("q.aifc"), "x");
        Files.writeString(dir.resolve("notes.txt"), "not audio");
        Files.writeString(dir.resolve("mp3.mp3"), "not ours");
        Files.writeString(dir.resolve("wav"), "no extension");
        wav(dir.resolve(".hidden.wav"), 10, 8000);
        wav(dir.resolve(".git/inside.wav"), 10, 8000);
        List<Path> found = CorpusLoader.audioFiles(List.of(dir));
        List<Path> expected = new ArrayList<>(List.of(b, c, a, deep, dir.resolve("x.FLAC"), dir.resolve("y.oga"), dir.resolve("y.ogg"),
                dir.resolve("q.aif"), dir.resolve("q.aifc")));
        expected.sort(null);
        assertEquals(expected, found);
    }

    @Test
    void namedFilesAreAlwaysIncludedInTheOrderGiven(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello");
        Path hidden = wav(dir.resolve("sub/.h.wav"), 10, 8000);
        Path z = wav(dir.resolve("z.wav"), 10, 8000);
        assertEquals(List.of(notes, hidden, z), CorpusLoader.audioFiles(List.of(notes, hidden, z, z)));
        // Found by searching, a hidden file is skipped; a hidden directory named explicitly is searched.
        assertEquals(List.of(z), CorpusLoader.audioFiles(List.of(dir)));
        Path stashed = wav(dir.resolve(".stash/s.wav"), 10, 8000);
        assertEquals(List.of(stashed), CorpusLoader.audioFiles(List.of(dir.resolve(".stash"))));
    }

    @Test
    void missingInputIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        AudioFileException e = assertThrows(AudioFileException.class, () -> CorpusLoader.audioFiles(List.of(missing)));
        assertEquals(missing + ": no such file or directory", e.getMessage());
    }

    @Test
    void loadsResamplesAndKeepsOrder(@TempDir Path dir) throws Exception {
        List<Path> made = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int rate = i % 2 == 0 ? 44100 : 48000;
            // Big files first and small ones last, so the workers finish out of order.
            made.add(wav(dir.resolve(String.format("f%02d.wav", i)), (12 - i) * 20000 + 1, rate));
        }
        List<long[]> updates = new ArrayList<>();
        List<AudioFileException> skipped = new ArrayList<>();
        List<Clip> clips = CorpusLoader.load(List.of(dir), 22050, skipped::add,
                (done, total, label) -> updates.add(new long[] {done, total}));
        assertTrue(skipped.isEmpty(), skipped.toString());
        assertEquals(made.size(), clips.size());
        for (int i = 0; i < clips.size(); i++) {
            Clip clip = clips.get(i);
            assertEquals(made.get(i), clip.source());
            assertEquals(22050, clip.audio().sampleRate());
            AudioData original = AudioFiles.read(made.get(i));
            assertArrayEquals(Resampler.resample(original, 22050).channels()[0], clip.audio().channels()[0]);
            assertEquals(new long[] {i + 1, made.size()}[0], updates.get(i)[0]);
            assertEquals(made.size(), updates.get(i)[1]);
        }
        assertEquals(made.size(), updates.size());
    }

    /** Decoders run on two workers at once: every format must give exactly what it gives alone. */
    @Test
    void parallelDecodingOfEveryFormatEqualsSerial(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/music.wav");
        Files.createDirectories(src.getParent());
        float[] l = Signals.music(44100 * 2, 44100, 1), r = Signals.music(44100 * 2, 44100, 2);
        WavWriter.write(src, new AudioData(new float[][] {l, r}, 44100), SampleFormat.FLOAT_32);
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        for (int i = 0; i < 4; i++) {
            for (String ext : List.of("flac", "ogg", "aiff", "wav")) {
                Tools.check(60, "sox", src.toString(), "-b", "16", corpus.resolve(i + "." + ext).toString(), "trim", "0", String.valueOf(0.5 + 0.25 * i));
            }
        }
        List<Clip> clips = CorpusLoader.load(List.of(corpus), 0, e -> { throw new AssertionError(e); }, dev.ersatz.engine.util.Progress.NONE);
        assertEquals(16, clips.size());
        for (Clip c : clips) {
            AudioData alone = AudioFiles.read(c.source());
            for (int ch = 0; ch < 2; ch++) assertArrayEquals(alone.channels()[ch], c.audio().channels()[ch], c.source().toString());
        }
    }

    @Test
    void rateZeroKeepsEachFilesRate(@TempDir Path dir) throws Exception {
        wav(dir.resolve("a.wav"), 100, 44100);
        wav(dir.resolve("b.wav"), 100, 8000);
        List<Clip> clips = CorpusLoader.load(List.of(dir), 0, e -> { throw new AssertionError(e); }, dev.ersatz.engine.util.Progress.NONE);
        assertEquals(44100, clips.get(0).audio().sampleRate());
        assertEquals(8000, clips.get(1).audio().sampleRate());
        assertEquals(100, clips.get(1).audio().frames());
    }

    @Test
    void badFilesAreReportedAndSkipped(@TempDir Path dir) throws Exception {
        Path good1 = wav(dir.resolve("1.wav"), 1000, 44100);
        Path text = dir.resolve("2.wav");
        Files.writeString(text, "this is not audio\n");
        Path empty = dir.resolve("3.flac");
        Files.write(empty, new byte[0]);
        Path good2 = wav(dir.resolve("4.wav"), 1000, 44100);
        Path missing = dir.resolve("missing.wav");
        List<AudioFileException> skipped = new ArrayList<>();
        List<Clip> clips = CorpusLoader.load(List.of(missing, dir), 0, skipped::add, dev.ersatz.engine.util.Progress.NONE);
        assertEquals(List.of(good1, good2), clips.stream().map(Clip::source).toList());
        assertEquals(List.of(missing, text, empty), skipped.stream().map(AudioFileException::file).toList());
        assertEquals(missing + ": no such file or directory", skipped.get(0).getMessage());
        for (AudioFileException e : skipped) assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void emptyDirectoryGivesNoClips(@TempDir Path dir) {
        assertEquals(List.of(), CorpusLoader.load(List.of(dir), 0, e -> { throw new AssertionError(e); }, dev.ersatz.engine.util.Progress.NONE));
    }
}
