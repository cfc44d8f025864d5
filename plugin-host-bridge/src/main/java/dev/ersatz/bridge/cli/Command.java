package dev.ersatz.bridge.cli;

/** One `ersatz NAME ...` subcommand. Runs on the main (control) thread. */
public interface Command {
    String name();

    /** One line for `ersatz --help`. */
    String summary();

    /** The whole `ersatz NAME --help` text: usage line, then options. */
    String usage();

    /** Returns the exit code. Throw {@link CliError} (or an AudioFileException) for a one-line error. */
    int run(Args args, Console io) throws Exception;
}
