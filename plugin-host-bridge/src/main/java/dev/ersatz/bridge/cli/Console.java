package dev.ersatz.bridge.cli;

import dev.ersatz.engine.session.Reporter;
import java.io.PrintStream;

/** Where a command writes: results to out, errors and progress to err. */
public record Console(PrintStream out, PrintStream err, boolean terminal) {

    public static Console system() {
        // A console exists only when stdin and stdout are both a terminal: then progress may draw.
        return new Console(System.out, System.err, System.console() != null && System.getenv("CI") == null);
    }

    /** A one-line error or warning that names its subject: "ersatz: MESSAGE". */
    public void warn(String message) { err.println("ersatz: " + message); }

    public ProgressBar progress(String what) { return new ProgressBar(err, terminal, what); }

    /** What a session reports, as this console shows it: warnings as one-line errors, stages as progress bars. */
    public Reporter reporter() {
        return new Reporter() {
            @Override public void warn(String message) { Console.this.warn(message); }

            @Override public Stage stage(String what) { return progress(what); }
        };
    }
}
