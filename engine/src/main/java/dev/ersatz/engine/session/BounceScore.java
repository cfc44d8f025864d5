package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.midi.MidiTimeline;
import dev.ersatz.engine.render.ParameterSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a bounce plays besides the preset itself, as one {@link Timeline}: the MIDI file's events at
 * their frames, or (without one) a single note held for the whole length, so every preset is
 * audible in a plain bounce; the MIDI file's tempo map, for the transport (the instrument recomputes
 * tempo-synced parameters in the block of each change, as it does live); and program changes turned
 * into the selected preset's parameter values and tempo-synced parameters at their frame. The tempo
 * without a tempo map is the transport's ({@link #startBpm}). Control thread.
 */
public final class BounceScore {
    /** The velocity of the held note of a bounce without MIDI. */
    public static final int HELD_VELOCITY = 100;
    /** {@code heldNote} for no note at all: something else plays the instrument (the session's composer). */
    public static final int NO_NOTE = -2;

    private BounceScore() { }

    /**
     * What the MIDI file's program changes select from: the presets of a folder, read with a codec;
     * {@code warn} hears presets that cannot be used (and program numbers without one).
     */
    public record Programs(PresetFolder folder, PresetCodec codec, Consumer<String> warn) { }

    /** The held root note, no program changes. */
    public static Timeline build(Preset preset, MidiTimeline midi, long lengthFrames, ParameterSet set) {
        return build(preset, midi, lengthFrames, set, -1, HELD_VELOCITY, null);
    }

    /**
     * @param midi      the MIDI file's timeline, or null for a held note
     * @param heldNote  the note held without MIDI; -1 for the preset's root_note, {@link #NO_NOTE} for none
     * @param programs  where program changes find presets; null to ignore them
     */
    public static Timeline build(Preset preset, MidiTimeline midi, long lengthFrames, ParameterSet set,
                                 int heldNote, int velocity, Programs programs) {
        Timeline.Builder b = new Timeline.Builder();
        // The preset in force over time: the bounce's own, then each program change's.
        List<Long> from = new ArrayList<>(List.of(0L));
        List<Preset> in = new ArrayList<>(List.of(preset));
        if (midi != null) {
            for (int i = 0; i < midi.size(); i++) {
                if ((midi.status(i) & 0xF0) != 0xC0 || programs == null) continue;
                Preset p = program(programs, midi.data1(i));
                if (p == null) continue;
                long at = midi.frame(i);
                for (Map.Entry<String, Double> e : p.parameters().entrySet()) {
                    int index = set.indexOf(e.getKey());
                    if (index >= 0) b.param(at, index, e.getValue().floatValue());
                }
                from.add(at);
                in.add(p);
            }
        }
        // A MIDI file's tempo map drives the offline transport (else it keeps the bounce's tempo); each
        // preset in force says which parameters follow it, and ends the following of the one before.
        if (midi != null) for (MidiTimeline.TempoChange t : midi.tempo()) b.tempo(t.frame(), t.bpm());
        for (int k = 0; k < in.size(); k++) {
            for (int i = 0; i < set.size(); i++) {
                float beats = InstrumentPresets.syncBeats(in.get(k), set, i);
                boolean before = k > 0 && !Float.isNaN(InstrumentPresets.syncBeats(in.get(k - 1), set, i));
                if (!Float.isNaN(beats) || before) b.sync(from.get(k), i, beats);
            }
        }
        if (midi != null) {
            midi.addTo(b);
        } else if (heldNote != NO_NOTE) {
            int note = heldNote(preset, heldNote);
            b.noteOn(0, 0, note, velocity);
            if (lengthFrames > 0) b.noteOff(lengthFrames, 0, note);
        }
        return b.build();
    }

    /** The note held without MIDI: {@code heldNote}, or for -1 the preset's {@code root_note}. */
    public static int heldNote(Preset preset, int heldNote) {
        return heldNote >= 0 ? heldNote : (int) Math.round(preset.parameters().getOrDefault("root_note", 60.0));
    }

    private static Preset program(Programs programs, int n) {
        try {
            Path f = programs.folder().forProgram(n);
            if (f == null) {
                programs.warn().accept("program change " + n + ": no preset " + n + " in " + programs.folder().dir() + " (ignored)");
                return null;
            }
            return programs.codec().load(f).preset();
        } catch (PresetException | IOException e) {
            programs.warn().accept("program change " + n + ": " + e.getMessage() + " (ignored)");
            return null;
        }
    }

    /** The tempo at the start: the MIDI file's first tempo, else {@code bpm}. */
    public static double startBpm(MidiTimeline midi, double bpm) {
        return midi == null || midi.tempo().isEmpty() ? bpm : midi.tempo().get(0).bpm();
    }
}
