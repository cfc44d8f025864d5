package dev.ersatz.bridge.cli;

import dev.ersatz.engine.compose.Composer;
import dev.ersatz.engine.compose.Composition;
import dev.ersatz.engine.compose.CompositionMidi;
import dev.ersatz.engine.compose.MidiModel;
import dev.ersatz.engine.compose.MidiModelException;
import dev.ersatz.engine.compose.MidiModelFile;
import dev.ersatz.engine.compose.NoteStatistics;
import dev.ersatz.engine.compose.Part;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz compose MODEL --bars 16 -o OUT.mid`: new music from a model `ersatz learn-midi` made,
 * written as a Standard MIDI File. Deterministic per seed. Runs on the main (control) thread.
 */
@CommandLine.Command(name = "compose",
        customSynopsis = "usage: ersatz compose MODEL.ersatz-midi -o OUT.mid [--bars N] [--temperature T] [--seed N] [--tempo BPM] [--max-copy-notes K] [--density D] [--markov]",
        description = {"compose new MIDI from a model made by ersatz learn-midi",
                "Plays each part the model learned (lead, arp, bass; one track and channel each) from the bar",
                "line for the bars asked, drawing each next note at the temperature: 0 always the likeliest",
                "(it may loop), 1 the training files' own statistics, above 1 more surprises.",
                "A model learnt with --neural is played by its network (--markov: by its Markov model).",
                "--max-copy-notes K makes sure no run of more than K notes comes verbatim from the training files.",
                "The same model, options and seed give the same file, byte for byte."})
public final class ComposeCommand implements Command {
    @CommandLine.Parameters(paramLabel = "MODEL", description = "a model from ersatz learn-midi") Path modelFile;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "OUT.mid", description = "the MIDI file to write (required)") Path out;

    @CommandLine.Option(names = "--bars", paramLabel = "N", description = "how many bars (default 16, up to 10000)") int bars = 16;

    @CommandLine.Option(names = "--temperature", paramLabel = "T", description = "0 the likeliest note, 1 the usual, up to 4 wilder (default 1)") double temperature = 1;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)") long seed = 1;

    @CommandLine.Option(names = "--tempo", paramLabel = "BPM", description = "tempo written to the file (default: the training files' median tempo)") Double tempo;

    @CommandLine.Option(names = "--max-copy-notes", paramLabel = "K", description = "the longest run of notes copied verbatim from the training files (default 0: no bound)")
    int maxCopyNotes = 0;

    @CommandLine.Option(names = "--density", paramLabel = "D", description = "onsets: 1 as learnt (default), 0.5 half (the weakest dropped), 2 twice (gaps filled), 0 none")
    double density = 1;

    @CommandLine.Option(names = "--markov", description = "play a --neural model's Markov model instead of its network") boolean markov;

    @CommandLine.Option(names = "--json", description = "print what was composed as one JSON object") boolean json;

    @Override
    public int run(Console io) throws Exception {
        OptionRange.check("compose", "--bars", bars, 1, 10_000);
        OptionRange.check("compose", "--temperature", temperature, 0, 4);
        if (tempo != null) OptionRange.check("compose", "--tempo", tempo, 1, 999);
        OptionRange.check("compose", "--max-copy-notes", maxCopyNotes, 0, 1_000_000);
        OptionRange.check("compose", "--density", density, 0, Composer.MAX_DENSITY);
        if (out == null) throw CliError.usage("compose: name the MIDI file to write with -o OUT.mid");
        if (Files.isDirectory(out)) throw new CliError("compose: " + out + " is a directory; -o wants a MIDI file", 1);
        MidiModel model;
        try {
            model = MidiModelFile.read(modelFile);
        } catch (MidiModelException e) {
            throw new CliError(e.getMessage(), 1);
        }
        Composition c;
        try {
            c = Composer.compose(model, new Composer.Options(bars, temperature, seed, tempo, maxCopyNotes, density, null, model.neural() && !markov));
        } catch (IllegalStateException e) {
            throw new CliError("compose: " + modelFile + ": " + e.getMessage(), 1);
        }
        try {
            dev.ersatz.engine.util.AtomicText.write(out, CompositionMidi.bytes(c));
        } catch (NoSuchFileException e) {
            throw new CliError("compose: " + out + ": cannot write: no such directory", 1);
        } catch (java.io.IOException e) {
            throw new CliError("compose: " + out + ": cannot write: " + e.getMessage(), 1);
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        for (Map.Entry<Part, Composition.Track> e : c.tracks().entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("part", e.getKey().id());
            p.put("notes", e.getValue().notes().size());
            p.put("longestCopy", NoteStatistics.longestCopy(e.getValue().ids(), model.part(e.getKey()).phrases()));
            p.put("entropyBits", Math.round(e.getValue().meanEntropyBits() * 1000) / 1000.0);
            parts.add(p);
        }
        if (json) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", out.toString());
            d.put("bars", bars);
            d.put("bpm", c.bpm());
            d.put("temperature", temperature);
            d.put("seed", seed);
            d.put("density", density);
            d.put("model", model.neural() && !markov ? "neural" : "markov");
            d.put("parts", parts);
            io.out().println(dev.ersatz.engine.util.Json.write(d));
        } else {
            List<String> ps = new ArrayList<>();
            for (Map<String, Object> p : parts) ps.add(p.get("part") + " " + p.get("notes") + " notes (longest copy " + p.get("longestCopy") + ")");
            io.out().printf(Locale.ROOT, "%s: %d bars at %.0f BPM: %s%n", out, bars, c.bpm(), String.join(", ", ps));
        }
        return 0;
    }
}
