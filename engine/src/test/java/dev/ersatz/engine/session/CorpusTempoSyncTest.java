package dev.ersatz.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tempo-synced preset over real loops follows the loops' own tempo when nothing else gives one
 * (no JACK timebase master, no MIDI file, no --bpm): LMMS's "rave" loops are 2.66-s loops of four
 * beats (90.2 BPM), so the shipped tempo-sync preset's sixteenth-note grains are 166 ms, not the
 * 125 ms of 120 BPM. Over Sonic Pi's ambient samples, which have no pulse, it stays at 120.
 */
class CorpusTempoSyncTest {
    static final Path PRESET = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets/tempo-sync.json");

    @TempDir
    Path dir;

    private static List<String> messages = new ArrayList<>();

    private static InstrumentSession synced(Path corpus) throws Exception {
        messages = new ArrayList<>();
        Reporter r = new Reporter() {
            @Override public void warn(String message) { messages.add(message); }

            @Override public Stage stage(String what) { return QUIET.stage(what); }
        };
        return InstrumentSession.open(Description.of(Sources.corpus(corpus)).withPreset(PRESET), r);
    }

    /** A short bounce with no tempo given; the grain length the synced preset then plays. */
    private static double grainAfterBounce(InstrumentSession s) throws Exception {
        s.bounce(new InstrumentSession.Score(null, 0.2, -1, 100, Double.NaN, null));
        return s.instrument().parameter("grain");
    }

    @Test
    void aSyncedPresetPlaysRealLoopsAtTheirOwnTempo() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("rave"));
        double truth = 0;
        int n = 0;
        for (Path folder : List.of(DebianSamples.lmms("beats"), DebianSamples.lmms("bassloops"))) {
            for (Path f : DebianSamples.audioFiles(folder)) {
                if (!f.getFileName().toString().startsWith("rave_")) continue;
                Files.copy(f, corpus.resolve(f.getFileName()));
                var a = AudioFiles.read(f);
                truth += 4 * 60.0 * a.sampleRate() / a.frames(); // four beats per loop
                n++;
            }
        }
        assertTrue(n >= 5, "rave loops found: " + n);
        truth /= n;
        InstrumentSession s = synced(corpus);
        double bpm = s.instrument().transport().bpm();
        assertEquals(truth, bpm, truth * 0.01, "the corpus's tempo: " + messages);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("tempo sync: the corpus's tempo is ")), "said so: " + messages);
        var grain = s.instrument().parameters().get(s.instrument().parameters().require("grain"));
        double expected = grain.clamp(grain.atTempo(0.25f, bpm));
        assertEquals(expected, grainAfterBounce(s), 0.5, "a sixteenth note at the loops' tempo");
        assertTrue(Math.abs(expected - 125) > 30, "and not at 120 BPM's 125 ms: " + expected);
    }

    @Test
    void withoutAPulseItStaysAt120() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("ambient"));
        for (Path f : DebianSamples.audioFiles(DebianSamples.sonicPi())) {
            if (f.getFileName().toString().startsWith("ambi_")) Files.copy(f, corpus.resolve(f.getFileName()));
        }
        InstrumentSession s = synced(corpus);
        assertEquals(120, s.instrument().transport().bpm(), 1e-9, String.valueOf(messages));
        assertTrue(messages.stream().anyMatch(m -> m.contains("none (no file of")), "said why: " + messages);
        assertEquals(125, grainAfterBounce(s), 0.5, "a sixteenth note at 120 BPM");
    }
}
