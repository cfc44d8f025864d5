package dev.ersatz.engine.bounce;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A whole bounce, as `ersatz bounce` and `ersatz demo` do it: an {@link Instrument} (already loaded,
 * its parameters and CC map already set) rendered by the {@link OfflineRenderer} in deterministic
 * non-real-time mode, block by block, exactly as JACK would drive it. Control thread.
 */
public final class Bouncer {
    /** Block size of bounces: a typical live period, so a bounce exercises the same code paths. */
    public static final int BLOCK_FRAMES = 256;

    private Bouncer() { }

    /** Renders {@code frames} stereo frames of {@code timeline}; shuts the instrument down after. */
    public static AudioData render(Instrument instrument, Timeline timeline, long frames, int sampleRate, Progress progress) {
        try (OfflineRenderer r = new OfflineRenderer(instrument, new AudioConfig(sampleRate, BLOCK_FRAMES, 2), true)) {
            r.play(timeline);
            AudioData out = r.render(frames, progress);
            Throwable failure = instrument.generatorFailure();
            if (failure != null) throw new IllegalStateException("the generator failed: " + failure.getMessage(), failure);
            return out;
        }
    }

    /** One note held from the first frame to the last: what a bounce without a MIDI file plays. */
    public static Timeline hold(int note, int velocity) {
        return new Timeline.Builder().noteOn(0, 0, note, velocity).build();
    }

    /**
     * The clips as playable material, leaving out (and reporting) clips too short to play. Throws an
     * IllegalArgumentException when nothing is left.
     */
    public static Material material(List<Clip> clips, Consumer<String> skipped) {
        List<dev.ersatz.engine.audio.AudioData> usable = new ArrayList<>();
        for (Clip c : clips) {
            if (c.audio().frames() < Material.MIN_FRAMES) skipped.accept(c.source() + ": too short to play (" + c.audio().frames() + " frames)");
            else usable.add(c.audio());
        }
        if (usable.isEmpty()) throw new IllegalArgumentException("no playable audio in the corpus");
        return Material.of(usable);
    }

    /** The largest absolute sample value. */
    public static float peak(AudioData a) {
        float p = 0f;
        for (float[] ch : a.channels()) for (float v : ch) p = Math.max(p, Math.abs(v));
        return p;
    }
}
