package dev.ersatz.bridge.jack;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.chain.ChainGenerator;
import dev.ersatz.engine.chain.ChainOrder;
import dev.ersatz.engine.chain.NeighbourGraph;
import dev.ersatz.engine.chain.Similarity;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Audition;
import dev.ersatz.engine.render.ControlQueue;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.compose.LiveComposer;
import dev.ersatz.engine.compose.MidiModel;
import dev.ersatz.engine.compose.PartSplit;
import dev.ersatz.engine.compose.Piece;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.Reporter;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the instrument's audio-thread code before JACK first calls it. Run interpreted, the first
 * periods of a fresh JVM overran a 64-frame period: 2 to 3 xruns at every launch of the JACK
 * benchmark, all with our thread running (jackd: "state = Running"), and a first note on stage would
 * be next. HotSpot's compiled code serves every instance of a class, so a throwaway instrument playing
 * 16 voices offline, over clips that need resampling and clips that don't, warms the one JACK calls.
 * Control thread, before the client is activated.
 */
final class JitWarmup {
    /** Blocks rendered: enough for HotSpot's top tier on the per-block and per-voice paths. */
    static final int BLOCKS = 20_000;
    /** Blocks of the chain with sync moving: its joins placed on the beat grid and off it. */
    static final int CHAIN_BLOCKS = 8_000;
    /** Blocks of the session's composer: 12 phrases at {@link #COMPOSE_BPM}, two passes of the master and locate cycle. */
    static final int COMPOSE_BLOCKS = 6_000;
    /** The composer's tempo in the warm-up: fast, so that a phrase (16 beats) lasts 500 blocks. */
    private static final double COMPOSE_BPM = 1440;
    /** Blocks of one playing-then-idle cycle: 2.7 s at 64 frames, half of it each. */
    static final int CYCLE = 4_000;
    private static final int FRAMES = 64;
    private static final int RATE = 48_000;

    private JitWarmup() { }

    /** Blocks of resynthesis: its per-sample loop, units starting, fading, running out, on time and late. */
    static final int RESYNTH_BLOCKS = 20_000;

    /** Control thread. Returns the blocks the twin rendered on its idle fast path (for tests). */
    static long run() { return run(false, false); }

    /**
     * As {@link #run()}, and with {@code resynthesis} the audio input's resynthesis path too (it
     * starts ND4J: only when it will play), with {@code composing} the session's composer's.
     */
    static long run(boolean resynthesis, boolean composing) {
        if (resynthesis) resynth();
        if (composing) compose();
        chain(); // after the others: the sampler's 16 voices, which JACK's tests measure, compile last
        Instrument twin = new Instrument();
        twin.load(material(), new SamplerGenerator(), 1);
        try (OfflineRenderer r = new OfflineRenderer(twin, new AudioConfig(RATE, JackBackend.MAX_FRAMES, 2), false)) {
            Audition stereoTake = Audition.of(tone(RATE, 2, 0.2), RATE), monoTake = Audition.of(tone(44_100, 1, 0.2), RATE);
            Timeline.Builder t = new Timeline.Builder().cc(0, 0, 64, 127); // sustain: all 16 keep sounding
            for (int note = 48; note < 64; note++) t.noteOn(0, 0, note, 100);
            r.play(t.build());
            float[][] out = new float[2][FRAMES];
            for (int i = 0; i < BLOCKS; i++) {
                // Timed events as OSC time tags make them: held for a later block, applied mid-block,
                // and late. A branch first taken on JACK's thread deoptimizes there, which may allocate.
                if (i % 4 == 0) twin.setParameter(twin.frameTime() + FRAMES + FRAMES / 2, InstrumentParams.GAIN, -6f - (i % 8) * 0.5f);
                if (i % 4 == 2) twin.setParameter(twin.frameTime() - 1, InstrumentParams.GAIN, -6f);
                // Silent and playing in turns: Instrument.process has an idle fast path, and whichever
                // of the two paths JACK's thread met first would be the other's deoptimization there.
                // Half a cycle idle covers the fade, the limiter's gain recovery (about 1.7 s from deep
                // limiting, which takes the full path) and then the fast path itself.
                if (i % CYCLE == CYCLE / 2) twin.sendMidi(ControlQueue.ASAP, 0xB0, 120, 0); // all sound off
                if (i % CYCLE == 0 && i > 0) for (int note = 48; note < 64; note++) twin.sendMidi(ControlQueue.ASAP, 0x90, note, 100);
                // A studio's audition (ersatz studio --live) over the voices and over silence, where it
                // keeps the full path until the take ends.
                if (i % CYCLE == CYCLE / 4 || i % CYCLE == 3 * CYCLE / 4) twin.audition(i % (2 * CYCLE) < CYCLE ? stereoTake : monoTake);
                r.renderBlock(out, 0, FRAMES);
            }
            return twin.silentBlocks();
        }
    }

