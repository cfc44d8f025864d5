package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.CcBinding;
import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MIDI learn, program change and preset loads against the real instrument on the offline backend. */
class InstrumentLinkTest {
    static final int RATE = 48000;
    @TempDir Path dir;
    final ParameterCatalog catalog = ParameterCatalog.instrument();
    final PresetCodec codec = new PresetCodec(catalog);
    Instrument instrument;
    OfflineRenderer renderer;
    InstrumentLink link;
    PresetSession session;
    final List<String> reloads = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        instrument = new Instrument();
        instrument.load(Material.of(List.of(new AudioData(new float[][] {Signals.sine(220, 0.5, RATE, RATE)}, RATE))), new SamplerGenerator(), 3);
        renderer = new OfflineRenderer(instrument, new AudioConfig(RATE, 256, 2), true);
        link = new InstrumentLink(instrument, GeneratorKind.SAMPLER, null, p -> reloads.add(p.preset().kind().id()));
        session = new PresetSession(codec, new PresetFolder(dir), Preset.defaults("init", GeneratorKind.SAMPLER, catalog), null, link);
        link.start(session, messages::add);
    }

    @AfterEach
    void stop() {
        link.close();
        renderer.close();
    }

    private void play(Timeline t, int frames) {
        renderer.play(t);
        renderer.render(frames, Progress.NONE);
    }

    @Test
    void learnMapsTheNextControllerMovedAndSavedPresetsKeepIt() throws Exception {
        session.learn("grain");
        long at = renderer.position();
        play(new Timeline.Builder().cc(at + 10, 0, 64, 127).cc(at + 20, 0, 74, 30).build(), 512); // the pedal is not learnable
        link.poll();
        assertNull(session.armed());
        assertEquals(new CcBinding("grain", 5, 4000), session.current().learnt().get(74));
        assertEquals(instrument.parameters().require("grain"), instrument.ccMap().param(74));
        assertEquals(-1, instrument.ccMap().param(64));
        at = renderer.position();
        play(new Timeline.Builder().cc(at + 5, 0, 74, 127).build(), 256);
        assertEquals(4000f, instrument.parameter("grain"), "the learnt controller moves the parameter");

        Path f = session.save("learnt");
        LoadedPreset back = codec.load(f);
        assertEquals(new CcBinding("grain", 5, 4000), back.preset().learnt().get(74));
        assertEquals("learnt", back.preset().name());
        assertEquals(4000.0, back.preset().parameters().get("grain"), "a save keeps what the controller set, not the old value");
    }

    @Test
    void theStateFollowsKnobsMovedByMidiAndKeepsValuesTheSessionSet() throws Exception {
        session.set("temperature", 0.3);
        long at = renderer.position();
        play(new Timeline.Builder().cc(at + 3, 0, 1, 64).build(), 256); // the mod wheel, mapped to temperature
        double moved = session.current().parameters().get("temperature");
        assertEquals(instrument.parameter("temperature"), (float) moved, "the mod wheel's value, as the instrument plays it");
        assertNotEquals(0.3, moved, 1e-6);
        assertEquals(Double.toString(moved).length(), Float.toString((float) moved).length(), "the float's shortest decimal: " + moved);
        session.set("gain", -7.3);
        assertEquals(-7.3, session.current().parameters().get("gain"), "a value the session set stays exact");

        Path f = session.save("moved");
        java.util.Map<String, Object> state = session.state();
        PresetSession other = new PresetSession(codec, new PresetFolder(dir), Preset.defaults("x", GeneratorKind.SAMPLER, catalog), null, link);
        other.resume((java.util.Map<?, ?>) dev.ersatz.engine.util.Json.parse(dev.ersatz.engine.util.Json.write(state)), "state");
        assertEquals(moved, other.current().parameters().get("temperature"));
        assertEquals(-7.3, other.current().parameters().get("gain"));
        assertEquals(f.toString(), other.state().get("file"), "a resumed state keeps the file it came from");
        PresetException bad = assertThrows(PresetException.class, () -> other.resume(java.util.Map.of("file", "x"), "state.json"));
        assertTrue(bad.getMessage().startsWith("state.json"), bad.getMessage());
    }

    @Test
    void programChangeLoadsTheNthPresetOfTheFolder() throws Exception {
        codec.save(dir.resolve("a-first.json"), Preset.defaults("first", GeneratorKind.SAMPLER, catalog).withParameter("gain", -20));
        codec.save(dir.resolve("b-second.json"), Preset.defaults("second", GeneratorKind.SAMPLER, catalog).withParameter("gain", -30)
                .withCcMap(java.util.Map.of(7, new CcBinding("gain", -40, 0))));
        link.programChange(1);
        link.poll();
        assertEquals("second", session.current().name());
        renderer.render(256, Progress.NONE);
        assertEquals(-30f, instrument.parameter("gain"));
        assertEquals(instrument.parameters().require("gain"), instrument.ccMap().param(7));
        assertEquals(-1, instrument.ccMap().param(1), "the preset's map replaces the old one");
        link.programChange(9); // no such preset: nothing changes
        link.poll();
        assertEquals("second", session.current().name());
        assertTrue(messages.get(messages.size() - 1).startsWith("program 9: no preset"), messages.toString());
        assertTrue(reloads.isEmpty());

        codec.save(dir.resolve("c-model.json"), Preset.defaults("m", GeneratorKind.MODEL, catalog));
        link.programChange(2);
        link.poll();
        assertEquals(List.of("model"), reloads, "another kind rebuilds the program");
    }

    @Test
    void tempoSyncedParametersFollowTheTransport() throws Exception {
        Preset p = new Preset("sync", "", GeneratorKind.SAMPLER, catalog.defaults(), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of("density", 4.0), null, null);
        codec.save(dir.resolve("sync.json"), p);
        session.load("sync");
        renderer.render(256, Progress.NONE);
        assertEquals(8f, instrument.parameter("density")); // 4 per beat at the offline renderer's 120 BPM
        for (double bpm : new double[] {90, 137, 60}) {
            renderer.setTempo(bpm);   // the backend's transport says so at the next block's start, as JACK's does
            renderer.render(256, Progress.NONE); // one block (one period): no control poller in between
            assertEquals((float) (4 * bpm / 60), instrument.parameter("density"), 1e-4f, "within the block of the new tempo, " + bpm + " BPM");
        }
        link.close(); // the link's poller plays no part in it
        renderer.setTempo(180);
        renderer.render(256, Progress.NONE);
        assertEquals(12f, instrument.parameter("density"), 1e-4f);
        session.load("sync");
        assertEquals(12f, instrument.parameter("density"), "a preset's synced values are visible at once, at the current tempo");
    }

    @Test
    void aProgramChangeArrivingAsMidiInABlockSelectsThePreset() throws Exception {
        codec.save(dir.resolve("a.json"), Preset.defaults("a", GeneratorKind.SAMPLER, catalog).withParameter("gain", -20));
        codec.save(dir.resolve("b.json"), Preset.defaults("b", GeneratorKind.SAMPLER, catalog).withParameter("gain", -30));
        Instrument inst = new Instrument();
        inst.load(Material.of(List.of(new AudioData(new float[][] {Signals.sine(220, 0.5, RATE, RATE)}, RATE))), new SamplerGenerator(), 3);
        InstrumentLink l = new InstrumentLink(inst, GeneratorKind.SAMPLER, null, p -> { });
        PresetSession s = new PresetSession(codec, new PresetFolder(dir), Preset.defaults("init", GeneratorKind.SAMPLER, catalog), null, l);
        l.start(s, messages::add);
        // The tap sees the backend's events (as JACK MIDI delivers them) before the instrument does.
        try (OfflineRenderer r = new OfflineRenderer(new ProgramChangeTap(inst, l), new AudioConfig(RATE, 128, 2), true)) {
            r.play(new Timeline.Builder().midi(300, 0xC5, 1, 0).build());
            r.render(512, Progress.NONE);
            l.poll();
            assertEquals("b", s.current().name());
            r.render(256, Progress.NONE);
            assertEquals(-30f, inst.parameter("gain"));
        } finally {
            l.close();
        }
    }
}
