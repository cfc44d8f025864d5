package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.util.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Integrated loudness gates 400 ms blocks: a shorter one-shot has none, and `analyze` says so
 * instead of printing an infinite level.
 */
class AnalyzeLoudnessTest {
    /** LMMS's kick03: a real drum one-shot of about 200 ms. */
    static final Path SHORT_KICK = DebianSamples.lmms("drums").resolve("kick03.ogg");

    @Test
    void aClipShorterThanTheLoudnessWindowSaysWhyItHasNoLoudness() throws Exception {
        CliRun text = CliRun.of("analyze", SHORT_KICK.toString(), "--no-cache");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith(SHORT_KICK + ": 0.20 s"), text.out());
        assertTrue(text.out().contains("loudness n/a (clip shorter than the 400 ms loudness window)"), text.out());
        assertFalse(text.out().contains("inf"), text.out());

        CliRun json = CliRun.of("analyze", SHORT_KICK.toString(), "--no-cache", "--json");
        Map<?, ?> m = (Map<?, ?>) Json.parse(json.out().strip());
        assertTrue(m.containsKey("loudness_lufs"));
        assertNull(m.get("loudness_lufs"), "no value rather than -Infinity");
        assertEquals("clip shorter than the 400 ms loudness window", m.get("loudness_absent"));
        assertTrue(((Number) m.get("peak_dbfs")).doubleValue() > -20, "the kick itself is there: " + m.get("peak_dbfs"));
    }

    @Test
    void aClipLongEnoughHasItsLoudnessAndNoExcuse() throws Exception {
        Path loop = DebianSamples.audioFiles(DebianSamples.lmms("beats")).get(0);
        Map<?, ?> m = (Map<?, ?>) Json.parse(CliRun.of("analyze", loop.toString(), "--no-cache", "--json").out().strip());
        assertTrue(((Number) m.get("loudness_lufs")).doubleValue() < 0, m.toString());
        assertFalse(m.containsKey("loudness_absent"));
    }
}
