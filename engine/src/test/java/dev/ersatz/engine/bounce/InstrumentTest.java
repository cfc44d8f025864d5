package dev.ersatz.engine.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.InstrumentParams;
import org.junit.jupiter.api.Test;

/** The instrument graph on the offline backend: onsets, voices, pedal, bend, controllers. */
class InstrumentTest {

    private static int firstNonZero(float[] x) {
        for (int i = 0; i < x.length; i++) if (x[i] != 0f) return i;
        return -1;
    }

    @Test
    void noteOnSoundsAtItsExactFrameForAnyOffsetAndBlockSize() {
        int[] blocks = {64, 128, 256, 1000};
        for (int bs : blocks) {
            int[] offsets = {0, 1, bs / 2, bs - 1};
            for (int off : offsets) {
                long frame = 3L * bs + off;
                try (Rig rig = Rig.sampler(Rig.square(2), 7, bs)) {
                    AudioData out = rig.render(new Timeline.Builder().noteOn(frame, 0, 60, 100).build(), 8L * bs);
                    assertEquals(frame, firstNonZero(out.channels()[0]), "left onset, block " + bs + " offset " + off);
                    assertEquals(frame, firstNonZero(out.channels()[1]), "right onset, block " + bs + " offset " + off);
                }
            }
        }
    }

    @Test
    void aSeventeenthNoteStealsAReleasedVoiceFirstThenTheOldest() {
        try (Rig rig = Rig.sampler(Rig.square(2), 1, 128)) {
            Timeline.Builder t = new Timeline.Builder().param(0, InstrumentParams.RELEASE, 10000);
            for (int i = 0; i < 16; i++) t.noteOn(i * 10L, 0, 40 + i, 100);
            t.noteOff(1000, 0, 45);      // released but still sounding (10 s release)
            t.noteOn(2000, 0, 70, 100);  // 17th: takes the released voice
            t.noteOn(3000, 0, 71, 100);  // 18th: takes the oldest held voice (note 40)
            Timeline tl = t.build();
            rig.render(tl, 2500);
            assertEquals(16, rig.instrument.voicesSounding());
            assertFalse(rig.instrument.noteSounding(45), "the released voice is stolen first");
            assertTrue(rig.instrument.noteSounding(40));
            assertTrue(rig.instrument.noteSounding(70));
            rig.render(tl, 1000);
            assertEquals(16, rig.instrument.voicesSounding());
            assertFalse(rig.instrument.noteSounding(40), "then the oldest");
            assertTrue(rig.instrument.noteSounding(41));
            assertTrue(rig.instrument.noteSounding(71));
        }
    }

    @Test
    void sustainPedalHoldsReleasedNotesUntilItIsLifted() {
        try (Rig rig = Rig.sampler(Rig.square(2), 2, 256)) {
            int r = Rig.RATE;
            Timeline t = new Timeline.Builder()
                    .param(0, InstrumentParams.RELEASE, 50)
                    .noteOn(0, 0, 60, 100)
                    .cc(1000, 0, 64, 127)
                    .noteOff(2000, 0, 60)
                    .cc(r, 0, 64, 0)
                    .build();
            AudioData out = rig.render(t, r / 2);
            assertTrue(rig.instrument.noteSounding(60), "held by the pedal after note-off");
            float[] x = out.channels()[0];
            assertTrue(rms(x, r / 2 - 4800, r / 2) > 0.05, "still audible");
            AudioData after = rig.render(t, r);
            assertFalse(rig.instrument.noteSounding(60), "released when the pedal lifts");
            float[] y = after.channels()[0];
            assertTrue(rms(y, r / 2 + 2400, r / 2 + 2400 + 4800) < 1e-6, "silent after the release time");
        }
    }

    @Test
    void pitchBendRaisesThePitchByTheBendRange() {
        int r = Rig.RATE;
        try (Rig rig = Rig.sampler(Rig.sine(480, 4), 3, 128)) {
            Timeline t = new Timeline.Builder()
                    .param(0, InstrumentParams.TEMPERATURE, 0)
                    .noteOn(0, 0, 60, 127)
                    .pitchBend(r, 0, 1.0)
                    .build();
            AudioData out = rig.render(t, 2L * r);
            float[] x = out.channels()[0];
            double before = frequency(x, r / 4, r - r / 8);
            double after = frequency(x, r + r / 4, 2 * r - r / 8);
            assertEquals(480, before, 480 * 0.01, "unbent pitch");
            double expected = 480 * Math.pow(2, 2 / 12.0); // default bend range: 2 semitones
            assertEquals(expected, after, expected * 0.01, "bent pitch");
        }
    }

