package dev.ersatz.engine.compose;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.midi.MidiFileException;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact rules of reading notes, splitting parts and the model file, on files made here. */
class MidiNotesTest {
    @TempDir Path dir;

    static MidiEvent on(long tick, int ch, int pitch, int vel) throws Exception { return new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, pitch, vel), tick); }

    static MidiEvent off(long tick, int ch, int pitch) throws Exception { return new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, pitch, 0), tick); }

    static MidiEvent tempo(long tick, int us) throws Exception { return new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3), tick); }

    @Test
    void notesLandOnTheGridInBeatsWhateverTheTempoMap() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 480);
        Track conductor = s.createTrack();
        conductor.add(tempo(0, 500_000));          // 120 BPM for one beat
        conductor.add(tempo(480, 400_000));        // then 150 BPM for the rest
        conductor.add(new MidiEvent(new MetaMessage(0x58, new byte[] {3, 2, 24, 8}, 4), 0)); // 3/4
        Track t = s.createTrack();
        t.add(on(0, 0, 40, 100));
        t.add(off(480, 0, 40));
        t.add(on(500, 0, 43, 64));                 // 500 ticks = 12.5 steps: rounds to 13 (half up)
        t.add(off(650, 0, 43));
        t.add(on(960, 0, 43, 0));                  // a note-on of velocity 0 is a note-off without a note: ignored
        t.add(on(960, 1, 70, 127));                // channel 2: a voice of its own, never released
        t.add(on(1000, 9, 36, 100));               // drums: left out
        t.add(off(3840, 1, 99));                   // a stray note-off
        Path f = dir.resolve("t.mid");
        MidiSystem.write(s, 1, f.toFile());
        Piece p = MidiNotes.read(f);
        assertEquals(36, p.barSteps(), "3/4 is 36 steps");
        assertEquals(150.0, p.bpm(), 0.0, "the tempo held for most ticks");
        assertEquals(2, p.voices().size());
        assertEquals(List.of(new Piece.Note(0, 12, 40, 104), new Piece.Note(13, 3, 43, 72)), p.voices().get(0).notes());
        assertEquals(List.of(new Piece.Note(24, 72, 70, 120)), p.voices().get(1).notes(), "released at the track's end, tick 3840");
        // Parts: by track, each voice whole; by pitch range, note by note.
        MidiModel auto = MidiModel.learn(List.of(p), PartSplit.auto(), 3, Progress.NONE);
        assertEquals(2, auto.part(Part.BASS).notes(), "the voice of median pitch 40");
        assertEquals(1, auto.part(Part.ARP).notes(), "the voice at 70");
        MidiModel byPitch = MidiModel.learn(List.of(p), PartSplit.parse("bass"), 3, Progress.NONE);
        assertEquals(2, byPitch.part(Part.BASS).notes());
        assertNull(byPitch.part(Part.ARP));
        // A phrase's first note is shifted from its bar line; the position is where it falls in the bar.
        PartModel bass = byPitch.part(Part.BASS);
        assertEquals(new NoteEvent(0, 12, 40, 104, 0), bass.note(bass.phrases().get(0)[0]));
        assertEquals(new NoteEvent(13, 3, 43, 72, 13), bass.note(bass.phrases().get(0)[1]));
    }

    @Test
    void aFileWithoutPitchedNotesSaysSo() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 96);
        s.createTrack().add(tempo(0, 600_000));
        Path f = dir.resolve("empty-song.mid");
        MidiSystem.write(s, 1, f.toFile());
        assertEquals(f + ": no notes", assertThrows(MidiFileException.class, () -> MidiNotes.read(f)).getMessage());
    }

    @Test
    void aModelFileThatLiesIsRefusedInOneLine() throws Exception {
        Path good = dir.resolve("good.mid");
        Sequence s = new Sequence(Sequence.PPQ, 96);
        Track t = s.createTrack();
        for (int i = 0; i < 16; i++) {
            t.add(on(i * 48L, 0, 60 + (i % 5), 90));
            t.add(off(i * 48L + 40, 0, 60 + (i % 5)));
        }
        MidiSystem.write(s, 0, good.toFile());
        MidiModel m = MidiModel.learn(List.of(MidiNotes.read(good)), PartSplit.auto(), 2, Progress.NONE);
        Path f = dir.resolve("m.ersatz-midi");
        MidiModelFile.write(f, m);
        String text = Files.readString(f);
        MidiModel back = MidiModelFile.read(f);
        assertEquals(m.part(Part.ARP).vocabulary(), back.part(Part.ARP).vocabulary());
        assertEquals(2, back.part(Part.ARP).markov().order());

        Path bad = dir.resolve("bad.ersatz-midi");
        Files.writeString(bad, text.replaceFirst("\"phrases\": \\[\\s*\\[0,", "\"phrases\": [[99,"));
        assertEquals(bad + ": arp: phrase note 99 is not one of its 16 notes", assertThrows(MidiModelException.class, () -> MidiModelFile.read(bad)).getMessage());
        Files.writeString(bad, text.replaceFirst("\"barSteps\": 48", "\"barSteps\": \"48\""));
        assertEquals(bad + ": corrupt MIDI model: \"barSteps\" must be an integer in 3..96", assertThrows(MidiModelException.class, () -> MidiModelFile.read(bad)).getMessage());
        Files.writeString(bad, text.replaceFirst("\"format\": \"ersatz-midi-model\"", "\"format\": \"ersatz-preset\""));
        assertEquals(bad + ": not a MIDI model (make one with ersatz learn-midi)", assertThrows(MidiModelException.class, () -> MidiModelFile.read(bad)).getMessage());
        Files.write(bad, new byte[0]);
        assertEquals(bad + ": empty file, not a MIDI model (make one with ersatz learn-midi)", assertThrows(MidiModelException.class, () -> MidiModelFile.read(bad)).getMessage());
    }

    @Test
    void theCopyBoundRefusesExactlyTheRunsOfTheTrainingData() {
        CopyBound b = new CopyBound(2, List.of(new int[] {1, 2, 3, 4}, new int[] {1, 2, 5}));
        assertArrayEquals(new int[] {3, 5}, b.refused(new int[] {7, 1, 2}, 3), "1 2 3 and 1 2 5 are in the training data");
        assertArrayEquals(new int[] {}, b.refused(new int[] {7, 2, 1}, 3), "2 1 is followed by nothing there");
        assertArrayEquals(new int[] {}, b.refused(new int[] {1, 2}, 1), "fewer than K notes played: nothing to refuse");
        assertEquals(3, NoteStatistics.longestCopy(new int[] {9, 2, 3, 4, 9}, List.of(new int[] {1, 2, 3, 4})));
    }

    @Test
    void aTightCopyBoundOnChordsStillMovesOnInTime() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 96);
        Track t = s.createTrack();
        for (int beat = 0; beat < 8; beat++) {
            for (int v = 0; v < 4; v++) {
                t.add(on(beat * 96L, 0, 60 + 4 * v, 90));
                t.add(off(beat * 96L + 90, 0, 60 + 4 * v));
            }
        }
        Path f = dir.resolve("chords.mid");
        MidiSystem.write(s, 0, f.toFile());
        MidiModel m = MidiModel.learn(List.of(MidiNotes.read(f)), PartSplit.auto(), 3, Progress.NONE);
        for (int k = 1; k <= 2; k++) {
            for (int seed = 1; seed <= 5; seed++) {
                Composition c = Composer.compose(m, new Composer.Options(4, 1.0, seed, null, k));
                Composition.Track track = c.tracks().get(Part.ARP);
                java.util.Map<Long, Integer> perOnset = new java.util.HashMap<>();
                for (Composition.Placed p : track.notes()) perOnset.merge(p.onset(), 1, Integer::sum);
                assertTrue(perOnset.values().stream().allMatch(x -> x <= Composer.MAX_CHORD), perOnset.toString());
                assertTrue(NoteStatistics.longestCopy(track.ids(), m.part(Part.ARP).phrases()) <= k);
            }
        }
    }
}
