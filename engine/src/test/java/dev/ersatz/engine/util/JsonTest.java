package dev.ersatz.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsNestedValuesInDocumentOrder() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1L);
        m.put("a", List.of(1.5, "x\"y\n", true));
        m.put("n", null);
        m.put("o", Map.of("k", -2L));
        String compact = Json.write(m);
        assertEquals("{\"z\":1,\"a\":[1.5,\"x\\\"y\\n\",true],\"n\":null,\"o\":{\"k\":-2}}", compact);
        assertEquals(m, Json.parse(compact));
        assertEquals(m, Json.parse(Json.pretty(m)));
    }

    @Test
    void numbersKeepIntegersExactAndParseExponents() throws Exception {
        assertEquals(4294967295L, Json.parse("4294967295"));
        assertEquals(-1.5e-3, Json.parse("-1.5e-3"));
        assertEquals("[1,2.5]", Json.write(new double[] {1, 2.5}));
        assertEquals("null", Json.write(Double.NaN));
    }

    @Test
    void errorsSayWhere() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"a\": 2}"));
        assertTrue(e.getMessage().startsWith("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "nul", "[1] 2", "\"abc"}) {
            assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(Json.ParseException.class, () -> Json.parse("[".repeat(10_000)));
    }

    /** The layout the hand-written codec wrote (this text is its output), which files on disk have. */
    @Test
    void writesTheLayoutOurFilesHave() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\there \u00e9 \"q\" back\\slash / \u0001");
        m.put("gain", -6.0);
        m.put("ratio", 0.1f);
        m.put("tiny", 1.0E-7);
        m.put("big", 1e20);
        m.put("n", 42L);
        m.put("nan", Double.NaN);
        m.put("flat", List.of(1, 2.5, "x", true));
        m.put("empty", List.of());
        m.put("none", Map.of());
        m.put("nested", List.of(Map.of("a", 1), List.of(1, 2)));
        m.put("ints", new int[] {1, 2});
        m.put("ds", new double[] {0.5, 3});
        m.put("obj", Map.of("k", Map.of()));
        assertEquals("""
                {
                  "name": "tab\\there \u00e9 \\"q\\" back\\\\slash / \\u0001",
                  "gain": -6,
                  "ratio": 0.10000000149011612,
                  "tiny": 1.0E-7,
                  "big": 1.0E20,
                  "n": 42,
                  "nan": null,
                  "flat": [1, 2.5, "x", true],
                  "empty": [],
                  "none": {},
                  "nested": [
                    {
                      "a": 1
                    },
                    [1, 2]
                  ],
                  "ints": [1, 2],
                  "ds": [0.5, 3],
                  "obj": {
                    "k": {}
                  }
                }
                """, Json.pretty(m));
        assertEquals("{\"name\":\"tab\\there \u00e9 \\\"q\\\" back\\\\slash / \\u0001\",\"gain\":-6,\"ratio\":0.10000000149011612,"
                + "\"tiny\":1.0E-7,\"big\":1.0E20,\"n\":42,\"nan\":null,\"flat\":[1,2.5,\"x\",true],\"empty\":[],\"none\":{},"
                + "\"nested\":[{\"a\":1},[1,2]],\"ints\":[1,2],\"ds\":[0.5,3],\"obj\":{\"k\":{}}}", Json.write(m));
    }

    @Test
    void shippedPresetsAreWrittenBackByteForByte() throws Exception {
        Path folder = Path.of(System.getProperty("ersatz.project.root", "..")).resolve("presets");
        List<Path> presets;
        try (Stream<Path> s = Files.list(folder)) {
            presets = s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".schema.json")).sorted().toList();
        }
        assertTrue(presets.size() >= 3, "presets found in " + folder.toAbsolutePath());
        for (Path p : presets) {
            String text = Files.readString(p);
            assertEquals(text, Json.pretty(Json.parse(text)), p.toString());
            assertEquals(Json.parse(text), Json.parse(Files.readAllBytes(p)), p.toString());
        }
    }

    @Test
    void strangeInputIsAOneLineErrorSayingWhere() {
        assertOneLineError("[1e999]", "line 1, column 2: number out of range");
        assertOneLineError("-1e400", "line 1, column 1: number out of range");
        assertOneLineError("1" + "0".repeat(2000), "line 1, column 1:");
        assertEquals(1e30, (Double) parseOrFail("1" + "0".repeat(30))); // beyond a long: a double
        assertOneLineError("[".repeat(300) + "]".repeat(300), "line 1, column 257: nested too deeply");
        assertOneLineError("{\"a\":".repeat(300) + "1" + "}".repeat(300), "nested too deeply");
        assertOneLineError("{\"gain\": 1,\n \"gain\": 2}", "line 2, column 2: duplicate key \"gain\"");
        assertOneLineError("{\"a\": 1} {\"b\": 2}", "line 1, column 10: unexpected text after the value");
        assertOneLineError("{\"a\": 1} garbage", "line 1, column ");
        assertOneLineError("{\"a\": 1,\n  \"b\": [1, 2,\n", "line 3, column 1:");
        assertOneLineError("\"a\u0001b\"", "line 1, column ");
        assertOneLineError("{\"a\": NaN}", "line 1, column ");
        assertOneLineError("{'a': 1}", "line 1, column 2:");
        assertOneLineError("[1, 2,]", "line 1, column ");
        assertOneLineError("// comment\n{}", "line 1, column ");
        assertOneLineError(" \t\n ", "unexpected end of input");
    }

    @Test
    void invalidUtf8IsAnErrorSayingWhere() {
        byte[] bad = "{\n \"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 3] = (byte) 0xFF; // the second byte of é
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(bad));
        assertTrue(e.getMessage().startsWith("line 2, column"), e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        byte[] lone = {'"', (byte) 0xC3, '"'}; // a lead byte and nothing after it
        assertThrows(Json.ParseException.class, () -> Json.parse(lone));
    }

    /** Mutated and random documents: a value or a ParseException of one line, never another exception. */
    @Test
    void fuzzedInputNeverEscapesAsAnotherException() {
        String seed = Json.pretty(Map.of("format", "ersatz-preset", "version", 1, "name", "n\u00e9",
                "parameters", Map.of("gain", -6.5, "density", 12), "tags", List.of("a", 1, true, List.of())));
        byte[] base = seed.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[],:\"\\ 0123456789.eE+-tfnul\n\t\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Random r = new Random(15);
        int errors = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] doc = base.clone();
            if (round % 10 == 9) doc = new byte[r.nextInt(64)];
            for (int k = 0, n = 1 + r.nextInt(4); k < n && doc.length > 0; k++) {
                int at = r.nextInt(doc.length);
                doc[at] = round % 10 == 9 || r.nextBoolean() ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            try {
                Json.parse(doc);
                Json.parse(new String(doc, StandardCharsets.ISO_8859_1));
            } catch (Json.ParseException e) {
                errors++;
                assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
            }
        }
        assertTrue(errors > 10_000, errors + " of 20000 mutated documents refused");
    }

    private static Object parseOrFail(String text) {
        try {
            return Json.parse(text);
        } catch (Json.ParseException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static void assertOneLineError(String text, String prefix) {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().startsWith(prefix) || (!prefix.startsWith("line") && e.getMessage().contains(prefix)), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && e.getMessage().length() < 300, e.getMessage());
    }
}
