package dev.ersatz.engine.compose;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.CcMap;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.session.ComposerTap;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live composer driven block by block as JACK drives it (the session's {@link ComposerTap}
 * around a real {@link Instrument}, on its own grid), with a model of real compositions (eight
 * pieces of Debian's OpenMSX): what reaches the instrument on its MIDI input and its control side
 * is what the next phrase is composed with.
 */
class LiveComposerTest {
    static final int RATE = 48000;
    static final int BLOCK = 256;
    static MidiModel model;
    @TempDir Path dir;
    Instrument instrument;
    ComposerTap tap;
    LiveComposer composer;
    final EventBuffer in = new EventBuffer(64);
    final float[][] out = {new float[BLOCK], new float[BLOCK]};
    /** Every note-on the composer wrote: {status, pitch, velocity}. */
    final List<int[]> noteOns = new ArrayList<>();

    @BeforeAll
    static void learn() throws Exception {
        model = DebianMidi.openMsxModel(8);
    }

    @BeforeEach
    void open() {
        instrument = new Instrument();
        tap = new ComposerTap(instrument, instrument.transport());
        tap.configure(new AudioConfig(RATE, BLOCK, 2));
    }

    @AfterEach
    void close() {
        tap.compose(null, false);
        if (composer != null) composer.close();
        tap.shutdown();
    }

    /** One period: {@code in}'s events to the instrument, the composer's note-ons collected. */
    void block() {
        tap.process(in, out, BLOCK);
        in.clear();
        EventBuffer c = tap.composed();
        for (int i = 0; i < c.size(); i++) if ((c.status(i) & 0xF0) == 0x90) noteOns.add(new int[] {c.status(i), c.data1(i), c.data2(i)});
    }

    /** Periods until phrase {@code n} (0-based) has begun and the worker has the one after it ready. */
    void untilPhraseBegun(long n) throws InterruptedException {
        for (int i = 0; composer.phrasesStarted() <= n; i++) {
            assertTrue(i < 10_000_000 / BLOCK, "phrase " + n + " never began");
            // Live, a phrase lasts seconds of wall time and the worker composes the next meanwhile; this
            // loop renders them in microseconds, so it gives the worker the time a live run would.
            for (int w = 0; !composer.phraseReady() && w < 2000; w++) {
                assertNull(composer.failure());
                Thread.sleep(10);
            }
            block();
        }
        for (int i = 0; !composer.phraseReady(); i++) {
            assertNull(composer.failure());
            assertTrue(i < 2000, "the worker composed nothing in 20 s");
            Thread.sleep(10);
        }
    }

    static List<int[]> noteOns(Composition c) { return noteOns(LiveComposer.phrase(c)); }

    static List<int[]> noteOns(LiveComposer.Phrase p) {
        List<int[]> l = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) if ((p.status[i] & 0xF0) == 0x90) l.add(new int[] {p.status[i], p.data1[i], p.data2[i]});
        return l;
    }

    static String describe(List<int[]> ons) {
        return ons.size() + " notes " + ons.stream().limit(6).map(e -> e[1] + "/" + e[2]).toList();
    }

    @Test
    void eachPhraseIsComposedAtTheTemperatureAndDensityTheInstrumentHasWhenItIsComposed() throws Exception {
        InstrumentSession session = InstrumentSession.around(instrument, GeneratorKind.SAMPLER, dir, Reporter.QUIET);
        instrument.setCcMap(CcMap.defaults().with(2, "compose_density"));
        composer = LiveComposer.following(model, 11, 0, instrument);
        tap.compose(composer, false);
        composer.start();
        double[][] knobs = new double[5][];
        knobs[0] = knobs[1] = new double[] {1, 1}; // phrase 0 at start(), phrase 1 when phrase 0 began: the defaults
        untilPhraseBegun(0);
        // The mod wheel (CC 1, temperature by default) and CC 2 (mapped to compose_density) on midi_in.
        in.addMidi(0, 0xB0, 1, 16);
        in.addMidi(0, 0xB0, 2, 32);
        block();
        knobs[2] = new double[] {instrument.parameter(InstrumentParams.TEMPERATURE), instrument.parameter(InstrumentParams.COMPOSE_DENSITY)};
        assertEquals(16 / 127.0 * 4, knobs[2][0], 1e-5);
        assertEquals(32 / 127.0 * 2, knobs[2][1], 1e-5);
        untilPhraseBegun(1);
        // The control side, as OSC (/ersatz/param/ID) and presets set parameters.
        session.control().set("temperature", 2.0);
        session.control().set("compose_density", 1.75);
        block();
        knobs[3] = new double[] {instrument.parameter(InstrumentParams.TEMPERATURE), instrument.parameter(InstrumentParams.COMPOSE_DENSITY)};
        assertEquals(2.0, knobs[3][0], 1e-6);
        assertEquals(1.75, knobs[3][1], 1e-6);
        untilPhraseBegun(2);
        untilPhraseBegun(4); // phrase 3 played to its end
        List<int[]> expected = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            List<int[]> phrase = noteOns(Composer.compose(model, composer.options(k, knobs[k][0], knobs[k][1])));
            List<int[]> asLearnt = noteOns(Composer.compose(model, composer.options(k, 1, 1)));
            System.out.printf(Locale.ROOT, "phrase %d at T=%.3f density %.3f: %s (at T=1, density 1: %d notes)%n",
                    k, knobs[k][0], knobs[k][1], describe(phrase), asLearnt.size());
            if (k >= 2) assertNotEquals(asLearnt.size(), phrase.size(), "phrase " + k + ": the knobs change what it plays, so the test can tell");
            expected.addAll(phrase);
        }
        assertTrue(noteOns.size() >= expected.size(), noteOns.size() + " notes played, " + expected.size() + " expected in four phrases");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), noteOns.get(i), "note-on " + i + " of " + expected.size());
        }
    }

    @Test
    void aNoteOnMidiInSeedsTheNextPhrase() throws Exception {
        composer = LiveComposer.following(model, 5, 8, instrument);
        tap.compose(composer, false);
        composer.start();
        untilPhraseBegun(0); // phrase 1 is composed and waiting
        in.addMidi(10, 0x90, 62, 90);
        in.addMidi(20, 0x80, 62, 0);
        in.addMidi(30, 0x90, 69, 100);
        block();
        for (int i = 0; composer.phrasesSeeded() == 0; i++) {
            assertTrue(i < 2000, "the worker never composed the seeded phrase");
            Thread.sleep(10);
        }
        int before = -1;
        untilPhraseBegun(1);
        before = noteOns.size();
        untilPhraseBegun(2);
        List<int[]> playedPhrase1 = new ArrayList<>();
        List<int[]> plain0 = noteOns(Composer.compose(model, composer.options(0, 1, 1)));
        List<int[]> seeded = noteOns(Composer.compose(model, composer.options(1, 1, 1).withLeadIn(62, 69)));
        List<int[]> unseeded = noteOns(Composer.compose(model, composer.options(1, 1, 1)));
        for (int i = plain0.size(); i < plain0.size() + seeded.size(); i++) playedPhrase1.add(noteOns.get(i));
        System.out.printf(Locale.ROOT, "phrase 1 seeded by 62, 69: %s; unseeded it was %s%n", describe(seeded), describe(unseeded));
        assertTrue(before >= plain0.size());
        for (int i = 0; i < seeded.size(); i++) assertArrayEquals(seeded.get(i), playedPhrase1.get(i), "note-on " + i);
        int[] firstArp = playedPhrase1.stream().filter(e -> (e[0] & 0x0F) == Part.ARP.channel).findFirst().orElseThrow();
        assertEquals(69, firstArp[1], "the arp (whose range holds 69) starts the phrase from the note played");
        int[] firstUnseeded = unseeded.stream().filter(e -> (e[0] & 0x0F) == Part.ARP.channel).findFirst().orElseThrow();
        assertNotEquals(69, firstUnseeded[1], "unseeded it would have started elsewhere, so the test can tell");
        assertEquals(1, composer.phrasesSeeded());
    }

    @Test
    void aCcOnMidiInSetsTheRegisterOfTheNextPhrases() throws Exception {
        composer = LiveComposer.following(model, 5, 8, instrument);
        tap.compose(composer, false);
        composer.start();
        untilPhraseBegun(0); // phrase 1 is composed and waiting
        in.addMidi(10, 0xB0, LiveComposer.REGISTER_CC, 70);
        in.addMidi(20, 0xB0, LiveComposer.REGISTER_CC, 76); // a knob turned: the last value is the register, an octave up
        block();
        for (int i = 0; composer.phrasesSeeded() == 0 || !composer.phraseReady(); i++) {
            assertTrue(i < 2000, "the worker never composed the phrase in its register");
            Thread.sleep(10);
        }
        untilPhraseBegun(2); // phrase 1 played; phrase 2 waiting, in the register too
        in.addMidi(0, 0x90, 69, 100); // a note: phrase 3 starts from it, not moved by the register
        block();
        for (int i = 0; composer.phrasesSeeded() < 2; i++) {
            assertTrue(i < 2000, "the worker never composed the seeded phrase");
            Thread.sleep(10);
        }
        untilPhraseBegun(4);
        List<int[]> expected = new ArrayList<>(noteOns(Composer.compose(model, composer.options(0, 1, 1))));
        List<int[]> unmoved = noteOns(Composer.compose(model, composer.options(1, 1, 1)));
        List<int[]> phrase1 = noteOns(LiveComposer.phrase(Composer.compose(model, composer.options(1, 1, 1))).transposed(12));
        List<int[]> phrase3 = noteOns(Composer.compose(model, composer.options(3, 1, 1).withLeadIn(69)));
        expected.addAll(phrase1);
        expected.addAll(noteOns(LiveComposer.phrase(Composer.compose(model, composer.options(2, 1, 1))).transposed(12)));
        expected.addAll(phrase3);
        System.out.printf(Locale.ROOT, "phrase 1 after CC %d = 76: %s; as learnt %s; phrase 3 seeded by 69: %s%n",
                LiveComposer.REGISTER_CC, describe(phrase1), describe(unmoved), describe(phrase3));
        for (int i = 0; i < unmoved.size(); i++) {
            int p = unmoved.get(i)[1];
            assertEquals(p + 12 > 127 ? p : p + 12, phrase1.get(i)[1], "an octave up, note " + i);
        }
        assertTrue(noteOns.size() >= expected.size(), noteOns.size() + " notes played, " + expected.size() + " expected in four phrases");
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), noteOns.get(i), "note-on " + i + " of " + expected.size());
        assertEquals(69, phrase3.stream().filter(e -> (e[0] & 0x0F) == Part.ARP.channel).findFirst().orElseThrow()[1], "the note played, not moved");
        assertEquals(2, composer.phrasesSeeded());
    }

    @Test
    void aModelLearntWithNeuralIsPlayedByItsNetworkOnTheWorker() throws Exception {
        MidiModel neural = model.withNetworks(16, 1, 1, Progress.NONE); // small: this proves the path, NeuralComposeTest the music
        composer = LiveComposer.following(neural, 3, 8, instrument);
        assertTrue(composer.options(0, 1, 1).neural());
        tap.compose(composer, false);
        composer.start();
        untilPhraseBegun(0);
        in.addMidi(0, 0x90, 45, 100); // seeds phrase 1: the bass's range
        block();
        for (int i = 0; composer.phrasesSeeded() == 0; i++) {
            assertTrue(i < 2000, "the worker never composed the seeded phrase");
            Thread.sleep(10);
        }
        untilPhraseBegun(2);
        List<int[]> phrase0 = noteOns(Composer.compose(neural, composer.options(0, 1, 1)));
        List<int[]> expected = new ArrayList<>(phrase0);
        List<int[]> seeded = noteOns(Composer.compose(neural, composer.options(1, 1, 1).withLeadIn(45)));
        expected.addAll(seeded);
        assertTrue(noteOns.size() >= expected.size());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), noteOns.get(i), "note-on " + i);
        assertEquals(45, seeded.stream().filter(e -> (e[0] & 0x0F) == Part.BASS.channel).findFirst().orElseThrow()[1]);
        List<int[]> markov = noteOns(Composer.compose(neural, composer.options(0, 1, 1).withNeural(false)));
        assertNotEquals(describe(markov), describe(phrase0), "the network, not the Markov model, played");
    }
}
