package dev.ersatz.engine.chain;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.GeneratorContext;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.Segment;
import dev.ersatz.engine.util.Progress;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The chain as a generator of the render engine: each voice stream walks the chain (the best
 * order at temperature 0, softmax(similarity / T) over the current clip's neighbours above, T
 * being the instrument's temperature, which the mod wheel moves by default), one segment per
 * clip. A segment plays its clip from the start; the next one starts {@code fade} frames before
 * it ends, so the voice's grain tapers make the crossfade, sample-accurately, and the chain flows
 * for as long as the note is held.
 *
 * <p>The voice keeps a grain a fifth short of its clip's end (room for pitch bends), so a segment
 * covers the first {@value #PLAYED} of its clip. The material must be the clips the order and the
 * graph were made from, in the same indices.
 */
public final class ChainGenerator implements Generator {
    /** The part of a clip one segment plays (the voice's grain room is (frames - 2) / 1.25). */
    static final double PLAYED = 0.79;
    /** The voice's shortest taper is 5 ms: fades shorter than that would not meet. */
    static final double MIN_FADE_SECONDS = 0.005;

    private final int[] order;
    private final NeighbourGraph graph;
    private final double fadeSeconds;
    private ChainWalker[] walkers;
    private int[] current;

    /**
     * @param order       the best order of the material's clips
     * @param graph       the neighbour graph it was made from
     * @param fadeSeconds crossfade length at each join
     */
    public ChainGenerator(int[] order, NeighbourGraph graph, double fadeSeconds) {
        this.order = order.clone();
        this.graph = graph;
        this.fadeSeconds = Math.max(MIN_FADE_SECONDS, fadeSeconds);
    }

    /**
     * Control thread: describes {@code clips} by {@code by}, orders them, and returns the generator
     * for them. Load it with {@code Material.of(clips)} (the same list, the same indices).
     */
    public static ChainGenerator of(List<AudioData> clips, ClipFeatures.Measure by, double fadeSeconds, long seed) {
        if (clips.size() < 2) throw new IllegalArgumentException("a chain needs at least two clips, not " + clips.size());
        ClipFeatures f = ClipFeatures.of(clips, by, Progress.NONE);
        ChainGraphs.Prepared p = ChainGraphs.build(clips.size(), f.similarity(), f.summary(), seed);
        return new ChainGenerator(ChainOrder.best(p.graph(), p.ordering()), p.graph(), fadeSeconds);
    }

    /** Control thread: one walker per voice stream, drawing from that stream's random. */
    @Override
    public void prepare(GeneratorContext ctx) {
        if (ctx.material().clipCount() != order.length) {
            throw new IllegalArgumentException("the chain has " + order.length + " clips, the material " + ctx.material().clipCount());
        }
        walkers = new ChainWalker[ctx.streams()];
        current = new int[ctx.streams()];
        for (int s = 0; s < walkers.length; s++) {
            SplittableRandom r = ctx.random(s);
            walkers[s] = new ChainWalker(order, graph, r);
            current[s] = -1;
        }
    }

    /** Worker thread: the next clip of this stream's walk, as one segment overlapping the next by the fade. */
    @Override
    public void next(int stream, GeneratorContext ctx, Segment out) {
        ChainWalker w = walkers[stream];
        w.setTemperature(ctx.temperature());
        int clip = current[stream] < 0 ? w.first() : w.next(current[stream]);
        current[stream] = clip;
        Material m = ctx.material();
        int rate = ctx.sampleRate() > 0 ? ctx.sampleRate() : m.sampleRate(clip);
        int length = (int) (PLAYED * m.frames(clip) * (double) rate / m.sampleRate(clip));
        int fade = Math.min(Math.max(1, (int) Math.round(fadeSeconds * rate)), length / 4);
        out.set(clip, 0, length, Math.max(1, length - fade), 1f, 1f, 0f);
    }

    /** The order the walk follows at temperature 0 (a copy). */
    public int[] order() { return order.clone(); }

    /** Whole clips are long decisions: two ahead is plenty, and a temperature change is heard two clips on. */
    @Override
    public int lookahead(GeneratorContext ctx) { return 2; }
}
