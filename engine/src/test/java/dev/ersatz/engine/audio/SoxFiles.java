package dev.ersatz.engine.audio;

import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test files made by the real sox, and sox's own decoding of any file, to compare our decoders with. */
final class SoxFiles {
    private SoxFiles() { }

    /** A float WAV of music-like material with a different signal per channel (written by our own writer, read by sox). */
    static Path source(Path dir, int channels, int rate, double seconds) throws Exception {
        int frames = (int) Math.round(seconds * rate);
        float[][] x = new float[channels][];
        for (int c = 0; c < channels; c++) {
            float[] m = Signals.music(frames, rate, 11 + c);
            float[] n = Signals.noise(0.05, frames, 100 + c);
            for (int i = 0; i < frames; i++) m[i] = 0.8f * m[i] + n[i];
            x[c] = m;
        }
        Path src = dir.resolve("source-" + channels + "ch-" + rate + ".wav");
        WavWriter.write(src, new AudioData(x, rate), SampleFormat.FLOAT_32);
        return src;
    }

    /** Runs {@code sox IN [options...] OUT}, returning OUT. */
    static Path convert(Path in, Path out, String... outputOptions) {
        return convert(in, out, outputOptions, new String[0]);
    }

    /** Runs {@code sox IN [options...] OUT [effects...]}, returning OUT. */
    static Path convert(Path in, Path out, String[] outputOptions, String... effects) {
        List<String> cmd = new ArrayList<>(List.of("sox", "-D", in.toString()));
        cmd.addAll(List.of(outputOptions));
        cmd.add(out.toString());
        cmd.addAll(List.of(effects));
        Tools.check(60, cmd.toArray(String[]::new));
        return out;
    }

    /** sox's own decoding of {@code file}: planar floats, through raw 32-bit little-endian float output. */
    static float[][] decode(Path file, Path scratch) throws IOException {
        int channels = Integer.parseInt(Tools.check(30, "sox", "--i", "-c", file.toString()).strip());
        Path raw = scratch.resolve(file.getFileName() + ".f32");
        Tools.check(60, "sox", "-D", file.toString(), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", raw.toString());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        Files.delete(raw);
        int frames = b.remaining() / 4 / channels;
        float[][] out = new float[channels][frames];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) out[c][i] = b.getFloat();
        }
        return out;
    }

    static int soxRate(Path file) {
        return Integer.parseInt(Tools.check(30, "sox", "--i", "-r", file.toString()).strip());
    }
}
