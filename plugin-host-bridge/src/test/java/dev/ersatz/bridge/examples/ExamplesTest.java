package dev.ersatz.bridge.examples;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.bridge.osc.LiveControl;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the scripts in examples/ as a user would paste them. */
class ExamplesTest {
    static final Path ROOT = Path.of(System.getProperty("ersatz.project.root", "..")).toAbsolutePath().normalize();
    static final Path EXAMPLES = ROOT.resolve("examples");
    @TempDir Path tmp;

    @Test
    void makeCorpusWritesAudibleClips() throws Exception {
        Path dir = tmp.resolve("corpus");
        Tools.check(60, "bash", EXAMPLES.resolve("make-corpus.sh").toString(), dir.toString());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 5, files.toString());
        for (Path f : files) {
            AudioData a = AudioFiles.read(f);
            assertEquals(48000, a.sampleRate());
            float peak = 0;
            for (float v : a.channels()[0]) peak = Math.max(peak, Math.abs(v));
            assertTrue(peak > 0.05 && peak < 1f, f + " peak " + peak);
        }
    }

    @Test
    void oscControlScriptDrivesARunningInstance() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("presets"));
        Instrument inst = new Instrument();
        try (LiveControl live = LiveControl.over(inst, folder, "127.0.0.1", 0)) {
            String out = Tools.check(60, "bash", EXAMPLES.resolve("osc-control.sh").toString(), Integer.toString(live.osc().port()));
            assertTrue(out.contains("sent to 127.0.0.1:" + live.osc().port()), out);
            Path saved = folder.resolve("osc-example.json");
            for (int i = 0; i < 200 && live.osc().messages() < 17; i++) Thread.sleep(10);
            assertEquals(17, live.osc().messages()); // every oscsend in the script
            assertEquals(0, live.osc().malformed());
            assertEquals(2.5, live.session().parameters().get("temperature"));
            assertEquals("grain", live.session().armed());
            var p = new PresetCodec(ParameterCatalog.instrument()).load(saved).preset();
            assertEquals(2.5, p.parameters().get("temperature"));
        }
    }

    @Test
    void liveSessionScriptRecordsErsatzThroughJack() throws Exception {
        Path out = tmp.resolve("live.wav");
        Tools.Result r = Tools.run(300, "bash", EXAMPLES.resolve("live-session.sh").toString(), out.toString(), "3");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("recorded " + out), r.stdout());
        AudioData a = AudioFiles.read(out);
        assertEquals(2, a.channels().length);
        assertEquals(48000, a.sampleRate());
        assertEquals(3.0, a.frames() / 48000.0, 0.05);
        double sum = 0;
        float peak = 0;
        for (float[] ch : a.channels()) for (float v : ch) { sum += v * v; peak = Math.max(peak, Math.abs(v)); }
        double rms = Math.sqrt(sum / (2.0 * a.frames()));
        assertTrue(rms > 1e-3, "the recording is silent (rms " + rms + ")");
        assertTrue(peak < 1f, "clipped");
        // The script's jackd (a private name) is gone again.
        assertFalse(Tools.run(10, "pgrep", "-f", "jackd .*-n ersatz-example-").stdout().contains("ersatz-example"));
    }

    static double rms(AudioData a) {
        double sum = 0;
        for (float[] ch : a.channels()) for (float v : ch) sum += v * v;
        return Math.sqrt(sum / ((double) a.channels().length * a.frames()));
    }

    @Test
    void demoScriptWritesAnAudibleTexture() throws Exception {
        Path out = tmp.resolve("demo.wav");
        String stdout = Tools.check(600, "bash", EXAMPLES.resolve("demo.sh").toString(), out.toString(), "4");
        assertTrue(stdout.contains(out.toString()), stdout);
        AudioData a = AudioFiles.read(out);
        assertEquals(4.0, a.frames() / (double) a.sampleRate(), 0.01);
        assertTrue(rms(a) > 1e-3, "silent demo");
    }

    @Test
    void midiBounceScriptFollowsTheRiff() throws Exception {
        Path out = tmp.resolve("riff.wav");
        Tools.check(600, "bash", EXAMPLES.resolve("midi-bounce.sh").toString(), out.toString());
        AudioData a = AudioFiles.read(out);
        assertTrue(rms(a) > 1e-3, "silent bounce");
        // Where the riff's notes are, read straight from the file with Java Sound and its tempo map.
        javax.sound.midi.Sequence seq = javax.sound.midi.MidiSystem.getSequence(EXAMPLES.resolve("riff.mid").toFile());
        java.util.TreeMap<Long, Integer> tempo = new java.util.TreeMap<>();
        List<Long> noteTicks = new java.util.ArrayList<>();
        for (javax.sound.midi.Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                var e = t.get(i);
                if (e.getMessage() instanceof javax.sound.midi.MetaMessage m && m.getType() == 0x51) {
                    byte[] d = m.getData();
                    tempo.put(e.getTick(), (d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | (d[2] & 0xFF));
                } else if (e.getMessage() instanceof javax.sound.midi.ShortMessage sm && sm.getCommand() == 0x90 && sm.getData2() > 0) {
                    noteTicks.add(e.getTick());
                }
            }
        }
        List<Double> expected = new java.util.ArrayList<>();
        for (long tick : noteTicks) {
            double sec = 0;
            long prev = 0;
            int us = 500_000;
            for (var en : tempo.entrySet()) {
                if (en.getKey() >= tick) break;
                sec += (en.getKey() - prev) * (us / 1e6) / seq.getResolution();
                prev = en.getKey();
                us = en.getValue();
            }
            expected.add(sec + (tick - prev) * (us / 1e6) / seq.getResolution());
        }
        // Silence before every note (the preset's short release has ended) and sound from its frame on:
        // the first non-zero sample lies within a millisecond after the frame the tempo map gives.
        float[] mono = a.channels()[0];
        int rate = a.sampleRate();
        for (double t : expected) {
            int frame = (int) Math.round(t * rate);
            int from = Math.max(0, frame - rate / 20);
            int first = -1;
            for (int i = from; i < frame + rate / 20 && first < 0; i++) if (mono[i] != 0f) first = i;
            assertTrue(first >= frame && first <= frame + rate / 1000, "note at " + t + " s (frame " + frame + "): first sound at frame " + first);
        }
    }
}
