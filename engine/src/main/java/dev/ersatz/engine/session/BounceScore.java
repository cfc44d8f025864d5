package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.TempoSync;
import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.ParameterCatalog;
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
 * audible in a plain bounce; the tempo-synced parameters recomputed at each tempo change, at its
 * exact frame; and program changes turned into the selected preset's parameter values at their
 * frame. Control thread.
 */
public final class BounceScore {
    /** The velocity of the held note of a bounce without MIDI. */
    public static final int HELD_VELOCITY = 100;

    private BounceScore() { }

    /**
     * What the MIDI file's program changes select from: the presets of a folder, read with a codec;
     * {@code warn} hears presets that cannot be used (and program numbers without one).
     */
    public record Programs(PresetFolder folder, PresetCodec codec, Consumer<String> warn) { }

    /** The held root note, no program changes. */
    public static Timeline build(Preset preset, MidiTimeline midi, long lengthFrames, double bpm, ParameterSet set) {
        return build(preset, midi, lengthFrames, bpm, set, -1, HELD_VELOCITY, null);
    }

    /**
     * @param midi      the MIDI file's timeline, or null for a held note
     * @param bpm       the tempo when the MIDI file has no tempo map (or there is no MIDI file)
     * @param heldNote  the note held without MIDI; -1 for the preset's root_note
     * @param programs  where program changes find presets; null to ignore them
     */
    public static Timeline build(Preset preset, MidiTimeline midi, long lengthFrames, double bpm, ParameterSet set,
                                 int heldNote, int velocity, Programs programs) {
        Timeline.Builder b = new Timeline.Builder();
        ParameterCatalog catalog = ParameterCatalog.of(set);
        List<MidiTimeline.TempoChange> tempo = midi == null || midi.tempo().isEmpty()
                ? List.of(new MidiTimeline.TempoChange(0, bpm)) : midi.tempo();
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
        for (int k = 0; k < in.size(); k++) {
            syncAt(b, in.get(k), tempo, from.get(k), k + 1 < from.size() ? from.get(k + 1) : Long.MAX_VALUE, catalog, set);
        }
        if (midi != null) {
            midi.addTo(b);
        } else {
            int note = heldNote >= 0 ? heldNote : (int) Math.round(preset.parameters().getOrDefault("root_note", 60.0));
            b.noteOn(0, 0, note, velocity);
            if (lengthFrames > 0) b.noteOff(lengthFrames, 0, note);
        }
        return b.build();
    }

    /** Tempo-synced values of {@code p} at {@code from} and at every later tempo change. */
    private static void syncAt(Timeline.Builder b, Preset p, List<MidiTimeline.TempoChange> tempo, long from, long to,
                               ParameterCatalog catalog, ParameterSet set) {
        if (p.sync().isEmpty()) return;
        double bpm = tempo.get(0).bpm();
        for (MidiTimeline.TempoChange t : tempo) if (t.frame() <= from) bpm = t.bpm();
        emit(b, p, from, bpm, catalog, set);
        for (MidiTimeline.TempoChange t : tempo) if (t.frame() > from && t.frame() < to) emit(b, p, t.frame(), t.bpm(), catalog, set);
    }

    private static void emit(Timeline.Builder b, Preset p, long at, double bpm, ParameterCatalog catalog, ParameterSet set) {
        for (Map.Entry<String, Double> e : TempoSync.values(p.sync(), bpm, catalog).entrySet()) {
            b.param(at, set.require(e.getKey()), e.getValue().floatValue());
        }
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
