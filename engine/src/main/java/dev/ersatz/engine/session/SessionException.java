package dev.ersatz.engine.session;

/**
 * A session cannot be built from its description or cannot do what was asked. {@link #incomplete}
 * says the description itself is at fault (a source missing, an option that does not apply): the
 * command line reports that as a usage mistake.
 */
public class SessionException extends Exception {
    private final boolean incomplete;

    public SessionException(String message, boolean incomplete, Throwable cause) {
        super(message, cause);
        this.incomplete = incomplete;
    }

    public SessionException(String message) { this(message, false, null); }

    public static SessionException incomplete(String message) { return new SessionException(message, true, null); }

    public boolean incomplete() { return incomplete; }

    /** Nothing playable in the corpus: {@link #where} names what was given. */
    public static final class NoAudio extends SessionException {
        private final String where;

        public NoAudio(String where) {
            super(where + ": no audio files to play");
            this.where = where;
        }

        public String where() { return where; }
    }
}
