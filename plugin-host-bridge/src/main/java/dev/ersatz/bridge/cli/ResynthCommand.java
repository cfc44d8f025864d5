package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.resynth.ResynthProcessor;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.session.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz resynth IN --corpus DIR... -o OUT.wav`: the input re-voiced unit by unit with the corpus's
 * own sounds, offline, through the graph `ersatz run --resynth` plays live (the session's), and
 * deterministic per seed. Main (control) thread.
 */
@CommandLine.Command(name = "resynth",
        customSynopsis = "usage: ersatz resynth IN --corpus DIR [--corpus DIR...] -o OUT.wav [--model M] [--preset P] [--temperature T] [--seed N] [--set ID=VALUE...]",
        description = {"re-voice a recording with your own samples: its rhythm and contour, the corpus's sounds",
                "Cuts IN into units (at its onsets, and at most --set unit=MS long), describes each as the corpus",
                "is described (loudness, mel spectrum, centroid, noisiness, attack) and plays the corpus unit that",
                "matches, gain-matched to the input's envelope. Temperature 0 plays the nearest unit; higher",
                "temperatures sample among the nearest from softmax(-distance / T). The same seed gives the same",
                "file, and the same sound `ersatz run --resynth` makes live (latency removed). Parameters for --set",
                "(and a preset's): temperature, unit (ms), resynth_continuity, dry_wet, weight_loudness, weight_timbre,",
                "weight_brightness, weight_noisiness, neighbours, max_gain (dB), hold; ranges and defaults in",
                "docs/manual/resynth.md. A corpus file that cannot be read is reported and skipped."})
public final class ResynthCommand implements Command {
    @CommandLine.Parameters(paramLabel = "IN", description = "the recording to re-voice") Path inFile;

    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "audio files or folders whose sounds play (repeatable)", required = true)
    List<Path> corpus = new ArrayList<>();

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "the WAV file to write", required = true) Path out;

    @CommandLine.Option(names = "--model", paramLabel = "M", description = "a model made by ersatz train: with --set hold=1 it takes over when the input falls silent")
    Path model;

    @CommandLine.Option(names = "--preset", paramLabel = "P", description = "a preset whose parameters to start from (its kind is played as resynth)") Path preset;

    @CommandLine.Option(names = "--temperature", paramLabel = "T", description = "0 the nearest unit, up to 4 wilder (default 0.5, or the preset's)") Double temperature;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)") long seed = 1;

    @CommandLine.Option(names = "--set", paramLabel = "ID=VALUE", description = "set a parameter by its stable id (repeatable; see above)")
    List<String> sets = new ArrayList<>();

    @Override
    public int run(Console io) throws Exception {
        Map<String, Double> settings = BounceCommand.settings(sets, ParameterCatalog.instrument(), "resynth");
        if (temperature != null) settings.put("temperature", OptionRange.check("resynth", "--temperature", temperature, 0, 4));
        else if (preset == null) settings.putIfAbsent("temperature", 0.5);
        if (preset != null && !Files.isRegularFile(preset)) throw new CliError(preset + ": no such file");
        AudioData input = AudioFiles.read(inFile);
        if (input.frames() == 0) throw new CliError(inFile + ": no audio (0 frames)");
        if (model != null && !Files.isRegularFile(model)) throw new CliError(model + ": no such file");
        Description d = Description.of(new Sources(corpus, model)).withPreset(preset).withSeed(seed).withRate(input.sampleRate())
                .withKind(GeneratorKind.RESYNTH);
        for (Map.Entry<String, Double> e : settings.entrySet()) d = d.withOverride(e.getKey(), e.getValue());
        AudioData result;
        long matched;
        int units;
        try (InstrumentSession session = InstrumentSession.open(d, io.reporter())) {
            result = session.resynthesize(input);
            ResynthProcessor r = session.resynthesis();
            matched = r.unitsMatched();
            units = r.source().units().count();
        } catch (SessionException.NoAudio e) {
            throw new CliError("resynth: no readable audio in the corpus " + corpus, 1);
        } catch (SessionException e) {
            throw CliError.of(e, "resynth");
        }
        WavWriter.write(out, result, SampleFormat.PCM_24);
        io.out().printf(Locale.ROOT, "wrote %s (%.1f s, %d units of %d in the corpus, %d Hz)%n",
                out, result.seconds(), matched, units, result.sampleRate());
        return 0;
    }
}
