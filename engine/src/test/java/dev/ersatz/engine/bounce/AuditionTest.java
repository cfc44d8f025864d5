package dev.ersatz.engine.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.render.Audition;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Signals;
import org.junit.jupiter.api.Test;

/**
 * A studio's audition through the instrument (offline, block by block as JACK calls it): a take
 * handed over sounds from the next block as the file has it, over silence and over voices; a new
 * take replaces the one playing; null stops it. On a real recording (an LMMS drum loop).
 */
class AuditionTest {
    static final int BLOCK = 256;

    /** The loop at 48 kHz and a fifth of its level (so neither it nor it over a voice meets the safety limiter). */
    static AudioData loop() throws Exception {
        AudioData a = AudioFiles.read(DebianSamples.audioFiles(DebianSamples.lmms("beats")).get(0));
        a = a.sampleRate() == Rig.RATE ? a : Resampler.resample(a, Rig.RATE);
        float[][] c = a.channels();
        for (float[] ch : c) for (int i = 0; i < ch.length; i++) ch[i] *= 0.2f;
        return new AudioData(c, Rig.RATE);
    }

    /** Renders {@code blocks} blocks, handing {@code take} over before block {@code at}. */
    static float[][] play(Rig rig, int blocks, int at, Audition take) {
        float[][] out = new float[2][blocks * BLOCK];
        for (int b = 0; b < blocks; b++) {
            if (b == at) rig.instrument.audition(take);
            rig.renderer.renderBlock(out, b * BLOCK, BLOCK);
        }
        return out;
    }

    @Test
    void aTakeSoundsFromTheNextBlockAsTheFileHasIt() throws Exception {
        AudioData loop = loop();
        Audition take = Audition.of(loop, Rig.RATE);
        assertEquals(loop.frames(), take.frames());
        int blocks = loop.frames() / BLOCK + 20, at = 7;
        try (Rig rig = Rig.sampler(Rig.sine(220, 1), 1, BLOCK)) {
            float[][] out = play(rig, blocks, at, take);
            for (int ch = 0; ch < 2; ch++) {
                float[] src = loop.channels()[Math.min(ch, loop.channelCount() - 1)];
                for (int i = 0; i < out[ch].length; i++) {
                    int k = i - at * BLOCK;
                    float want = k >= 0 && k < src.length ? src[k] : 0f;
                    if (out[ch][i] != want) throw new AssertionError("channel " + ch + " frame " + i + ": " + out[ch][i] + ", the take has " + want);
                }
            }
            assertEquals(loop.frames(), rig.instrument.auditionedFrames());
        }
    }

    @Test
    void overVoicesTheTakeIsAddedToWhatPlays() throws Exception {
        AudioData loop = loop();
        int blocks = 200, at = 3;
        float[][] alone, with;
        Timeline note = new Timeline.Builder().noteOn(0, 0, 60, 60).build();
        try (Rig rig = Rig.sampler(Rig.sine(220, 4), 1, BLOCK)) {
            rig.renderer.play(note);
            alone = play(rig, blocks, -1, null);
        }
        try (Rig rig = Rig.sampler(Rig.sine(220, 4), 1, BLOCK)) {
            rig.renderer.play(note);
            with = play(rig, blocks, at, Audition.of(loop, Rig.RATE));
        }
        double worst = 0, voice = 0;
        for (int i = at * BLOCK; i < blocks * BLOCK; i++) {
            worst = Math.max(worst, Math.abs(with[0][i] - alone[0][i] - loop.channels()[0][i - at * BLOCK]));
            voice = Math.max(voice, Math.abs(alone[0][i]));
        }
        assertTrue(voice > 0.01, "the note sounds (peak " + voice + ")");
        assertTrue(worst < 1e-6, "with the take = the voices + the take (largest difference " + worst + ")");
    }

    @Test
    void aNewTakeReplacesThePlayingOneAndNullStops() throws Exception {
        AudioData loop = loop();
        float[][] tone = {Signals.sine(440, 0.3, Rig.RATE, Rig.RATE)};
        try (Rig rig = Rig.sampler(Rig.sine(220, 1), 1, BLOCK)) {
            float[][] out = new float[2][60 * BLOCK];
            for (int b = 0; b < 60; b++) {
                if (b == 0) rig.instrument.audition(Audition.of(loop, Rig.RATE));
                if (b == 20) rig.instrument.audition(Audition.of(new AudioData(tone, Rig.RATE), Rig.RATE));
                if (b == 40) rig.instrument.audition(null);
                rig.renderer.renderBlock(out, b * BLOCK, BLOCK);
            }
            for (int i = 0; i < 20 * BLOCK; i++) assertEquals(loop.channels()[0][i], out[0][i], "the loop, frame " + i);
            for (int i = 20 * BLOCK; i < 40 * BLOCK; i++) assertEquals(tone[0][i - 20 * BLOCK], out[1][i], "the tone from its start, on both sides, frame " + i);
            for (int i = 40 * BLOCK; i < 60 * BLOCK; i++) assertEquals(0f, out[0][i], "stopped, frame " + i);
        }
    }

    @Test
    void aTakeIsMadeAtTheInstrumentsRate() {
        float[][] mono = {Signals.sine(440, 0.3, 44_100, 44_100)};
        Audition a = Audition.of(new AudioData(mono, 44_100), 48_000);
        assertEquals(48_000, a.frames(), 1);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Audition.of(new AudioData(mono, 44_100), 0));
        assertEquals("no audio running yet (sample rate unknown)", none.getMessage());
        AudioData hour = new AudioData(new float[][] {new float[8000 * 601]}, 8000);
        assertEquals("longer than 600 s (601 s)", assertThrows(IllegalArgumentException.class, () -> Audition.of(hour, 48_000)).getMessage());
    }
}
