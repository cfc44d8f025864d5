package dev.ersatz.bridge.cli;

/** A failure the user can act on: printed as "ersatz: MESSAGE" with no stack trace. */
public final class CliError extends RuntimeException {
    private final int exitCode;

    public CliError(String message) { this(message, 1); }

    public CliError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A mistake in how the command was called: exit code 2. */
    public static CliError usage(String message) { return new CliError(message, 2); }

    public int exitCode() { return exitCode; }
}
