package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.util.Json;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz learn-midi` and `ersatz compose` end to end, on real compositions beside broken files. */
class MidiCommandsTest {
    @TempDir static Path dir;
    static Path songs;
    static Path model;

    @BeforeAll
    static void learn() throws Exception {
        Path openMsx = DebianMidi.openMsx();
        songs = Files.createDirectories(dir.resolve("songs"));
        for (String f : List.of("moo_redfarn.mid", "tttheme2.mid", "city_blues_redfarn.mid")) Files.copy(openMsx.resolve(f), songs.resolve(f));
        Files.write(songs.resolve("cut.mid"), Arrays.copyOf(Files.readAllBytes(openMsx.resolve("the_hobo_redfarn.mid")), 500));
        Files.write(songs.resolve("empty.mid"), new byte[0]);
        Files.writeString(songs.resolve("notes.mid"), "not MIDI at all\n");
        writeDrumsOnly(songs.resolve("drums.mid"));
        Files.writeString(songs.resolve("readme.txt"), "not a MIDI file name: never read\n");
        model = dir.resolve("songs.ersatz-midi");
        CliRun r = CliRun.of("learn-midi", songs.toString(), "-o", model.toString());
        assertEquals(1, r.code(), "files were skipped: " + r.err());
        assertEquals(String.join("\n",
                "ersatz: " + songs.resolve("cut.mid") + ": truncated: a chunk at byte 147 claims 7131 bytes, the file ends 345 bytes later (skipped)",
                "ersatz: " + songs.resolve("drums.mid") + ": no pitched notes (only drums on channel 10) (skipped)",
                "ersatz: " + songs.resolve("empty.mid") + ": empty file, not a MIDI file (skipped)",
                "ersatz: " + songs.resolve("notes.mid") + ": not a Standard MIDI File (no MThd header) (skipped)") + "\n", r.err());
        assertTrue(r.out().startsWith(model + ": arp ") && r.out().contains(" from 3 files, order 3"), r.out());
    }

    static void writeDrumsOnly(Path f) throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 96);
        Track t = s.createTrack();
        for (int i = 0; i < 8; i++) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, 36, 100), i * 96L));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 9, 36, 0), i * 96L + 48));
        }
        MidiSystem.write(s, 0, f.toFile());
    }

    @Test
    void composeWritesTheSameFileForASeedAndHoldsTheCopyBound() throws Exception {
        Path a = dir.resolve("a.mid"), b = dir.resolve("b.mid"), c = dir.resolve("c.mid");
        CliRun r = CliRun.of("compose", model.toString(), "--bars", "16", "--temperature", "1", "--seed", "5", "--max-copy-notes", "6", "--tempo", "128", "--json", "-o", a.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        Map<?, ?> d = (Map<?, ?>) Json.parse(r.out());
        assertEquals(128L, d.get("bpm"));
        for (Object p : (List<?>) d.get("parts")) {
            Map<?, ?> part = (Map<?, ?>) p;
            assertTrue((Long) part.get("notes") > 16, part.toString());
            assertTrue((Long) part.get("longestCopy") <= 6, part.toString());
        }
        assertEquals(0, CliRun.of("compose", model.toString(), "--bars", "16", "--seed", "5", "--max-copy-notes", "6", "--tempo", "128", "-o", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same model, options and seed: same bytes");
        assertEquals(0, CliRun.of("compose", model.toString(), "--bars", "16", "--seed", "6", "--max-copy-notes", "6", "--tempo", "128", "-o", c.toString()).code());
        assertTrue(!Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed");
        Sequence s = MidiSystem.getSequence(a.toFile());
        assertEquals(16L * 4 * 480, s.getTickLength(), "16 bars of 4/4 at 480 PPQ");
    }

    @Test
    void learnMidiNeuralTrainsANetworkThatComposePlaysDeterministically() throws Exception {
        Path net = dir.resolve("net.ersatz-midi");
        List<String> three = List.of("moo_redfarn.mid", "tttheme2.mid", "city_blues_redfarn.mid").stream().map(f -> songs.resolve(f).toString()).toList();
        List<String> args = new java.util.ArrayList<>(List.of("learn-midi"));
        args.addAll(three);
        args.addAll(List.of("--neural", "--epochs", "2", "--json", "-o", net.toString()));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        Map<?, ?> learnt = (Map<?, ?>) Json.parse(r.out());
        for (Object p : (List<?>) learnt.get("parts")) {
            Map<?, ?> n = (Map<?, ?>) ((Map<?, ?>) p).get("network");
            assertEquals((long) dev.ersatz.engine.compose.MidiModel.DEFAULT_HIDDEN, n.get("hidden"), p.toString());
        }
        System.out.println("learn-midi --neural on 3 files: " + r.out().strip());
        Path a = dir.resolve("na.mid"), b = dir.resolve("nb.mid"), m = dir.resolve("nm.mid"), thin = dir.resolve("nt.mid");
        CliRun ca = CliRun.of("compose", net.toString(), "--bars", "8", "--seed", "3", "--max-copy-notes", "6", "--json", "-o", a.toString());
        assertEquals(0, ca.code(), ca.err());
        Map<?, ?> d = (Map<?, ?>) Json.parse(ca.out());
        assertEquals("neural", d.get("model"));
        for (Object p : (List<?>) d.get("parts")) assertTrue((Long) ((Map<?, ?>) p).get("longestCopy") <= 6, p.toString());
        assertEquals(0, CliRun.of("compose", net.toString(), "--bars", "8", "--seed", "3", "--max-copy-notes", "6", "-o", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same network, options and seed: same bytes");
        assertEquals(0, CliRun.of("compose", net.toString(), "--bars", "8", "--seed", "3", "--max-copy-notes", "6", "--markov", "-o", m.toString()).code());
        assertTrue(!Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(m)), "--markov plays the Markov model");
        CliRun ct = CliRun.of("compose", net.toString(), "--bars", "8", "--seed", "3", "--density", "0.5", "--json", "-o", thin.toString());
        assertEquals(0, ct.code(), ct.err());
        long full = ((List<?>) d.get("parts")).stream().mapToLong(p -> (Long) ((Map<?, ?>) p).get("notes")).sum();
        long half = ((List<?>) ((Map<?, ?>) Json.parse(ct.out())).get("parts")).stream().mapToLong(p -> (Long) ((Map<?, ?>) p).get("notes")).sum();
        assertTrue(half < full, "--density 0.5: " + half + " notes, " + full + " at 1");
        CliRun bad = CliRun.of("learn-midi", three.get(0), "--neural", "--hidden", "1", "-o", dir.resolve("x.ersatz-midi").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--hidden") && bad.err().strip().lines().count() == 1, bad.err());
        CliRun noNet = CliRun.of("compose", model.toString(), "--density", "3", "-o", dir.resolve("y.mid").toString());
        assertTrue(noNet.code() != 0 && noNet.err().contains("--density"), noNet.err());
    }

    @Test
    void badInputGetsOneLineNamingTheFileAndTheReason() throws Exception {
        Path out = dir.resolve("x.mid");
        Path midiAsModel = songs.resolve("moo_redfarn.mid");
        assertEquals("ersatz: " + midiAsModel + ": a MIDI file, not a MIDI model (learn one from it with ersatz learn-midi)\n",
                CliRun.of("compose", midiAsModel.toString(), "-o", out.toString()).err());
        Path missing = dir.resolve("missing.ersatz-midi");
        CliRun r = CliRun.of("compose", missing.toString(), "-o", out.toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: " + missing + ": no such file\n", r.err());
        Path text = songs.resolve("readme.txt");
        assertTrue(CliRun.of("compose", text.toString(), "-o", out.toString()).err().startsWith("ersatz: " + text + ": not a MIDI model (make one with ersatz learn-midi); as JSON: line 1"));
        Path wrongVersion = dir.resolve("v9.ersatz-midi");
        Files.writeString(wrongVersion, Files.readString(model).replaceFirst("\"version\": 1", "\"version\": 9"));
        assertEquals("ersatz: " + wrongVersion + ": MIDI model format version 9, but this ersatz reads version 1 (learn it again with ersatz learn-midi)\n",
                CliRun.of("compose", wrongVersion.toString(), "-o", out.toString()).err());

        Path huge = dir.resolve("huge.mid");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.write("MThd".getBytes());
            f.setLength(17L << 20);
        }
        r = CliRun.of("learn-midi", huge.toString(), "-o", dir.resolve("h.ersatz-midi").toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: " + huge + ": file is " + (17L << 20) + " bytes, larger than 16777216 (refused) (skipped)\n"
                + "ersatz: learn-midi: none of the 1 file could be learned\n", r.err());

        r = CliRun.of("learn-midi", songs.toString(), "--parts", "lead,drums", "-o", dir.resolve("p.ersatz-midi").toString());
        assertEquals(2, r.code());
        assertEquals("ersatz: learn-midi: --parts: unknown part 'drums' (parts are lead, arp and bass, or auto)\n", r.err());
        r = CliRun.of("learn-midi", songs.resolve("moo_redfarn.mid").toString(), "--parts", "lead", "-o", dir.resolve("p.ersatz-midi").toString());
        assertEquals(1, r.code());
        assertEquals("ersatz: learn-midi: no notes in the parts asked for (lead)\n", r.err());
        assertEquals(2, CliRun.of("learn-midi", songs.toString()).code(), "no -o");
        assertEquals("ersatz: compose: --temperature must be between 0 and 4, not 7\n", CliRun.of("compose", model.toString(), "--temperature", "7", "-o", out.toString()).err());
        Path empty = Files.createDirectories(dir.resolve("nothing"));
        assertEquals("ersatz: learn-midi: no MIDI files (.mid, .midi, .smf, .kar) in " + empty + "\n", CliRun.of("learn-midi", empty.toString(), "-o", dir.resolve("n.ersatz-midi").toString()).err());
    }
}
