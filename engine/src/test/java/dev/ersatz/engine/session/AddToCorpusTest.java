package dev.ersatz.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips added to a session's corpus while it plays (what `/ersatz/corpus/add` and the studio's
 * "add to instrument" do): the program is built again over the corpus and the new files, so the
 * instrument then plays what a session opened on both plays, sample for sample; a file added twice
 * plays once, an unreadable one is a warning, a model file's session has no corpus to add to. On
 * real LMMS recordings.
 */
class AddToCorpusTest {
    @TempDir Path dir;

    static Description clips(List<Path> corpus) {
        // Clip mode: note root_note + k plays the k-th clip, so a note reaches the added one.
        return Description.of(new Sources(corpus, null)).withSeed(3).withRate(48000).withOverride("note_mode", 1).withOverride("temperature", 1);
    }

    @Test
    void anAddedClipPlaysAsInASessionOpenedWithIt() throws Exception {
        List<Path> beats = DebianSamples.audioFiles(DebianSamples.lmms("beats"));
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(beats.get(0), corpus.resolve(beats.get(0).getFileName()));
        Path added = beats.get(1);
        List<String> warnings = new ArrayList<>();
        Reporter r = new Reporter() {
            @Override public void warn(String message) { warnings.add(message); }

            @Override public Stage stage(String what) { return Reporter.QUIET.stage(what); }
        };
        AudioData live, opened;
        InstrumentSession.Score second = new InstrumentSession.Score(null, 2, 61, 100, 120, null);
        try (InstrumentSession s = InstrumentSession.open(clips(List.of(corpus)), r)) {
            assertEquals(2, s.addToCorpus(List.of(added)));
            assertEquals(2, s.addToCorpus(List.of(added)), "a file added twice plays once");
            assertEquals(2, s.addToCorpus(List.of(dir.resolve("missing.wav"))));
            assertTrue(warnings.stream().anyMatch(w -> w.contains("missing.wav")), warnings.toString());
            live = s.bounce(second);
        }
        try (InstrumentSession s = InstrumentSession.open(clips(List.of(corpus, added)), Reporter.QUIET)) {
            opened = s.bounce(second);
        }
        double peak = 0;
        for (float x : live.channels()[0]) peak = Math.max(peak, Math.abs(x));
        assertTrue(peak > 0.01, "the added clip sounds (peak " + peak + ")");
        for (int ch = 0; ch < 2; ch++) assertArrayEquals(opened.channels()[ch], live.channels()[ch], "channel " + ch);
    }

    @Test
    void aModelFilesSessionHasNoCorpusToAddTo() throws Exception {
        Path model = dir.resolve("m.ersatz-model");
        List<Path> beats = DebianSamples.audioFiles(DebianSamples.lmms("beats"));
        TrainRun.Trained t = TrainRun.train(List.of(beats.get(0)), new dev.ersatz.engine.model.TrainSettings(8, 2, 0, 48000, 2048, false, null), Reporter.QUIET);
        dev.ersatz.engine.model.ModelFile.write(model, t.model());
        try (InstrumentSession s = InstrumentSession.open(Description.of(new Sources(List.of(), model)), Reporter.QUIET)) {
            SessionException e = assertThrows(SessionException.class, () -> s.addToCorpus(List.of(beats.get(1))));
            assertEquals("this run plays a model file; clips can only be added to a corpus", e.getMessage());
            SessionException before = assertThrows(SessionException.class, () -> s.audition(beats.get(1)));
            assertEquals(beats.get(1) + ": no audio running yet (sample rate unknown)", before.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
