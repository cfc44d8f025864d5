package dev.ersatz.engine.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A composition as a Standard MIDI File, type 1 at 480 ticks a quarter: a first track with the
 * tempo and time signature, then one track per part on its own channel with its name. No program
 * changes: in Ersatz a program change picks a preset, so the file leaves that to the player. A note that starts while the same pitch still sounds in its part cuts the earlier
 * one short, so every note-on has its own note-off. The same composition gives the same bytes.
 */
public final class CompositionMidi {
    public static final int PPQ = 480;
    private static final int TICKS_PER_STEP = PPQ / Grid.STEPS_PER_BEAT;

    private CompositionMidi() { }

    public static byte[] bytes(Composition c) {
        try {
            Sequence seq = new Sequence(Sequence.PPQ, PPQ);
            Track conductor = seq.createTrack();
            long us = Math.round(60_000_000.0 / c.bpm());
            conductor.add(new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3), 0));
            // The bar as num/2^den: quarters when it is whole beats, else eighths, else sixteenths.
            int den = 2;
            while (c.barSteps() % (4 * Grid.STEPS_PER_BEAT >> den) != 0) den++;
            int num = c.barSteps() / (4 * Grid.STEPS_PER_BEAT >> den);
            conductor.add(new MidiEvent(new MetaMessage(0x58, new byte[] {(byte) num, (byte) den, 24, 8}, 4), 0));
            conductor.add(new MidiEvent(new MetaMessage(0x2F, new byte[0], 0), c.lengthSteps() * TICKS_PER_STEP));
            for (Map.Entry<Part, Composition.Track> e : c.tracks().entrySet()) {
                Part part = e.getKey();
                Track t = seq.createTrack();
                byte[] name = part.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                t.add(new MidiEvent(new MetaMessage(0x03, name, name.length), 0));
                for (long[] n : sounding(e.getValue().notes())) {
                    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, part.channel, (int) n[2], (int) n[3]), n[0] * TICKS_PER_STEP));
                    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, part.channel, (int) n[2], 0), n[1] * TICKS_PER_STEP));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MidiSystem.write(seq, 1, out);
            return out.toByteArray();
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("composition makes an invalid MIDI event: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {onset, off, pitch, velocity} per note, an earlier note of the same pitch ended where the next starts. */
    static List<long[]> sounding(List<Composition.Placed> notes) {
        List<long[]> out = new ArrayList<>();
        long[][] last = new long[128][];
        for (Composition.Placed p : notes) {
            int pitch = p.note().pitch();
            long[] prev = last[pitch];
            if (prev != null && prev[1] > p.onset()) {
                if (prev[0] == p.onset()) continue; // the same pitch twice in one chord: once is enough
                prev[1] = p.onset();
            }
            long[] n = {p.onset(), p.onset() + p.note().duration(), pitch, p.note().velocity()};
            out.add(n);
            last[pitch] = n;
        }
        return out;
    }
}
