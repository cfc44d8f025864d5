package dev.ersatz.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}
