package dev.ersatz.engine.compose;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composer's GRU (learn-midi --neural: engine.model's NeuralModel over the part's notes, drawn
 * with the same Temperature rule) on real compositions, the 31 pieces of Debian's OpenMSX. Every
 * figure is printed; docs/bench/compose.md records them.
 */
class NeuralComposeTest {
    static final int HIDDEN = Integer.getInteger("ersatz.neural.hidden", MidiModel.DEFAULT_HIDDEN);
    static final int EPOCHS = Integer.getInteger("ersatz.neural.epochs", MidiModel.DEFAULT_EPOCHS);
    static MidiModel model;
    @TempDir Path dir;

    @BeforeAll
    static void learn() throws Exception {
        List<Path> files = DebianMidi.midiFiles(DebianMidi.openMsx());
        List<Piece> pieces = new ArrayList<>();
        for (Path f : files) pieces.add(MidiNotes.read(f));
        MidiModel markov = MidiModel.learn(pieces, PartSplit.auto(), PartModel.DEFAULT_ORDER, Progress.NONE);
        long t0 = System.nanoTime();
        model = markov.withNetworks(HIDDEN, EPOCHS, 1, Progress.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (PartModel pm : model.parts().values()) {
            double[] l = pm.network().losses();
            System.out.printf(Locale.ROOT, "network %s: %d notes, %d distinct, %d hidden, %d epochs, loss %.3f -> %.3f nats%n",
                    pm.part().id(), pm.notes(), pm.vocabulary().size(), HIDDEN, l.length, l[0], l[l.length - 1]);
        }
        System.out.printf(Locale.ROOT, "trained both parts' networks in %.1f s%n", seconds);
    }

    static Composer.Options options(int bars, double t, long seed, int k) {
        return new Composer.Options(bars, t, seed, null, k).withNeural(true);
    }

    @Test
    void trainingLowersTheLoss() {
        for (PartModel pm : model.parts().values()) {
            double[] l = pm.network().losses();
            assertTrue(l[l.length - 1] < 0.8 * l[0], pm.part().id() + " loss falls: " + Arrays.toString(l));
        }
    }

    @Test
    void atTemperatureOneTheDistributionsMatchTheTrainingSet() {
        NoteStatistics.Histograms train = NoteStatistics.empty(), gen = NoteStatistics.empty();
        List<String> over = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Map.Entry<Part, PartModel> e : model.parts().entrySet()) {
            NoteStatistics.Histograms t = NoteStatistics.training(e.getValue()), g = NoteStatistics.empty();
            for (int seed = 1; seed <= 16; seed++) {
                Composition c = Composer.compose(model, options(64, 1.0, seed, 0));
                g.addAll(NoteStatistics.composed(e.getValue(), c.tracks().get(e.getKey()), c.barSteps()));
            }
            double[] jsd = ComposeRealMidiTest.jsd(t, g);
            System.out.printf(Locale.ROOT, "neural T=1 %s (16 seeds x 64 bars, %d notes): JSD pitch class %.4f, interval %.4f, duration %.4f, onset position %.4f%n",
                    e.getKey().id(), (long) Arrays.stream(g.pitchClass()).sum(), jsd[0], jsd[1], jsd[2], jsd[3]);
            for (double d : jsd) if (d >= 0.1) over.add(e.getKey().id() + " " + Arrays.toString(jsd));
            train.addAll(t);
            gen.addAll(g);
        }
        double[] jsd = ComposeRealMidiTest.jsd(train, gen);
        System.out.printf(Locale.ROOT, "neural T=1 all parts: JSD pitch class %.4f, interval %.4f, duration %.4f, onset position %.4f (composed in %.1f s)%n",
                jsd[0], jsd[1], jsd[2], jsd[3], (System.nanoTime() - t0) / 1e9);
        for (double d : jsd) assertTrue(d < 0.1, Arrays.toString(jsd));
        assertTrue(over.isEmpty(), "per part: " + over);
    }

    @Test
    void entropyRisesWithTemperature() {
        double prev = -1;
        for (double t : new double[] {0, 0.25, 0.5, 1, 1.5, 2}) {
            double[] h = ComposeRealMidiTest.entropies(model, t, 4, 16, true);
            System.out.printf(Locale.ROOT, "neural T=%.2f: mean entropy of each draw %.3f bits, of the pitch classes played %.3f bits%n", t, h[0], h[1]);
            if (t == 0) assertEquals(0, h[0], 0.0, "T = 0 is argmax");
            assertTrue(h[0] > prev, "entropy at T=" + t + " is " + h[0] + ", not above " + prev);
            prev = h[0];
        }
    }

    @Test
    void maxCopyNotesHolds() {
        for (int k : new int[] {4, 8}) {
            for (double t : new double[] {0, 0.5, 1}) {
                int longest = 0, refused = 0, unbounded = 0;
                for (int seed = 1; seed <= 3; seed++) {
                    Composition c = Composer.compose(model, options(16, t, seed, k));
                    Composition free = Composer.compose(model, options(16, t, seed, 0));
                    for (var e : c.tracks().entrySet()) {
                        List<int[]> phrases = model.part(e.getKey()).phrases();
                        longest = Math.max(longest, NoteStatistics.longestCopy(e.getValue().ids(), phrases));
                        unbounded = Math.max(unbounded, NoteStatistics.longestCopy(free.tracks().get(e.getKey()).ids(), phrases));
                        refused += e.getValue().refusedByCopyBound();
                        assertFalse(e.getValue().notes().isEmpty());
                    }
                }
                System.out.printf(Locale.ROOT, "neural --max-copy-notes %d, T=%.1f: longest verbatim run %d notes (unbounded %d; %d candidates refused)%n",
                        k, t, longest, unbounded, refused);
                assertTrue(longest <= k, "K=" + k + " T=" + t + ": a run of " + longest);
            }
        }
    }

    @Test
    void aSeedRepeatsByteForByteThroughTheModelFile() throws Exception {
        Path f = dir.resolve("openmsx-neural.ersatz-midi");
        MidiModelFile.write(f, model);
        MidiModel again = MidiModelFile.read(f);
        assertTrue(again.neural());
        Composer.Options o = options(16, 1.0, 7, 8);
        byte[] a = CompositionMidi.bytes(Composer.compose(model, o));
        byte[] b = CompositionMidi.bytes(Composer.compose(again, o));
        assertArrayEquals(a, b, "the same seed, trained or read back");
        assertArrayEquals(a, CompositionMidi.bytes(Composer.compose(model, o)), "the same seed twice");
        assertFalse(Arrays.equals(a, CompositionMidi.bytes(Composer.compose(again, options(16, 1.0, 8, 8)))), "another seed, other music");
        assertFalse(Arrays.equals(a, CompositionMidi.bytes(Composer.compose(again, o.withNeural(false)))), "the network, not the Markov model, decides");
        System.out.printf(Locale.ROOT, "neural model file %d bytes; 16 bars = %d bytes of MIDI%n", Files.size(f), a.length);
    }
}
