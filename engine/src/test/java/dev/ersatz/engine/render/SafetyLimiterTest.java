package dev.ersatz.engine.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import org.junit.jupiter.api.Test;

class SafetyLimiterTest {
    private static final int RATE = 48000;

    @Test
    void audioBelowTheCeilingPassesBitForBit() {
        SafetyLimiter lim = new SafetyLimiter();
        lim.configure(RATE);
        float[] l = Signals.sine(440, 0.9, RATE, RATE);
        float[] r = Signals.noise(0.9, RATE, 1);
        float[] l0 = l.clone();
        float[] r0 = r.clone();
        lim.process(l, r, RATE);
        assertArrayEquals(l0, l);
        assertArrayEquals(r0, r);
        assertEquals(1.0, lim.gain());
    }

    @Test
    void nothingLeavesAboveTheCeilingAndBothChannelsShareOneGain() {
        SafetyLimiter lim = new SafetyLimiter();
        lim.configure(RATE);
        float[] l = Signals.sine(220, 2.0, RATE, RATE);          // +6 dBFS
        float[] r = Signals.sine(330, 0.5, RATE, RATE);
        float[] l0 = l.clone();
        float[] r0 = r.clone();
        for (int at = 0; at < RATE; at += 128) {
            int n = Math.min(128, RATE - at);
            float[] bl = java.util.Arrays.copyOfRange(l, at, at + n);
            float[] br = java.util.Arrays.copyOfRange(r, at, at + n);
            lim.process(bl, br, n);
            System.arraycopy(bl, 0, l, at, n);
            System.arraycopy(br, 0, r, at, n);
        }
        for (int i = 0; i < RATE; i++) {
            assertTrue(Math.abs(l[i]) <= SafetyLimiter.CEILING, "left at " + i + ": " + l[i]);
            assertTrue(Math.abs(r[i]) <= SafetyLimiter.CEILING, "right at " + i);
            if (Math.abs(l0[i]) > 1e-3 && Math.abs(r0[i]) > 1e-3) {
                assertEquals(l[i] / l0[i], r[i] / r0[i], 1e-4, "one gain for both channels at " + i);
            }
        }
        assertTrue(lim.gain() < 1, "still limiting a +6 dBFS tone");
    }

    @Test
    void gainRecoversToUnityAfterTheRelease() {
        SafetyLimiter lim = new SafetyLimiter();
        lim.configure(RATE);
        float[] burstL = {4f};
        float[] burstR = {0f};
        lim.process(burstL, burstR, 1);
        assertEquals(SafetyLimiter.CEILING, burstL[0], 1e-6);
        float[] quietL = new float[RATE * 2];
        float[] quietR = new float[RATE * 2];
        java.util.Arrays.fill(quietL, 0.1f);
        lim.process(quietL, quietR, quietL.length);
        assertTrue(quietL[100] < 0.1f, "still recovering just after the burst");
        assertEquals(0.1f, quietL[quietL.length - 1], "back to unity after 2 s");
        assertEquals(1.0, lim.gain());
    }

    @Test
    void nanAndInfinityLeaveAsSilenceAndAreCounted() {
        SafetyLimiter lim = new SafetyLimiter();
        lim.configure(RATE);
        float[] l = {0.5f, Float.NaN, 0.25f, Float.POSITIVE_INFINITY, 0.1f, 1e30f};
        float[] r = {0.5f, 0.5f, Float.NEGATIVE_INFINITY, 0.5f, Float.NaN, 0f};
        assertEquals(4, lim.process(l, r, l.length));
        assertArrayEquals(new float[] {0.5f, 0f, 0f, 0f, 0f, SafetyLimiter.CEILING}, l);
        assertArrayEquals(new float[] {0.5f, 0f, 0f, 0f, 0f, 0f}, r);
        assertTrue(lim.gain() < 1e-20, "1e30 is finite: it is limited, not silenced");
    }
}
