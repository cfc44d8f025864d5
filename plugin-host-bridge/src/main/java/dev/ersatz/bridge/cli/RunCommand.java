package dev.ersatz.bridge.cli;

import dev.ersatz.bridge.jack.LiveRun;
import dev.ersatz.bridge.nsm.NsmRun;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import dev.ersatz.engine.preset.GeneratorKind;
import picocli.CommandLine;

/**
 * {@code ersatz run}: plays a corpus or a model live as a JACK client until stopped or until the
 * server goes away. Parses its arguments into a {@link Description} and hands it to the JACK front
 * end ({@link LiveRun}). Main (control) thread.
 */
@CommandLine.Command(name = "run",
        customSynopsis = {"usage: ersatz run --corpus DIR [OPTIONS]", "       ersatz run --model MODEL [OPTIONS]"},
        description = {"play a corpus or a trained model live as a JACK client (MIDI in, stereo out)",
                "Plays the audio files in DIR (or a model made by ersatz train) live as a JACK client",
                "with ports NAME:out_L, NAME:out_R (audio) and NAME:midi_in (JACK MIDI). Needs a running",
                "JACK server (JACK_DEFAULT_SERVER picks one by name); never starts one. Stop with Ctrl-C.",
                "Under a session manager (NSM_URL set: Ardour, Carla, RaySession, Agordejo, nsmd) it",
                "waits for the manager to open a project and keeps everything in it (docs/manual/nsm.md)."})
public final class RunCommand implements Command {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "the samples to play") Path corpus;

    @CommandLine.Option(names = "--model", paramLabel = "MODEL", description = "play a model made by ersatz train instead (mod wheel: temperature)") Path model;

    @CommandLine.Option(names = "--max-copy-ms", paramLabel = "MS", description = "with a model: the longest stretch of its corpus it may follow verbatim") Double maxCopyMs;

    @CommandLine.Option(names = "--preset", paramLabel = "FILE", description = "a preset to start from") Path preset;

    @CommandLine.Option(names = "--name", paramLabel = "NAME", description = "the JACK client name (default ersatz)") String name = "ersatz";

    @CommandLine.Option(names = "--connect", paramLabel = "REGEX", description = "connect out_L, out_R to the JACK audio inputs matching REGEX, e.g. system:playback") String connect;

    @CommandLine.Option(names = "--midi-device", paramLabel = "NAME", description = "also take MIDI from this Java Sound input device") String midiDevice;

    @CommandLine.Option(names = "--reconnect", description = "when the JACK server goes away, wait for it and come back as you left it") boolean reconnect;

    @CommandLine.Option(names = "--presets", paramLabel = "DIR", description = "the preset folder for program change and OSC load/save (default: the preset's folder, or ./presets)") Path presets;

    @CommandLine.Option(names = "--osc-port", paramLabel = "PORT", description = "listen for OSC control on this UDP port (see docs/manual/midi-osc.md)") Integer oscPort;

    @CommandLine.Option(names = "--osc-host", paramLabel = "HOST", description = "the address OSC listens on (default 127.0.0.1: this machine only)") String oscHost = "127.0.0.1";

    @CommandLine.Option(names = "--compose", paramLabel = "M", description = "also play new phrases from a MIDI model (ersatz learn-midi) on a JACK MIDI output midi_out, on the bar lines of JACK transport or of its own tempo") Path compose;

    @CommandLine.Option(names = "--self", description = "with --compose: the composition plays the instrument too") boolean self;

    @CommandLine.Option(names = "--max-copy-notes", paramLabel = "K", description = "with --compose: the longest run of the training MIDI a phrase may copy (default: no bound)") Integer maxCopyNotes;

    @CommandLine.Option(names = "--resynth", description = "re-voice the JACK audio inputs in_L, in_R with the corpus (see docs/manual/resynth.md); notes still play it, or --model's grains, which hold hands the silence over to")
    boolean resynth;

    @CommandLine.Option(names = "--status-every", paramLabel = "S", description = "also print a machine-readable status line (status elapsed=... xruns=... underruns=... heap_after_gc=...) on stdout every S seconds") Double statusEvery;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed of the generators (default 1)") long seed = 1;

    @Override
    public int run(Console io) throws Exception {
        double maxCopyMs = this.maxCopyMs == null ? 0 : OptionRange.check("run", "--max-copy-ms", this.maxCopyMs, 0, 1e9);
        double statusEvery = this.statusEvery == null ? 0 : OptionRange.check("run", "--status-every", this.statusEvery, 0.25, 86400);
        int oscPort = this.oscPort == null ? -1 : OptionRange.check("run", "--osc-port", this.oscPort, 0, 65535);
        if (corpus != null && model != null && !resynth) throw CliError.usage("run: give --corpus or --model, not both (both only with --resynth)");
        if (model == null && this.maxCopyMs != null) throw CliError.usage("run: --max-copy-ms is for a model");
        // Under a session manager the project it opens may name the sources; a new project takes the command line's.
        String nsm = System.getenv("NSM_URL");
        boolean managed = nsm != null && !nsm.isBlank() && !LiveRun.supervised();
        if (!managed && corpus == null && preset == null && model == null) throw CliError.usage("run: --corpus DIR (or --model MODEL) is required (see ersatz run --help)");
        if (model != null && !Files.isRegularFile(model)) throw new CliError(model + ": no such file");
        if (corpus != null && !Files.isDirectory(corpus)) throw new CliError(corpus + ": not a directory");
        if (preset != null && !Files.isRegularFile(preset)) throw new CliError(preset + ": no such file");
        if (name.isBlank() || name.contains(":")) throw CliError.usage("run: --name wants a JACK client name without ':', not '" + name + "'");
        if (connect != null) {
            try {
                Pattern.compile(connect);
            } catch (PatternSyntaxException e) {
                throw CliError.usage("run: --connect wants a regular expression: " + e.getDescription() + " in '" + connect + "'");
            }
        }
        Description d = Description.of(new Sources(corpus == null ? List.of() : List.of(corpus), model))
                .withPreset(preset).withPresetFolder(presets).withSeed(seed).withMaxCopyMs(maxCopyMs);
        if (resynth) {
            if (corpus == null) throw CliError.usage("run: --resynth re-voices the input with a corpus: give --corpus (and --model for hold to hand over to)");
            d = d.withKind(GeneratorKind.RESYNTH);
        }
        if (compose != null && !Files.isRegularFile(compose)) throw new CliError(compose + ": no such file");
        if (self && compose == null) throw CliError.usage("run: --self plays the composition into the instrument; it needs --compose M");
        if (maxCopyNotes != null && maxCopyNotes < 0) throw CliError.usage("run: --max-copy-notes wants 0 or more, not " + maxCopyNotes);
        LiveRun.Options options = new LiveRun.Options(name, connect, midiDevice, oscHost, oscPort,
                compose == null ? null : new LiveRun.Composing(compose, self, maxCopyNotes == null ? 0 : maxCopyNotes), statusEvery);
        if (managed) {
            if (reconnect) io.warn("--reconnect is ignored under a session manager (it restarts clients itself)");
            return NsmRun.run(nsm, d, options, io);
        }
        if (reconnect && !LiveRun.supervised()) return LiveRun.supervise(tokens());
        return LiveRun.run(d, options, model != null ? model : corpus == null ? preset : corpus, io);
    }

    /** The command line as given after `run` (to start the same command again). */
    private List<String> tokens() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        return all.subList(all.indexOf(spec.name()) + 1, all.size());
    }
}
