package dev.ersatz.bridge.cli;

import dev.ersatz.engine.compose.MidiLearner;
import dev.ersatz.engine.compose.MidiModel;
import dev.ersatz.engine.compose.MidiModelException;
import dev.ersatz.engine.compose.MidiModelFile;
import dev.ersatz.engine.compose.PartModel;
import dev.ersatz.engine.compose.PartSplit;
import dev.ersatz.engine.compose.Piece;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz learn-midi FILES_OR_DIRS... -o MODEL`: learns how the user's MIDI compositions go, part by
 * part, for `ersatz compose`. Runs on the main (control) thread.
 */
@CommandLine.Command(name = "learn-midi",
        customSynopsis = "usage: ersatz learn-midi FILES_OR_DIRS... -o MODEL.ersatz-midi [--parts auto|lead,arp,bass] [--order N] [--neural [--hidden H] [--epochs E] [--seed N]]",
        description = {"learn a note model from MIDI files, for ersatz compose",
                "Reads every Standard MIDI File named (type 0 or 1; folders: every .mid, .midi, .smf, .kar under",
                "them), splits the notes into parts (lead, arp, bass), quantises them to a grid of 12 steps a",
                "beat and learns which note follows which, part by part, with a variable-order Markov model;",
                "--neural trains a small recurrent network (GRU) per part as well, which compose then plays.",
                "Drums (channel 10) are left out. A file that cannot be used is reported on one line and",
                "skipped; the exit code is then 1."})
public final class LearnMidiCommand implements Command {
    @CommandLine.Parameters(paramLabel = "FILES_OR_DIRS", arity = "1..*", description = "MIDI files or folders") List<Path> inputs = new ArrayList<>();

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "MODEL", description = "the model file to write (required), e.g. mine.ersatz-midi") Path out;

    @CommandLine.Option(names = "--parts", paramLabel = "auto|PARTS", description = {"auto (default): each track and channel whole, to the part of its median pitch;",
            "or parts by pitch range, e.g. lead,arp,bass: bass up to B1 (MIDI 47), arp C2-B5 (48-95), lead C6 up (96-)"})
    String parts = "auto";

    @CommandLine.Option(names = "--order", paramLabel = "N", description = "longest context, in notes (default " + PartModel.DEFAULT_ORDER + ", 1.." + PartModel.MAX_ORDER + ")")
    int order = PartModel.DEFAULT_ORDER;

    @CommandLine.Option(names = "--neural", description = "also train a GRU per part (ND4J, on the CPU; about a minute for 50,000 notes)") boolean neural;

    @CommandLine.Option(names = "--hidden", paramLabel = "H", description = "the network's units (default " + MidiModel.DEFAULT_HIDDEN + ", 4..256)")
    int hidden = MidiModel.DEFAULT_HIDDEN;

    @CommandLine.Option(names = "--epochs", paramLabel = "E", description = "training passes of the largest part (default " + MidiModel.DEFAULT_EPOCHS + ", 1..100)")
    int epochs = MidiModel.DEFAULT_EPOCHS;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "the network's random seed (default 1): the same files and seed train the same network")
    long seed = 1;

    @CommandLine.Option(names = "--json", description = "print what was learned as one JSON object") boolean json;

    @Override
    public int run(Console io) throws Exception {
        OptionRange.check("learn-midi", "--order", order, 1, PartModel.MAX_ORDER);
        OptionRange.check("learn-midi", "--hidden", hidden, 4, 256);
        OptionRange.check("learn-midi", "--epochs", epochs, 1, 100);
        if (out == null) throw CliError.usage("learn-midi: name the model file with -o MODEL");
        PartSplit split;
        try {
            split = PartSplit.parse(parts);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("learn-midi: --parts: " + e.getMessage());
        }
        if (Files.isDirectory(out)) throw new CliError("learn-midi: " + out + " is a directory; -o wants a model file", 1);
        List<Path> files = MidiLearner.files(inputs);
        if (files.isEmpty()) throw new CliError("learn-midi: no MIDI files (.mid, .midi, .smf, .kar) in " + String.join(" ", inputs.stream().map(Path::toString).toList()), 1);
        boolean[] skipped = {false};
        List<Piece> pieces;
        try (ProgressBar bar = io.progress("reading")) {
            pieces = MidiLearner.read(files, e -> {
                io.warn(e.getMessage() + " (skipped)");
                skipped[0] = true;
            }, bar);
        }
        if (pieces.isEmpty()) throw new CliError("learn-midi: none of the " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " could be learned", 1);
        MidiModel model;
        try (ProgressBar bar = io.progress("learning")) {
            model = MidiModel.learn(pieces, split, order, bar);
        } catch (IllegalArgumentException e) {
            throw new CliError("learn-midi: " + e.getMessage(), 1);
        }
        double trainSeconds = 0;
        if (neural) {
            long t0 = System.nanoTime();
            try (ProgressBar bar = io.progress("training")) {
                model = model.withNetworks(hidden, epochs, seed, bar);
            }
            trainSeconds = (System.nanoTime() - t0) / 1e9;
        }
        try {
            MidiModelFile.write(out, model);
        } catch (MidiModelException e) {
            throw new CliError("learn-midi: " + e.getMessage(), 1);
        }
        if (json) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", out.toString());
            d.put("bytes", Files.size(out));
            d.put("files", pieces.size());
            d.put("skipped", files.size() - pieces.size());
            d.put("notes", model.notes());
            d.put("bpm", model.bpm());
            d.put("barSteps", model.barSteps());
            List<Object> ps = new ArrayList<>();
            for (PartModel pm : model.parts().values()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("part", pm.part().id());
                p.put("notes", pm.notes());
                p.put("phrases", pm.phrases().size());
                p.put("distinct", pm.vocabulary().size());
                p.put("order", pm.markov().order());
                if (pm.network() != null) {
                    double[] l = pm.network().losses();
                    p.put("network", Map.of("hidden", pm.network().hidden(), "epochs", l.length,
                            "lossNats", Math.round(l[l.length - 1] * 1000) / 1000.0));
                }
                ps.add(p);
            }
            d.put("parts", ps);
            if (neural) d.put("trainingSeconds", Math.round(trainSeconds * 10) / 10.0);
            io.out().println(dev.ersatz.engine.util.Json.write(d));
        } else {
            List<String> ps = new ArrayList<>();
            for (PartModel pm : model.parts().values()) ps.add(String.format(Locale.ROOT, "%s %d notes", pm.part().id(), pm.notes()));
            io.out().printf(Locale.ROOT, "%s: %s from %d file%s, order %d%s, %.0f BPM, %.1f kB%n", out, String.join(", ", ps), pieces.size(),
                    pieces.size() == 1 ? "" : "s", model.order(),
                    neural ? String.format(Locale.ROOT, ", a %d-unit GRU per part (trained in %.1f s)", hidden, trainSeconds) : "",
                    model.bpm(), Files.size(out) / 1e3);
        }
        return skipped[0] ? 1 : 0;
    }
}
