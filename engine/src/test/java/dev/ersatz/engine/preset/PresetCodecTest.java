package dev.ersatz.engine.preset;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetCodecTest {
    static final ParameterCatalog CATALOG = ParameterCatalog.of(List.of(
            new ParameterInfo("temperature", 0, 4, 1, "", false),
            new ParameterInfo("gain", -60, 6, -6, "dB", false),
            new ParameterInfo("grain_size", 5, 2000, 100, "ms", false),
            new ParameterInfo("root_note", 0, 127, 60, "note", true)));

    @TempDir Path dir;
    final PresetCodec codec = new PresetCodec(CATALOG);

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String header() { return "\"format\": \"ersatz-preset\", \"version\": 1, \"name\": \"x\", \"kind\": \"sampler\""; }

    @Test
    void saveThenLoadPreservesEverything() throws Exception {
        Files.createDirectories(dir.resolve("corpus"));
        Preset p = new Preset("Drift", "slow and wide", GeneratorKind.CHAIN,
                Map.of("temperature", 0.25, "gain", -12.5, "grain_size", 1500.0, "root_note", 48.0),
                Map.of(1, new CcBinding("temperature", 0, 4), 74, new CcBinding("grain_size", 50, 125)),
                Map.of(21, new CcBinding("gain", -60, 6)), Map.of("grain_size", 0.5), "corpus", "models/drift.model");
        Path f = dir.resolve("drift.json");
        codec.save(f, p);
        LoadedPreset back = codec.load(f);
        assertEquals(p, back.preset());
        assertTrue(back.warnings().isEmpty(), back.warnings().toString());
        assertEquals(dir.resolve("corpus").toAbsolutePath().normalize(), back.corpusPath());
        assertEquals(dir.resolve("models/drift.model").toAbsolutePath().normalize(), back.modelPath());
        assertEquals(Map.of(1, "temperature", 74, "grain_size", 21, "gain"),
                back.preset().effectiveCcMap().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().parameter())));
        // Whole-range bindings are written as the bare id, partial ones with their range; whole numbers as integers.
        String text = Files.readString(f);
        assertTrue(text.contains("\"1\": \"temperature\""), text);
        assertTrue(text.contains("\"low\": 50"), text);
        assertTrue(text.matches("(?s).*\"root_note\": 48\\s*[,}].*"), text);
        // The written file is what the codec would write again, and no temporary file is left behind.
        assertEquals(codec.encode(p), Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("corpus", "drift.json"), s.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void saveReplacesAnExistingFileWhole() throws Exception {
        Path f = write("a.json", "x".repeat(10_000));
        codec.save(f, Preset.defaults("a", GeneratorKind.SAMPLER, CATALOG));
        assertEquals(Preset.defaults("a", GeneratorKind.SAMPLER, CATALOG), codec.load(f).preset());
    }

    @Test
    void syncedParametersAreCheckedAndFollowTheTempo() throws Exception {
        Path f = write("s.json", "{" + header() + ", \"parameters\": {}, \"sync\": {\"gain\": 1, \"grain_size\": -1, \"nope\": 2}}");
        PresetException e = assertThrows(PresetException.class, () -> codec.load(f));
        assertEquals(List.of("line 1: sync.gain: gain (dB) cannot follow the tempo; only times in ms and rates per second can",
                "line 1: sync.grain_size: -1 beats is out of range (0, 1024]", "line 1: sync.nope: unknown parameter"), e.problems());
        var grain = new dev.ersatz.engine.render.Parameter("grain_size", "", 5, 2000, 100, "ms", 0, false);
        assertEquals(125f, grain.clamp(grain.atTempo(0.25f, 120))); // a sixteenth at 120 BPM
        assertEquals(2000f, grain.clamp(grain.atTempo(16, 60))); // clamped to the range
        var rate = new dev.ersatz.engine.render.Parameter("density", "", 0.5f, 200, 8, "grains/s", 0, false);
        assertEquals(8f, rate.atTempo(4, 120));
        assertTrue(TempoSync.syncable(CATALOG.find("grain_size")) && !TempoSync.syncable(CATALOG.find("gain")));
    }

    @Test
    void missingParametersTakeTheirDefaults() throws Exception {
        Path f = write("d.json", "{" + header() + ", \"parameters\": {\"temperature\": 2}}");
        Preset p = codec.load(f).preset();
        assertEquals(2.0, p.parameters().get("temperature"));
        assertEquals(-6.0, p.parameters().get("gain"));
        assertEquals(60.0, p.parameters().get("root_note"));
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws Exception {
        Path f = write("bad.json", "{\n  \"format\": \"ersatz-preset\",\n  \"version\": 1,,\n}");
        PresetException e = assertThrows(PresetException.class, () -> codec.load(f));
        assertTrue(e.getMessage().startsWith(f + ": malformed JSON at line 3, column"), e.getMessage());
    }

    @Test
    void unknownParameterIsAnErrorNamingTheField() throws Exception {
        Path f = write("u.json", "{" + header() + ", \"parameters\": {\"temprature\": 2}}");
        PresetException e = assertThrows(PresetException.class, () -> codec.load(f));
        assertEquals(f + ": line 1: parameters.temprature: unknown parameter (did you mean \"temperature\"?)", e.getMessage());
    }

    @Test
    void outOfRangeAndWrongTypeAreErrors() throws Exception {
        // As a producer's editor lays it out: each error names the line of its field.
        Path f = write("r.json", "{" + header() + ",\n  \"parameters\": {\n    \"temperature\": 7,\n    \"gain\": \"loud\",\n\n    \"root_note\": 60.5\n  }\n}\n");
        PresetException e = assertThrows(PresetException.class, () -> codec.load(f));
        assertEquals(List.of("line 3: parameters.temperature: 7 is out of range [0, 4]",
                "line 4: parameters.gain: expected a number, got a string",
                "line 6: parameters.root_note: expected a whole number, got 60.5"), e.problems());
        assertTrue(e.getMessage().startsWith(f + ": line 3: parameters.temperature: 7 is out of range [0, 4] (and 2 more)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(and 2 more)"));
    }

    @Test
    void unknownKindAndBadMidiMappingAreErrors() throws Exception {
        Path f = write("k.json", "{\"format\": \"ersatz-preset\", \"version\": 1, \"name\": \"x\", \"kind\": \"granular\", \"parameters\": {},"
                + " \"midi\": {\"cc\": {\"128\": \"gain\", \"7\": \"volume\", \"64\": \"gain\", \"2\": {\"parameter\": \"gain\", \"low\": -90}}}}");
        PresetException e = assertThrows(PresetException.class, () -> codec.load(f));
        assertEquals(List.of("line 1: kind: unknown generator kind \"granular\" (one of sampler, chain, model)",
                "line 1: midi.cc.128: a CC number is 0..127", "line 1: midi.cc.7: unknown parameter \"volume\"",
                "line 1: midi.cc.64: CC 64 is reserved (64 sustain, 120 all sound off, 123 all notes off)",
                "line 1: midi.cc.2.low: -90 is out of range [-60, 6]"), e.problems());
    }

    @Test
    void unknownFieldsFromANewerMinorVersionAreWarnings() throws Exception {
        Path f = write("n.json", "{\"format\": \"ersatz-preset\", \"version\": 1.3, \"name\": \"x\", \"kind\": \"model\","
                + " \"parameters\": {}, \"sidechain\": {\"on\": true}, \"midi\": {\"nrpn\": {}}}");
        LoadedPreset p = codec.load(f);
        assertEquals(GeneratorKind.MODEL, p.preset().kind());
        assertEquals(List.of(f + ": line 1: sidechain: unknown field ignored (written by a newer version?)",
                f + ": line 1: midi.nrpn: unknown field ignored (written by a newer version?)"), p.warnings());
    }

    @Test
    void aNewerMajorVersionIsRefused() throws Exception {
        Path f = write("v.json", "{\"format\": \"ersatz-preset\", \"version\": 2, \"name\": \"x\", \"kind\": \"sampler\", \"parameters\": {}}");
        PresetException e = assertThrows(PresetException.class, () -> codec.load(f));
        assertTrue(e.getMessage().startsWith(f + ": line 1: version: 2 is a newer major version"), e.getMessage());
    }

    @Test
    void notAPresetEmptyOrBinaryIsRefused() throws Exception {
        assertTrue(assertThrows(PresetException.class, () -> codec.load(write("e.json", ""))).getMessage().endsWith("empty file, not a preset"));
        assertTrue(assertThrows(PresetException.class, () -> codec.load(write("o.json", "{\"a\": 1}"))).getMessage().contains("format: expected"));
        assertTrue(assertThrows(PresetException.class, () -> codec.load(write("l.json", "[1,2]"))).getMessage().contains("expected a JSON object, got an array"));
        Path bin = dir.resolve("b.json");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(bin + ": not UTF-8 text", assertThrows(PresetException.class, () -> codec.load(bin)).getMessage());
        assertEquals(dir.resolve("none.json") + ": no such file", assertThrows(PresetException.class, () -> codec.load(dir.resolve("none.json"))).getMessage());
    }

    @Test
    void referencesThatLeaveThePresetFolderAreRefused() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path folder = Files.createDirectories(dir.resolve("presets"));
        Files.createSymbolicLink(folder.resolve("link"), outside);
        for (String ref : List.of("../outside", "/etc", "corpus/../../outside", "link", "link/sub/x.model", "~/corpus")) {
            Path f = folder.resolve("p.json");
            Files.writeString(f, "{" + header() + ", \"parameters\": {}, \"corpus\": \"" + ref + "\"}");
            PresetException e = assertThrows(PresetException.class, () -> codec.load(f), ref);
            assertTrue(e.getMessage().startsWith(f + ": line 1: corpus: "), e.getMessage());
        }
        Files.createDirectories(folder.resolve("inside"));
        Files.createSymbolicLink(folder.resolve("inlink"), folder.resolve("inside"));
        Path f = folder.resolve("p.json");
        Files.writeString(f, "{" + header() + ", \"parameters\": {}, \"corpus\": \"inlink\", \"model\": \"m/x.model\"}");
        assertEquals(folder.resolve("inlink"), codec.load(f).corpusPath());
    }

    @Test
    void folderResolvesOnlyPlainNamesInside() throws Exception {
        PresetFolder folder = new PresetFolder(dir);
        assertEquals(dir.resolve("dense.json"), folder.resolveName("dense"));
        assertEquals(dir.resolve("My Pad-2.json"), folder.resolveName("My Pad-2.json"));
        for (String bad : List.of("../x", "..", "a/b", "/etc/passwd", "..\\x", ".hidden", "", "a\0b", "x..json", "é")) {
            assertThrows(ContainedPath.Refused.class, () -> folder.resolveName(bad), bad);
        }
        Files.writeString(dir.resolve("b.json"), "{}");
        Files.writeString(dir.resolve("a.json"), "{}");
        Files.writeString(dir.resolve("ersatz-preset.schema.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "");
        assertEquals(List.of(dir.resolve("a.json"), dir.resolve("b.json")), folder.list());
        assertEquals(dir.resolve("b.json"), folder.forProgram(1));
        assertNull(folder.forProgram(2));
    }
}
