package dev.ersatz.engine.util;

/**
 * Progress of long work, reported from whichever thread does it. The command line draws a bar on a
 * terminal and stays quiet when piped; the engine only reports.
 */
public interface Progress {
    Progress NONE = (done, total, label) -> { };

    /** {@code done} of {@code total} units finished; {@code label} names the current item or stage. */
    void update(long done, long total, String label);
}
