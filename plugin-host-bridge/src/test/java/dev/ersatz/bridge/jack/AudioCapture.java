package dev.ersatz.bridge.jack;

import java.nio.FloatBuffer;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackPosition;
import org.jaudiolibs.jnajack.JackPositionBits;
import org.jaudiolibs.jnajack.JackTransportState;

/**
 * A real JACK capture peer (JNAJack's ordinary API): records two input ports into memory with the
 * absolute JACK frame of every sample, so a test can say at which frame a sound started, and JACK's
 * transport at the start of every period it records, so a test can say where in the bar it was.
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
    private final JackPosition position = new JackPosition();
    private final int[] periodStart;
    private final double[] periodBarBeat; // NaN: no timebase master's bar, beat and tick
    private final double[] periodBpm;
    private final boolean[] periodRolling;
    private volatile int periods;

    AudioCapture(String name, int seconds) throws JackException {
        int cap = 48000 * seconds;
        samples = new float[2][cap];
        frameOf = new long[cap];
        periodStart = new int[cap / 32];
        periodBarBeat = new double[cap / 32];
        periodBpm = new double[cap / 32];
        periodRolling = new boolean[cap / 32];
        peer = new JackPeer(name, (c, nframes) -> {
            if (!recording) return true;
            try {
                long start = c.getLastFrameTime();
                int n = Math.min(nframes, samples[0].length - length);
                int k = periods;
                if (k < periodStart.length && n > 0) {
                    JackTransportState state = c.transportQuery(position);
                    boolean bbt = position.getValid().contains(JackPositionBits.JackPositionBBT);
                    periodStart[k] = length;
                    periodRolling[k] = state == JackTransportState.JackTransportRolling;
                    periodBpm[k] = bbt ? position.getBeatsPerMinute() : 0;
                    periodBarBeat[k] = bbt ? position.getBeat() - 1 + position.getTick() / position.getTicksPerBeat() : Double.NaN;
                    periods = k + 1;
                }
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

    void start() { length = 0; periods = 0; recording = true; }

    /**
     * Where sample {@code i} lies in its bar, in beats from the bar line, as the timebase master gave
     * it at the start of the period the sample was recorded in (extrapolated at its tempo within the
     * period); NaN when no master gave one or the transport was stopped.
     */
    double barBeat(int i) {
        int lo = 0;
        int hi = periods - 1;
        if (hi < 0 || periodStart[0] > i) return Double.NaN;
        while (lo < hi) { // the last period starting at or before i
            int mid = (lo + hi + 1) >>> 1;
            if (periodStart[mid] <= i) lo = mid; else hi = mid - 1;
        }
        if (!periodRolling[lo] || Double.isNaN(periodBarBeat[lo])) return Double.NaN;
        return periodBarBeat[lo] + (i - periodStart[lo]) * periodBpm[lo] / (60.0 * 48000);
    }

    /** The master's tempo in the period sample {@code i} was recorded in (0 when none). */
    double bpm(int i) {
        for (int k = periods - 1; k >= 0; k--) if (periodStart[k] <= i) return periodBpm[k];
        return 0;
    }

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
