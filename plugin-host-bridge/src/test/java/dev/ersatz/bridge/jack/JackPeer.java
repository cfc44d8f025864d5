package dev.ersatz.bridge.jack;

import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackProcessCallback;

/**
 * A test peer's JNAJack client with the same safe way out as {@link JackBackend#close}: on close its
 * process callback returns false and libjack ends the thread itself, rather than cancelling a thread
 * that may be inside Java. (The tests run JNAJack with -Djnajack.disable-cti=true: peer threads attach
 * to the JVM per callback, so an ended peer thread is never left attached.)
 */
final class JackPeer implements AutoCloseable {
    final JackClient client;
    private volatile boolean stopping;
    private volatile Thread thread;

    JackPeer(String name, JackProcessCallback process) throws JackException {
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer), null);
        client.setProcessCallback((c, nframes) -> {
            if (thread == null) thread = Thread.currentThread();
            if (stopping) return false;
            return process.process(c, nframes);
        });
    }

    @Override
    public void close() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.deactivate();
        client.close();
    }
}
