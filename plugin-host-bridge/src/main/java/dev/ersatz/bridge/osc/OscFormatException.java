package dev.ersatz.bridge.osc;

/** A packet that is not well-formed OSC 1.0; the message says why. */
public final class OscFormatException extends Exception {
    public OscFormatException(String message) { super(message); }
}
