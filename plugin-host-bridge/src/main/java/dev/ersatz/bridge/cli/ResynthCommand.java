package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.render.Parameter;
import dev.ersatz.engine.resynth.CorpusUnits;
import dev.ersatz.engine.resynth.ResynthParams;
import dev.ersatz.engine.resynth.Resynthesizer;
import dev.ersatz.engine.resynth.UnitIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz resynth IN --corpus DIR... -o OUT.wav`: the input re-voiced unit by unit with the corpus's
 * own sounds ({@link Resynthesizer}), offline and deterministic per seed. Main (control) thread.
 */
@CommandLine.Command(name = "resynth",
        customSynopsis = "usage: ersatz resynth IN --corpus DIR [--corpus DIR...] -o OUT.wav [--temperature T] [--seed N] [--set ID=VALUE...]",
        description = {"re-voice a recording with your own samples: its rhythm and contour, the corpus's sounds",
                "Cuts IN into units (at its onsets, and at most --set unit=MS long), describes each as the corpus",
                "is described (loudness, mel spectrum, centroid, noisiness, attack) and plays the corpus unit that",
                "matches, gain-matched to the input's envelope. Temperature 0 plays the nearest unit; higher",
                "temperatures sample among the nearest from softmax(-distance / T). The same seed gives the same",
                "file. Parameters for --set: temperature, unit (ms), resynth_continuity, dry_wet, weight_loudness,",
                "weight_timbre, weight_brightness, weight_noisiness, neighbours, max_gain (dB); ranges and defaults",
                "in docs/manual/resynth.md. A corpus file that cannot be read is reported and skipped (exit 1)."})
public final class ResynthCommand implements Command {
    @CommandLine.Parameters(paramLabel = "IN", description = "the recording to re-voice") Path inFile;

    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "audio files or folders whose sounds play (repeatable)", required = true)
    List<Path> corpus = new ArrayList<>();

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "the WAV file to write", required = true) Path out;

    @CommandLine.Option(names = "--temperature", paramLabel = "T", description = "0 the nearest unit, up to 4 wilder (default 0.5)") Double temperature;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)") long seed = 1;

    @CommandLine.Option(names = "--set", paramLabel = "ID=VALUE", description = "set a resynthesis parameter (repeatable; see above)")
    Map<String, String> set = new LinkedHashMap<>();

    @Override
    public int run(Console io) throws Exception {
        float[] params = ResynthParams.SET.defaults();
        params[ResynthParams.TEMPERATURE] = 0.5f;
        if (temperature != null) set.put("temperature", Double.toString(temperature));
        for (Map.Entry<String, String> e : set.entrySet()) {
            int i = ResynthParams.SET.indexOf(e.getKey());
            if (i < 0) throw CliError.usage("resynth: no parameter '" + e.getKey() + "' (ersatz resynth --help lists them)");
            Parameter p = ResynthParams.SET.get(i);
            double v;
            try {
                v = Double.parseDouble(e.getValue());
            } catch (NumberFormatException x) {
                throw CliError.usage("resynth: " + e.getKey() + " wants a number, not '" + e.getValue() + "'");
            }
            if (!p.inRange(v)) {
                throw CliError.usage(String.format(Locale.ROOT, "resynth: %s wants %s to %s %s, not %s", p.id(), num(p.min()), num(p.max()), p.unit(), e.getValue()).replace("  ", " "));
            }
            params[i] = p.clamp((float) v);
        }
        AudioData input = AudioFiles.read(inFile);
        if (input.frames() == 0) throw new CliError(inFile + ": no audio (0 frames)");
        boolean[] skipped = {false};
        List<Clip> clips;
        try (ProgressBar bar = io.progress("reading the corpus")) {
            clips = CorpusLoader.load(corpus, input.sampleRate(), (AudioFileException e) -> {
                io.warn(e.getMessage());
                skipped[0] = true;
            }, bar);
        }
        if (clips.isEmpty()) throw new CliError("resynth: no readable audio in the corpus " + corpus);
        CorpusUnits units;
        try (ProgressBar bar = io.progress("describing the corpus")) {
            units = CorpusUnits.of(clips, input.sampleRate(), Math.round(params[ResynthParams.UNIT] * 0.001f * input.sampleRate()), bar);
        }
        if (units.count() == 0) throw new CliError("resynth: the corpus " + corpus + " has no sound to play (every file silent)");
        UnitIndex index = new UnitIndex(units.descriptors, units.count(), CorpusUnits.DIMS, UnitIndex.DEFAULT_TREES, seed);
        Resynthesizer.Result r;
        try (ProgressBar bar = io.progress("resynthesizing")) {
            r = new Resynthesizer(units, index).render(input, params, seed, bar);
        }
        WavWriter.write(out, r.audio(), SampleFormat.PCM_24);
        io.out().printf(Locale.ROOT, "wrote %s (%.1f s, %d units of %d in the corpus, %d Hz)%n",
                out, r.audio().seconds(), r.choices().size(), units.count(), r.audio().sampleRate());
        return skipped[0] ? 1 : 0;
    }

    private static String num(float v) { return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v); }
}
