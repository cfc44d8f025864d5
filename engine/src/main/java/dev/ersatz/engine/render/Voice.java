package dev.ersatz.engine.render;

/**
 * One voice: an amplitude envelope over a stream of overlapping grains, each grain one
 * {@link Segment} decision read from this voice's ring. Audio thread only; everything preallocated.
 */
final class Voice {
    static final int FREE = 0;
    static final int ATTACK = 1;
    static final int HOLD = 2;
    static final int RELEASE = 3;
    /** A short fade to silence: stolen, all-sound-off, ring underrun, or program swap. */
    static final int FADE = 4;

    static final int MAX_GRAINS = 16;
    static final float FADE_MS = 4f;

    final int stream;
    int state = FREE;
    int note;
    long age;
    boolean keyDown;
    boolean sustained;
    float velocityGain;
    /** Transposition of this note (1 in clip mode). */
    float noteRatio = 1f;
    /** The clip a note picks in clip mode, or -1. */
    int noteClip = -1;
    float env;
    float envStep;
    int untilNextGrain;
    Program program;
    /** No grain started yet for this note: its first grain starts at full window. */
    private boolean fresh;

    private final Segment seg = new Segment();
    private final boolean[] active = new boolean[MAX_GRAINS];
    private final int[] gClip = new int[MAX_GRAINS];
    private final double[] gPos = new double[MAX_GRAINS];
    private final float[] gStep = new float[MAX_GRAINS];
    private final float[] gL = new float[MAX_GRAINS];
    private final float[] gR = new float[MAX_GRAINS];
    private final int[] wPos = new int[MAX_GRAINS];
    private final int[] wLen = new int[MAX_GRAINS];
    private final int[] taper = new int[MAX_GRAINS];
    private final float[] tInv = new float[MAX_GRAINS];
    private int grains;

    /** Raised-cosine fade 0..1 sampled finely; read with linear interpolation (no cos per sample). */
    private static final int FADE_TABLE = 2048;
    private static final float[] FADE_SHAPE = new float[FADE_TABLE + 2];

    static {
        for (int i = 0; i <= FADE_TABLE + 1; i++) FADE_SHAPE[i] = (float) (0.5 - 0.5 * Math.cos(Math.PI * Math.min(1.0, i / (double) FADE_TABLE)));
    }

    /** The raised-cosine fade-in at {@code x} in 0..1: 0.5 - 0.5 cos(pi x). */
    static float fadeIn(float x) {
        float p = x * FADE_TABLE;
        int i = (int) p;
        if (i >= FADE_TABLE) return 1f;
        float f = p - i;
        return FADE_SHAPE[i] + f * (FADE_SHAPE[i + 1] - FADE_SHAPE[i]);
    }

    Voice(int stream) { this.stream = stream; }

    boolean sounding() { return state == ATTACK || state == HOLD || state == RELEASE; }

    void start(Program p, int note, float velGain, float ratio, int clip, long age, int attackFrames) {
        if (state != FREE) clearGrains();
        program = p;
        this.note = note;
        this.velocityGain = velGain;
        this.noteRatio = ratio;
        this.noteClip = clip;
        this.age = age;
        keyDown = true;
        sustained = false;
        state = ATTACK;
        env = 0f;
        envStep = 1f / Math.max(1, attackFrames);
        untilNextGrain = 0;
        fresh = true;
    }

    void release(int releaseFrames) {
        if (!sounding()) return;
        keyDown = false;
        sustained = false;
        state = RELEASE;
        envStep = env / Math.max(1, releaseFrames);
    }

    void fade(int sampleRate) {
        if (state == FREE || state == FADE) return;
        keyDown = false;
        state = FADE;
        envStep = env / Math.max(1f, FADE_MS * 0.001f * sampleRate);
    }

    void free() {
        state = FREE;
        program = null;
        clearGrains();
    }

    private void clearGrains() {
        for (int g = 0; g < MAX_GRAINS; g++) active[g] = false;
        grains = 0;
    }

