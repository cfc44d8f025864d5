package dev.ersatz.bridge.jack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's {@code jack_transport} as a real timebase-master peer, driven through its command line on stdin. */
final class JackTransportMaster implements AutoCloseable {
    private final Process process;
    private final OutputStream in;

    /** Starts it on {@code server}, its output to {@code log}. */
    JackTransportMaster(JackServer server, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("jack_transport").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(server.environment());
        process = pb.start();
        in = process.getOutputStream();
    }

    /** One command: master, tempo BPM, play, stop, locate FRAME, quit... */
    void send(String command) throws IOException {
        in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Quits it (kills it if it does not go within 5 s). */
    @Override
    public void close() throws Exception {
        try { send("quit"); } catch (IOException ignored) { }
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
