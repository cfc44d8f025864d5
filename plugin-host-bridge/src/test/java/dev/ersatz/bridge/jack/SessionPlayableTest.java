package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run --preset FILE --corpus DIR`'s session prepares every shipped preset's kind and plays it (offline backend here). */
class SessionPlayableTest {
    static final int RATE = 48000;
    static final Path PRESETS = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets");
    @TempDir Path tmp;

    @Test
    void everyShippedPresetPlaysOverAPlainCorpus() throws Exception {
        Path corpus = Files.createDirectories(tmp.resolve("corpus"));
        WavWriter.write(corpus.resolve("a.wav"), new AudioData(new float[][] {Signals.music(RATE * 3, RATE, 1)}, RATE), SampleFormat.PCM_16);
        WavWriter.write(corpus.resolve("b.wav"), new AudioData(new float[][] {Signals.sine(440, 0.5, RATE * 2, RATE)}, RATE), SampleFormat.PCM_16);
        WavWriter.write(corpus.resolve("c.wav"), new AudioData(new float[][] {Signals.noise(0.3, RATE, 2)}, RATE), SampleFormat.PCM_16);
        System.setProperty("ersatz.model.cache", tmp.resolve("models").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console io = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        try {
            for (Path preset : new PresetFolder(PRESETS).list()) {
                try (SessionPlayable p = LiveRun.open(Description.of(Sources.corpus(corpus)).withPreset(preset), "127.0.0.1", -1, io)) {
                    assertEquals(PRESETS.toAbsolutePath().normalize(), p.session().control().folder().dir());
                    OfflineRenderer r = new OfflineRenderer(p.processor(), new AudioConfig(RATE, 256, 2), true);
                    p.session().control().note((int) Math.round(p.session().control().parameters().get("root_note")), 100);
                    AudioData out = r.render(RATE, Progress.NONE);
                    double sum = 0;
                    for (float v : out.channels()[0]) {
                        assertTrue(Float.isFinite(v));
                        sum += v * v;
                    }
                    assertTrue(Math.sqrt(sum / RATE) > 1e-3, preset + " is silent");
                }
            }
            try (var s = Files.list(tmp.resolve("models"))) {
                assertEquals(1, s.count(), "the model preset trained and cached one model");
            }
        } finally {
            System.clearProperty("ersatz.model.cache");
        }
        // No warnings; the one line is the tempo-synced preset saying which tempo it follows.
        for (String line : err.toString(StandardCharsets.UTF_8).lines().toList()) {
            assertTrue(line.startsWith("ersatz: tempo sync: the corpus's tempo is "), "only the tempo line: " + err);
        }
    }

    @Test
    void aModelRunUnderASamplerPresetKnowsItPlaysAModel() throws Exception {
        Path music = Files.createDirectories(tmp.resolve("music"));
        WavWriter.write(music.resolve("m.wav"), new AudioData(new float[][] {Signals.music(RATE * 6, RATE, 5)}, RATE), SampleFormat.PCM_16);
        Path model = tmp.resolve("music.ersatz");
        Console quiet = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false);
        assertEquals(0, dev.ersatz.bridge.cli.Main.run(new String[] {"train", music.toString(), "-o", model.toString(), "--tokens", "16"}, quiet));
        Path folder = Files.createDirectories(tmp.resolve("presets"));
        var codec = new dev.ersatz.engine.preset.PresetCodec(dev.ersatz.engine.preset.ParameterCatalog.instrument());
        Path other = folder.resolve("other-model.json");
        codec.save(other, dev.ersatz.engine.preset.Preset.defaults("other", dev.ersatz.engine.preset.GeneratorKind.MODEL,
                codec.catalog()).withParameter("gain", -12));
        try (SessionPlayable p = LiveRun.open(Description.of(Sources.model(model)).withPreset(PRESETS.resolve("percussive.json"))
                .withPresetFolder(folder), "127.0.0.1", -1, quiet)) {
            var session = p.session().control();
            assertEquals(dev.ersatz.engine.preset.GeneratorKind.MODEL, session.current().kind(), "the state says what plays");
            session.loadFile(other); // the same kind: no corpus needed (it said "cannot switch" before)
            assertEquals(-12.0, session.current().parameters().get("gain"));
        }
    }
}
