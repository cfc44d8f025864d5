package dev.ersatz.engine.midi;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.session.BounceScore;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.session.InstrumentPresets;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bounce driven by a MIDI file: notes sound at their exact frames through the instrument's event path. */
class MidiBounceTest {
    static final int RATE = 48000;
    @TempDir Path dir;

    static Material square() {
        float[] x = new float[RATE * 2];
        for (int i = 0; i < x.length; i++) x[i] = (i / 50) % 2 == 0 ? 0.5f : -0.5f; // never zero: onset = first non-zero
        return Material.of(List.of(new AudioData(new float[][] {x}, RATE)));
    }

    static AudioData bounce(Preset p, MidiTimeline midi, long frames, int block) {
        Instrument inst = new Instrument();
        inst.load(square(), new SamplerGenerator(), 1);
        try (OfflineRenderer r = new OfflineRenderer(inst, new AudioConfig(RATE, block, 2), true)) {
            InstrumentPresets.apply(inst, p);
            r.play(BounceScore.build(p, midi, frames, inst.parameters()));
            return r.render(frames, Progress.NONE);
        }
    }

    @Test
    void onsetsLandOnTheFramesTheTempoMapGives() throws Exception {
        int ppq = 480;
        Sequence seq = new Sequence(Sequence.PPQ, ppq);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0));            // 500000 us: 120 BPM
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x0A, 0x2C, 0x2B}, 3), 960));                  // 666667 us: 90 BPM
        long[] on = {0, 481, 1000, 1517, 2403};
        for (long tick : on) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), tick));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60, 0), tick + 240));
        }
        Path f = dir.resolve("t.mid");
        MidiSystem.write(seq, 0, f.toFile());
        MidiTimeline midi = MidiFileTimeline.read(f, RATE);
        ParameterCatalog cat = ParameterCatalog.instrument();
        Preset p = Preset.defaults("t", GeneratorKind.SAMPLER, cat).withParameter("release", 1).withParameter("attack", 0.5);
        for (int block : new int[] {64, 1000}) {
            AudioData out = bounce(p, midi, midi.lengthFrames() + RATE / 2, block);
            float[] x = out.channels()[0];
            for (long tick : on) {
                // Independent arithmetic: 120 BPM until tick 960, then 666667 us per quarter.
                double sec = tick <= 960 ? tick * 0.5 / ppq : 960 * 0.5 / ppq + (tick - 960) * 0.666667 / ppq;
                int frame = (int) Math.round(sec * RATE);
                assertNotEquals(0f, x[frame], "sound at the note-on frame " + frame + " (tick " + tick + ", block " + block + ")");
                assertEquals(0f, x[frame - 1 < 0 ? 0 : frame - 1] * (frame == 0 ? 0 : 1), "silence just before the note-on at " + frame);
            }
        }
    }

    @Test
    void withoutMidiOneVoiceHoldsTheRootNoteForTheWholeLength() {
        Preset p = Preset.defaults("t", GeneratorKind.SAMPLER, ParameterCatalog.instrument()).withParameter("root_note", 48);
        Timeline t = BounceScore.build(p, null, RATE, InstrumentParams.SET);
        assertEquals(2, t.size());
        assertEquals(0, t.frame(0));
        assertEquals(RATE, t.frame(1));
        AudioData out = bounce(p.withParameter("attack", 0.5), null, RATE, 256);
        float[] x = out.channels()[0];
        int silent = 0;
        for (float v : x) if (v == 0f) silent++;
        assertTrue(silent < RATE / 100, silent + " silent frames in a held note");
    }

    @Test
    void tempoSyncedParametersFollowTheTempoMapAtItsFrames() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 96);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0));   // 120 BPM
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x03, (byte) 0xD0, (byte) 0x90}, 3), 192)); // 250000 us: 240 BPM
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), 0));
        Path f = dir.resolve("s.mid");
        MidiSystem.write(seq, 0, f.toFile());
        MidiTimeline midi = MidiFileTimeline.read(f, RATE);
        Preset p = new Preset("s", "", GeneratorKind.SAMPLER, ParameterCatalog.instrument().defaults(), Map.of(), Map.of(),
                Map.of("grain", 0.25), null, null);
        Instrument inst = new Instrument();
        inst.load(square(), new SamplerGenerator(), 1);
        try (OfflineRenderer r = new OfflineRenderer(inst, new AudioConfig(RATE, 128, 2), true)) {
            r.play(BounceScore.build(p, midi, RATE * 2, inst.parameters()));
            r.render(RATE / 2, Progress.NONE); // tick 192 at 120 BPM is one second: still 120 here
            assertEquals(125f, inst.parameter("grain"));
            r.render(RATE, Progress.NONE);
            assertEquals(62.5f, inst.parameter("grain"));
        }
    }

    @Test
    void programChangesInTheFileSetTheSelectedPresetAtTheirFrame() throws Exception {
        ParameterCatalog cat = ParameterCatalog.instrument();
        dev.ersatz.engine.preset.PresetCodec codec = new dev.ersatz.engine.preset.PresetCodec(cat);
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("presets"));
        codec.save(folder.resolve("a.json"), Preset.defaults("a", GeneratorKind.SAMPLER, cat).withParameter("gain", -20));
        codec.save(folder.resolve("b.json"), new Preset("b", "", GeneratorKind.SAMPLER, cat.defaults(), Map.of(), Map.of(),
                Map.of("grain", 1.0), null, null).withParameter("gain", -30));
        Sequence seq = new Sequence(Sequence.PPQ, 96);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 1, 0), 96));  // 0.5 s: b
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 7, 0), 192)); // no such preset: ignored
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 288)); // 1.5 s: a
        Path f = dir.resolve("p.mid");
        MidiSystem.write(seq, 0, f.toFile());
        MidiTimeline midi = MidiFileTimeline.read(f, RATE);
        List<String> warnings = new java.util.ArrayList<>();
        Preset start = Preset.defaults("start", GeneratorKind.SAMPLER, cat);
        Instrument inst = new Instrument();
        inst.load(square(), new SamplerGenerator(), 1);
        try (OfflineRenderer r = new OfflineRenderer(inst, new AudioConfig(RATE, 100, 2), true)) {
            r.play(BounceScore.build(start, midi, 2L * RATE, inst.parameters(), -1, 100,
                    new BounceScore.Programs(new dev.ersatz.engine.preset.PresetFolder(folder), codec, warnings::add)));
            r.render(RATE / 2, Progress.NONE); // frames [0, 24000): before the first change
            assertEquals(0f, inst.parameter("gain"));
            r.render(100, Progress.NONE);      // the block holding frame 24000
            assertEquals(-30f, inst.parameter("gain"));
            assertEquals(500f, inst.parameter("grain"), "b's grain follows the tempo: one beat at 120 BPM");
            r.render(RATE, Progress.NONE);
            assertEquals(-20f, inst.parameter("gain"));
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("program change 7: no preset 7"), warnings.get(0));
    }
}