    /**
     * Adds this voice into {@code mixL/mixR[from..to)}. {@code pitch}, {@code gain} and
     * {@code spread} are the smoothed global per-sample values.
     */
    void render(Instrument in, float[] mixL, float[] mixR, int from, int to, float[] pitch, float[] gain, float[] spread) {
        Material m = program.material;
        for (int j = from; j < to; j++) {
            // Envelope first: the onset sample already has a non-zero level (sample-accurate onset).
            switch (state) {
                case ATTACK -> {
                    env += envStep;
                    if (env >= 1f) { env = 1f; state = HOLD; }
                }
                case RELEASE, FADE -> {
                    env -= envStep;
                    if (env <= 0f) { free(); return; }
                }
                default -> { }
            }
            if (state != FADE && --untilNextGrain < 0) {
                if (!startGrain(in, m, spread[j], pitch[j])) {
                    in.countUnderrun();
                    fade(in.sampleRate());
                }
            }
            float ratio = noteRatio * pitch[j];
            float l = 0f;
            float r = 0f;
            for (int g = 0; g < MAX_GRAINS && grains > 0; g++) {
                if (!active[g]) continue;
                float[][] ch = m.channels(gClip[g]);
                double pos = gPos[g];
                int i = (int) pos;
                float[] x0 = ch[0];
                if (i + 1 >= x0.length) { active[g] = false; grains--; continue; }
                float frac = (float) (pos - i);
                float s0 = x0[i] + frac * (x0[i + 1] - x0[i]);
                float s1 = s0;
                if (ch.length > 1) {
                    float[] x1 = ch[1];
                    s1 = x1[i] + frac * (x1[i + 1] - x1[i]);
                }
                int w = wPos[g];
                int len = wLen[g];
                int t = taper[g];
                float win;
                if (w < t) win = fadeIn(w * tInv[g]);
                else if (w >= len - t) win = fadeIn((len - w) * tInv[g]);
                else win = 1f;
                l += s0 * win * gL[g];
                r += s1 * win * gR[g];
                gPos[g] = pos + gStep[g] * ratio;
                if (++wPos[g] >= len) { active[g] = false; grains--; }
            }
            float a = env * velocityGain * gain[j];
            mixL[j] += l * a;
            mixR[j] += r * a;
        }
    }

    /** Reads the next decision and starts its grain; false when the ring is dry. */
    private boolean startGrain(Instrument in, Material m, float spread, float pitch) {
        if (!program.rings[stream].poll(seg)) return false;
        in.decisionUsed();
        int sr = in.sampleRate();
        int hop = seg.hop > 0 ? seg.hop : Math.max(1, Math.round(sr / in.current(InstrumentParams.DENSITY)));
        int len = seg.length > 0 ? seg.length : Math.max(8, Math.round(in.current(InstrumentParams.GRAIN) * 0.001f * sr));
        int clip = Math.floorMod(seg.clip, m.clipCount());
        int start = Math.max(0, seg.start);
        if (noteClip >= 0) {
            // Clip mode: the note picks the clip; the generator's decision picks where in it.
            int target = noteClip % m.clipCount();
            start = (int) ((long) start * m.frames(target) / Math.max(1, m.frames(clip)));
            clip = target;
        }
        int frames = m.frames(clip);
        if (start >= frames - 2) start = 0;
        float step = seg.rate * m.sampleRate(clip) / (float) sr;
        // Keep the grain inside its clip even if the pitch rises a little while it plays.
        double room = (frames - 2 - start) / (step * noteRatio * pitch * 1.25);
        if (len > room) len = (int) room;
        int slot = -1;
        for (int g = 0; g < MAX_GRAINS; g++) if (!active[g]) { slot = g; break; }
        if (len < 8 || slot < 0) {
            // Nothing sensible to play, or every grain slot busy: skip this decision, keep the voice.
            untilNextGrain += hop;
            return true;
        }
        int minTaper = Math.max(1, Math.min(len / 2, (int) (0.005f * sr)));
        int overlapTaper = Math.min(hop, len - hop);
        int t = Math.min(len / 2, Math.max(overlapTaper, minTaper));
        // A note's first grain starts at full window, t frames into its shape: the next grain comes
        // t frames sooner so the cross-fade between them is the usual one.
        untilNextGrain += fresh ? Math.max(0, hop - t) : hop;
        // Grains overlap (len - t) / hop times on average: scale so the texture keeps its level.
        float overlap = Math.max(1f, (len - t) / (float) hop);
        float p = Math.max(-1f, Math.min(1f, seg.pan * spread));
        double angle = (p + 1) * Math.PI / 4;
        float g = seg.gain / overlap;
        gL[slot] = (float) Math.cos(angle) * g;
        gR[slot] = (float) Math.sin(angle) * g;
        gClip[slot] = clip;
        gPos[slot] = start;
        gStep[slot] = step;
        wLen[slot] = len;
        taper[slot] = t;
        tInv[slot] = 1f / t;
        // The first grain of a note starts at full window: the attack envelope shapes the onset.
        wPos[slot] = fresh ? t : 0;
        fresh = false;
        active[slot] = true;
        grains++;
        return true;
    }
}
