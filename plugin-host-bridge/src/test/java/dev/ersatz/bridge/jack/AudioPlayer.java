package dev.ersatz.bridge.jack;

import java.nio.FloatBuffer;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A real JACK playback peer (JNAJack's ordinary API): plays a stereo buffer on two output ports
 * once started (once, or over and over), and remembers the absolute JACK frame its first sample
 * went out at, so a test can say where in JACK's time the input of another client began.
 */
final class AudioPlayer implements AutoCloseable {
    private final JackPeer peer;
    private JackPort outL; // set before activation, read by the JACK thread after
    private JackPort outR;
    private final float[][] audio;
    private final boolean loop;
    private volatile boolean playing;
    private volatile long startFrame = -1;
    private volatile int position;
    private volatile long played;

    AudioPlayer(String name, float[][] stereo, boolean loop) throws JackException {
        this.audio = stereo;
        this.loop = loop;
        peer = new JackPeer(name, (c, nframes) -> {
            FloatBuffer l = outL.getFloatBuffer();
            FloatBuffer r = outR.getFloatBuffer();
            int n = audio[0].length;
            long frame;
            try {
                frame = c.getLastFrameTime();
            } catch (JackException e) {
                return false;
            }
            for (int i = 0; i < nframes; i++) {
                float a = 0, b = 0;
                if (playing && (loop || position < n)) {
                    if (startFrame < 0) startFrame = frame + i;
                    a = audio[0][position % n];
                    b = audio[1][position % n];
                    position = loop ? (position + 1) % n : position + 1;
                    played++;
                }
                l.put(i, a);
                r.put(i, b);
            }
            return true;
        });
        JackClient client = peer.client;
        outL = client.registerPort("out_L", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        outR = client.registerPort("out_R", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        client.activate();
    }

    void connectTo(String left, String right) throws JackException {
        Jack.getInstance().connect(peer.client, outL.getName(), left);
        Jack.getInstance().connect(peer.client, outR.getName(), right);
    }

    void start() { playing = true; }

    /** The absolute JACK frame the first sample was played at, or -1 before. */
    long startFrame() { return startFrame; }

    /** Samples played so far. */
    long played() { return played; }

    /** Whether a one-shot buffer has been played to its end. */
    boolean done() { return !loop && position >= audio[0].length; }

    @Override
    public void close() { peer.close(); }
}
