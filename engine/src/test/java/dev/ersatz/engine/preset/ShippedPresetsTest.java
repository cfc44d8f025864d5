package dev.ersatz.engine.preset;

import dev.ersatz.engine.session.TrainedModels;
import dev.ersatz.engine.session.KindPrograms;
import dev.ersatz.engine.session.InstrumentPresets;
import dev.ersatz.engine.session.BounceScore;
import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Json;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file in presets/ loads against the instrument's parameters, agrees with the schema, and
 * renders audibly through the offline renderer; the presets sound different from one another.
 */
class ShippedPresetsTest {
    static final int RATE = 48000;
    static final Path PRESETS = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets");
    final PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());
    @org.junit.jupiter.api.io.TempDir Path cache;

    static List<Clip> corpus() {
        List<Clip> c = new ArrayList<>();
        c.add(new Clip(Path.of("music.wav"), new AudioData(new float[][] {Signals.music(RATE * 3, RATE, 11)}, RATE)));
        c.add(new Clip(Path.of("sine.wav"), new AudioData(new float[][] {Signals.sine(330, 0.4, RATE * 2, RATE)}, RATE)));
        c.add(new Clip(Path.of("noise.wav"), new AudioData(new float[][] {Signals.noise(0.3, RATE, 12)}, RATE)));
        c.add(new Clip(Path.of("music2.wav"), new AudioData(new float[][] {Signals.music(RATE * 2, RATE, 13)}, RATE)));
        return c;
    }

    List<LoadedPreset> presets() throws Exception {
        List<LoadedPreset> all = new ArrayList<>();
        for (Path f : new PresetFolder(PRESETS).list()) all.add(codec.load(f));
        return all;
    }

    @Test
    void atLeastSixPresetsLoadCleanlyAndCoverEveryKind() throws Exception {
        List<LoadedPreset> all = presets();
        assertTrue(all.size() >= 6, all.size() + " presets");
        for (LoadedPreset p : all) assertEquals(List.of(), p.warnings(), p.file().toString());
        for (GeneratorKind k : GeneratorKind.values()) {
            assertTrue(all.stream().anyMatch(p -> p.preset().kind() == k), "no " + k.id() + " preset");
        }
        assertTrue(all.stream().anyMatch(p -> !p.preset().sync().isEmpty()), "no tempo-synced preset");
    }

    @Test
    void theSchemaListsExactlyTheInstrumentsParameters() throws Exception {
        Map<?, ?> schema = (Map<?, ?>) Json.parse(Files.readString(PRESETS.resolve("ersatz-preset.schema.json")));
        Map<?, ?> params = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) schema.get("properties")).get("parameters")).get("properties");
        List<String> ids = new ArrayList<>();
        for (ParameterInfo p : codec.catalog().all()) {
            ids.add(p.id());
            Map<?, ?> s = (Map<?, ?>) params.get(p.id());
            assertNotNull(s, "schema lacks " + p.id());
            assertEquals(p.min(), ((Number) s.get("minimum")).doubleValue(), p.id());
            assertEquals(p.max(), ((Number) s.get("maximum")).doubleValue(), p.id());
            assertEquals(p.defaultValue(), ((Number) s.get("default")).doubleValue(), 1e-6, p.id());
            assertEquals(p.integer() ? "integer" : "number", s.get("type"), p.id());
        }
        assertEquals(ids, new ArrayList<>(params.keySet().stream().map(String::valueOf).toList()));
        Map<?, ?> sync = (Map<?, ?>) ((Map<?, ?>) schema.get("properties")).get("sync");
        List<?> syncable = (List<?>) ((Map<?, ?>) sync.get("propertyNames")).get("enum");
        assertEquals(codec.catalog().all().stream().filter(TempoSync::syncable).map(ParameterInfo::id).toList(), syncable);
    }

    @Test
    void everyPresetRendersAudiblyAndDifferently() throws Exception {
        List<Clip> corpus = corpus();
        Map<String, double[]> descriptors = new LinkedHashMap<>();
        for (LoadedPreset lp : presets()) {
            Preset p = lp.preset();
            KindPrograms.Playable play = KindPrograms.build(p.kind(), corpus, new TrainedModels(cache), 0, Progress.NONE);
            Instrument inst = new Instrument();
            inst.load(play.material(), play.generator(), 5);
            long frames = 3L * RATE;
            AudioData out;
            try (OfflineRenderer r = new OfflineRenderer(inst, new AudioConfig(RATE, 256, 2), true)) {
                InstrumentPresets.apply(inst, p);
                r.play(BounceScore.build(p, null, frames, inst.parameters()));
                out = r.render(frames, Progress.NONE);
            }
            String name = lp.file().getFileName().toString();
            double peak = 0, sumsq = 0;
            for (float[] ch : out.channels()) {
                for (float v : ch) {
                    assertFalse(Float.isNaN(v) || Float.isInfinite(v), name + ": NaN or infinity");
                    peak = Math.max(peak, Math.abs(v));
                    sumsq += v * v;
                }
            }
            double rms = Math.sqrt(sumsq / (2.0 * frames));
            assertTrue(peak < 1.0, name + ": peak " + peak + " reaches 0 dBFS");
            assertTrue(rms > 1e-3, name + ": silent (rms " + rms + ")");
            descriptors.put(name, describe(out));
        }
        // Distinct characters: every pair differs clearly in level, brightness, density or motion.
        List<String> names = new ArrayList<>(descriptors.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                double d = distance(descriptors.get(names.get(i)), descriptors.get(names.get(j)));
                assertTrue(d > 0.1, names.get(i) + " and " + names.get(j) + " sound alike (descriptor distance " + d + ")");
            }
        }
    }

    /**
     * A few broad descriptors of a render, each scaled to about 0..1: loudness (dBFS RMS over 60),
     * brightness (zero-crossing rate), loudness variation over 50 ms frames (motion), onset rate
     * and stereo width.
     */
    static double[] describe(AudioData a) {
        float[] l = a.channels()[0], r = a.channels()[1];
        int n = l.length;
        double sum = 0, zc = 0, side = 0, mid = 0;
        for (int i = 0; i < n; i++) {
            double m = 0.5 * (l[i] + r[i]);
            sum += m * m;
            side += 0.25 * (l[i] - r[i]) * (l[i] - r[i]);
            mid += m * m;
            if (i > 0 && (l[i] >= 0) != (l[i - 1] >= 0)) zc++;
        }
        double rmsDb = 10 * Math.log10(sum / n + 1e-12);
        int hop = RATE / 20;
        int frames = n / hop;
        double[] e = new double[frames];
        for (int f = 0; f < frames; f++) {
            double s = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) s += l[i] * l[i];
            e[f] = 10 * Math.log10(s / hop + 1e-12);
        }
        double mean = 0;
        for (double x : e) mean += x;
        mean /= frames;
        double var = 0;
        int onsets = 0;
        for (int f = 0; f < frames; f++) {
            var += (e[f] - mean) * (e[f] - mean);
            if (f > 0 && e[f] - e[f - 1] > 6) onsets++;
        }
        return new double[] {
            Math.max(0, (rmsDb + 60) / 60),
            zc / n * 2,
            Math.sqrt(var / frames) / 20,
            onsets / (double) frames * 4,
            side / (mid + side + 1e-12)
        };
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }
}
