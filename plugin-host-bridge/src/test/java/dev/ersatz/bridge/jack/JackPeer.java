package dev.ersatz.bridge.jack;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private volatile int tid;

    JackPeer(String name, JackProcessCallback process) throws JackException {
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer), null);
        client.setProcessCallback((c, nframes) -> {
            if (tid == 0) tid = LibC.INSTANCE.gettid();
            if (stopping) return false;
            return process.process(c, nframes);
        });
    }

    /**
     * Waits until the JACK thread is gone from the process (libjack's pthread_exit after our false)
     * before talking to the server from here: the thread's last act is a request on the client's
     * channel, and two requests at once on that channel deadlock. (Peers attach to the JVM per
     * callback, so there is no Java thread to join.)
     */
    @Override
    public void close() {
        stopping = true;
        int t = tid;
        if (t != 0) {
            Path task = Path.of("/proc/self/task/" + t);
            long end = System.currentTimeMillis() + 5000;
            while (Files.exists(task) && System.currentTimeMillis() < end) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (Files.exists(task)) throw new AssertionError("the JACK peer's thread did not end");
        }
        client.deactivate();
        client.close();
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int gettid();
    }
}
