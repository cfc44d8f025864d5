package dev.ersatz.bridge.jack;

import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Processor;

/**
 * A test processor whose output says exactly where events landed: a note-on at offset o writes
 * 1.0 to the left channel and velocity/127 to the right at frame o of that block, silence elsewhere.
 * It logs every MIDI event it is given (block, offset, bytes) into preallocated arrays, and allocates
 * nothing in {@link #process}.
 */
public class ImpulseProcessor implements Processor {
    static final int LOG = 1 << 16;
    public final long[] block = new long[LOG];
    public final int[] offset = new int[LOG];
    public final int[] status = new int[LOG];
    public final int[] data1 = new int[LOG];
    public final int[] data2 = new int[LOG];
    public volatile int logged;
    public volatile long blocks;
    public volatile AudioConfig config;
    public volatile int configures;
    public volatile boolean shutDown;

    @Override
    public void configure(AudioConfig config) {
        this.config = config;
        configures++;
    }

    @Override
    public void process(EventBuffer events, float[][] outputs, int frames) {
        for (int ch = 0; ch < outputs.length; ch++) java.util.Arrays.fill(outputs[ch], 0, frames, 0f);
        int n = logged;
        for (int i = 0; i < events.size(); i++) {
            if (events.kind(i) != EventBuffer.MIDI) continue;
            int s = events.status(i);
            if ((s & 0xF0) == 0x90 && events.data2(i) > 0) {
                outputs[0][events.offset(i)] = 1f;
                outputs[1][events.offset(i)] = events.data2(i) / 127f;
            }
            if (n < LOG) {
                block[n] = blocks;
                offset[n] = events.offset(i);
                status[n] = s;
                data1[n] = events.data1(i);
                data2[n] = events.data2(i);
                n++;
            }
        }
        logged = n;
        blocks = blocks + 1;
    }

    @Override
    public void shutdown() { shutDown = true; }

    /** Index of the first logged event after {@code from} with this status and data1, or -1. */
    public int find(int from, int statusByte, int d1) {
        for (int i = from; i < logged; i++) if (status[i] == statusByte && data1[i] == d1) return i;
        return -1;
    }
}
