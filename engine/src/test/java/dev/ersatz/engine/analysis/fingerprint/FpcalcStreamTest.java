package dev.ersatz.engine.analysis.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streamed 11025 Hz signal is the one-piece signal, sample for sample, across many segment joins. */
class FpcalcStreamTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} Hz, {1} ch, {2} frames, segment {3}, block {4}")
    @CsvSource({
        "44100, 2, 200003, 5000, 4096",    // decimating path (one phase, step 4)
        "44100, 1, 100000, 3000, 1000",
        "22050, 2, 90001, 2000, 333",      // step 2
        "48000, 2, 150000, 7000, 4096",    // packed polyphase path (147 phases)
        "48000, 1, 150000, 7000, 5000",
        "96000, 2, 150000, 9000, 4096",
        "88200, 3, 120000, 6000, 4096",    // pairs and an odd channel
        "48000, 6, 96000, 8000, 2048",
        "11025, 2, 50000, 1000, 777",      // no resampling
        "32000, 1, 64000, 4000, 4096",     // fractional step: kept whole, resampled at the end
        "44100, 2, 1000, 512, 100",        // shorter than a segment
        "44100, 1, 60, 512, 16",           // too short for any output
    })
    void streamedSignalIsTheOnePieceSignal(int rate, int channels, int frames, int segment, int block) throws Exception {
        float[][] ch = new float[channels][];
        for (int c = 0; c < channels; c++) ch[c] = Signals.music(frames, rate, 5 + c);
        AudioData audio = new AudioData(ch, rate);
        short[] whole = FpcalcInput.of(audio);

        FpcalcStream s = new FpcalcStream(segment);
        s.begin(channels, rate, frames);
        float[][] b = new float[channels][block];
        for (int start = 0; start < frames; start += block) {
            int n = Math.min(block, frames - start);
            for (int c = 0; c < channels; c++) System.arraycopy(ch[c], start, b[c], 0, n);
            s.block(b, n);
        }
        assertArrayEquals(whole, s.finish());
        assertEquals(audio.seconds(), s.seconds());
    }

    /** Through a real file and the WAV reader's own blocks: the same fingerprint as decoding it whole. */
    @ParameterizedTest(name = "{0} Hz, {1} ch, {2}")
    @CsvSource({"44100, 2, FLOAT_32", "48000, 2, PCM_16", "22050, 1, PCM_24"})
    void fileFingerprintIsTheWholeDecodeFingerprint(int rate, int channels, SampleFormat format) throws Exception {
        float[][] ch = new float[channels][];
        for (int c = 0; c < channels; c++) ch[c] = Signals.music(rate * 40, rate, 21 + c);
        Path f = dir.resolve("m.wav");
        WavWriter.write(f, new AudioData(ch, rate), format);
        Fingerprint whole = Chromaprint.fingerprint(AudioFiles.read(f), 0);
        Fingerprint streamed = Chromaprint.fingerprint(f, 0);
        assertArrayEquals(whole.raw(), streamed.raw());
        assertEquals(whole.durationSeconds(), streamed.durationSeconds());
        assertArrayEquals(Chromaprint.fingerprint(AudioFiles.read(f), 12).raw(), Chromaprint.fingerprint(f, 12).raw());
    }
}
