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
 * whole clip. Each segment is a {@link Segment#join}: the clip from its first frame to its last,
 * the next clip starting {@code fade} frames before it ends, both tapered equal-power (the clips
 * are different material), sample-accurately, for as long as the note is held.
 *
 * <p>Notes pick where the chain goes: pitch class k sends it to region k of the best order (see
 * {@link ChainWalker#entryFor}). The entry of every note is drawn ahead and handed to the engine
 * with {@link GeneratorContext#steer}, so a note's voice starts on its region's clip at the note's
 * exact frame; when this generator then sees the note ({@link GeneratorContext#lastNote}) its walk
 * continues from that clip, and it draws the entries for the stream's next note. The material
 * must be the clips the order and the graph were made from, in the same indices.
 */
public final class ChainGenerator implements Generator {
    /** The shortest join: fades shorter than 5 ms click. */
    static final double MIN_FADE_SECONDS = 0.005;

    private final int[] order;
    private final NeighbourGraph graph;
    private final double fadeSeconds;
    private ChainWalker[] walkers;
    private int[] current;
    private long[] seen;

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

    /** Control thread: one walker per voice stream, drawing from that stream's random, and its first note entries. */
    @Override
    public void prepare(GeneratorContext ctx) {
        if (ctx.material().clipCount() != order.length) {
            throw new IllegalArgumentException("the chain has " + order.length + " clips, the material " + ctx.material().clipCount());
        }
        walkers = new ChainWalker[ctx.streams()];
        current = new int[ctx.streams()];
        seen = new long[ctx.streams()];
        for (int s = 0; s < walkers.length; s++) {
            SplittableRandom r = ctx.random(s);
            walkers[s] = new ChainWalker(order, graph, r);
            walkers[s].setTemperature(ctx.temperature());
            current[s] = -1;
            steer(s, ctx);
        }
    }

    /** Worker thread: the next clip of this stream's walk, as one whole-clip join overlapping the next by the fade. */
    @Override
    public void next(int stream, GeneratorContext ctx, Segment out) {
        ChainWalker w = walkers[stream];
        w.setTemperature(ctx.temperature());
        long note = ctx.lastNote(stream);
        long sequence = GeneratorContext.sequence(note);
        int clip;
        if (sequence != seen[stream]) {
            // A new note started this stream's voice on its entry clip: go on from there.
            seen[stream] = sequence;
            int entry = ctx.steered(stream, GeneratorContext.note(note));
            w.enter(entry);
            clip = w.next(entry);
            steer(stream, ctx);
        } else {
            clip = current[stream] < 0 ? w.first() : w.next(current[stream]);
        }
        current[stream] = clip;
        Material m = ctx.material();
        int rate = ctx.sampleRate() > 0 ? ctx.sampleRate() : m.sampleRate(clip);
        long length = (long) m.frames(clip) * rate / m.sampleRate(clip);
        int fade = (int) Math.max(1, Math.min(Math.round(fadeSeconds * rate), length / 4));
        out.set(clip, 0, Segment.TO_END, 0, 1f, 1f, 0f).join(fade, Segment.EQUAL_POWER);
    }

    /** Draws where each pitch class sends this stream's next note (at the temperature now). */
    private void steer(int stream, GeneratorContext ctx) {
        ChainWalker w = walkers[stream];
        for (int pc = 0; pc < 12; pc++) {
            int clip = w.entryFor(pc);
            for (int n = pc; n < 128; n += 12) ctx.steer(stream, n, clip);
        }
    }

    /** The order the walk follows at temperature 0 (a copy). */
    public int[] order() { return order.clone(); }

    /** Whole clips are long decisions: two ahead is plenty, and a temperature change is heard two clips on. */
    @Override
    public int lookahead(GeneratorContext ctx) { return 2; }
}
