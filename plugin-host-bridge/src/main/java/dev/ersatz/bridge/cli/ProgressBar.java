package dev.ersatz.bridge.cli;

import dev.ersatz.engine.session.Reporter;
import java.io.PrintStream;

/** A one-line progress bar on a terminal, redrawn at most ten times a second; silent when piped. */
public final class ProgressBar implements Reporter.Stage {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean enabled;
    private final String what;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean enabled, String what) {
        this.err = err;
        this.enabled = enabled;
        this.what = what;
    }

    @Override
    public synchronized void update(long done, long total, String label) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        double f = total <= 0 ? 0 : Math.min(1.0, done / (double) total);
        int fill = (int) Math.round(f * WIDTH);
        double elapsed = (now - started) / 1e9;
        String eta = f > 0.01 && f < 1 ? String.format(" eta %ds", Math.round(elapsed / f - elapsed)) : "";
        String name = label == null ? "" : " " + (label.length() > 40 ? "…" + label.substring(label.length() - 39) : label);
        err.printf("\r%s [%s%s] %3d%% %d/%d%s%s\u001b[K", what, "#".repeat(fill), " ".repeat(WIDTH - fill),
                Math.round(f * 100), done, total, eta, name);
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
