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
    /**
     * +60 dBFS: a voice sample beyond this (or NaN, or infinite) is a fault, not audio. Material is
     * decoded to about ±1 (float files a little beyond), the gain parameter tops out at +12 dB.
     */
    static final float MAX_LEVEL = 1000f;
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
    /** The clip the generator steered this note to ({@link GeneratorContext#steer}), or -1. */
    private int entryClip = -1;
    /** Fade-out length of this voice's last join grain (the next join fades in over it), or 0. */
    private int joinOut;
    float env;
    float envStep;
    int untilNextGrain;
    Program program;
    /** No grain started yet for this note: its first grain starts at full window. */
    private boolean fresh;
    /** {@link #seg} is a hit waiting for the next grid line ({@code sync}); it starts when the countdown ends. */
    private boolean held;
    /**
     * The join grain whose hand-over to the next decision the grid places ({@code sync}), or -1 when
     * the next start is not a join's; it is placed again at every block until the next grain starts.
     */
    private int syncSlot = -1;
    /** That join's own hand-over and the earliest one allowed, as instrument frames. */
    private long syncNaturalAt;
    private long syncLeastAt;
    /** The most frames that join's window can last (its material to the clip's end). */
    private int syncMaxWindow;

    private final Segment seg = new Segment();
    private final boolean[] active = new boolean[MAX_GRAINS];
    private final int[] gClip = new int[MAX_GRAINS];
    private final double[] gPos = new double[MAX_GRAINS];
    private final float[] gStep = new float[MAX_GRAINS];
    private final float[] gL = new float[MAX_GRAINS];
    private final float[] gR = new float[MAX_GRAINS];
    private final int[] wPos = new int[MAX_GRAINS];
    private final int[] wLen = new int[MAX_GRAINS];
    private final int[] tIn = new int[MAX_GRAINS];
    private final int[] tOut = new int[MAX_GRAINS];
    private final float[] inInv = new float[MAX_GRAINS];
    private final float[] outInv = new float[MAX_GRAINS];
    private final int[] gShape = new int[MAX_GRAINS];
    private int grains;

    /** Raised-cosine fade 0..1 sampled finely; read with linear interpolation (no cos per sample). */
    private static final int FADE_TABLE = 2048;
    private static final float[] FADE_SHAPE = new float[FADE_TABLE + 2];
    /** Equal-power fade 0..1: sin(pi x / 2), whose square and its mirror's sum to 1. */
    private static final float[] POWER_SHAPE = new float[FADE_TABLE + 2];

    static {
        for (int i = 0; i <= FADE_TABLE + 1; i++) {
            double x = Math.min(1.0, i / (double) FADE_TABLE);
            FADE_SHAPE[i] = (float) (0.5 - 0.5 * Math.cos(Math.PI * x));
            POWER_SHAPE[i] = (float) Math.sin(0.5 * Math.PI * x);
        }
    }

    /** The raised-cosine fade-in at {@code x} in 0..1: 0.5 - 0.5 cos(pi x). */
    static float fadeIn(float x) { return fade(FADE_SHAPE, x); }

    /** The fade-in of a taper shape ({@link Segment#CONSTANT_AMPLITUDE} or {@link Segment#EQUAL_POWER}) at {@code x} in 0..1. */
    static float fadeIn(int shape, float x) { return fade(shape == Segment.EQUAL_POWER ? POWER_SHAPE : FADE_SHAPE, x); }

    private static float fade(float[] table, float x) {
        float p = x * FADE_TABLE;
        int i = (int) p;
        if (i >= FADE_TABLE) return 1f;
        float f = p - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    Voice(int stream) { this.stream = stream; }

    boolean sounding() { return state == ATTACK || state == HOLD || state == RELEASE; }

    void start(Program p, int note, float velGain, float ratio, int clip, long age, int attackFrames) {
        if (state != FREE) clearGrains();
        program = p;
        this.note = note;
        this.velocityGain = velGain;
        this.noteRatio = ratio;
        this.age = age;
        // A generator that steers notes picks this note's first clip (ahead, on its worker).
        entryClip = p.context.steered(stream, note);
        this.noteClip = entryClip >= 0 ? -1 : clip;
        joinOut = 0;
        keyDown = true;
        sustained = false;
        state = ATTACK;
        env = 0f;
        envStep = 1f / Math.max(1, attackFrames);
        untilNextGrain = 0;
        fresh = true;
        held = false;
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
        syncSlot = -1;
        held = false;
    }

    /**
     * Audio thread, at the start of each block, before {@link #render}: puts this voice's next start on
     * the grid of {@code division} again (the tempo or the master's position may have moved since it
     * was placed): the end of a sounding join while its fade-out has not begun, or a held hit.
     */
    void resync(BeatGrid grid, int division, long blockStart) {
        if (state == FREE || state == FADE) return;
        if (held) {
            untilNextGrain = division == BeatGrid.OFF ? 0 : (int) Math.round(grid.toNext(division, 0));
            return;
        }
        int g = syncSlot;
        if (g < 0 || untilNextGrain <= 0) return;
        int until = division == BeatGrid.OFF ? (int) (syncNaturalAt - blockStart)
                : grid.nearest(division, 0, syncNaturalAt - blockStart, Math.max(1, syncLeastAt - blockStart));
        if (until < 1) until = 1;
        untilNextGrain = until;
        // While the join's fade-out has not begun, its window ends as the next one fades in (or at
        // the end of its material, leaving a gap); a window already ending is left to end.
        int t = tOut[g];
        if (active[g] && wPos[g] < wLen[g] - t) wLen[g] = Math.max(wPos[g] + t + 1, Math.min(syncMaxWindow, wPos[g] + until + t));
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
                if (!held && !nextDecision(in)) {
                    in.countUnderrun();
                    fade(in.sampleRate());
                } else if (held || !holdForGrid(in, j)) {
                    startGrain(in, m, spread[j], pitch[j], j);
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
                // Reads are bounded, not the grain: a pitch bend that runs a grain past its clip's
                // last frame holds that frame while the window ends the grain (no cut, no click).
                int last = x0.length - 1;
                float s0;
                float s1;
                if (i >= last) {
                    s0 = x0[last];
                    s1 = ch.length > 1 ? ch[1][last] : s0;
                } else {
                    float frac = (float) (pos - i);
                    s0 = x0[i] + frac * (x0[i + 1] - x0[i]);
                    s1 = s0;
                    if (ch.length > 1) {
                        float[] x1 = ch[1];
                        s1 = x1[i] + frac * (x1[i + 1] - x1[i]);
                    }
                }
                int w = wPos[g];
                int len = wLen[g];
                float win;
                if (w < tIn[g]) win = fadeIn(gShape[g], w * inInv[g]);
                else if (w >= len - tOut[g]) win = fadeIn(gShape[g], (len - w) * outInv[g]);
                else win = 1f;
                l += s0 * win * gL[g];
                r += s1 * win * gR[g];
                gPos[g] = pos + gStep[g] * ratio;
                if (++wPos[g] >= len) { active[g] = false; grains--; }
            }
            float a = env * velocityGain * gain[j];
            float outL = l * a;
            float outR = r * a;
            // A NaN, an infinity or a runaway level (a generator's or a material's fault) silences this
            // voice at once and is counted; it never reaches the mix. Written so that NaN fails the test.
            if (!(Math.abs(outL) <= MAX_LEVEL && Math.abs(outR) <= MAX_LEVEL)) {
                in.countRunaway();
                free();
                return;
            }
            mixL[j] += outL;
            mixR[j] += outR;
        }
    }

    /** Reads the next decision into {@link #seg}; false when the ring is dry. */
    private boolean nextDecision(Instrument in) {
        SegmentRing ring = program.rings[stream];
        if (!ring.poll(seg)) return false;
        in.decisionUsed();
        if (entryClip >= 0 && !fresh) {
            // A steered note: decisions made before it continue the old walk; the generator's own
            // continuation from the note's clip follows them in the ring.
            while (seg.sequence < age) {
                if (!ring.poll(seg)) return false;
                in.decisionUsed();
            }
        }
        return true;
    }

    /**
     * With {@code sync} on, a hit (an attack grain, not a note's first) waits for the next grid line:
     * true when it was held, its countdown set to that line (block offset {@code j} is now).
     */
    private boolean holdForGrid(Instrument in, int j) {
        int division = (int) in.current(InstrumentParams.SYNC);
        if (division == BeatGrid.OFF || !seg.attack || fresh || seg.overlap > 0) return false;
        int wait = (int) Math.round(in.grid().toNext(division, j));
        if (wait <= 0) return false;
        held = true;
        untilNextGrain = wait - 1; // counts down to frame j + wait
        return true;
    }

    /** Starts the grain of the decision in {@link #seg} at block offset {@code j}. */
    private void startGrain(Instrument in, Material m, float spread, float pitch, int j) {
        held = false;
        syncSlot = -1; // the hand-over placed for the last join has come
        int sr = in.sampleRate();
        boolean join = seg.overlap > 0;
        int len = seg.length > 0 ? seg.length : Math.max(8, Math.round(in.current(InstrumentParams.GRAIN) * 0.001f * sr));
        int clip = Math.floorMod(seg.clip, m.clipCount());
        int start = Math.max(0, seg.start);
        int target = fresh && entryClip >= 0 ? entryClip : noteClip;
        if (target >= 0) {
            // Clip mode, or a steered note's first decision: the note picks the clip; the
            // generator's decision picks where in it.
            target = target % m.clipCount();
            start = (int) ((long) start * m.frames(target) / Math.max(1, m.frames(clip)));
            clip = target;
        }
        int frames = m.frames(clip);
        if (start >= frames - 2) start = 0;
        float step = seg.rate * m.sampleRate(clip) / (float) sr;
        double speed = step * noteRatio * pitch;
        int t;
        int t0;
        int hop;
        float overlap;
        if (join) {
            // A join plays to its clip's end at the pitch it starts at; bounded reads absorb later bends.
            double whole = Math.ceil((frames - start) / speed);
            if (len > whole) len = (int) whole;
            t = Math.max(1, Math.min(seg.overlap, len / 2));
            // Fades in over the fade-out of the join before it; a note's first clip starts whole.
            t0 = fresh ? 0 : joinOut > 0 ? Math.min(joinOut, len / 2) : t;
            hop = Math.max(1, len - t);
            overlap = 1f;
        } else {
            hop = seg.hop > 0 ? seg.hop : Math.max(1, Math.round(sr / in.current(InstrumentParams.DENSITY)));
            if (seg.gain == 0f) {
                // A rest: nothing to start; the next decision comes a hop later.
                untilNextGrain += hop;
                joinOut = 0;
                return;
            }
            // Keep the grain inside its clip at the speed it starts at (the last read lands on the
            // last frame); a bend upward later is absorbed by the bounded reads above.
            double room = (frames - 1 - start) / speed + 1;
            if (len > room) len = (int) room;
            int minTaper = Math.max(1, Math.min(len / 2, (int) (0.005f * sr)));
            int overlapTaper = Math.min(hop, len - hop);
            t = Math.max(1, Math.min(len / 2, Math.max(overlapTaper, minTaper)));
            // An attack plays from its first frame at full level; other grains fade in.
            t0 = seg.attack ? 0 : t;
            // Grains overlap (len - t) / hop times on average: scale so the texture keeps its level.
            overlap = Math.max(1f, (len - t) / (float) hop);
        }
        int slot = -1;
        for (int g = 0; g < MAX_GRAINS; g++) if (!active[g]) { slot = g; break; }
        if (len < 8 || slot < 0) {
            // Nothing sensible to play, or every grain slot busy: skip this decision, keep the voice.
            untilNextGrain += hop;
            joinOut = 0;
            return;
        }
        if (join) {
            // With sync on, the next clip starts on the grid line nearest to where this one would hand
            // over, never cutting this one to less than half; past its material the window ends early
            // (a gap). Without, the hand-over is placed where it falls, so sync can come on mid-clip.
            int division = (int) in.current(InstrumentParams.SYNC);
            int natural = hop;
            int least = division == BeatGrid.OFF ? natural : Math.max(2 * t, natural / 2);
            if (division != BeatGrid.OFF) hop = in.grid().nearest(division, j, natural, least);
            long now = in.blockStart() + j;
            syncNaturalAt = now + natural;
            syncLeastAt = now + least;
            syncMaxWindow = len;
            len = Math.min(len, hop + t);
            syncSlot = slot;
        }
        // A note's first grain starts at full window (the attack envelope shapes the onset): it
        // starts t frames into its shape, so the next comes t frames sooner and the cross-fade
        // between them is the usual one. An attack grain plays whole from its first frame (no
        // fade-in); a join simply has no fade-in.
        boolean fromTop = fresh && !join && !seg.attack;
        untilNextGrain += fromTop ? Math.max(0, hop - t) : hop;
        float p = Math.max(-1f, Math.min(1f, seg.pan * spread));
        double angle = (p + 1) * Math.PI / 4;
        float g = seg.gain / overlap;
        gL[slot] = (float) Math.cos(angle) * g;
        gR[slot] = (float) Math.sin(angle) * g;
        gClip[slot] = clip;
        gPos[slot] = start;
        gStep[slot] = step;
        wLen[slot] = len;
        tIn[slot] = t0;
        tOut[slot] = t;
        inInv[slot] = t0 > 0 ? 1f / t0 : 0f;
        outInv[slot] = 1f / t;
        gShape[slot] = seg.shape;
        wPos[slot] = fromTop ? t : 0;
        joinOut = join ? t : 0;
        fresh = false;
        active[slot] = true;
        grains++;
    }
}
