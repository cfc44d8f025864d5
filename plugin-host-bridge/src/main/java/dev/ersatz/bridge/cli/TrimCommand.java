package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.WavWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** `ersatz trim IN [-o OUT]`: cuts leading and trailing silence the way librosa's effects.trim does. */
@CommandLine.Command(name = "trim",
        customSynopsis = "usage: ersatz trim IN [-o OUT] [--top-db 60] [--frame-length 2048] [--hop-length 512] [--json]",
        description = {"cut leading and trailing silence (librosa effects.trim)",
                "Writes the non-silent part of IN to OUT (default IN's folder, STEM-trimmed.wav; with --json and",
                "no -o nothing is written), at IN's rate and channels: 32-bit float if IN was float, else 24-bit."})
public final class TrimCommand implements Command {
    @CommandLine.Parameters(paramLabel = "IN", description = "the audio file to trim") Path in;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the trimmed audio") Path out;

    @CommandLine.Mixin TrimSettings settings = new TrimSettings();

    @Override
    public int run(Console io) throws Exception {
        TrimOptions o = settings.options("trim");
        Path out = this.out;
        boolean json = settings.json;
        AudioData audio = AudioFiles.read(in);
        Interval cut = Trim.trim(audio.channels(), o);
        if (out == null && !json) out = in.resolveSibling(TrimSettings.stem(in) + "-trimmed.wav");
        if (out != null) {
            float[][] kept = new float[audio.channelCount()][];
            for (int c = 0; c < kept.length; c++) kept[c] = Arrays.copyOfRange(audio.channels()[c], cut.start(), cut.end());
            WavWriter.write(out, new AudioData(kept, audio.sampleRate()), TrimSettings.outputFormat(in));
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", in.toString());
            m.put("rate", audio.sampleRate());
            m.put("start", cut.start());
            m.put("end", cut.end());
            io.out().println(dev.ersatz.engine.util.Json.write(m));
        } else {
            io.out().printf("%s: kept [%d, %d) of %d samples → %s%n", in, cut.start(), cut.end(), audio.frames(), out);
        }
        return 0;
    }
}
