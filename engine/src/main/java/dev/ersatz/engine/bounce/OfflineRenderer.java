package dev.ersatz.engine.bounce;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.NonRealtime;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.render.StringConstants;
import dev.ersatz.engine.render.TransportState;
import dev.ersatz.engine.util.Progress;

/**
 * The offline backend: drives the very same {@link Processor} as JACK does, block by block, as fast
 * as the machine allows, feeding it a {@link Timeline}'s events at their sample offsets.
 *
 * <p>Deterministic non-real-time mode (the default for bounces): before each block the renderer
 * waits until the generators have filled their rings ({@link NonRealtime#awaitGenerators}), so the
 * output depends only on the seed, the material and the events. With {@code deterministic = false}
 * it behaves like a live callback that never waits (used to test underruns).
 *
 * <p>Threads: construct and {@link #close} on a control thread; {@link #renderBlock} and
 * {@link #render} on the one rendering thread.
 */
public final class OfflineRenderer implements AutoCloseable {
    private final Processor processor;
    private final AudioConfig config;
    private final boolean deterministic;
    private final NonRealtime nonRealtime;
    private final EventBuffer events = new EventBuffer(1024);
    private final float[][] block;
    private final TransportState transport;
    private volatile double bpm; // 0: none given (the transport's fallback, the corpus's tempo or 120)
    private Timeline timeline = Timeline.empty();
    private float[][] input;      // the audio on the processor's inputs from frame inputFrom on, or null
    private long inputFrom;
    private float[][] inputBlock = new float[0][];
    private int nextEvent;
    private long position;

    /** Control thread: configures {@code processor} for {@code config} (and the mode, before that). */
    public OfflineRenderer(Processor processor, AudioConfig config, boolean deterministic) {
        this(processor, processor instanceof Instrument i ? i.transport() : null, config, deterministic);
    }

    /**
     * Control thread: as above, for a processor that wraps an instrument (the session's
     * {@code ComposerTap}): {@code transport} is the instrument's, which the renderer rolls.
     */
    public OfflineRenderer(Processor processor, TransportState transport, AudioConfig config, boolean deterministic) {
        this.processor = processor;
        this.config = config;
        this.deterministic = deterministic;
        this.nonRealtime = processor instanceof NonRealtime n ? n : null;
        if (nonRealtime != null) nonRealtime.setDeterministic(deterministic);
        processor.configure(config);
        block = new float[config.outputChannels()][config.maxBlockFrames()];
        // The rendering thread is an audio thread: the literals of the code it runs are interned here,
        // not by it when its counters first ask for a C2 compile (StringConstants: 352 and 456 bytes
        // that ZeroAllocationTest saw now and then).
        StringConstants.internCodeOf(OfflineRenderer.class);
        StringConstants.intern(processor.getClass());
        this.transport = transport;
    }

    /** Any thread: the tempo the transport reports to generators (the offline transport always rolls). */
    public void setTempo(double beatsPerMinute) { bpm = beatsPerMinute; }

    /** Control thread, before rendering: the events to play, from the current position on. */
    public void play(Timeline t) {
        timeline = t;
        nextEvent = t.firstAtOrAfter(position);
    }

    /**
     * Control thread, before rendering: {@code audio} plays into the processor's inputs (as a JACK
     * input port would) from the current position on, silence after its end; null for none. Channels
     * beyond the processor's {@link Processor#inputChannels} are ignored, a mono input feeds them all.
     */
    public void feed(AudioData audio) {
        int n = processor.inputChannels();
        if (audio == null || n == 0) {
            input = null;
            return;
        }
        if (audio.sampleRate() != config.sampleRate()) {
            throw new IllegalArgumentException("input at " + audio.sampleRate() + " Hz, rendering at " + config.sampleRate());
        }
        input = audio.channels();
        inputFrom = position;
        inputBlock = new float[n][config.maxBlockFrames()];
    }

    /** Frames rendered so far. */
    public long position() { return position; }

    /**
     * Rendering thread: renders the next {@code frames} (≤ the block size) into
     * {@code out[ch][offset..offset+frames)}. Allocates nothing.
     */
    public void renderBlock(float[][] out, int offset, int frames) {
        if (frames > config.maxBlockFrames()) throw new IllegalArgumentException("block of " + frames + " > " + config.maxBlockFrames());
        events.clear();
        long end = position + frames;
        while (nextEvent < timeline.size() && timeline.frame(nextEvent) < end) {
            // A tempo change is the transport's: it reaches the block it falls in from the block's start
            // (as JACK gives a block one position), so within one block, as live.
            if (timeline.isTempo(nextEvent)) bpm = timeline.tempo(nextEvent++);
            else timeline.addTo(events, nextEvent++, position);
        }
        if (transport != null) transport.update(position, true, bpm > 0, bpm, 0, Double.NaN); // no bar: the instrument's own beat grid, from frame 0
        if (deterministic && nonRealtime != null) nonRealtime.awaitGenerators();
        if (input != null) {
            long at = position - inputFrom;
            for (int ch = 0; ch < inputBlock.length; ch++) {
                float[] src = input[Math.min(ch, input.length - 1)];
                float[] dst = inputBlock[ch];
                int have = (int) Math.max(0, Math.min(frames, src.length - at));
                if (have > 0) System.arraycopy(src, (int) at, dst, 0, have);
                java.util.Arrays.fill(dst, Math.max(0, have), frames, 0f);
            }
            processor.input(inputBlock, frames);
        }
        processor.process(events, block, frames);
        for (int ch = 0; ch < out.length && ch < block.length; ch++) System.arraycopy(block[ch], 0, out[ch], offset, frames);
        position = end;
    }

    /** Rendering thread: renders {@code frames} more frames into new audio, reporting progress. */
    public AudioData render(long frames, Progress progress) {
        if (frames > Integer.MAX_VALUE) throw new IllegalArgumentException("too long to render in memory: " + frames + " frames");
        int n = (int) frames;
        float[][] out = new float[config.outputChannels()][n];
        int bs = config.maxBlockFrames();
        long reportEvery = Math.max(bs, config.sampleRate() / 2);
        long lastReport = 0;
        for (int at = 0; at < n; at += bs) {
            int f = Math.min(bs, n - at);
            renderBlock(out, at, f);
            if (at + f - lastReport >= reportEvery || at + f == n) {
                progress.update(at + f, n, null);
                lastReport = at + f;
            }
        }
        return new AudioData(out, config.sampleRate());
    }

    /** Control thread: shuts the processor down (stops its generator workers). */
    @Override
    public void close() { processor.shutdown(); }
}
