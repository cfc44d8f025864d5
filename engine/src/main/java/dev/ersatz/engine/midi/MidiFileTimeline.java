package dev.ersatz.engine.midi;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Reads a Standard MIDI File (format 0 or 1) with Java Sound MIDI, which parses the file headless
 * (running status included), and turns it into a {@link MidiTimeline} at a sample rate: every
 * track merged, ticks converted through the tempo map (PPQ division) or the frame rate (SMPTE
 * division). Positions are computed exactly in integers and rounded to the nearest frame, so an
 * event always lands on the same sample. Control thread.
 */
public final class MidiFileTimeline {
    /** Files larger than this are refused before parsing. */
    public static final long MAX_FILE_BYTES = 16L << 20;
    /** The tempo a PPQ file has until its first tempo event: 120 BPM. */
    public static final long DEFAULT_TEMPO_US = 500_000;

    private MidiFileTimeline() { }

    public static MidiTimeline read(Path file, int sampleRate) throws MidiFileException {
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate " + sampleRate);
        return build(sequence(file), sampleRate, file);
    }

    /**
     * Parses and checks a Standard MIDI File: the one reader every MIDI file in Ersatz goes through
     * (the bounce timeline here, the composer's training in engine.compose). Refuses directories,
     * empty, huge, truncated and non-MIDI files with a one-line reason naming the file.
     */
    public static Sequence sequence(Path file) throws MidiFileException {
        Sequence seq;
        try {
            if (Files.isDirectory(file)) throw new MidiFileException(file, "is a directory, not a MIDI file");
            long size = Files.size(file);
            if (size == 0) throw new MidiFileException(file, "empty file, not a MIDI file");
            if (size > MAX_FILE_BYTES) throw new MidiFileException(file, "file is " + size + " bytes, larger than " + MAX_FILE_BYTES + " (refused)");
            byte[] bytes = Files.readAllBytes(file);
            checkChunks(bytes, file);
            try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
                seq = MidiSystem.getSequence(in);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MidiFileException(file, "no such file");
        } catch (InvalidMidiDataException e) {
            throw new MidiFileException(file, "not a Standard MIDI File (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new MidiFileException(file, "cannot read as a Standard MIDI File (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (RuntimeException e) {
            // Java Sound's reader can throw unchecked exceptions on some corrupt files.
            throw new MidiFileException(file, "corrupt MIDI file (" + e.getClass().getSimpleName() + ")");
        }
        if (seq.getResolution() <= 0) throw new MidiFileException(file, "bad time division " + seq.getResolution());
        return seq;
    }

    /**
     * Java Sound reads a truncated track silently as a shorter one; a cut-off file is refused here
     * instead, by checking that the header and every chunk fit in the file.
     */
    private static void checkChunks(byte[] b, Path file) throws MidiFileException {
        if (b.length < 14 || b[0] != 'M' || b[1] != 'T' || b[2] != 'h' || b[3] != 'd') {
            throw new MidiFileException(file, "not a Standard MIDI File (no MThd header)");
        }
        int tracks = ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
        int found = 0;
        long at = 0;
        while (at + 8 <= b.length) {
            long len = ((b[(int) at + 4] & 0xFFL) << 24) | ((b[(int) at + 5] & 0xFFL) << 16) | ((b[(int) at + 6] & 0xFFL) << 8) | (b[(int) at + 7] & 0xFFL);
            if (at + 8 + len > b.length) {
                throw new MidiFileException(file, "truncated: a chunk at byte " + at + " claims " + len + " bytes, the file ends " + (b.length - at - 8) + " bytes later");
            }
            if (b[(int) at] == 'M' && b[(int) at + 1] == 'T' && b[(int) at + 2] == 'r' && b[(int) at + 3] == 'k') found++;
            at += 8 + len;
        }
        if (found < tracks) throw new MidiFileException(file, "truncated: the header announces " + tracks + " tracks, the file holds " + found);
    }

    /** Converts an already parsed sequence (e.g. one built in memory). */
    public static MidiTimeline build(Sequence seq, int sampleRate, Path file) throws MidiFileException {
        TickClock clock = clockFor(seq, file);
        record Ev(long tick, int track, int index, int status, int d1, int d2) { }
        List<Ev> events = new ArrayList<>();
        Track[] tracks = seq.getTracks();
        for (int t = 0; t < tracks.length; t++) {
            Track tr = tracks[t];
            for (int i = 0; i < tr.size(); i++) {
                MidiEvent e = tr.get(i);
                MidiMessage m = e.getMessage();
                if (m instanceof ShortMessage sm && sm.getCommand() >= 0x80 && sm.getCommand() < 0xF0) {
                    if (e.getTick() < 0) throw new MidiFileException(file, "event with negative time in track " + t);
                    events.add(new Ev(e.getTick(), t, i, sm.getStatus(), sm.getData1(), sm.getData2()));
                }
            }
        }
        // Merge the tracks: by time, then track, then position within the track (the file's order).
        events.sort((a, b) -> a.tick != b.tick ? Long.compare(a.tick, b.tick)
                : a.track != b.track ? Integer.compare(a.track, b.track) : Integer.compare(a.index, b.index));
        int n = events.size();
        long[] frame = new long[n];
        int[] status = new int[n], d1 = new int[n], d2 = new int[n];
        for (int i = 0; i < n; i++) {
            Ev e = events.get(i);
            frame[i] = clock.frameAt(e.tick, sampleRate);
            status[i] = e.status;
            d1[i] = e.d1;
            d2[i] = e.d2;
        }
        long end = clock.frameAt(Math.max(seq.getTickLength(), n == 0 ? 0 : events.get(n - 1).tick), sampleRate);
        return new MidiTimeline(frame, status, d1, d2, end, sampleRate, clock.tempoChanges(sampleRate));
    }

    /**
     * The tempo map of a PPQ file: microseconds per quarter note from each tick on (a later event at
     * the same tick wins); empty when the file sets no tempo. Checks every tempo event.
     */
    public static TreeMap<Long, Long> tempoMap(Sequence seq, Path file) throws MidiFileException {
        TreeMap<Long, Long> tempo = new TreeMap<>();
        for (Track tr : seq.getTracks()) {
            for (int i = 0; i < tr.size(); i++) {
                MidiEvent e = tr.get(i);
                if (e.getMessage() instanceof MetaMessage mm && mm.getType() == 0x51) {
                    byte[] d = mm.getData();
                    if (d.length != 3) throw new MidiFileException(file, "tempo event with " + d.length + " data bytes (3 expected)");
                    long us = ((d[0] & 0xFFL) << 16) | ((d[1] & 0xFFL) << 8) | (d[2] & 0xFFL);
                    if (us == 0) throw new MidiFileException(file, "tempo event of 0 microseconds per quarter note");
                    tempo.put(e.getTick(), us);
                }
            }
        }
        return tempo;
    }

    private static TickClock clockFor(Sequence seq, Path file) throws MidiFileException {
        float div = seq.getDivisionType();
        int res = seq.getResolution();
        if (div == Sequence.PPQ) {
            TreeMap<Long, Long> tempo = tempoMap(seq, file);
            return new PpqClock(res, tempo);
        }
        // SMPTE: ticks per second = frames per second * ticks per frame; 29.97 is 30000/1001.
        long fpsNum, fpsDen;
        if (div == Sequence.SMPTE_24) { fpsNum = 24; fpsDen = 1; }
        else if (div == Sequence.SMPTE_25) { fpsNum = 25; fpsDen = 1; }
        else if (div == Sequence.SMPTE_30DROP) { fpsNum = 30000; fpsDen = 1001; }
        else if (div == Sequence.SMPTE_30) { fpsNum = 30; fpsDen = 1; }
        else throw new MidiFileException(file, "unknown time division " + div);
        return new SmpteClock(fpsNum, fpsDen, res);
    }

    /** Ticks to frames. */
    private interface TickClock {
        long frameAt(long tick, int sampleRate);

        List<MidiTimeline.TempoChange> tempoChanges(int sampleRate);
    }

    /** round(num / den) for positive den, halves rounded up. */
    static long roundDiv(BigInteger num, BigInteger den) {
        return num.shiftLeft(1).add(den).divide(den.shiftLeft(1)).longValueExact();
    }

    /**
     * Tempo-mapped time: a tick in a segment of tempo T (microseconds per quarter) lasts T/PPQ
     * microseconds. Time is kept exactly as microseconds times PPQ.
     */
    private static final class PpqClock implements TickClock {
        private final int ppq;
        private final long[] segTick;   // start tick of each tempo segment
        private final long[] segTempo;  // microseconds per quarter note in it
        private final BigInteger[] segStart; // time at the segment start, in microseconds * ppq

        PpqClock(int ppq, TreeMap<Long, Long> tempo) {
            this.ppq = ppq;
            TreeMap<Long, Long> t = new TreeMap<>(tempo);
            t.putIfAbsent(0L, DEFAULT_TEMPO_US);
            int n = t.size();
            segTick = new long[n];
            segTempo = new long[n];
            segStart = new BigInteger[n];
            int i = 0;
            BigInteger acc = BigInteger.ZERO;
            for (var e : t.entrySet()) {
                if (i > 0) acc = acc.add(BigInteger.valueOf(e.getKey() - segTick[i - 1]).multiply(BigInteger.valueOf(segTempo[i - 1])));
                segTick[i] = e.getKey();
                segTempo[i] = e.getValue();
                segStart[i] = acc;
                i++;
            }
        }

        private BigInteger time(long tick) {
            int s = Arrays.binarySearch(segTick, tick);
            if (s < 0) s = -s - 2;
            return segStart[s].add(BigInteger.valueOf(tick - segTick[s]).multiply(BigInteger.valueOf(segTempo[s])));
        }

        @Override
        public long frameAt(long tick, int sampleRate) {
            return roundDiv(time(tick).multiply(BigInteger.valueOf(sampleRate)), BigInteger.valueOf(ppq).multiply(BigInteger.valueOf(1_000_000)));
        }

        @Override
        public List<MidiTimeline.TempoChange> tempoChanges(int sampleRate) {
            List<MidiTimeline.TempoChange> out = new ArrayList<>();
            for (int i = 0; i < segTick.length; i++) out.add(new MidiTimeline.TempoChange(frameAt(segTick[i], sampleRate), 60_000_000.0 / segTempo[i]));
            return out;
        }
    }

    private record SmpteClock(long fpsNum, long fpsDen, int ticksPerFrame) implements TickClock {
        @Override
        public long frameAt(long tick, int sampleRate) {
            // seconds = tick * fpsDen / (fpsNum * ticksPerFrame)
            return roundDiv(BigInteger.valueOf(tick).multiply(BigInteger.valueOf(sampleRate)).multiply(BigInteger.valueOf(fpsDen)),
                    BigInteger.valueOf(fpsNum).multiply(BigInteger.valueOf(ticksPerFrame)));
        }

        @Override
        public List<MidiTimeline.TempoChange> tempoChanges(int sampleRate) { return List.of(); }
    }
}
