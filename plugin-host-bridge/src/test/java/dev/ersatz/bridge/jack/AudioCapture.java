package dev.ersatz.bridge.jack;

import java.nio.FloatBuffer;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A real JACK capture peer (JNAJack's ordinary API): records two input ports into memory with the
 * absolute JACK frame of every sample, so a test can say at which frame a sound started.
 */
final class AudioCapture implements AutoCloseable {
    private final JackPeer peer;
    private final JackClient client;
    private JackPort inL; // set before activation, read by the JACK thread after
    private JackPort inR;
    private final float[][] samples;
    private final long[] frameOf;
    private volatile int length;
    private volatile boolean recording;

    AudioCapture(String name, int seconds) throws JackException {
        int cap = 48000 * seconds;
        samples = new float[2][cap];
        frameOf = new long[cap];
        peer = new JackPeer(name, (c, nframes) -> {
            if (!recording) return true;
            try {
                long start = c.getLastFrameTime();
                int n = Math.min(nframes, samples[0].length - length);
                FloatBuffer l = inL.getFloatBuffer();
                FloatBuffer r = inR.getFloatBuffer();
                l.get(samples[0], length, n);
                r.get(samples[1], length, n);
                for (int i = 0; i < n; i++) frameOf[length + i] = start + i;
                length += n;
                return true;
            } catch (JackException e) {
                return false;
            }
        });
        client = peer.client;
        inL = client.registerPort("in_L", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        inR = client.registerPort("in_R", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        client.activate();
    }

    void connectFrom(String left, String right) throws JackException {
        Jack.getInstance().connect(client, left, inL.getName());
        Jack.getInstance().connect(client, right, inR.getName());
    }

    void start() { length = 0; recording = true; }

    void stop() { recording = false; }

    int length() { return length; }

    float sample(int channel, int i) { return samples[channel][i]; }

    long frame(int i) { return frameOf[i]; }

    /** The absolute JACK frame of the first sample at or after index {@code from} whose |value| exceeds {@code threshold}, or -1. */
    long onsetFrame(int channel, int from, float threshold) {
        int n = length;
        for (int i = from; i < n; i++) if (Math.abs(samples[channel][i]) > threshold) return frameOf[i];
        return -1;
    }

    /** The absolute frame of the last sample recorded, or -1. */
    long lastFrame() {
        int n = length;
        return n == 0 ? -1 : frameOf[n - 1];
    }

    /**
     * Index of the first sample recorded in the {@code window} frames before {@code frame}, or -1
     * when none was: where to start looking for a sound that starts at {@code frame}. (A peer
     * starved of CPU may miss a cycle, so the period just before may be absent while others are there.)
     */
    int indexBefore(long frame, int window) {
        int n = length;
        for (int i = 0; i < n; i++) if (frameOf[i] >= frame - window) return frameOf[i] < frame ? i : -1;
        return -1;
    }

    /** Index of the sample recorded at absolute frame {@code frame}, or -1. */
    int indexOf(long frame) {
        int n = length;
        for (int i = 0; i < n; i++) if (frameOf[i] == frame) return i;
        return -1;
    }

    @Override
    public void close() { peer.close(); }
}