    @Test
    void noteChoosesTranspositionRelativeToTheRootNote() {
        int r = Rig.RATE;
        try (Rig rig = Rig.sampler(Rig.sine(480, 4), 3, 256)) {
            Timeline t = new Timeline.Builder()
                    .param(0, InstrumentParams.TEMPERATURE, 0)
                    .param(0, InstrumentParams.ROOT_NOTE, 48)
                    .noteOn(0, 0, 55, 127)  // a fifth up
                    .build();
            float[] x = rig.render(t, r).channels()[0];
            double expected = 480 * Math.pow(2, 7 / 12.0);
            assertEquals(expected, frequency(x, r / 4, r - r / 8), expected * 0.01);
        }
    }

    @Test
    void inClipModeTheNoteChoosesTheClip() {
        int r = Rig.RATE;
        dev.ersatz.engine.render.Material two = dev.ersatz.engine.render.Material.of(java.util.List.of(
                new AudioData(new float[][] {dev.ersatz.engine.testing.Signals.sine(300, 0.5, r * 3, r)}, r),
                new AudioData(new float[][] {dev.ersatz.engine.testing.Signals.sine(600, 0.5, r * 3, r)}, r)));
        for (int k = 0; k < 3; k++) {
            try (Rig rig = Rig.sampler(two, 8, 256)) {
                Timeline t = new Timeline.Builder()
                        .param(0, InstrumentParams.TEMPERATURE, 0)
                        .param(0, InstrumentParams.NOTE_MODE, InstrumentParams.MODE_CLIP)
                        .noteOn(0, 0, 60 + k, 127)
                        .build();
                float[] x = rig.render(t, r).channels()[0];
                double expected = k % 2 == 0 ? 300 : 600; // clip (note - root) mod 2, at its own pitch
                assertEquals(expected, frequency(x, r / 4, r - r / 8), expected * 0.01, "note " + (60 + k));
            }
        }
    }

    @Test
    void aParameterChangeStartsAtItsFrameAndGlidesOverItsSmoothingTime() {
        int r = Rig.RATE;
        try (Rig rig = Rig.sampler(Rig.constant(0.5f, 4), 9, 128)) {
            int at = r / 2 + 77; // inside a block
            Timeline t = new Timeline.Builder()
                    .param(0, InstrumentParams.PAN_SPREAD, 0)
                    .param(0, InstrumentParams.TEMPERATURE, 0)
                    .noteOn(0, 0, 60, 127)
                    .param(at, InstrumentParams.GAIN, -20)
                    .build();
            float[] x = rig.render(t, r).channels()[0];
            float before = x[at - 1];
            assertEquals(before, x[at - 200], 1e-3f, "steady before the change");
            assertTrue(x[at] < before, "the glide starts at the event's frame");
            int smoothing = (int) (0.020 * r); // gain's 20 ms
            for (int i = at + 1; i < at + smoothing; i++) assertTrue(x[i] <= x[i - 1] + 1e-6f, "monotonic glide at " + i);
            assertTrue(x[at + smoothing / 2] > before * 0.1f * 1.2f, "still gliding half-way");
            assertEquals(before * 0.1f, x[at + smoothing + 10], before * 0.01f, "-20 dB once the glide is over");
        }
    }

    @Test
    void modWheelSetsTemperatureAndMappedControllersSetTheirParameters() {
        try (Rig rig = Rig.sampler(Rig.square(2), 4, 128)) {
            rig.instrument.setCcMap(rig.instrument.ccMap().with(74, "density"));
            rig.render(new Timeline.Builder().cc(10, 0, 1, 127).cc(20, 0, 74, 0).build(), 256);
            assertEquals(4f, rig.instrument.parameter("temperature"), 1e-6);
            assertEquals(0.5f, rig.instrument.parameter("density"), 1e-6);
            rig.render(new Timeline.Builder().cc(300, 0, 1, 0).build(), 256);
            assertEquals(0f, rig.instrument.parameter("temperature"), 1e-6);
            rig.render(new Timeline.Builder().cc(600, 0, 1, 64).build(), 256);
            assertEquals(4f * 64 / 127, rig.instrument.parameter("temperature"), 1e-5);
            assertEquals((1L << 8) | 64, rig.instrument.lastController());
        }
    }

    @Test
    void allNotesOffReleasesAndAllSoundOffSilencesAtOnce() {
        int r = Rig.RATE;
        try (Rig rig = Rig.sampler(Rig.square(2), 5, 128)) {
            Timeline.Builder t = new Timeline.Builder().param(0, InstrumentParams.RELEASE, 2000);
            for (int i = 0; i < 4; i++) t.noteOn(i, 0, 60 + i, 100);
            t.cc(r / 4, 0, 123, 0);
            rig.render(t.build(), r / 2);
            assertEquals(4, rig.instrument.voicesSounding(), "releasing (2 s release)");
            float[] y = rig.render(new Timeline.Builder().cc(r / 2 + 100, 0, 120, 0).build(), r / 10).channels()[0];
            assertEquals(0, rig.instrument.voicesSounding());
            assertTrue(rms(y, 100 + r / 100, y.length) == 0, "silent 10 ms after all-sound-off");
        }
    }

