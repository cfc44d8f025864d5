package dev.ersatz.engine.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * Decodes FLAC with JFLAC, frame by frame. JFLAC is lenient: it zeroes frames whose CRC fails and
 * skips frames with bad headers; here either makes the file an error, as does a stream that ends
 * before the sample count its STREAMINFO declares.
 */
final class FlacReader {
    private FlacReader() { }

    static AudioData read(Path file, ByteBuffer bytes) throws AudioFileException {
        FLACDecoder decoder = new FLACDecoder(streamInfoAndFrames(file, bytes));
        Errors errors = new Errors();
        decoder.addFrameListener(errors);
        StreamInfo info;
        try {
            decoder.readMetadata();
            info = decoder.getStreamInfo();
        } catch (IOException e) {
            throw new AudioFileException(file, "corrupt FLAC header (" + reason(e) + ")");
        }
        if (info == null) throw new AudioFileException(file, "corrupt FLAC header (no STREAMINFO)");
        int channels = info.getChannels();
        int rate = info.getSampleRate();
        int bits = info.getBitsPerSample();
        long total = info.getTotalSamples(); // 0 = unknown (a stream encoder could not seek back to fill it in)
        if (channels < 1 || channels > 8) throw new AudioFileException(file, "corrupt FLAC header: " + channels + " channels");
        if (rate < 1 || rate > 1_536_000) throw new AudioFileException(file, "unsupported sample rate " + rate);
        if (bits < 4 || bits > 32) throw new AudioFileException(file, "unsupported FLAC sample size " + bits + " bits");
        // The declared length sizes the first allocation only as far as the file's size makes it plausible.
        ChannelBuffers out = new ChannelBuffers(file, channels, Math.min(total, bytes.limit()));
        float scale = (float) (1.0 / (1L << (bits - 1)));
        try {
            while (total == 0 || out.frames() < total) {
                Frame frame = decoder.readNextFrame();
                if (frame == null) break; // end of the data, whole or not (checked below)
                if (errors.first != null) throw new AudioFileException(file, "corrupt FLAC data at sample " + out.frames() + " (" + errors.first + ")");
                if (frame.header.channels != channels) {
                    throw new AudioFileException(file, "corrupt FLAC data: a frame has " + frame.header.channels + " channels, the stream " + channels);
                }
                int n = frame.header.blockSize;
                if (total != 0) n = (int) Math.min(n, total - out.frames());
                float[][] dst = out.reserve(n);
                int at = out.frames();
                for (int c = 0; c < channels; c++) {
                    int[] src = decoder.getChannelData()[c].getOutput();
                    float[] d = dst[c];
                    for (int i = 0; i < n; i++) d[at + i] = src[i] * scale;
                }
                out.advance(n);
            }
        } catch (IOException e) {
            throw new AudioFileException(file, "corrupt FLAC data at sample " + out.frames() + " (" + reason(e) + ")");
        }
        if (total != 0 && out.frames() < total) {
            throw new AudioFileException(file, "truncated: STREAMINFO declares " + total + " samples, the frames hold " + out.frames());
        }
        if (errors.first != null) {
            throw new AudioFileException(file, "truncated or corrupt FLAC data at sample " + out.frames() + " (" + errors.first + ")");
        }
        if (out.frames() == 0) throw new AudioFileException(file, "no samples");
        return new AudioData(out.toArrays(), rate);
    }

    /**
     * The file as JFLAC should see it: "fLaC", STREAMINFO marked as the last metadata block, then the
     * frames. Other metadata (tags, pictures, seek tables) is skipped here, unparsed: JFLAC believes
     * their length fields, and a damaged tag count would have it allocate gigabytes.
     */
    private static InputStream streamInfoAndFrames(Path file, ByteBuffer bytes) throws AudioFileException {
        int p = AudioFiles.startsWith(bytes, "ID3") ? AudioFiles.id3Length(bytes) : 0;
        p += 4; // "fLaC"
        byte[] streamInfo = null;
        boolean last = false;
        while (!last) {
            if (bytes.limit() - p < 4) throw new AudioFileException(file, "truncated: FLAC metadata ends early");
            int head = bytes.get(p) & 0xFF;
            last = (head & 0x80) != 0;
            int type = head & 0x7F;
            int length = (bytes.get(p + 1) & 0xFF) << 16 | (bytes.get(p + 2) & 0xFF) << 8 | (bytes.get(p + 3) & 0xFF);
            p += 4;
            if (length > bytes.limit() - p) throw new AudioFileException(file, "truncated: FLAC metadata block of " + length + " bytes, " + (bytes.limit() - p) + " present");
            if (type == 127) throw new AudioFileException(file, "corrupt FLAC metadata (invalid block type)");
            if (streamInfo == null) {
                if (type != 0 || length != 34) throw new AudioFileException(file, "corrupt FLAC header (STREAMINFO missing or malformed)");
                streamInfo = new byte[4 + 4 + 34];
                streamInfo[0] = 'f'; streamInfo[1] = 'L'; streamInfo[2] = 'a'; streamInfo[3] = 'C';
                streamInfo[4] = (byte) 0x80; // last block, type 0
                streamInfo[7] = 34;
                bytes.duplicate().position(p).get(streamInfo, 8, 34);
            }
            p += length;
        }
        return new SequenceInputStream(new ByteArrayInputStream(streamInfo), new ByteBufferInputStream(bytes.duplicate().position(p).slice()));
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Keeps JFLAC's first complaint (a lost sync, a bad header, a CRC mismatch) instead of letting it pass silently. */
    private static final class Errors implements FrameListener {
        String first;

        @Override public void processMetadata(Metadata metadata) { }

        @Override public void processFrame(Frame frame) { }

        @Override
        public void processError(String msg) {
            if (first == null) first = msg.strip().replace('\n', ' ');
        }
    }
}
