package dev.ersatz.engine.compose;

import dev.ersatz.engine.midi.MidiFileException;
import dev.ersatz.engine.midi.MidiFileTimeline;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Reads the notes of a Standard MIDI File (type 0 or 1) through {@link MidiFileTimeline#sequence},
 * the project's one MIDI file reader, onto the composer's {@link Grid}. Positions are in beats
 * (ticks over the PPQ division), so a tempo map changes how fast the file plays, not where its notes
 * fall; the tempo map gives the piece's dominant tempo. SMPTE-timed files are read at 120 BPM.
 * Note-ons are paired with note-offs first in, first out per track, channel and pitch; channel 10
 * (General MIDI drums) is left out, since drum hits are not pitches. Control thread.
 */
public final class MidiNotes {
    /** More notes than this in one file is refused (a real composition has a few thousand). */
    public static final int MAX_NOTES = 500_000;

    private MidiNotes() { }

    public static Piece read(Path file) throws MidiFileException {
        Sequence seq = MidiFileTimeline.sequence(file);
        boolean ppq = seq.getDivisionType() == Sequence.PPQ;
        // Steps per tick as a fraction: PPQ: 12 / ppq; SMPTE at 120 BPM: 2 beats a second.
        double stepsPerTick = ppq ? (double) Grid.STEPS_PER_BEAT / seq.getResolution()
                : 2.0 * Grid.STEPS_PER_BEAT / (seq.getDivisionType() * seq.getResolution());
        double bpm = ppq ? dominantBpm(MidiFileTimeline.tempoMap(seq, file), seq.getTickLength()) : 120.0;
        int bar = Grid.BAR_4_4;
        long barAt = Long.MAX_VALUE;
        List<Piece.Voice> voices = new ArrayList<>();
        int total = 0;
        boolean drums = false;
        Track[] tracks = seq.getTracks();
        for (int t = 0; t < tracks.length; t++) {
            Track tr = tracks[t];
            Map<Integer, ArrayDeque<long[]>> open = new HashMap<>(); // key channel*128+pitch -> {tick, velocity}
            Map<Integer, List<Piece.Note>> byChannel = new TreeMap<>();
            for (int i = 0; i < tr.size(); i++) {
                MidiEvent e = tr.get(i);
                long tick = e.getTick();
                if (e.getMessage() instanceof MetaMessage mm && mm.getType() == 0x58 && mm.getData().length >= 2 && tick < barAt) {
                    // The first time signature sets the bar (num/2^den); one we cannot hold stays 4/4.
                    int num = mm.getData()[0] & 0xFF, den = 1 << Math.min(6, mm.getData()[1] & 0xFF);
                    int steps = num * 4 * Grid.STEPS_PER_BEAT / den;
                    if (steps > 0 && steps <= Grid.MAX_BAR && num * 4 * Grid.STEPS_PER_BEAT % den == 0) bar = steps;
                    barAt = tick;
                }
                if (!(e.getMessage() instanceof ShortMessage sm)) continue;
                int cmd = sm.getCommand(), ch = sm.getChannel(), pitch = sm.getData1(), vel = sm.getData2();
                if (cmd != ShortMessage.NOTE_ON && cmd != ShortMessage.NOTE_OFF) continue;
                if (ch == 9) {
                    drums = true;
                    continue;
                }
                int key = ch * 128 + pitch;
                if (cmd == ShortMessage.NOTE_ON && vel > 0) {
                    open.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new long[] {tick, vel});
                } else {
                    ArrayDeque<long[]> q = open.get(key);
                    if (q == null || q.isEmpty()) continue; // a note-off without its note-on
                    long[] on = q.poll();
                    byChannel.computeIfAbsent(ch, c -> new ArrayList<>()).add(note(on[0], tick, pitch, (int) on[1], stepsPerTick));
                    if (++total > MAX_NOTES) throw new MidiFileException(file, "more than " + MAX_NOTES + " notes (refused)");
                }
            }
            // Notes never released end with their track.
            long end = tr.ticks();
            for (var q : open.entrySet()) {
                for (long[] on : q.getValue()) {
                    byChannel.computeIfAbsent(q.getKey() / 128, c -> new ArrayList<>()).add(note(on[0], Math.max(end, on[0]), q.getKey() % 128, (int) on[1], stepsPerTick));
                    total++;
                }
            }
            for (var c : byChannel.entrySet()) {
                List<Piece.Note> notes = c.getValue();
                notes.sort(Comparator.comparingLong(Piece.Note::onset).thenComparingInt(Piece.Note::pitch));
                voices.add(new Piece.Voice(t, c.getKey(), List.copyOf(notes)));
            }
        }
        if (voices.isEmpty()) {
            throw new MidiFileException(file, drums ? "no pitched notes (only drums on channel 10)" : "no notes");
        }
        return new Piece(file, List.copyOf(voices), bpm, bar);
    }

    private static Piece.Note note(long on, long off, int pitch, int velocity, double stepsPerTick) {
        long onset = Math.round(on * stepsPerTick);
        long dur = Math.round(off * stepsPerTick) - onset;
        return new Piece.Note(onset, (int) Math.max(1, Math.min(Grid.MAX_DURATION, dur)), pitch, Grid.velocity(velocity));
    }

    /** The tempo the file plays at for the most ticks (120 BPM when it sets none). */
    static double dominantBpm(TreeMap<Long, Long> tempo, long length) {
        if (tempo.isEmpty()) return 60_000_000.0 / MidiFileTimeline.DEFAULT_TEMPO_US;
        TreeMap<Long, Long> t = new TreeMap<>(tempo);
        t.putIfAbsent(0L, MidiFileTimeline.DEFAULT_TEMPO_US);
        Map<Long, Long> ticksAt = new HashMap<>();
        var entries = new ArrayList<>(t.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            long from = entries.get(i).getKey();
            long to = i + 1 < entries.size() ? entries.get(i + 1).getKey() : Math.max(length, from + 1);
            ticksAt.merge(entries.get(i).getValue(), Math.max(0, to - from), Long::sum);
        }
        long best = entries.get(0).getValue();
        for (var e : ticksAt.entrySet()) {
            long have = ticksAt.get(best);
            if (e.getValue() > have || (e.getValue() == have && e.getKey() < best)) best = e.getKey();
        }
        return Math.round(60_000_000.0 / best * 100) / 100.0;
    }
}