    /**
     * Whole-clip joins, with {@code sync} moving through off, beat and bar, on the grid of a timebase
     * master (as the JACK backend hands it over each period, rolling and stopped) and on the
     * instrument's own; tempo changes and a tempo-synced parameter; and the backend's transport
     * snapshot with and without a master.
     */
    private static void chain() {
        List<AudioData> clips = new ArrayList<>();
        for (int i = 0; i < 6; i++) clips.add(tone(RATE, 1, 0.05 + 0.04 * i));
        Similarity s = (a, b) -> 1.0 / (1 + Math.abs(a - b));
        NeighbourGraph g = NeighbourGraph.complete(clips.size(), s);
        Instrument twin = new Instrument();
        twin.load(Material.of(clips), new ChainGenerator(ChainOrder.best(g, s), g, 0.005), 1);
        JackTransport snapshot = new JackTransport();
        try (OfflineRenderer r = new OfflineRenderer(twin, new AudioConfig(RATE, JackBackend.MAX_FRAMES, 2), false)) {
            for (int note = 48; note < 56; note++) twin.sendMidi(ControlQueue.ASAP, 0x90, note, 100);
            EventBuffer none = new EventBuffer(1);
            float[][] out = new float[2][FRAMES];
            double barBeat = 0;
            for (int i = 0; i < CHAIN_BLOCKS; i++) {
                double bpm = i % 2000 < 1000 ? 480 : 360; // a beat every 6,000 or 8,000 frames: many joins placed in few blocks
                if (i % 500 == 0) twin.setParameter(ControlQueue.ASAP, InstrumentParams.SYNC, (i / 500) % 3);
                // A preset's tempo-synced parameter, followed and let go, recomputed at each new tempo.
                if (i % 300 == 0) twin.setTempoSync(ControlQueue.ASAP, InstrumentParams.GRAIN, (i / 300) % 2 == 0 ? 0.25f : Float.NaN);
                boolean master = i % 1000 < 700;
                boolean rolling = i % 250 < 200;
                twin.transport().update(i * (long) FRAMES, rolling, master, bpm, 4, barBeat);
                snapshot.publish(rolling, i * (long) FRAMES, master, bpm, 4, 1 + (int) barBeat, 1 + (int) barBeat);
                if (rolling) barBeat = (barBeat + FRAMES * bpm / (60.0 * RATE)) % 4;
                twin.process(none, out, FRAMES);
            }
        }
    }

