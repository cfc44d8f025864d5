package dev.ersatz.engine.model;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.util.Progress;
import java.util.Arrays;

/**
 * A model played the way users hear it, as `ersatz bounce --model` does: an {@link Instrument}
 * loaded with {@link ModelGenerator#material} and a {@link ModelGenerator}, the temperature
 * parameter set, one note held at the root note (velocity 100, the bounce default), rendered by the
 * {@link Bouncer} (the deterministic offline renderer, 256-frame blocks). The generator records the
 * held note's voice stream, so a take carries the grains that voice played (provenance, token
 * statistics) beside the audio.
 */
final class Playback {
    static final int NOTE = 60;
    static final int VELOCITY = 100;
    /** The voice stream the held note plays on (the first free voice). */
    static final int STREAM = 0;

    /**
     * The audio, in order the corpus grains the note's voice played, and every decision it played
     * (as {@link ModelGenerator#decisions} encodes them: grains with their attack flag, and rests).
     */
    record Take(AudioData audio, int[] grains, int[] decisions) {
        int[] tokens(GrainModel m) {
            int[] t = new int[grains.length];
            for (int i = 0; i < t.length; i++) t[i] = m.grainToken(grains[i]);
            return t;
        }
    }

    private Playback() { }

    /** {@code seconds} of stereo, as `ersatz bounce --model --temperature T --seed N [--max-copy-ms MS]` renders it. */
    static Take play(GrainModel m, double seconds, double temperature, long seed, double maxCopyMs) {
        return play(m, Math.round(seconds * m.sampleRate()), temperature, seed, maxCopyMs, Bouncer.hold(NOTE, VELOCITY), 2);
    }

    /** At least {@code n} grains played at temperature t: the first n of them. */
    static int[] grains(GrainModel m, int n, double temperature, long seed) {
        int[] g = play(m, (long) n * m.hop(), temperature, seed, 0, Bouncer.hold(NOTE, VELOCITY), 2).grains();
        if (g.length < n) throw new AssertionError("played " + g.length + " grains, wanted " + n);
        return Arrays.copyOf(g, n);
    }

    /** {@code frames} frames of {@code timeline} on {@code outputs} output channels. */
    static Take play(GrainModel m, long frames, double temperature, long seed, double maxCopyMs, Timeline timeline, int outputs) {
        Instrument in = new Instrument();
        in.setParameter("temperature", (float) temperature);
        ModelGenerator g = new ModelGenerator(m, maxCopyMs).record(STREAM);
        in.load(ModelGenerator.material(m), g, seed);
        AudioData audio;
        if (outputs == 2) {
            audio = Bouncer.render(in, timeline, frames, m.sampleRate(), Progress.NONE);
        } else {
            try (OfflineRenderer r = new OfflineRenderer(in, new AudioConfig(m.sampleRate(), Bouncer.BLOCK_FRAMES, outputs), true)) {
                r.play(timeline);
                audio = r.render(frames, Progress.NONE);
            }
        }
        // Walk the decisions as the voice plays them: the ones beyond the rendered frames are the
        // lookahead, not yet heard.
        int[] all = g.decisions();
        int heard = 0, grains = 0;
        long at = 0;
        boolean fresh = true;
        for (; heard < all.length && at < frames; heard++) {
            int d = all[heard];
            if (d < 0) {
                at += -1 - d;
                continue;
            }
            grains++;
            at += fresh && (d & 1) == 0 ? 0 : m.hop(); // a note's first grain from the top of its window
            fresh = false;
        }
        return new Take(audio, Arrays.copyOf(g.decided(), grains), Arrays.copyOf(all, heard));
    }

    /**
     * What the engine should play for a take (the reference of the overlap-add tests), channel by
     * channel at the held note's level: grains of two hops, one every hop, Hann-windowed; an attack
     * grain at full level over its first hop (no fade-in); the note's first grain, unless an attack,
     * from the top of its window (its second half, the next grain starting with it); a rest as
     * silence. Valid once the note's attack envelope is over.
     */
    static float[][] expected(GrainModel m, Take take, int frames) {
        int hop = m.hop(), g = m.grainSize();
        float[] w = GrainWindow.hann(g);
        float gain = gain();
        float[][] out = new float[2][frames];
        long at = 0;
        boolean fresh = true;
        for (int d : take.decisions()) {
            if (d < 0) {
                at += -1 - d;
                continue;
            }
            int grain = d >> 1;
            boolean attack = (d & 1) == 1;
            boolean fromTop = fresh && !attack;
            int clip = m.grainClip(grain), start = m.grainStart(grain);
            for (int i = fromTop ? hop : 0; i < g; i++) {
                long t = at + i - (fromTop ? hop : 0);
                if (t >= frames) break;
                float win = attack && i < hop ? 1f : w[i];
                for (int ch = 0; ch < 2; ch++) out[ch][(int) t] += gain * m.clip(clip, Math.min(ch, m.channels() - 1))[start + i] * win;
            }
            at += fromTop ? 0 : hop;
            fresh = false;
        }
        return out;
    }

    /**
     * The level the engine plays a grain at with the held note: the note's velocity gain
     * (velocity_sensitivity 1: (velocity / 127)²) times the centre of the constant-power pan law.
     */
    static float gain() {
        float v = VELOCITY / 127f;
        return v * v * (float) Math.cos(Math.PI / 4);
    }
}
