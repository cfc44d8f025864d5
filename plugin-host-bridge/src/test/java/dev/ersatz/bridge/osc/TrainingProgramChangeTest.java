package dev.ersatz.bridge.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.session.Sources;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Json;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 3: a MIDI program change to a model preset trains the model, and meanwhile the
 * control side keeps answering. The training is held in its progress hook until the test has had its
 * OSC answers, so what is asserted is an order of events, not a time.
 */
class TrainingProgramChangeTest {
    static final int RATE = 48000;
    @TempDir Path tmp;

    @Test
    void oscIsAnsweredWhileAProgramChangeTrainsAModel() throws Exception {
        Path corpus = Files.createDirectories(tmp.resolve("corpus"));
        WavWriter.write(corpus.resolve("a.wav"), new AudioData(new float[][] {Signals.music(RATE * 4, RATE, 2)}, RATE), SampleFormat.PCM_16);
        Path folder = Files.createDirectories(tmp.resolve("presets"));
        PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());
        codec.save(folder.resolve("a-model.json"), Preset.defaults("learned", GeneratorKind.MODEL, codec.catalog()).withParameter("gain", -9));

        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch training = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Reporter reporter = new Reporter() {
            @Override public void warn(String message) { events.add("warn " + message); }

            @Override public Stage stage(String what) {
                return new Stage() {
                    @Override public void update(long done, long total, String label) {
                        if (!what.equals("training") || training.getCount() == 0) return;
                        events.add("training");
                        training.countDown();
                        try {
                            if (!release.await(60, TimeUnit.SECONDS)) events.add("never released");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        events.add("training goes on");
                    }

                    @Override public void close() { }
                };
            }
        };
        Description what = Description.of(Sources.corpus(corpus)).withPresetFolder(folder).withModelCache(tmp.resolve("models"));
        try (InstrumentSession session = InstrumentSession.open(what, reporter);
             LiveControl osc = LiveControl.start(session, "127.0.0.1", 0)) {
            session.startLive();
            assertEquals(GeneratorKind.SAMPLER, session.control().current().kind());
            // Program change 0, as JACK MIDI brings it: through the processor the backend runs.
            try (OfflineRenderer r = new OfflineRenderer(session.processor(), new AudioConfig(RATE, 256, 2), false)) {
                r.play(new Timeline.Builder().midi(10, 0xC0, 0, 0).build());
                r.render(512, Progress.NONE);
                assertTrue(training.await(30, TimeUnit.SECONDS), "the program change started training: " + events);

                OscPacket.Message state = OscClient.request("127.0.0.1", osc.osc().port(), new OscPacket.Message("/ersatz/query"),
                        m -> m.address().equals("/ersatz/state"), 5000);
                assertNotNull(state, "no answer to /ersatz/query while the model trains: " + events);
                events.add("query answered");
                OscClient.request("127.0.0.1", osc.osc().port(), new OscPacket.Message("/ersatz/param/temperature", 2.5f), m -> false, 0);
                for (int i = 0; i < 500 && session.control().parameters().get("temperature") != 2.5; i++) Thread.sleep(10);
                events.add("temperature " + session.control().parameters().get("temperature"));
                Map<?, ?> preset = (Map<?, ?>) ((Map<?, ?>) Json.parse((String) state.args().get(0))).get("preset");
                assertEquals("sampler", preset.get("kind"), "the state is what plays until the model is ready");

                release.countDown();
                for (int i = 0; i < 6000 && session.control().current().kind() != GeneratorKind.MODEL; i++) Thread.sleep(10);
                events.add("now " + session.control().current().kind().id());
            }
        } finally {
            release.countDown();
        }
        assertEquals(List.of("training", "query answered", "temperature 2.5", "training goes on", "now model"),
                events.stream().filter(e -> !e.startsWith("warn program")).toList(), "in this order");
    }
}
