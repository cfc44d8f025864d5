package dev.ersatz.bridge.jack;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line redrawn in place on a terminal: voices, temperature, JACK transport (bar and beat from a
 * timebase master), the input's resynthesis (units matched, decisions late), JACK's CPU load, xruns, generator underruns. Drawn only when stdout is a terminal; nothing at all when piped. Control thread.
 */
final class StatusLine {
    private final PrintStream out;
    private final boolean enabled;
    private boolean drawn;

    StatusLine(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static String format(String name, JackBackend.Stats s, Playable p, JackTransport.Snapshot t) {
        String temp = Double.isNaN(p.temperature()) ? "-" : String.format(Locale.ROOT, "%.2f", p.temperature());
        String resynth = p.resynthStatus();
        return String.format(Locale.ROOT, "%s  voices %d/%d  temperature %s  %s%s  JACK load %.1f%%  xruns %d  underruns %d  %d Hz/%d",
                name, p.voices(), p.polyphony(), temp, transport(t), resynth == null ? "" : "  " + resynth, s.cpuLoadPercent(), s.xruns(),
                p.underruns(), s.sampleRate(), s.bufferSize());
    }

    /** JACK transport as a producer reads it: stopped, rolling, or where in the bar at the master's tempo. */
    static String transport(JackTransport.Snapshot t) {
        if (!t.rolling) return "transport stopped";
        if (!t.tempoValid) return "transport rolling";
        return String.format(Locale.ROOT, "bar %d beat %d at %.1f BPM", t.bar, t.beat, t.beatsPerMinute);
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
