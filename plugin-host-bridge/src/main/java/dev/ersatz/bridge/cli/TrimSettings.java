package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.SampleFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * What `trim` and `split` share: their threshold options (a picocli mixin) and the format they
 * write. Control thread.
 */
final class TrimSettings {
    @CommandLine.Option(names = "--top-db", paramLabel = "DB", description = "a frame is silent this many dB below the loudest (default 60)")
    double topDb = TrimOptions.DEFAULT.topDb();

    @CommandLine.Option(names = "--frame-length", paramLabel = "N", description = "samples per RMS frame (default 2048)")
    int frameLength = TrimOptions.DEFAULT.frameLength();

    @CommandLine.Option(names = "--hop-length", paramLabel = "N", description = "samples between frame centres (default 512)")
    int hopLength = TrimOptions.DEFAULT.hopLength();

    @CommandLine.Option(names = "--json", description = "print the cut points (samples at the file's rate) as JSON")
    boolean json;

    /** The options given, each checked against its range; a value outside is a usage mistake of {@code command}. */
    TrimOptions options(String command) {
        double topDb = OptionRange.check(command, "--top-db", this.topDb, 1e-9, 1000);
        int frame = OptionRange.check(command, "--frame-length", frameLength, 1, 1 << 20);
        int hop = OptionRange.check(command, "--hop-length", hopLength, 1, 1 << 20);
        return new TrimOptions(topDb, frame, hop);
    }

    /** 32-bit float when the input stored floats (a WAV with format 3, plain or extensible), else 24-bit PCM. */
    static SampleFormat outputFormat(Path input) {
        byte[] head = new byte[4096];
        int got;
        try (InputStream in = Files.newInputStream(input)) {
            got = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return SampleFormat.PCM_24;
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, got).order(ByteOrder.LITTLE_ENDIAN);
        if (got < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) return SampleFormat.PCM_24; // RIFF, WAVE
        int at = 12;
        while (at + 8 <= got) {
            int id = b.getInt(at);
            long size = b.getInt(at + 4) & 0xFFFFFFFFL;
            if (id == 0x20746d66 && at + 10 <= got) { // "fmt "
                int tag = b.getShort(at + 8) & 0xFFFF;
                if (tag == 0xFFFE && at + 8 + 26 <= got) tag = b.getShort(at + 8 + 24) & 0xFFFF; // sub-format GUID
                return tag == 3 ? SampleFormat.FLOAT_32 : SampleFormat.PCM_24;
            }
            at += 8 + size + (size & 1);
        }
        return SampleFormat.PCM_24;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
