package dev.ersatz.bridge.cli;

import dev.ersatz.engine.session.Reporter;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The engine's progress ({@link dev.ersatz.engine.util.Progress}) drawn as a one-line bar on stderr
 * by me.tongfei's progressbar; when stderr is not a terminal nothing is drawn (pipes and logs stay clean).
 * The bar is made on the first report, since only then is the total known; it is cleared on close.
 */
public final class ProgressBar implements Reporter.Stage {
    /** Wide enough for the name, bar, counts and ETA; a longer label is cut rather than wrapped. */
    static final int MAX_WIDTH = 100;
    private final PrintStream err;
    private final boolean enabled;
    private final String what;
    private me.tongfei.progressbar.ProgressBar bar;

    ProgressBar(PrintStream err, boolean enabled, String what) {
        this.err = err;
        this.enabled = enabled;
        this.what = what;
    }

    @Override
    public synchronized void update(long done, long total, String label) {
        if (!enabled) return;
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(Math.max(total, 0))
                    .setConsumer(new ClearedLine(err, MAX_WIDTH))
                    .setUpdateIntervalMillis(100).clearDisplayOnFinish().build();
        }
        bar.maxHint(Math.max(total, 0));
        bar.stepTo(done);
        bar.setExtraMessage(label == null ? "" : label.length() > 40 ? "…" + label.substring(label.length() - 39) : label);
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
    }

    /**
     * The library's console consumer, except that closing leaves the cleared line as it is: the
     * library ends it with a newline, which left an empty line behind every finished stage.
     */
    private static final class ClearedLine extends ConsoleProgressBarConsumer {
        private final PrintStream out;

        ClearedLine(PrintStream out, int width) {
            super(out, width);
            this.out = out;
        }

        @Override
        public void close() { out.flush(); }
    }
}