    /**
     * A resynthesis twin over clicks and a tone, fed clicks, silence and garbage (NaN, DC) through
     * its input, in live mode: its worker lags the render loop, so decisions arrive on time, late
     * and very late, and the input ring overflows now and then; every branch the JACK thread can take.
     */
    private static void resynth() {
        List<dev.ersatz.engine.corpus.Clip> clips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] x = new float[RATE];
            for (int k = 0; k < 4; k++) for (int j = 0; j < 4000; j++) x[k * 12_000 + j] = (float) (Math.exp(-j / (300.0 + 400 * i)) * Math.sin(j * (0.2 + 0.3 * i)));
            clips.add(new dev.ersatz.engine.corpus.Clip(java.nio.file.Path.of("warmup-" + i + ".wav"), new AudioData(new float[][] {x}, RATE)));
        }
        clips.add(new dev.ersatz.engine.corpus.Clip(java.nio.file.Path.of("warmup-tone.wav"), tone(RATE, 1)));
        Instrument twin = new Instrument();
        twin.setParameter("pitch_follow", 0.5f);
        twin.setParameter("dry_wet", 0.7f);
        dev.ersatz.engine.resynth.ResynthProcessor r = new dev.ersatz.engine.resynth.ResynthProcessor(twin, twin::parameter);
        r.load(dev.ersatz.engine.resynth.ResynthSource.of(clips, RATE, RATE / 10, 1, dev.ersatz.engine.util.Progress.NONE), 1);
        try (OfflineRenderer renderer = new OfflineRenderer(r, new AudioConfig(RATE, JackBackend.MAX_FRAMES, 2), false)) {
            EventBuffer none = new EventBuffer(1);
            float[][] in = new float[2][FRAMES], out = new float[2][FRAMES];
            long f = 0;
            for (int i = 0; i < RESYNTH_BLOCKS; i++) {
                if (i % 3000 == 0) twin.setParameter("hold", (i / 3000) % 2);
                for (int j = 0; j < FRAMES; j++, f++) {
                    int phase = (int) (f % (RATE / 3));
                    float v = phase < 3000 ? (float) (Math.exp(-phase / 500.0) * Math.sin(phase * 0.3)) : 0f;
                    if (i % 5000 > 4900) v = (i & 1) == 0 ? Float.NaN : 1f; // garbage in
                    if (i % 2000 > 1700) v = 0f;                            // silence: hold, or falling silent
                    in[0][j] = v;
                    in[1][j] = -v;
                }
                r.input(in, FRAMES);
                r.process(none, out, FRAMES);
            }
        }
    }

    /**
     * The session's composer as {@code run --compose --self} plays it (the session's processor,
     * {@link LiveComposer#render} into the instrument and into the events midi_out writes), with a
     * model of two made-up parts: phrases on its own grid and on a timebase master's (rolling,
     * stopped, a locate ending a phrase with all notes off), and notes and the register's CC on its MIDI
     * input ({@link LiveComposer#leadIn}, {@link LiveComposer#register}) with other events merged
     * in frame order, so that JACK's thread meets this code compiled, its profile holding the
     * branches a live run takes later (a master appearing, a locate). ComposeAllocationJackTest measures 0
     * bytes on JACK's thread with the composer playing and seeded; the kilobyte ComposeJackTest saw
     * once was the backend's own code reaching C2 late, and came with no composer as well.
     */
    private static void compose() {
        Instrument twin = new Instrument();
        twin.load(material(), new SamplerGenerator(), 1);
        // The session's own processor (the composer's tap around the program-change tap around the
        // instrument), so the types C2 inlines for the inner calls are the ones JACK's thread meets.
        InstrumentSession session = InstrumentSession.around(twin, GeneratorKind.SAMPLER, Path.of("presets"), Reporter.QUIET);
        Processor tap = session.processor();
        tap.configure(new AudioConfig(RATE, JackBackend.MAX_FRAMES, 2));
        session.compose(new LiveComposer(model(), 1, 0, () -> 1, () -> 1), true);
        try {
            EventBuffer in = new EventBuffer(16);
            float[][] out = new float[2][FRAMES];
            double barBeat = 0;
            for (int i = 0; i < COMPOSE_BLOCKS; i++) {
                in.clear();
                if (i % 97 == 0) in.addMidi(3, 0x90, 40 + i % 50, 100);
                if (i % 97 == 40) in.addMidi(5, 0x80, 40 + (i - 40) % 50, 0);
                if (i % 131 == 0) in.addMidi(7, 0xB0, LiveComposer.REGISTER_CC, 52 + i % 24);
                if (i % 89 == 0) in.addMidi(FRAMES - 1, 0xB0, 1, 30 + i % 60);
                boolean master = i % 3000 >= 1500;
                boolean rolling = i % 1000 < 900;
                if (master && i % 1000 == 500) barBeat = (barBeat + 1.5) % 4; // a locate
                twin.transport().update(i * (long) FRAMES, rolling, master, COMPOSE_BPM, 4, master ? barBeat : Double.NaN);
                if (rolling) barBeat = (barBeat + FRAMES * COMPOSE_BPM / (60.0 * RATE)) % 4;
                tap.process(in, out, FRAMES);
                session.composed().size(); // what JACK's midi_out reads
            }
        } finally {
            session.close(); // the composer's worker; the instrument is the twin's
            twin.shutdown();
        }
    }

    /** A bass and an arp of a bar each, on sixteenths and eighth-note triplets. */
    private static MidiModel model() {
        List<Piece.Note> bass = new ArrayList<>(), arp = new ArrayList<>();
        for (int step = 0; step < 48 * 8; step += 3) {
            if (step % 12 == 0) bass.add(new Piece.Note(step, 6, 36 + (step / 12) % 7, 100));
            if (step % 4 == 0 || step % 9 == 0) arp.add(new Piece.Note(step, 3, 60 + (step * 5) % 19, 80 + step % 40));
        }
        Piece piece = new Piece(Path.of("warm-up"), List.of(new Piece.Voice(0, 0, bass), new Piece.Voice(1, 1, arp)), 120, 48);
        return MidiModel.learn(List.of(piece), PartSplit.auto(), 3, Progress.NONE);
    }

    /** A mono clip at 44.1 kHz (voices resample it) and a stereo one at the engine's rate. */
    private static Material material() {
        return Material.of(List.of(tone(44_100, 1), tone(RATE, 2)));
    }

    private static AudioData tone(int rate, int channels) { return tone(rate, channels, 2); }

    private static AudioData tone(int rate, int channels, double seconds) {
        float[][] x = new float[channels][(int) (rate * seconds)];
        for (float[] c : x) for (int i = 0; i < c.length; i++) c[i] = 0.3f * (float) Math.sin(2 * Math.PI * 220 * i / rate);
        return new AudioData(x, rate);
    }
}
