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

    /**
     * Decodes a whole file: WAV, AIFF/AIFF-C, FLAC or Ogg Vorbis, told apart by their first bytes.
     * Runs on any thread but the audio thread (it reads the file and allocates). Every failure,
     * including a decoder library's own, comes out as one {@link AudioFileException} "FILE: reason".
     */
    public static AudioData read(Path file) throws AudioFileException {
        ByteBuffer bytes = map(file);
        try {
            if (startsWith(bytes, "RIFF") && startsWithAt(bytes, 8, "WAVE")) return WavReader.read(file, bytes);
            if (startsWith(bytes, "FORM") && (startsWithAt(bytes, 8, "AIFF") || startsWithAt(bytes, 8, "AIFC"))) return AiffReader.read(file, bytes);
            if (startsWith(bytes, "fLaC") || (startsWith(bytes, "ID3") && startsWithAt(bytes, id3Length(bytes), "fLaC"))) return FlacReader.read(file, bytes);
            if (startsWith(bytes, "OggS")) return OggVorbisReader.read(file, bytes);
        } catch (RuntimeException | StackOverflowError e) {
            // A decoder library tripping over damaged data (an index out of bounds, a bad table): the file is corrupt.
            throw new AudioFileException(file, "corrupt " + formatName(bytes) + " data (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().strip().replace('\n', ' ')) + ")", e);
        } catch (OutOfMemoryError e) {
            // Our readers size allocations by the data present (AudioLimits), but a library (JOrbis unpacking a damaged
            // Vorbis setup header) may believe a table size it reads. That one failed allocation is all that is lost.
            throw new AudioFileException(file, "corrupt " + formatName(bytes) + " data (a header asks for more memory than the heap has)");
        }
        throw new AudioFileException(file, describeUnknown(bytes));
    }

    /**
     * Hands a file's samples to {@code sink} in blocks of up to {@code blockFrames}. WAV is read from
     * disk a block at a time (memory: one block, however long the file); the compressed formats and
     * AIFF are decoded whole first and then handed out (their decoders are whole-file). Failures as
     * {@link #read}.
     */
    public static void stream(Path file, int blockFrames, AudioSink sink) throws AudioFileException {
        ByteBuffer bytes = map(file);
        if (startsWith(bytes, "RIFF") && startsWithAt(bytes, 8, "WAVE")) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                WavReader.stream(file, bytes, ch, blockFrames, sink);
            } catch (IOException e) {
                throw new AudioFileException(file, "cannot read: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new AudioFileException(file, "corrupt WAV data (" + e.getClass().getSimpleName() + ")", e);
            }
            return;
        }
        AudioData a = read(file);
        float[][] block = new float[a.channelCount()][];
        sink.begin(a.channelCount(), a.sampleRate(), a.frames());
        for (int start = 0; start < a.frames(); start += blockFrames) {
            int n = Math.min(blockFrames, a.frames() - start);
            for (int c = 0; c < block.length; c++) block[c] = java.util.Arrays.copyOfRange(a.channels()[c], start, start + n);
            sink.block(block, n);
        }
    }

    private static String formatName(ByteBuffer b) {
        if (startsWith(b, "RIFF")) return "WAV";
        if (startsWith(b, "FORM")) return "AIFF";
        if (startsWith(b, "OggS")) return "Ogg Vorbis";
        return "FLAC";
    }

    /** Length of an ID3v2 tag at the start (10-byte header plus its syncsafe size), where some tools put one before FLAC. */
    static int id3Length(ByteBuffer b) {
        if (b.limit() < 10) return Integer.MAX_VALUE / 2;
        int size = 0;
        for (int i = 6; i < 10; i++) size = (size << 7) | (b.get(i) & 0x7F);
        return 10 + size;
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

    /** The first 512 bytes are valid UTF-8 (ASCII included) without control characters other than tab and line ends. */
    private static boolean looksLikeText(ByteBuffer b) {
        int n = Math.min(b.limit(), 512);
        byte[] head = new byte[n];
        b.duplicate().position(0).get(head);
        for (byte x : head) {
            int c = x & 0xFF;
            if (c < 32 && c != '\n' && c != '\r' && c != '\t' || c == 127) return false;
        }
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(n);
        // endOfInput false: a character cut at byte 512 is not an error.
        return !utf8.decode(ByteBuffer.wrap(head), chars, n < b.limit() ? false : true).isError();
    }

    static boolean startsWith(ByteBuffer b, String magic) { return startsWithAt(b, 0, magic); }

    static boolean startsWithAt(ByteBuffer b, int at, String magic) {
        if (at < 0 || b.limit() - magic.length() < at) return false;
        for (int i = 0; i < magic.length(); i++) {
            if (b.get(at + i) != (byte) magic.charAt(i)) return false;
        }
        return true;
    }

    private static String describeUnknown(ByteBuffer b) {
        if (looksLikeText(b)) return "not an audio file (looks like text)";
        if (startsWith(b, "ID3") || (b.limit() >= 2 && (b.get(0) & 0xFF) == 0xFF && (b.get(1) & 0xE0) == 0xE0)) {
            return "unsupported format: MP3 (convert it to WAV or FLAC)";
        }
        if (startsWith(b, "RF64")) return "unsupported format: RF64 (WAV over 4 GiB)";
        if (startsWith(b, "RIFF")) return "unsupported format: a RIFF file that is not WAVE";
        if (startsWith(b, "caff")) return "unsupported format: Core Audio (CAF)";
        if (startsWith(b, "FORM")) return "unsupported format: an IFF file that is not AIFF";
        return "not a supported audio file (WAV, AIFF, FLAC or Ogg Vorbis)";
    }
}
