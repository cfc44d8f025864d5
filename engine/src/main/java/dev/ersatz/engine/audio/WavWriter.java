package dev.ersatz.engine.audio;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes WAV files atomically: the samples go to a temporary file beside the target, which is then
 * renamed over it, so a crash never leaves a half-written file under the name asked for.
 * PCM is rounded (no dither) and clipped, scaled by 2^(bits-1) like every reader here and sox, so
 * samples read from a PCM file are written back to the same integers; float is IEEE 32-bit (format 3,
 * with a fact chunk). Runs on a control or worker thread, never the audio thread.
 */
public final class WavWriter {
    private WavWriter() { }

    public static void write(Path target, AudioData audio, SampleFormat format) throws AudioFileException {
        refuseNonFinite(target, audio);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (dir != null) Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 OutputStream os = new BufferedOutputStream(fos, 1 << 16)) {
                writeTo(os, audio, format);
                os.flush();
                // On disk before the rename makes it visible, so a power cut cannot leave the new name with no data.
                fos.getFD().sync();
            }
            permissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new AudioFileException(target, "cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            }
        }
    }

    /** The temporary file is private (0600); give the result the permissions of the file it replaces, or rw-r--r--. */
    private static void permissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        Set<PosixFilePermission> p = Files.exists(target) ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, p);
    }

    /** A NaN or infinity would be written as garbage (PCM) or as a file no reader accepts (float); say so instead. */
    private static void refuseNonFinite(Path target, AudioData audio) throws AudioFileException {
        float[][] c = audio.channels();
        for (int k = 0; k < c.length; k++) {
            for (int i = 0; i < c[k].length; i++) {
                if (!Float.isFinite(c[k][i])) {
                    throw new AudioFileException(target, "cannot write " + (Float.isNaN(c[k][i]) ? "a NaN" : "an infinite") + " sample (frame " + i
                            + (c.length > 1 ? " of channel " + (k + 1) : "") + ")");
                }
            }
        }
    }

    static void writeTo(OutputStream os, AudioData audio, SampleFormat format) throws IOException {
        int ch = audio.channelCount();
        long frames = audio.frames();
        int bytesPerSample = format.bits / 8;
        long dataBytes = frames * ch * bytesPerSample;
        boolean isFloat = format == SampleFormat.FLOAT_32;
        int fmtSize = isFloat ? 18 : 16;
        long riffSize = 4 + (8 + fmtSize) + (isFloat ? 12 : 0) + 8 + dataBytes + (dataBytes & 1);
        if (riffSize > 0xFFFFFFFFL) throw new IOException("longer than a WAV file can hold (4 GiB)");
        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) riffSize);
        h.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(fmtSize);
        h.putShort((short) (isFloat ? 3 : 1)).putShort((short) ch).putInt(audio.sampleRate());
        h.putInt(audio.sampleRate() * ch * bytesPerSample).putShort((short) (ch * bytesPerSample)).putShort((short) format.bits);
        if (isFloat) {
            h.putShort((short) 0);
            h.put("fact".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(4).putInt((int) frames);
        }
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        os.write(h.array(), 0, h.position());

        float[][] c = audio.channels();
        ByteBuffer buf = ByteBuffer.allocate(8192 * ch * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int k = 0; k < ch; k++) {
                float v = c[k][i];
                switch (format) {
                    case PCM_16 -> buf.putShort((short) quantize(v, 32768));
                    case PCM_24 -> {
                        int q = quantize(v, 8388608);
                        buf.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
                    }
                    case FLOAT_32 -> buf.putFloat(v);
                }
            }
            if (buf.remaining() < ch * bytesPerSample) {
                os.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        os.write(buf.array(), 0, buf.position());
        if ((dataBytes & 1) == 1) os.write(0);
    }

    /** round(v · full), clipped to [-full, full - 1]: +1.0 clips to the largest code, as sox does. */
    private static int quantize(float v, int full) {
        long q = Math.round((double) v * full);
        return (int) Math.max(-full, Math.min(full - 1, q));
    }
}
