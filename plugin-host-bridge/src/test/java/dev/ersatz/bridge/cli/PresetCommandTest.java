package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.bridge.osc.LiveControl;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetCommandTest {
    @TempDir Path dir;
    final PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());

    record Run(int code, String out, String err) { }

    static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path presetsDir() { return Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets"); }

    @Test
    void saveWritesAStateBuiltFromAPresetAndEdits() throws Exception {
        Path f = dir.resolve("hot.json");
        Run r = run("preset", "save", f.toString(), "--from", presetsDir().resolve("ambient-drift.json").toString(),
                "--set", "temperature=3.5", "--cc", "74=grain", "--name", "Hot drift");
        assertEquals(0, r.code(), r.err());
        var p = codec.load(f).preset();
        assertEquals("Hot drift", p.name());
        assertEquals(3.5, p.parameters().get("temperature"));
        assertEquals(-12.0, p.parameters().get("transpose"), "the rest comes from --from");
        assertEquals("grain", p.ccMap().get(74).parameter());
    }

    @Test
    void badEditsAndBadFilesAreOneLineErrors() throws Exception {
        Run r = run("preset", "save", dir.resolve("x.json").toString(), "--set", "temperature=9");
        assertEquals(2, r.code());
        assertEquals("ersatz: preset save: --set temperature: 9 is out of range [0, 4]\n", r.err());
        assertFalse(Files.exists(dir.resolve("x.json")));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"ersatz-preset\", \"version\": 1, \"name\": \"b\", \"kind\": \"sampler\",\n \"parameters\": {\"graim\": 10}}");
        Run c = run("preset", "check", bad.toString());
        assertEquals(1, c.code());
        assertEquals("ersatz: " + bad + ": line 2: parameters.graim: unknown parameter (did you mean \"grain\"?)\n", c.err());
        Run from = run("preset", "save", dir.resolve("y.json").toString(), "--from", bad.toString());
        assertEquals(1, from.code());
        assertTrue(from.err().startsWith("ersatz: " + bad + ": line 2: parameters.graim"), from.err());
    }

    @Test
    void checkAndListCoverTheShippedPresets() {
        Run c = run("preset", "check", "--json", presetsDir().toString());
        assertEquals(0, c.code(), c.err());
        List<String> lines = c.out().lines().toList();
        assertTrue(lines.size() >= 6, c.out());
        Run l = run("preset", "list", "--json", presetsDir().toString());
        assertEquals(0, l.code(), l.err());
        List<String> rows = l.out().lines().toList();
        assertEquals(lines.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> row = (Map<?, ?>) parse(rows.get(i));
            assertEquals((long) i, row.get("program"));
        }
    }

    @Test
    void saveOverOscWritesTheRunningStateIntoItsFolderOnly() throws Exception {
        Instrument inst = new Instrument();
        Path folder = Files.createDirectories(dir.resolve("live"));
        try (LiveControl live = LiveControl.over(inst, folder, "127.0.0.1", 0)) {
            live.session().set("density", 42);
            String port = Integer.toString(live.osc().port());
            Run r = run("preset", "save", "snapshot", "--osc-port", port);
            assertEquals(0, r.code(), r.err());
            assertEquals("saved snapshot.json\n", r.out());
            assertEquals(42.0, codec.load(folder.resolve("snapshot.json")).preset().parameters().get("density"));
            Run evil = run("preset", "save", "../escape", "--osc-port", port);
            assertEquals(1, evil.code());
            assertTrue(evil.err().contains("may hold only letters"), evil.err());
            assertFalse(Files.exists(dir.resolve("escape.json")));
        }
        Run none = run("preset", "save", "x", "--osc-port", "9");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no answer"), none.err());
    }

    private static Object parse(String s) {
        try {
            return Json.parse(s);
        } catch (Json.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
