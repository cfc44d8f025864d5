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
 * The composer on real compositions: the 31 pieces of OpenMSX (Debian's openttd-openmsx). Every
 * figure is printed; docs/bench/compose.md records them.
 */
class ComposeRealMidiTest {
    static List<Piece> pieces;
    static MidiModel model;
    @TempDir Path dir;

    @BeforeAll
    static void learn() throws Exception {
        List<Path> files = DebianMidi.midiFiles(DebianMidi.openMsx());
        assertEquals(31, files.size(), "OpenMSX ships 31 compositions");
        pieces = new ArrayList<>();
        for (Path f : files) pieces.add(MidiNotes.read(f));
        model = MidiModel.learn(pieces, PartSplit.auto(), PartModel.DEFAULT_ORDER, Progress.NONE);
        for (PartModel pm : model.parts().values()) {
            System.out.printf(Locale.ROOT, "training %s: %d notes in %d phrases, %d distinct notes, order %d%n",
                    pm.part().id(), pm.notes(), pm.phrases().size(), pm.vocabulary().size(), pm.markov().order());
        }
    }

    @Test
    void readsEveryPieceWithItsVoicesTempoAndMetre() {
        int notes = pieces.stream().mapToInt(Piece::notes).sum();
        System.out.printf(Locale.ROOT, "read %d pieces, %d pitched notes, %d voices%n", pieces.size(), notes, pieces.stream().mapToInt(p -> p.voices().size()).sum());
        assertTrue(notes > 40_000, "OpenMSX holds some 50,000 pitched notes, read " + notes);
        for (Piece p : pieces) {
            assertTrue(p.voices().size() >= 3, p.file() + ": " + p.voices().size() + " voices");
            assertTrue(p.bpm() >= 60 && p.bpm() <= 200, p.file() + ": " + p.bpm() + " BPM");
        }
        // Tempo maps and time signatures as the files set them (read with midicsv by hand).
        assertEquals(109.0, piece("be_sharp_bw_redfarn.mid").bpm(), 0.5);
        assertEquals(36, piece("boogi_marabi_redfarn.mid").barSteps(), "3/4");
        assertEquals(48, piece("tttheme2.mid").barSteps(), "4/4");
        // Split by track: OpenMSX has bass lines and mid-range parts, nothing above c6 for a lead.
        assertNotNull(model.part(Part.BASS));
        assertNotNull(model.part(Part.ARP));
        MidiModel byPitch = MidiModel.learn(pieces, PartSplit.parse("lead,arp,bass"), 3, Progress.NONE);
        for (Part p : Part.values()) {
            for (int[] ph : byPitch.part(p).phrases()) for (int id : ph) assertTrue(p.holds(byPitch.part(p).note(id).pitch()));
        }
        assertEquals(notes, byPitch.notes(), "split by pitch range, every note lands in one part");
    }

    private static Piece piece(String name) {
        return pieces.stream().filter(p -> p.file().getFileName().toString().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void atTemperatureOneTheDistributionsMatchTheTrainingSet() {
        NoteStatistics.Histograms train = NoteStatistics.empty(), gen = NoteStatistics.empty();
        for (Map.Entry<Part, PartModel> e : model.parts().entrySet()) {
            NoteStatistics.Histograms t = NoteStatistics.training(e.getValue()), g = NoteStatistics.empty();
            for (int seed = 1; seed <= 16; seed++) {
                Composition c = Composer.compose(model, new Composer.Options(64, 1.0, seed, null, 0));
                g.addAll(NoteStatistics.composed(e.getValue(), c.tracks().get(e.getKey()), c.barSteps()));
            }
            double[] jsd = jsd(t, g);
            System.out.printf(Locale.ROOT, "T=1 %s (16 seeds x 64 bars, %d notes): JSD pitch class %.4f, interval %.4f, duration %.4f, onset position %.4f%n",
                    e.getKey().id(), (long) Arrays.stream(g.pitchClass()).sum(), jsd[0], jsd[1], jsd[2], jsd[3]);
            for (double d : jsd) assertTrue(d < 0.1, e.getKey().id() + ": " + Arrays.toString(jsd));
            train.addAll(t);
            gen.addAll(g);
        }
        double[] jsd = jsd(train, gen);
        System.out.printf(Locale.ROOT, "T=1 all parts: JSD pitch class %.4f, interval %.4f, duration %.4f, onset position %.4f%n", jsd[0], jsd[1], jsd[2], jsd[3]);
        for (double d : jsd) assertTrue(d < 0.1, Arrays.toString(jsd));
    }

    static double[] jsd(NoteStatistics.Histograms a, NoteStatistics.Histograms b) {
        return new double[] {NoteStatistics.jensenShannon(a.pitchClass(), b.pitchClass()), NoteStatistics.jensenShannon(a.interval(), b.interval()),
                NoteStatistics.jensenShannon(a.duration(), b.duration()), NoteStatistics.jensenShannon(a.position(), b.position())};
    }

    @Test
    void entropyRisesWithTemperature() {
        double[] temps = {0, 0.25, 0.5, 1, 1.5, 2};
        double prev = -1;
        for (double t : temps) {
            double[] h = entropies(model, t, 8, 32, false);
            System.out.printf(Locale.ROOT, "T=%.2f: mean entropy of each draw %.3f bits, of the pitch classes played %.3f bits%n", t, h[0], h[1]);
            if (t == 0) assertEquals(0, h[0], 0.0, "T = 0 is argmax");
            assertTrue(h[0] > prev, "entropy at T=" + t + " is " + h[0] + ", not above " + prev);
            prev = h[0];
        }
    }

    /** Over {@code seeds} compositions of {@code bars} at {@code t}: the mean entropy of each draw and of the pitch classes played, per part, in bits. */
    static double[] entropies(MidiModel model, double t, int seeds, int bars, boolean neural) {
        double draw = 0, pitch = 0;
        int n = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            Composition c = Composer.compose(model, new Composer.Options(bars, t, seed, null, 0).withNeural(neural));
            for (Map.Entry<Part, Composition.Track> e : c.tracks().entrySet()) {
                draw += e.getValue().meanEntropyBits();
                pitch += NoteStatistics.entropyBits(NoteStatistics.composed(model.part(e.getKey()), e.getValue(), c.barSteps()).pitchClass());
                n++;
            }
        }
        return new double[] {draw / n, pitch / n};
    }

    @Test
    void densityThinsAndThickensTheOnsetsAndKeepsThePitches() {
        double[] densities = {0, 0.25, 0.5, 1, 1.5, 2};
        NoteStatistics.Histograms train = NoteStatistics.empty();
        for (PartModel pm : model.parts().values()) train.addAll(NoteStatistics.training(pm));
        double prevOnsets = -1;
        Map<Double, Double> perDensity = new java.util.HashMap<>();
        for (double d : densities) {
            long notes = 0, onsets = 0, bars = 0;
            int widest = 0;
            NoteStatistics.Histograms gen = NoteStatistics.empty();
            for (int seed = 1; seed <= 8; seed++) {
                Composition c = Composer.compose(model, new Composer.Options(32, 1.0, seed, null, 0).withDensity(d));
                for (Map.Entry<Part, Composition.Track> e : c.tracks().entrySet()) {
                    List<Composition.Placed> ns = e.getValue().notes();
                    notes += ns.size();
                    bars += c.bars();
                    long last = -1;
                    int chord = 0;
                    for (Composition.Placed pl : ns) {
                        if (pl.onset() != last) { onsets++; chord = 0; }
                        widest = Math.max(widest, ++chord);
                        last = pl.onset();
                    }
                    gen.addAll(NoteStatistics.played(e.getValue(), c.barSteps()));
                }
            }
            double perBar = notes / (double) bars, onsetsPerBar = onsets / (double) bars;
            double pc = notes == 0 ? Double.NaN : NoteStatistics.jensenShannon(train.pitchClass(), gen.pitchClass());
            double pos = notes == 0 ? Double.NaN : NoteStatistics.jensenShannon(train.position(), gen.position());
            double iv = notes == 0 ? Double.NaN : NoteStatistics.jensenShannon(train.interval(), gen.interval());
            System.out.printf(Locale.ROOT, "density %.2f (8 seeds x 32 bars, both parts, T=1): %.2f notes a bar, %.2f onsets a bar, widest chord %d, JSD pitch class %.4f, interval %.4f, onset position %.4f%n",
                    d, perBar, onsetsPerBar, widest, pc, iv, pos);
            if (d == 0) assertEquals(0, notes, "density 0 is silence");
            else {
                assertTrue(onsetsPerBar > prevOnsets, "onsets a bar at density " + d + ": " + onsetsPerBar + ", not above " + prevOnsets);
                assertTrue(pc < 0.1, "density " + d + " keeps the learnt pitch classes: JSD " + pc);
            }
            perDensity.put(d, onsetsPerBar);
            prevOnsets = onsetsPerBar;
        }
        // Onsets follow the density: half at 0.5, twice at 2 (within a sixteenth's rounding and the gaps left).
        double learnt = perDensity.get(1.0);
        assertEquals(0.5 * learnt, perDensity.get(0.5), 0.05 * learnt);
        assertEquals(2 * learnt, perDensity.get(2.0), 0.1 * learnt);
    }

    @Test
    void aLeadInStartsThePhraseFromThePitchPlayedAndMovesTheOtherPartsWithIt() {
        // 40 is in the bass's range, 67 and 61 in the arp's; OpenMSX has no lead, so 110 leads the arp (the
        // nearest), and no arp note of that pitch was learnt: the arp is transposed up to it.
        int transposedOnce = 0;
        for (int pitch : new int[] {40, 67, 61, 110}) {
            for (int seed = 1; seed <= 4; seed++) {
                Composer.Options o = new Composer.Options(4, 1.0, seed, null, 0);
                Composition plain = Composer.compose(model, o);
                Composition led = Composer.compose(model, o.withLeadIn(64, 62, pitch));
                Part part = Composer.ledPart(model, pitch);
                assertEquals(pitch < 48 ? Part.BASS : Part.ARP, part);
                Composition.Track t = led.tracks().get(part);
                assertEquals(pitch, t.notes().get(0).note().pitch(), "seed " + seed + ": the " + part.id() + " starts from the pitch played");
                int by = pitch - model.part(part).note(t.ids()[0]).pitch();
                if (by != 0) transposedOnce++;
                for (Map.Entry<Part, Composition.Track> e : plain.tracks().entrySet()) {
                    if (e.getKey() == part) continue;
                    List<Composition.Placed> a = e.getValue().notes(), b = led.tracks().get(e.getKey()).notes();
                    assertEquals(a.size(), b.size(), e.getKey().id() + " keeps its notes");
                    for (int i = 0; i < a.size(); i++) {
                        assertEquals(a.get(i).onset(), b.get(i).onset());
                        assertEquals(Math.floorMod(a.get(i).note().pitch() + by, 12), b.get(i).note().pitch() % 12, e.getKey().id() + " moves with the led part by " + by);
                    }
                }
                if (seed == 1) {
                    System.out.printf(Locale.ROOT, "lead-in 64 62 %d: %s starts %s (transposed %+d), plain starts %s%n", pitch, part.id(),
                            t.notes().subList(0, Math.min(5, t.notes().size())).stream().map(n -> n.onset() + ":" + n.note().pitch()).toList(), by,
                            plain.tracks().get(part).notes().subList(0, 5).stream().map(n -> n.onset() + ":" + n.note().pitch()).toList());
                }
            }
        }
        assertTrue(transposedOnce >= 4, "110 is above every learnt arp pitch, so it is reached by transposing: " + transposedOnce);
        // Thinned to a tenth, a led part still starts from the pitch played.
        Composition thin = Composer.compose(model, new Composer.Options(4, 1.0, 3, null, 0, 0.1, new int[] {67}));
        assertEquals(67, thin.tracks().get(Part.ARP).notes().get(0).note().pitch());
    }

    @Test
    void maxCopyNotesBoundsTheLongestVerbatimRun() {
        int unbounded = 0;
        for (int seed = 1; seed <= 4; seed++) {
            Composition c = Composer.compose(model, new Composer.Options(32, 0.5, seed, null, 0));
            for (var e : c.tracks().entrySet()) unbounded = Math.max(unbounded, NoteStatistics.longestCopy(e.getValue().ids(), model.part(e.getKey()).phrases()));
        }
        System.out.printf(Locale.ROOT, "T=0.5 unbounded: longest verbatim run %d notes%n", unbounded);
        assertTrue(unbounded > 16, "without the bound the model copies long runs (" + unbounded + "), so the bound has work to do");
        for (int k : new int[] {2, 4, 8, 16}) {
            for (double t : new double[] {0, 0.5, 1}) {
                int longest = 0, refused = 0;
                for (int seed = 1; seed <= 4; seed++) {
                    Composition c = Composer.compose(model, new Composer.Options(32, t, seed, null, k));
                    for (var e : c.tracks().entrySet()) {
                        longest = Math.max(longest, NoteStatistics.longestCopy(e.getValue().ids(), model.part(e.getKey()).phrases()));
                        refused += e.getValue().refusedByCopyBound();
                        assertFalse(e.getValue().notes().isEmpty(), "a bound of " + k + " still plays");
                    }
                }
                System.out.printf(Locale.ROOT, "--max-copy-notes %d, T=%.1f: longest verbatim run %d notes (%d candidates refused)%n", k, t, longest, refused);
                assertTrue(longest <= k, "K=" + k + " T=" + t + ": a run of " + longest);
            }
        }
    }

    @Test
    void aSeedRepeatsByteForByteThroughTheModelFile() throws Exception {
        Path f = dir.resolve("openmsx.ersatz-midi");
        MidiModelFile.write(f, model);
        MidiModel again = MidiModelFile.read(f);
        Composer.Options o = new Composer.Options(16, 1.0, 7, null, 8);
        byte[] a = CompositionMidi.bytes(Composer.compose(model, o));
        byte[] b = CompositionMidi.bytes(Composer.compose(again, o));
        assertArrayEquals(a, b, "the same seed, learned or read back");
        assertFalse(Arrays.equals(a, CompositionMidi.bytes(Composer.compose(again, new Composer.Options(16, 1.0, 8, null, 8)))), "another seed, other music");
        System.out.printf(Locale.ROOT, "model file %d bytes; 16 bars = %d bytes of MIDI%n", Files.size(f), a.length);
    }

    @Test
    void aComposedFileReadsBackAsMusicThatGoesSomewhere() throws Exception {
        Composition c = Composer.compose(model, new Composer.Options(16, 1.0, 3, 96.0, 8));
        Path out = dir.resolve("c.mid");
        Files.write(out, CompositionMidi.bytes(c));
        Piece back = MidiNotes.read(out);
        assertEquals(96.0, back.bpm(), 0.01);
        assertEquals(model.barSteps(), back.barSteps());
        for (Map.Entry<Part, Composition.Track> e : c.tracks().entrySet()) {
            List<Piece.Note> read = back.voices().stream().filter(v -> v.channel() == e.getKey().channel).findFirst().orElseThrow().notes();
            List<long[]> written = CompositionMidi.sounding(e.getValue().notes());
            assertEquals(written.size(), read.size(), e.getKey().id());
            long distinctPitches = read.stream().mapToInt(Piece.Note::pitch).distinct().count();
            long lastOnset = read.get(read.size() - 1).onset();
            long bars = read.stream().mapToLong(n -> n.onset() / c.barSteps()).distinct().count();
            System.out.printf(Locale.ROOT, "%s: %d notes, %d pitches, in %d of 16 bars, first %s%n", e.getKey().id(), read.size(), distinctPitches, bars,
                    read.subList(0, Math.min(8, read.size())).stream().map(n -> n.onset() + ":" + n.pitch() + "/" + n.duration()).toList());
            assertTrue(distinctPitches >= 5, e.getKey().id() + " is stuck on " + distinctPitches + " pitches");
            assertTrue(bars >= 12, e.getKey().id() + " plays in only " + bars + " of 16 bars");
            assertTrue(lastOnset >= 14L * c.barSteps(), e.getKey().id() + " stops early at step " + lastOnset);
        }
    }
}
