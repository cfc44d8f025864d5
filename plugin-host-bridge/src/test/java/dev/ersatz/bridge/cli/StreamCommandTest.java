package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.compose.MidiModelFile;
import dev.ersatz.engine.testing.DebianMidi;
import dev.ersatz.engine.testing.DebianSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ersatz stream` end to end: files and playlist, a resume, and the one-line refusals. */
class StreamCommandTest {
    static final String PRESET = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets/ambient-drift.json").toString();
    @TempDir Path dir;

    static CliRun stream(Path out, double seconds, String... more) {
        String[] base = {"stream", "--preset", PRESET, "--corpus", DebianSamples.lmms("stringsnpads").toString(), "--file-seconds", "1",
                "--hours", Double.toString(seconds / 3600), "--seed", "5", "-o", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.of(all);
    }

    @Test
    void streamsResumesAndRefusesAnotherStreamsFolder() throws Exception {
        Path out = dir.resolve("s"), other = dir.resolve("t");
        CliRun r = stream(out, 2);
        assertEquals(0, r.code(), r.err());
        assertEquals(out.resolve("stream-000000.wav") + " (1.0 s, 0.00 h in all)\n" + out.resolve("stream-000001.wav") + " (1.0 s, 0.00 h in all)\n", r.out());
        r = stream(out, 3);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(out + ": resuming after 2 files"), r.out());
        assertTrue(r.out().endsWith(out.resolve("stream-000002.wav") + " (1.0 s, 0.00 h in all)\n"), r.out());
        assertEquals(0, stream(other, 3).code());
        assertArrayEquals(Files.readAllBytes(other.resolve("stream-000002.wav")), Files.readAllBytes(out.resolve("stream-000002.wav")), "resumed as if never stopped");
        assertEquals(out + ": already holds 3 files (0.00 h); nothing to do\n", stream(out, 3).out());

        r = stream(out, 4, "--seed", "6");
        assertEquals(1, r.code());
        assertEquals("ersatz: stream: " + out + ": holds a stream of other settings (seed 5, not 6); use another folder, or the same options to resume it\n", r.err());
        Path file = out.resolve("stream-000000.wav");
        r = stream(file, 1);
        assertEquals("ersatz: stream: " + file + ": is a file; -o wants a folder for the stream\n", r.err());
        assertEquals(2, CliRun.of("stream", "-o", out.toString()).code(), "no preset");
        r = stream(out, 1, "--jack");
        assertEquals(2, r.code());
        assertEquals("ersatz: stream: --jack plays live; -o DIR is for a stream of files\n", r.err());
        r = stream(out, 1, "--connect", "system:playback");
        assertEquals(2, r.code());
        assertEquals("ersatz: stream: --name and --connect are for a live stream; add --jack\n", r.err());
        r = CliRun.of("stream", "--preset", PRESET);
        assertEquals(2, r.code());
        assertEquals("ersatz: stream: -o DIR is required (or --jack to play live)\n", r.err());
    }

    @Test
    void streamsACompositionAndResumesIt() throws Exception {
        Path model = dir.resolve("msx.ersatz-midi"), out = dir.resolve("c"), other = dir.resolve("d");
        MidiModelFile.write(model, DebianMidi.openMsxModel(8));
        CliRun r = stream(out, 2, "--compose", model.toString(), "--max-copy-notes", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith(out.resolve("stream-000001.wav") + " (1.0 s, 0.00 h in all)\n"), r.out());
        String state = Files.readString(out.resolve("stream.json"));
        assertTrue(state.contains("\"compose\": \"" + model.toAbsolutePath().normalize() + "\"") && state.contains("\"maxCopyNotes\": 8"), state);
        r = stream(out, 3, "--compose", model.toString(), "--max-copy-notes", "8");
        assertTrue(r.out().startsWith(out + ": resuming after 2 files"), r.out());
        assertEquals(0, stream(other, 3, "--compose", model.toString(), "--max-copy-notes", "8").code());
        assertArrayEquals(Files.readAllBytes(other.resolve("stream-000002.wav")), Files.readAllBytes(out.resolve("stream-000002.wav")), "resumed as if never stopped");
        assertEquals(1, stream(out, 4, "--compose", model.toString()).code(), "another copy bound is another stream");

        r = stream(dir.resolve("e"), 1, "--compose", PRESET);
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ersatz: stream: " + PRESET), r.err());
        assertEquals(2, stream(dir.resolve("e"), 1, "--max-copy-notes", "8").code(), "a copy bound without a composition");
    }
}
