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

/**
 * {@code ersatz run}: plays a corpus or a model live as a JACK client until stopped or until the
 * server goes away. Parses its arguments into a {@link Description} and hands it to the JACK front
 * end ({@link LiveRun}). Main (control) thread.
 */
public final class RunCommand implements Command {

    @Override public String name() { return "run"; }

    @Override public String summary() { return "play a corpus or a trained model live as a JACK client (MIDI in, stereo out)"; }

    @Override
    public String usage() {
        return """
                usage: ersatz run --corpus DIR [OPTIONS]
                       ersatz run --model MODEL [OPTIONS]

                Plays the audio files in DIR (or a model made by ersatz train) live as a JACK client
                with ports NAME:out_L, NAME:out_R (audio) and NAME:midi_in (JACK MIDI). Needs a running
                JACK server (JACK_DEFAULT_SERVER picks one by name); never starts one. Stop with Ctrl-C.
                Under a session manager (NSM_URL set: Ardour, Carla, RaySession, Agordejo, nsmd) it
                waits for the manager to open a project and keeps everything in it (docs/manual/nsm.md).

                options:
                  --corpus DIR          the samples to play
                  --model MODEL         play a model made by ersatz train instead (mod wheel: temperature)
                  --max-copy-ms MS      with a model: the longest stretch of its corpus it may follow verbatim
                  --preset FILE         a preset to start from
                  --name NAME           the JACK client name (default ersatz)
                  --connect REGEX       connect out_L, out_R to the JACK audio inputs matching REGEX, e.g. system:playback
                  --midi-device NAME    also take MIDI from this Java Sound input device
                  --reconnect           when the JACK server goes away, wait for it and come back as you left it
                  --presets DIR         the preset folder for program change and OSC load/save (default: the preset's folder, or ./presets)
                  --osc-port PORT       listen for OSC control on this UDP port (see docs/manual/midi-osc.md)
                  --osc-host HOST       the address OSC listens on (default 127.0.0.1: this machine only)
                  --seed N              random seed of the generators (default 1)
                """;
    }

    @Override
    public int run(Args args, Console io) throws Exception {
        Path corpus = args.path("--corpus");
        Path model = args.path("--model");
        double maxCopyMs = args.number("--max-copy-ms", 0, 0, 1e9);
        Path preset = args.path("--preset");
        String name = args.string("--name", "ersatz");
        String connect = args.string("--connect");
        String midiDevice = args.string("--midi-device");
        boolean reconnect = args.flag("--reconnect");
        Path presets = args.path("--presets");
        int oscPort = args.string("--osc-port") == null ? -1 : args.integer("--osc-port", 0, 0, 65535);
        String oscHost = args.string("--osc-host", "127.0.0.1");
        long seed = args.longInteger("--seed", 1);
        args.done(0, 0);
        if (corpus != null && model != null) throw CliError.usage("run: give --corpus or --model, not both");
        if (model == null && args.string("--max-copy-ms") != null) throw CliError.usage("run: --max-copy-ms is for a model");
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
        LiveRun.Options options = new LiveRun.Options(name, connect, midiDevice, oscHost, oscPort);
        if (managed) {
            if (reconnect) io.warn("--reconnect is ignored under a session manager (it restarts clients itself)");
            return NsmRun.run(nsm, d, options, io);
        }
        if (reconnect && !LiveRun.supervised()) return LiveRun.supervise(args.tokens());
        return LiveRun.run(d, options, model != null ? model : corpus == null ? preset : corpus, io);
    }
}
