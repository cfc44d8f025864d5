package dev.ersatz.bridge.nsm;

/** A request of the session manager that failed, with the API's error code to answer it with. */
public final class NsmException extends Exception {
    private final int code;

    public NsmException(int code, String message) {
        super(message);
        this.code = code;
    }

    public NsmException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** One of the {@code NsmClient.ERR_*} codes. */
    public int code() { return code; }
}
