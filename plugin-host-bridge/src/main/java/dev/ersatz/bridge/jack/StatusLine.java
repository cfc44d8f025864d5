package dev.ersatz.bridge.jack;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line redrawn in place on a terminal: voices, temperature, JACK's CPU load, xruns, generator
 * underruns. Drawn only when stdout is a terminal; nothing at all when piped. Control thread.
 */
final class StatusLine {
    private final PrintStream out;
    private final boolean enabled;
    private boolean drawn;

    StatusLine(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static String format(String name, JackBackend.Stats s, Playable p) {
        String temp = Double.isNaN(p.temperature()) ? "-" : String.format(Locale.ROOT, "%.2f", p.temperature());
        return String.format(Locale.ROOT, "%s  voices %d/%d  temperature %s  JACK load %.1f%%  xruns %d  underruns %d  %d Hz/%d",
                name, p.voices(), p.polyphony(), temp, s.cpuLoadPercent(), s.xruns(), p.underruns(), s.sampleRate(), s.bufferSize());
    }

    void draw(String line) {
        if (!enabled) return;
        out.print("\r" + line + "\u001b[K");
        out.flush();
        drawn = true;
    }

    /** Clears the line so that a message printed next starts at column 0. */
    void clear() {
        if (!drawn) return;
        out.print("\r\u001b[K");
        out.flush();
        drawn = false;
    }
}
