package dev.ersatz.bridge.cli;

import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** `ersatz split IN [-o DIR]`: the non-silent runs of IN, each to its own file (librosa effects.split). */
@CommandLine.Command(name = "split",
        customSynopsis = "usage: ersatz split IN [-o DIR] [--top-db 60] [--frame-length 2048] [--hop-length 512] [--json]",
        description = {"cut a file at its silences into numbered clips (librosa effects.split)",
                "Writes each non-silent run of IN to DIR/STEM-001.wav, STEM-002.wav, ... (DIR defaults to IN's folder;",
                "with --json and no -o nothing is written), at IN's rate and channels, float if IN was float, else 24-bit."})
public final class SplitCommand implements Command {
    @CommandLine.Parameters(paramLabel = "IN", description = "the audio file to split") Path in;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "the folder for the clips (made if missing)") Path dir;

    @CommandLine.Mixin TrimSettings settings = new TrimSettings();

    @Override
    public int run(Console io) throws Exception {
        TrimOptions o = settings.options("split");
        Path dir = this.dir;
        boolean json = settings.json;
        AudioData audio = AudioFiles.read(in);
        List<Interval> runs = Trim.split(audio.channels(), o);
        if (dir == null && !json) dir = in.toAbsolutePath().getParent();
        List<Path> written = new ArrayList<>();
        if (dir != null) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new CliError(dir + ": not a directory");
            Files.createDirectories(dir);
            SampleFormat format = TrimSettings.outputFormat(in);
            String stem = TrimSettings.stem(in);
            for (int k = 0; k < runs.size(); k++) {
                Interval r = runs.get(k);
                float[][] part = new float[audio.channelCount()][];
                for (int c = 0; c < part.length; c++) part[c] = Arrays.copyOfRange(audio.channels()[c], r.start(), r.end());
                Path target = dir.resolve(String.format("%s-%03d.wav", stem, k + 1));
                WavWriter.write(target, new AudioData(part, audio.sampleRate()), format);
                written.add(target);
            }
        }
        if (json) {
            List<Object> pairs = new ArrayList<>();
            for (Interval r : runs) pairs.add(List.of(r.start(), r.end()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", in.toString());
            m.put("rate", audio.sampleRate());
            m.put("intervals", pairs);
            io.out().println(dev.ersatz.engine.util.Json.write(m));
        } else {
            for (int k = 0; k < runs.size(); k++) {
                io.out().printf("[%d, %d) → %s%n", runs.get(k).start(), runs.get(k).end(), written.get(k));
            }
            if (runs.isEmpty()) io.out().println(in + ": all silent, nothing written");
        }
        return 0;
    }
}
