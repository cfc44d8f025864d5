package dev.ersatz.engine.preset;

import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.midi.MidiTimeline;
import dev.ersatz.engine.render.ParameterSet;
import java.util.List;
import java.util.Map;

/**
 * What a bounce plays besides the preset itself, as one {@link Timeline}: the MIDI file's events at
 * their frames, or (without one) a single note at the preset's root note held for the whole length,
 * so every preset is audible in a plain bounce; plus the tempo-synced parameters recomputed at each
 * tempo change, at the change's exact frame. Control thread.
 */
public final class BounceScore {
    /** The velocity of the held note of a bounce without MIDI. */
    public static final int HELD_VELOCITY = 100;

    private BounceScore() { }

    /**
     * @param midi the MIDI file's timeline, or null for the held root note
     * @param bpm  the tempo when the MIDI file has no tempo map (or there is no MIDI file)
     */
    public static Timeline build(Preset preset, MidiTimeline midi, long lengthFrames, double bpm, ParameterSet set) {
        Timeline.Builder b = new Timeline.Builder();
        ParameterCatalog catalog = ParameterCatalog.of(set);
        List<MidiTimeline.TempoChange> tempo = midi == null || midi.tempo().isEmpty()
                ? List.of(new MidiTimeline.TempoChange(0, bpm)) : midi.tempo();
        if (!preset.sync().isEmpty()) {
            for (MidiTimeline.TempoChange t : tempo) {
                for (Map.Entry<String, Double> e : TempoSync.values(preset.sync(), t.bpm(), catalog).entrySet()) {
                    b.param(t.frame(), set.require(e.getKey()), e.getValue().floatValue());
                }
            }
        }
        if (midi != null) {
            midi.addTo(b);
        } else {
            int root = (int) Math.round(preset.parameters().getOrDefault("root_note", 60.0));
            b.noteOn(0, 0, root, HELD_VELOCITY);
            if (lengthFrames > 0) b.noteOff(lengthFrames, 0, root);
        }
        return b.build();
    }

    /** The tempo at the start: the MIDI file's first tempo, else {@code bpm}. */
    public static double startBpm(MidiTimeline midi, double bpm) {
        return midi == null || midi.tempo().isEmpty() ? bpm : midi.tempo().get(0).bpm();
    }
}
