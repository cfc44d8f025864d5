package dev.ersatz.engine.render;

/**
 * The one client boundary every backend drives (the jaudiolibs shape): configure, process, shutdown.
 * The same processor graph runs under JACK and under the offline renderer, so a bounce is what the
 * live instrument would have played.
 */
public interface Processor {

    /** Control thread, never while {@link #process} runs. All allocation happens here. */
    void configure(AudioConfig config);

    /**
     * Audio thread. Render {@code frames} (at most {@code maxBlockFrames}) into {@code outputs[ch][0..frames)},
     * overwriting what is there. {@code events} are this block's events sorted by sample offset; apply
     * each at its offset. No allocation, locks, logging, I/O or ND4J.
     */
    void process(EventBuffer events, float[][] outputs, int frames);

    /**
     * Control thread: how many audio inputs this processor listens to (a backend opens that many
     * input ports and hands their audio to {@link #input}); 0, the default, for none.
     */
    default int inputChannels() { return 0; }

    /**
     * Audio thread, just before {@link #process} of the same block: the block's input audio,
     * {@code inputs[ch][0..frames)}, valid until process returns. Called only by backends that opened
     * {@link #inputChannels} inputs; a block without this call has silence on its inputs. Same rules
     * as process. The default ignores it.
     */
    default void input(float[][] inputs, int frames) { }

    /** Control thread, after the last {@link #process}. Releases what configure took. */
    void shutdown();
}
