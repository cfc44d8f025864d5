package dev.ersatz.bridge.web;

/** A request the studio refuses: the status to answer and the one-line reason the body carries. */
final class HttpError extends Exception {
    final int status;

    HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }
}
