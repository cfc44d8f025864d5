package dev.ersatz.bridge.jack;

/** No JACK server to talk to (none running, or it went away). We never start one ourselves. */
public final class NoJackServerException extends Exception {
    public static final String MESSAGE = "no JACK server is running (start one, e.g. jackd -d dummy)";

    public NoJackServerException() { super(MESSAGE); }
}
