package dev.ersatz.engine.bounce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.GeneratorContext;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Segment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A generator that goes wrong on purpose: NaN, infinity and 1e30 never reach the outputs. */
class RunawaySampleTest {
    static final int HEALTHY = 60;

    /** Note 60's stream gets sane decisions; notes 61, 62, 63 get gain NaN, +Inf and 1e30, rate NaN for 64. */
    static final class BrokenGenerator implements Generator {
        @Override public void prepare(GeneratorContext ctx) { }

        @Override
        public void next(int stream, GeneratorContext ctx, Segment out) {
            int note = GeneratorContext.note(ctx.lastNote(stream));
            float gain = switch (note) {
                case 61 -> Float.NaN;
                case 62 -> Float.POSITIVE_INFINITY;
                case 63 -> 1e30f;
                default -> 1f;
            };
            float rate = note == 64 ? Float.NaN : 1f;
            out.set(0, ctx.random(stream).nextInt(1000), 0, 0, rate, gain, 0.3f);
        }
    }

    private static AudioData render(int... notes) {
        try (Rig rig = new Rig(Rig.sine(220, 4), new BrokenGenerator(), 5, 128, true)) {
            Timeline.Builder t = new Timeline.Builder().param(0, InstrumentParams.DENSITY, 40);
            for (int n : notes) t.noteOn(0, 0, n, 100);
            AudioData out = rig.render(t.build(), 2 * Rig.RATE);
            runaways = rig.instrument.runaways();
            return out;
        }
    }

    private static long runaways;

    @Test
    void aVoiceThatGoesNonFiniteIsSilencedAndCountedAndTheOthersPlayOn() {
        AudioData alone = render(HEALTHY);
        assertEquals(0, runaways);
        AudioData broken = render(HEALTHY, 61, 62, 63, 64);
        for (float[] ch : broken.channels()) {
            for (int i = 0; i < ch.length; i++) {
                assertTrue(Float.isFinite(ch[i]), "sample " + i + " is " + ch[i]);
                assertTrue(Math.abs(ch[i]) <= 1f, "sample " + i + " is " + ch[i]);
            }
        }
        assertEquals(4, runaways, "each broken voice silenced once");
        // Once the broken voices are gone, the healthy one sounds exactly as it does alone.
        int from = Rig.RATE;
        for (int c = 0; c < 2; c++) {
            float[] a = Arrays.copyOfRange(alone.channels()[c], from, 2 * Rig.RATE);
            float[] b = Arrays.copyOfRange(broken.channels()[c], from, 2 * Rig.RATE);
            assertTrue(rms(a) > 0.01, "the healthy voice sounds");
            assertArrayEquals(a, b, "channel " + c + " after the broken voices were silenced");
        }
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) s += v * v;
        return Math.sqrt(s / x.length);
    }
}
