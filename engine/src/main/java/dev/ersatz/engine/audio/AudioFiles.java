package dev.ersatz.engine.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads any audio file Ersatz understands, chosen by its content, not its name. */
public final class AudioFiles {
    private AudioFiles() { }

    public static AudioData read(Path file) throws AudioFileException {
        ByteBuffer bytes = map(file);
        if (startsWith(bytes, "RIFF") && startsWithAt(bytes, 8, "WAVE")) return WavReader.read(file, bytes);
        throw new AudioFileException(file, describeUnknown(bytes));
    }

    static ByteBuffer map(Path file) throws AudioFileException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) throw new AudioFileException(file, "empty file");
            if (size > Integer.MAX_VALUE) throw new AudioFileException(file, "too large (" + (size >> 20) + " MiB; files up to 2 GiB are read)");
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            throw new AudioFileException(file, "no such file");
        } catch (IOException e) {
            if (Files.isDirectory(file)) throw new AudioFileException(file, "is a directory");
            throw new AudioFileException(file, "cannot read: " + e.getMessage());
        }
    }

    static boolean startsWith(ByteBuffer b, String magic) { return startsWithAt(b, 0, magic); }

    static boolean startsWithAt(ByteBuffer b, int at, String magic) {
        if (b.limit() < at + magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) {
            if (b.get(at + i) != (byte) magic.charAt(i)) return false;
        }
        return true;
    }

    private static String describeUnknown(ByteBuffer b) {
        int n = Math.min(b.limit(), 512);
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int c = b.get(i) & 0xFF;
            if (c == '\n' || c == '\r' || c == '\t' || (c >= 32 && c < 127)) printable++;
        }
        if (printable == n) return "not an audio file (looks like text)";
        return "not a supported audio file (WAV, AIFF, FLAC or Ogg Vorbis)";
    }
}
