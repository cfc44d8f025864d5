package dev.ersatz.engine.render;

import java.util.SplittableRandom;

/**
 * The texture sampler: each voice stream walks through the corpus grain by grain. Its next grain is
 * drawn from softmax(logits / temperature) over candidates: carrying straight on from where the last
 * grain left off (the highest logit), or jumping to one of {@value #CANDIDATES} random places (the
 * further the jump, the lower its logit). T = 0 always carries on (looping a clip at its end); T = 1
 * mostly carries on with occasional jumps; higher T jumps more and further.
 */
public final class SamplerGenerator implements Generator {
    static final int CANDIDATES = 15;
    private static final double CONTINUE_LOGIT = 2.0;
    private static final double JUMP_COST = 4.0;

    private int[] lastClip;
    private int[] nextStart;
    private final int[] candClip = new int[CANDIDATES + 1];
    private final int[] candStart = new int[CANDIDATES + 1];
    private final double[] logits = new double[CANDIDATES + 1];

    @Override
    public void prepare(GeneratorContext ctx) {
        lastClip = new int[ctx.streams()];
        nextStart = new int[ctx.streams()];
        Material m = ctx.material();
        for (int s = 0; s < ctx.streams(); s++) {
            SplittableRandom r = ctx.random(s);
            lastClip[s] = r.nextInt(m.clipCount());
            nextStart[s] = r.nextInt(Math.max(1, m.frames(lastClip[s]) / 2));
        }
    }

    @Override
    public void next(int stream, GeneratorContext ctx, Segment out) {
        Material m = ctx.material();
        SplittableRandom r = ctx.random(stream);
        int clip = lastClip[stream];
        int clipRate = m.sampleRate(clip);
        int grainSrc = (int) (ctx.param(InstrumentParams.GRAIN) * 0.001 * clipRate);
        int hopSrc = (int) Math.max(1, clipRate / ctx.param(InstrumentParams.DENSITY));
        int frames = m.frames(clip);
        int cont = nextStart[stream];
        if (cont + Math.min(grainSrc, frames / 2) >= frames) cont = 0; // loop the clip at its end

        candClip[0] = clip;
        candStart[0] = cont;
        logits[0] = CONTINUE_LOGIT;
        for (int k = 1; k <= CANDIDATES; k++) {
            int c = r.nextInt(m.clipCount());
            int f = m.frames(c);
            int s = r.nextInt(Math.max(1, f - Math.min(grainSrc, f / 2)));
            candClip[k] = c;
            candStart[k] = s;
            double distance = c != clip ? 1.0 : Math.abs(s - cont) / (double) frames;
            logits[k] = -JUMP_COST * distance;
        }
        int k = sample(logits, ctx.temperature(), r);
        int chosenClip = candClip[k];
        int start = candStart[k];
        lastClip[stream] = chosenClip;
        nextStart[stream] = start + (int) ((long) hopSrc * m.sampleRate(chosenClip) / clipRate);
        out.set(chosenClip, start, 0, 0, 1f, 1f, (float) (2 * r.nextDouble() - 1));
    }

    /** Index drawn from softmax(logits / T); T = 0 is argmax (first on ties). */
    static int sample(double[] logits, double temperature, SplittableRandom r) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        if (temperature <= 0) return best;
        double sum = 0;
        double[] l = logits;
        for (double x : l) sum += Math.exp((x - l[best]) / temperature);
        double u = r.nextDouble() * sum;
        for (int i = 0; i < l.length; i++) {
            u -= Math.exp((l[i] - l[best]) / temperature);
            if (u < 0) return i;
        }
        return l.length - 1;
    }
}
