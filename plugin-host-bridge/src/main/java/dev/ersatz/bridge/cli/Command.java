package dev.ersatz.bridge.cli;

/**
 * One `ersatz NAME ...` subcommand: a picocli {@code @Command} whose options picocli sets before
 * {@link #run} is called. Runs on the main (control) thread.
 */
public interface Command {
    /** Returns the exit code. Throw {@link CliError} (or an AudioFileException) for a one-line error. */
    int run(Console io) throws Exception;
}
