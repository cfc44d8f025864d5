package dev.ersatz.engine.session;

import dev.ersatz.engine.util.Progress;

/**
 * How a session tells its front end what happens: one-line warnings (a file skipped, a preset's
 * unknown field, a program change) and the progress of long stages (loading, training, bouncing).
 * The command line prints them; other front ends show them their own way. Any control thread.
 */
public interface Reporter {
    /** A one-line warning that names its subject. */
    void warn(String message);

    /** A long stage starts ("loading", "training", "preparing", "bouncing"); closed when it ends. */
    Stage stage(String what);

    /** The progress of one stage. */
    interface Stage extends Progress, AutoCloseable {
        @Override
        void close();
    }

    /** Says nothing. */
    Reporter QUIET = new Reporter() {
        @Override public void warn(String message) { }

        @Override public Stage stage(String what) {
            return new Stage() {
                @Override public void update(long done, long total, String label) { }

                @Override public void close() { }
            };
        }
    };
}