    /**
     * The idle fast path: taken exactly for the blocks with nothing due and nothing sounding (not the
     * block with a parameter event, not while the note or its release sounds), its blocks are zeros,
     * and a note after it still starts at its exact frame. Two notes, so silent→playing is crossed twice.
     */
    @Test
    void idleBlocksTakeTheSilentPathAndNotesAfterThemStartAtTheirFrame() {
        int bs = 128;
        try (Rig rig = Rig.sampler(Rig.square(2), 9, bs)) {
            Timeline t = new Timeline.Builder()
                    .param(0, InstrumentParams.RELEASE, 10)
                    .noteOn(20L * bs + 5, 0, 60, 100).noteOff(30L * bs, 0, 60)
                    .noteOn(60L * bs + 77, 0, 64, 100).noteOff(70L * bs, 0, 64)
                    .build();
            rig.renderer.play(t);
            float[][] out = new float[2][bs];
            boolean[] silentPath = new boolean[100];
            long firstOnset = -1;
            long secondOnset = -1;
            for (int b = 0; b < silentPath.length; b++) {
                long before = rig.instrument.silentBlocks();
                boolean idleBefore = rig.instrument.voicesSounding() == 0;
                rig.renderer.renderBlock(out, 0, bs);
                silentPath[b] = rig.instrument.silentBlocks() == before + 1;
                assertTrue(rig.instrument.silentBlocks() - before <= 1, "block " + b);
                int on = firstNonZero(out[0]);
                if (silentPath[b]) {
                    assertTrue(idleBefore, "block " + b + ": the silent path only when nothing sounded");
                    assertEquals(-1, on, "block " + b + " is zeros");
                    assertEquals(-1, firstNonZero(out[1]), "block " + b + " is zeros");
                }
                if (on >= 0 && firstOnset < 0) firstOnset = (long) b * bs + on;
                if (on >= 0 && b >= 60 && secondOnset < 0) secondOnset = (long) b * bs + on;
                assertEquals((b + 1L) * bs, rig.instrument.frameTime(), "frames published on either path");
            }
            assertEquals(20L * bs + 5, firstOnset, "the first note's onset");
            assertEquals(60L * bs + 77, secondOnset, "the second note's onset, after silent blocks");
            assertFalse(silentPath[0], "block 0 has a parameter event");
            for (int b = 1; b < 20; b++) assertTrue(silentPath[b], "idle block " + b);
            for (int b = 20; b <= 33; b++) assertFalse(silentPath[b], "block " + b + ": the note or its 10 ms release sounds");
            for (int b = 36; b < 60; b++) assertTrue(silentPath[b], "idle again, block " + b);
            for (int b = 60; b <= 73; b++) assertFalse(silentPath[b], "block " + b + ": the second note sounds");
            for (int b = 76; b < 100; b++) assertTrue(silentPath[b], "idle again, block " + b);
        }
    }

    @Test
    void controlThreadEventsArriveAtTheirFrame() throws Exception {
        try (Rig rig = Rig.sampler(Rig.square(2), 6, 128)) {
            long frame = 1000;
            Thread control = new Thread(() -> rig.instrument.sendMidi(frame, 0x90, 60, 100));
            control.start();
            control.join();
            float[] x = rig.render(Timeline.empty(), 2048).channels()[0];
            assertEquals(frame, firstNonZero(x));
            assertTrue(rig.instrument.setParameter("gain", -6));
            rig.render(Timeline.empty(), 128);
            assertEquals(-6f, rig.instrument.parameter("gain"));
        }
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += x[i] * (double) x[i];
        return Math.sqrt(s / Math.max(1, to - from));
    }

    /** Frequency from the mean spacing of upward zero crossings (linearly interpolated). */
    static double frequency(float[] x, int from, int to) {
        double first = -1;
        double last = -1;
        int count = 0;
        for (int i = from; i < to - 1; i++) {
            if (x[i] <= 0 && x[i + 1] > 0) {
                double at = i + x[i] / (double) (x[i] - x[i + 1]);
                if (first < 0) first = at;
                last = at;
                count++;
            }
        }
        return (count - 1) / (last - first) * Rig.RATE;
    }

    @Test
    void sixteenLoudVoicesNeverLeaveAboveTheSafetyCeiling() {
        try (Rig rig = Rig.sampler(Rig.constant(0.9f, 2), 5, 128)) {
            Timeline.Builder t = new Timeline.Builder().param(0, InstrumentParams.GAIN, 12);
            for (int i = 0; i < 16; i++) t.noteOn(i, 0, 60, 127);
            AudioData out = rig.render(t.build(), Rig.RATE);
            float peak = 0;
            for (float[] ch : out.channels()) for (float v : ch) peak = Math.max(peak, Math.abs(v));
            assertTrue(peak <= 0.9660509f, "peak " + peak + " above -0.3 dBFS");
            assertTrue(peak > 0.9f, "and it is loud (peak " + peak + ")");
        }
    }
}
