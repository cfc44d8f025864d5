package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress goes to stderr on a terminal only, through me.tongfei's progressbar. */
class ProgressBarTest {

    @Test
    void silentWhenStderrIsNoTerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console io = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        try (ProgressBar bar = io.progress("analyzing")) {
            for (int i = 1; i <= 10; i++) bar.update(i, 10, "kick" + i + ".wav");
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalItDrawsNameCountAndLabelAndClearsTheLineAtTheEnd() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console io = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), true);
        try (ProgressBar bar = io.progress("analyzing")) {
            bar.update(3, 10, "kick.wav");
        }
        String drawn = err.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("analyzing"), drawn);
        assertTrue(drawn.contains("3/10"), drawn);
        assertTrue(drawn.contains("kick.wav"), drawn);
        assertTrue(drawn.startsWith("\r"), "redrawn in place: " + drawn);
        assertTrue(!drawn.endsWith("\n"), "leaves no finished bar behind: " + drawn);
    }
}
