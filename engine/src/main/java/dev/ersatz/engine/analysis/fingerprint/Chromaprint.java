package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import java.nio.file.Path;

/**
 * Chromaprint's default fingerprint (algorithm TEST2, what {@code fpcalc -raw -length 0} prints for a
 * whole file), computed in Java. The input goes the way fpcalc sends it (see {@link FpcalcInput}):
 * int16, mixed to mono and resampled to 11025 Hz by libswresample's integer path; then frames of 4096
 * every 1365 samples, chroma, the 5-tap filter, normalisation and the 16 classifiers. Thread-safe
 * (no shared state); call it from worker or control threads, never the audio thread (it allocates).
 */
public final class Chromaprint {
    /** The rate Chromaprint works at. */
    public static final int SAMPLE_RATE = 11025;
    public static final int FRAME_SIZE = 4096;
    /** Frame step: 4096 - (4096 - 4096 / 3). */
    public static final int HOP = FRAME_SIZE / 3;
    /** Time between fingerprint items. */
    public static final double ITEM_SECONDS = HOP / (double) SAMPLE_RATE;
    /** The shortest 11025 Hz signal that yields one item: 20 frames (4 fill the filter, 15 more the widest classifier). */
    public static final int MIN_SAMPLES = FRAME_SIZE + (4 + Classifiers.MAX_WIDTH - 1) * HOP;

    private Chromaprint() { }

    /** Any rate and channel count; an empty {@code raw} when the audio is too short (under about 2.7 s). */
    public static Fingerprint fingerprint(AudioData audio) {
        return fingerprint(audio, 0);
    }

    /**
     * Like fpcalc -length: only the first maxSeconds (0 = all) of the 11025 Hz signal are used,
     * truncated to whole samples as fpcalc does; the duration is still the whole file's.
     */
    public static Fingerprint fingerprint(AudioData audio, double maxSeconds) {
        double duration = audio.frames() / (double) audio.sampleRate();
        short[] x = FpcalcInput.of(audio);
        long limit = (long) (maxSeconds * SAMPLE_RATE);
        if (limit > 0 && limit < x.length) x = java.util.Arrays.copyOf(x, (int) limit);
        return new Fingerprint(ofSignal(x), duration);
    }

    /**
     * The fingerprint of a file, streamed: the same result as {@code fingerprint(AudioFiles.read(file),
     * maxSeconds)}, but a WAV is never decoded whole (memory is the 11025 Hz signal, about 1/16 of a
     * 44.1 kHz stereo float decode; see {@link FpcalcStream}).
     */
    public static Fingerprint fingerprint(Path file, double maxSeconds) throws AudioFileException {
        FpcalcStream stream = new FpcalcStream();
        AudioFiles.stream(file, 1 << 14, stream);
        short[] x = stream.finish();
        long limit = (long) (maxSeconds * SAMPLE_RATE);
        if (limit > 0 && limit < x.length) x = java.util.Arrays.copyOf(x, (int) limit);
        return new Fingerprint(ofSignal(x), stream.seconds());
    }

    /** The fingerprint of a signal that is already 16-bit mono at 11025 Hz. */
    static int[] ofSignal(short[] x) {
        ChromaImage chroma = new ChromaImage(FRAME_SIZE, HOP, SAMPLE_RATE);
        int rows = chroma.rows(x.length);
        if (rows < Classifiers.MAX_WIDTH) return new int[0];
        return Classifiers.fingerprint(chroma.build(x), rows);
    }
}
