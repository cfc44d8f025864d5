package dev.ersatz.engine.bounce;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /** What a stream does with each file's audio, in order. Control thread. */
    public interface FileSink {
        /** File {@code index} (from 0): its audio, gaplessly after the one before. False stops the stream. */
        boolean file(long index, AudioData audio) throws Exception;
    }

    /**
     * Renders {@code timeline} without end, {@code fileFrames} at a time (a whole number of blocks,
     * so the files are the very samples one long bounce would give), handing each to {@code sink}
     * until it says stop; the first {@code skipFiles} are rendered and dropped, which is how a stream
     * resumes where it stopped, sample for sample. Memory holds one file. {@code processor} is the
     * instrument or a processor around it (the session's, with its composer); {@code failure} says
     * when one of their workers failed (null: none). Shuts the instrument down after.
     */
    public static void stream(Instrument instrument, Processor processor, Supplier<Throwable> failure, Timeline timeline, int sampleRate,
                              long fileFrames, long skipFiles, FileSink sink) throws Exception {
        if (fileFrames <= 0 || fileFrames % BLOCK_FRAMES != 0) throw new IllegalArgumentException("file of " + fileFrames + " frames: a positive multiple of " + BLOCK_FRAMES);
        try (OfflineRenderer r = new OfflineRenderer(processor, instrument.transport(), new AudioConfig(sampleRate, BLOCK_FRAMES, 2), true)) {
            r.play(timeline);
            for (long i = 0; ; i++) {
                AudioData a = r.render(fileFrames, Progress.NONE);
                Throwable failed = instrument.generatorFailure();
                if (failed == null) failed = failure.get();
                if (failed != null) throw new IllegalStateException("the generator failed: " + failed.getMessage(), failed);
                if (i >= skipFiles && !sink.file(i, a)) return;
            }
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
