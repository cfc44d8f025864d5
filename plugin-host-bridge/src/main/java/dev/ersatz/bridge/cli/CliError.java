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

    /**
     * A session's refusal as {@code command} reports it: an incomplete description is a usage
     * mistake; a preset or corpus that cannot be used names itself; anything else names the command.
     */
    public static CliError of(dev.ersatz.engine.session.SessionException e, String command) {
        if (e.incomplete()) return usage(command + ": " + e.getMessage());
        if (e instanceof dev.ersatz.engine.session.SessionException.NoAudio
                || e.getCause() instanceof dev.ersatz.engine.preset.PresetException) return new CliError(e.getMessage());
        return new CliError(command + ": " + e.getMessage());
    }

    public int exitCode() { return exitCode; }
}
