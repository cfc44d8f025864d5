package dev.ersatz.engine.midi;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiFileTimelineTest {
    @TempDir Path dir;

    static MidiEvent tempo(long tick, int usPerQuarter) throws Exception {
        byte[] d = {(byte) (usPerQuarter >> 16), (byte) (usPerQuarter >> 8), (byte) usPerQuarter};
        return new MidiEvent(new MetaMessage(0x51, d, 3), tick);
    }

    static MidiEvent msg(long tick, int command, int channel, int d1, int d2) throws Exception {
        return new MidiEvent(new ShortMessage(command, channel, d1, d2), tick);
    }

    /** The expected frame, computed independently: seconds through the tempo segments, then rounded. */
    static long expectedFrame(long tick, int ppq, long[][] tempoMap, int rate) {
        double seconds = 0;
        for (int i = 0; i < tempoMap.length; i++) {
            long start = tempoMap[i][0];
            long end = i + 1 < tempoMap.length ? tempoMap[i + 1][0] : Long.MAX_VALUE;
            if (tick <= start) break;
            seconds += (Math.min(tick, end) - start) * (tempoMap[i][1] / 1e6) / ppq;
        }
        return Math.round(seconds * rate);
    }

    @Test
    void everyEventLandsOnItsExactSampleThroughTempoChanges() throws Exception {
        int ppq = 480;
        long[][] tempoMap = {{0, 500_000}, {960, 666_667}, {1920, 400_000}, {3000, 312_500}};
        Sequence seq = new Sequence(Sequence.PPQ, ppq);
        Track conductor = seq.createTrack();
        Track notes = seq.createTrack();
        Track more = seq.createTrack();
        conductor.add(tempo(0, 500_000));
        conductor.add(tempo(960, 666_667));
        more.add(tempo(1920, 400_000)); // a tempo event in another track still applies to all
        conductor.add(tempo(3000, 312_500));
        long[] ticks = {0, 100, 480, 700, 961, 1440, 2000, 2500, 3001, 3500};
        notes.add(msg(0, ShortMessage.NOTE_ON, 0, 60, 100));
        notes.add(msg(100, ShortMessage.PROGRAM_CHANGE, 0, 3, 0));
        notes.add(msg(480, ShortMessage.NOTE_OFF, 0, 60, 0));
        notes.add(msg(700, ShortMessage.CONTROL_CHANGE, 0, 1, 90));
        notes.add(msg(961, ShortMessage.NOTE_ON, 1, 64, 80));
        notes.add(msg(1440, ShortMessage.NOTE_ON, 1, 64, 0));
        more.add(msg(2000, ShortMessage.PITCH_BEND, 2, 0, 80));
        more.add(msg(2500, ShortMessage.NOTE_ON, 9, 36, 127));
        notes.add(msg(3001, ShortMessage.CONTROL_CHANGE, 0, 74, 5));
        notes.add(msg(3500, ShortMessage.NOTE_OFF, 9, 36, 0));
        Path f = dir.resolve("tempo.mid");
        MidiSystem.write(seq, 1, f.toFile());

        for (int rate : new int[] {48000, 44100}) {
            MidiTimeline tl = MidiFileTimeline.read(f, rate);
            assertEquals(ticks.length, tl.size());
            for (int i = 0; i < ticks.length; i++) {
                assertEquals(expectedFrame(ticks[i], ppq, tempoMap, rate), tl.frame(i), "event " + i + " at tick " + ticks[i] + " @" + rate);
            }
            assertEquals(0x90, tl.status(0));
            assertEquals(0xC0, tl.status(1));
            assertEquals(3, tl.data1(1));
            assertEquals(0xE2, tl.status(6));
            assertEquals(80, tl.data2(6));
            assertEquals(0x99, tl.status(7));
            assertEquals(List.of(120.0, 90.0, 150.0, 192.0), tl.tempo().stream().map(t -> Math.round(t.bpm() * 10) / 10.0).toList());
            assertEquals(expectedFrame(960, ppq, tempoMap, rate), tl.tempo().get(1).frame());
        }
    }

    @Test
    void smpteDivisionUsesTheFrameRate() throws Exception {
        Sequence s25 = new Sequence(Sequence.SMPTE_25, 40); // 1000 ticks per second
        s25.createTrack().add(msg(1000, ShortMessage.NOTE_ON, 0, 60, 1));
        s25.getTracks()[0].add(tempo(0, 250_000)); // tempo means nothing under SMPTE time
        Path f = dir.resolve("s25.mid");
        MidiSystem.write(s25, 0, f.toFile());
        assertEquals(48000, MidiFileTimeline.read(f, 48000).frame(0));
        assertTrue(MidiFileTimeline.read(f, 48000).tempo().isEmpty());

        Sequence s2997 = new Sequence(Sequence.SMPTE_30DROP, 80); // 29.97 fps: 2397.6 ticks per second
        s2997.createTrack().add(msg(2400, ShortMessage.NOTE_ON, 0, 60, 1));
        Path g = dir.resolve("s2997.mid");
        MidiSystem.write(s2997, 0, g.toFile());
        assertEquals(Math.round(2400 / (30000.0 / 1001 * 80) * 48000), MidiFileTimeline.read(g, 48000).frame(0));
    }

    @Test
    void runningStatusInAHandWrittenFileIsHandled() throws Exception {
        byte[] smf = {
            'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
            'M', 'T', 'r', 'k', 0, 0, 0, 16,
            0, (byte) 0x90, 60, 100,     // note on
            96, 64, 90,                  // running status: another note on, one quarter later
            48, 60, 0,                   // running status: velocity 0
            0, (byte) 0xFF, 0x2F, 0, 0, 0 // end of track (+2 padding bytes counted in the length)
        };
        Path f = dir.resolve("rs.mid");
        Files.write(f, smf);
        MidiTimeline tl = MidiFileTimeline.read(f, 48000);
        assertEquals(3, tl.size());
        assertEquals(List.of(0L, 24000L, 36000L), List.of(tl.frame(0), tl.frame(1), tl.frame(2)));
        assertEquals(64, tl.data1(1));
        assertEquals(0x90, tl.status(2));
        assertEquals(0, tl.data2(2));
    }

    @Test
    void badFilesGiveOneLineNamingTheFile() throws Exception {
        Path empty = dir.resolve("empty.mid");
        Files.write(empty, new byte[0]);
        Path junk = dir.resolve("junk.mid");
        Files.writeString(junk, "this is not midi at all, just text");
        Path cut = dir.resolve("cut.mid");
        Sequence seq = new Sequence(Sequence.PPQ, 96);
        Track t = seq.createTrack();
        for (int i = 0; i < 50; i++) t.add(msg(i * 10L, ShortMessage.NOTE_ON, 0, 60, 100));
        Path whole = dir.resolve("whole.mid");
        MidiSystem.write(seq, 0, whole.toFile());
        byte[] all = Files.readAllBytes(whole);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        for (Path p : List.of(empty, junk, cut, dir.resolve("missing.mid"), dir)) {
            MidiFileException e = assertThrows(MidiFileException.class, () -> MidiFileTimeline.read(p, 48000), p.toString());
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
