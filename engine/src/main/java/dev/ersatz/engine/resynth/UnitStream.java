package dev.ersatz.engine.resynth;

import dev.ersatz.engine.analysis.PitchEstimator;
import dev.ersatz.engine.render.InstrumentParams;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The worker side of resynthesis: the input's samples, as they arrive, are cut into units and
 * described ({@link InputUnits}), each unit is matched to a corpus unit ({@link UnitMatcher}) and
 * the decision goes to the audio thread, which plays it one {@link CorpusUnits#DESCRIBE_FRAMES}
 * window plus one period after the unit began (the match's latency).
 *
 * <p>Continuity: while the corpus unit chosen last would still be playing, its clip's own next
 * unit is preferred when it matches nearly as well (the {@code resynth_continuity} control), and
 * then the decision is only recorded: the playing audio goes on. Hold: when the input falls
 * silent and {@code hold} is on, the units keep being matched to the last sounding unit's
 * descriptor, so the output goes on in the input's last texture.
 *
 * <p>Worker thread (live: the processor's resynthesis thread; offline: the rendering thread between
 * blocks, in deterministic mode). Describing allocates (ND4J); matching does not.
 */
final class UnitStream {
    /** One decision: the input unit's start (frame), the corpus unit chosen, its rank among the nearest (−1 continued), held or not. */
    record Choice(long frame, boolean onset, int unit, int rank, float distance, float nearestDistance, boolean held) { }

    /** RMS below which an input unit counts as silence (−60 dBFS). */
    static final float SILENT_RMS = 0.001f;
    private static final int CHUNK = 1024;

    private final CorpusUnits corpus;
    private final UnitMatcher matcher;
    private final InputUnits units;
    private final SplittableRandom random;
    private final ResynthProcessor.Controls controls;
    private final InputRing input;
    private final DecisionRing decisions;
    private final float[] chunk = new float[CHUNK];
    private final PitchEstimator pitch;
    private final float[] lastVoiced = new float[CorpusUnits.DIMS];
    private final InputUnits.Sink sink = this::unit;
    private boolean voiced;
    private int playing = -1;
    private long playingSince;
    private volatile Consumer<Choice> recorder;
    private final java.util.function.BooleanSupplier handsOver;
    private volatile long refused;
    private volatile long matched;

    UnitStream(ResynthSource source, int inputRate, long seed, ResynthProcessor.Controls controls, InputRing input, DecisionRing decisions,
               java.util.function.BooleanSupplier handsOver) {
        this.handsOver = handsOver;
        this.corpus = source.units();
        this.matcher = new UnitMatcher(source.index());
        this.units = new InputUnits(inputRate, maxUnit(controls, inputRate));
        this.pitch = new PitchEstimator(CorpusUnits.DESCRIBE_FRAMES, inputRate);
        this.random = new SplittableRandom(seed);
        this.controls = controls;
        this.input = input;
        this.decisions = decisions;
    }

    /** Control thread: hear every choice (tests, reports), on the worker thread; null for none. */
    void record(Consumer<Choice> r) { recorder = r; }

    /** Decisions the audio thread had no room for (it was far behind). Any thread. */
    long refused() { return refused; }

    /** Input units matched so far. Any thread. */
    long matched() { return matched; }

    /** Worker thread: takes in the input that has arrived and decides the units it completes. */
    void step() {
        int n;
        while ((n = input.read(chunk)) > 0) {
            units.maxUnitFrames(maxUnit(controls, rateOf()));
            units.push(chunk, 0, n, sink);
        }
    }

    private int rateOf() { return units.rate(); }

    private static int maxUnit(ResynthProcessor.Controls c, int rate) {
        return Math.round(c.value(InstrumentParams.UNIT) * 0.001f * rate);
    }

    private void unit(long start, boolean onset, float[] d, float[] window) {
        double sum = 0;
        for (float v : window) sum += (double) v * v;
        boolean silent = Math.sqrt(sum / window.length) < SILENT_RMS;
        boolean hold = controls.value(InstrumentParams.HOLD) >= 0.5f && silent && voiced;
        if (!silent) {
            System.arraycopy(d, 0, lastVoiced, 0, d.length);
            voiced = true;
        }
        float[] query = hold ? lastVoiced : d;
        if (hold) query[CorpusUnits.ATTACK] = 0; // the texture goes on; no new attack is invented
        matcher.weights(controls.value(InstrumentParams.WEIGHT_LOUDNESS), controls.value(InstrumentParams.WEIGHT_TIMBRE),
                controls.value(InstrumentParams.WEIGHT_BRIGHTNESS), controls.value(InstrumentParams.WEIGHT_NOISINESS));
        float pitchWeight = controls.value(InstrumentParams.WEIGHT_PITCH);
        boolean pitched = !hold && (pitchWeight > 0 || controls.value(InstrumentParams.PITCH_FOLLOW) > 0);
        double hz = pitched ? pitch.estimate(window, 0, window.length) : Double.NaN;
        double midi = hz > 0 ? PitchEstimator.midi(hz) : Double.NaN;
        matcher.pitch(corpus.pitch, midi, pitchWeight);
        int continuation = onset ? -1 : continuation(playing, start - playingSince);
        int u = matcher.match(query, 0, controls.value(InstrumentParams.TEMPERATURE), Math.round(controls.value(InstrumentParams.NEIGHBOURS)),
                continuation, controls.value(InstrumentParams.RESYNTH_CONTINUITY), random);
        matched++;
        Consumer<Choice> r = recorder;
        if (r != null) r.accept(new Choice(start, onset, u, matcher.rank, matcher.chosenDistance, matcher.nearestDistance, hold));
        if (matcher.rank < 0) return; // continued: what plays goes on
        if (hold && handsOver.getAsBoolean()) return; // the inner processor's note holds the texture, not the corpus
        playing = u;
        playingSince = start;
        if (!decisions.offer(start, u, rate(u, midi), hold)) refused++;
    }

    /**
     * The playback rate that takes unit {@code u} {@code pitch_follow} of the way to the input's
     * pitch, in the octave nearest the unit's own (at most a tritone either way, so a bass stays a
     * bass); 1 when either is unpitched ({@code midi} NaN: also when the texture is held), or following is off.
     */
    private float rate(int u, double midi) {
        float follow = controls.value(InstrumentParams.PITCH_FOLLOW);
        if (follow <= 0 || midi != midi) return 1f;
        double semis = corpus.semitonesTo(u, midi);
        if (semis == 0) return 1f;
        semis -= 12 * Math.rint(semis / 12);
        return (float) Math.pow(2, follow * semis / 12);
    }

    /** The corpus unit under the playhead of {@code unit} started {@code elapsed} frames ago: its clip's later unit, or −1 past the clip's end. */
    private int continuation(int unit, long elapsed) {
        if (unit < 0) return -1;
        long pos = corpus.start[unit] + elapsed;
        if (pos >= corpus.audio[corpus.clip[unit]].length - CorpusUnits.DESCRIBE_FRAMES / 4) return -1;
        int u = unit;
        for (int steps = 0; steps < 64; steps++) {
            int nx = corpus.next[u];
            if (nx < 0 || corpus.start[nx] > pos) return u;
            u = nx;
        }
        return u;
    }
}
