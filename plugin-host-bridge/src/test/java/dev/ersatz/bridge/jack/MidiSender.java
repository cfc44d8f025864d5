package dev.ersatz.bridge.jack;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A real JACK MIDI peer written with JNAJack's ordinary API: sends a message at a chosen frame
 * offset inside the next period and reports the absolute JACK frame it was sent at.
 */
final class MidiSender implements AutoCloseable {
    record Sent(long frame, int offset, byte[] message) { }

    private record Request(int offset, byte[] message) { }

    private final JackPeer peer;
    private final JackClient client;
    private JackPort out; // set before activation, read by the JACK thread after
    private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private volatile boolean everyPeriod;

    MidiSender(String name) throws JackException {
        peer = new JackPeer(name, (c, nframes) -> {
            try {
                JackMidi.clearBuffer(out);
                long start = c.getLastFrameTime();
                if (everyPeriod) {
                    JackMidi.eventWrite(out, nframes / 2, new byte[] {(byte) 0x90, 60, 100}, 3);
                    JackMidi.eventWrite(out, nframes / 2 + 1, new byte[] {(byte) 0x80, 60, 0}, 3);
                }
                Request r = pending.poll();
                if (r != null) {
                    JackMidi.eventWrite(out, r.offset, r.message, r.message.length);
                    sent.add(new Sent(start + r.offset, r.offset, r.message));
                }
                return true;
            } catch (JackException e) {
                return false;
            }
        });
        client = peer.client;
        out = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        client.activate();
    }

    String port() { return out.getName(); }

    void connectTo(String destination) throws JackException {
        Jack.getInstance().connect(client, port(), destination);
    }

    /** Sends {@code message} at {@code offset} in the next period; returns where it went. */
    Sent send(int offset, int... message) throws InterruptedException {
        byte[] b = new byte[message.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) message[i];
        pending.add(new Request(offset, b));
        Sent s = sent.poll(5, TimeUnit.SECONDS);
        if (s == null) throw new AssertionError("the MIDI sender's process callback did not run");
        return s;
    }

    /** Keeps a note-on/note-off pair going every period (load for the allocation test). */
    void sendEveryPeriod(boolean on) { everyPeriod = on; }

    @Override
    public void close() { peer.close(); }
}
