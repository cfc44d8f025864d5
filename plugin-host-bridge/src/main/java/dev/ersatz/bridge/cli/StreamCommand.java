package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.StreamFolder;
import dev.ersatz.engine.compose.LiveComposer;
import dev.ersatz.engine.compose.MidiModel;
import dev.ersatz.engine.compose.MidiModelException;
import dev.ersatz.engine.compose.MidiModelFile;
import dev.ersatz.bridge.jack.LiveRun;
import dev.ersatz.engine.session.Description;
import dev.ersatz.engine.session.InstrumentSession;
import dev.ersatz.engine.session.SessionException;
import dev.ersatz.engine.session.Sources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * `ersatz stream --preset P -o DIR`: the 24/7 case, offline: the instrument plays without end (a
 * held note, as `ersatz bounce` without MIDI; with --compose a MIDI model's phrases, as
 * `ersatz run --compose --self`) into rotating WAV files with a playlist; killed and
 * started again with the same options, it resumes where it stopped. Runs on the main (control) thread.
 */
@CommandLine.Command(name = "stream",
        customSynopsis = "usage: ersatz stream --preset FILE [--corpus DIR | --model MODEL] (-o DIR | --jack) [--hours H] [--file-seconds S] [--seed N] [--compose M] [options]",
        description = {"play without end into rotating, gapless WAV files with a playlist",
                "Renders what ersatz bounce would (the same engine, deterministic, no MIDI file: a held note),",
                "file after file: DIR/stream-000000.wav, stream-000001.wav, ..., each whole when it appears, the",
                "next continuing the last sample for sample, listed in DIR/playlist.m3u. Without --hours it runs",
                "until stopped. Run again with the same options, it resumes after the last whole file.",
                "With --compose M, phrases composed from the MIDI model play the instrument instead of the held note.",
                "With --jack it plays live through JACK instead, as ersatz run does, for --hours or until Ctrl-C."})
public final class StreamCommand implements Command {
    @CommandLine.Option(names = "--preset", paramLabel = "FILE", description = "the preset to play (required)") Path presetFile;

    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "audio files or folders to play (repeat for more; default: the preset's corpus)")
    List<String> corpus = new ArrayList<>();

    @CommandLine.Option(names = "--model", paramLabel = "MODEL", description = "play a model made by ersatz train instead of a corpus") Path model;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "the folder of the stream (required)") Path out;

    @CommandLine.Option(names = "--hours", paramLabel = "H", description = "stop after this many hours of audio in the folder (default: never)") Double hours;

    @CommandLine.Option(names = "--file-seconds", paramLabel = "S", description = "length of each file (default 60; rounded to whole 256-frame blocks)") double fileSeconds = 60;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)") long seed = 1;

    @CommandLine.Option(names = "--note", paramLabel = "N", description = "MIDI note to hold (default: the root_note parameter, 60)") Integer note;

    @CommandLine.Option(names = "--velocity", paramLabel = "V", description = "its velocity, 1-127 (default 100)") int velocity = 100;

    @CommandLine.Option(names = "--bpm", paramLabel = "BPM", description = "tempo for tempo-synced presets and the composition (default: the MIDI model's with --compose, else 120)") Double bpm;

    @CommandLine.Option(names = "--compose", paramLabel = "M", description = "play new phrases from a MIDI model (ersatz learn-midi) into the instrument instead of a held note") Path compose;

    @CommandLine.Option(names = "--max-copy-notes", paramLabel = "K", description = "with --compose: the longest run of the training MIDI a phrase may copy (default: no bound)") Integer maxCopyNotes;

    @CommandLine.Option(names = "--rate", paramLabel = "HZ", description = "sample rate (default 48000)") int rate = 48000;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", description = "16, 24 or 32f (default 24)") String format = "24";

    @CommandLine.Option(names = "--jack", description = "play the stream live through JACK (out_L, out_R; with --compose midi_out too) instead of into files, for --hours or until Ctrl-C") boolean jack;

    @CommandLine.Option(names = "--name", paramLabel = "NAME", description = "with --jack: the JACK client name (default ersatz-stream)") String name = "ersatz-stream";

    @CommandLine.Option(names = "--connect", paramLabel = "REGEX", description = "with --jack: connect out_L, out_R to the JACK audio inputs matching REGEX, e.g. system:playback") String connect;

    @Override
    public int run(Console io) throws Exception {
        if (presetFile == null) throw CliError.usage("stream: --preset FILE is required");
        if (jack && out != null) throw CliError.usage("stream: --jack plays live; -o DIR is for a stream of files");
        if (!jack && (connect != null || !"ersatz-stream".equals(name))) throw CliError.usage("stream: --name and --connect are for a live stream; add --jack");
        if (!jack && out == null) throw CliError.usage("stream: -o DIR is required (or --jack to play live)");
        OptionRange.check("stream", "--file-seconds", fileSeconds, 1, 3600);
        if (hours != null) OptionRange.check("stream", "--hours", hours, 1e-6, 1e6);
        OptionRange.check("stream", "--rate", rate, 8000, 192000);
        OptionRange.check("stream", "--velocity", velocity, 1, 127);
        if (maxCopyNotes != null && compose == null) throw CliError.usage("stream: --max-copy-notes bounds a composition; it needs --compose M");
        int maxCopy = maxCopyNotes == null ? 0 : OptionRange.check("stream", "--max-copy-notes", maxCopyNotes, 0, 1_000_000);
        MidiModel midiModel = null;
        if (compose != null) {
            try {
                midiModel = MidiModelFile.read(compose);
            } catch (MidiModelException e) {
                throw new CliError("stream: " + e.getMessage(), 1);
            }
        }
        double tempo = bpm != null ? bpm : midiModel != null ? midiModel.bpm() : 120;
        OptionRange.check("stream", "--bpm", tempo, 1, 999);
        int held = note == null ? -1 : OptionRange.check("stream", "--note", note, 0, 127);
        if (jack) return live(io, held, tempo, maxCopy);
        SampleFormat fmt = BounceCommand.format(format);
        long blocks = Math.max(1, Math.round(fileSeconds * rate / Bouncer.BLOCK_FRAMES));
        long fileFrames = blocks * Bouncer.BLOCK_FRAMES;
        double seconds = fileFrames / (double) rate;
        long total = hours == null ? Long.MAX_VALUE : (long) Math.ceil(hours * 3600 / seconds);

        // What decides the samples: a resume must find the same, or it would splice two streams.
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("preset", presetFile.toAbsolutePath().normalize().toString());
        settings.put("corpus", corpus.stream().map(c -> Path.of(c).toAbsolutePath().normalize().toString()).toList());
        settings.put("model", model == null ? null : model.toAbsolutePath().normalize().toString());
        settings.put("seed", seed);
        settings.put("note", held);
        settings.put("velocity", velocity);
        settings.put("bpm", tempo);
        if (compose != null) {
            settings.put("compose", compose.toAbsolutePath().normalize().toString());
            settings.put("maxCopyNotes", maxCopy);
        }
        settings.put("rate", rate);
        settings.put("fileFrames", fileFrames);
        settings.put("format", fmt.toString());
        StreamFolder folder;
        try {
            folder = StreamFolder.open(out, settings, fmt, seconds);
        } catch (StreamFolder.StreamException e) {
            throw new CliError("stream: " + e.getMessage(), 1);
        }
        long skip = folder.done();
        if (skip >= total) {
            io.out().printf(Locale.ROOT, "%s: already holds %d files (%.2f h); nothing to do%n", out, skip, skip * seconds / 3600);
            return 0;
        }
        if (skip > 0) io.out().printf(Locale.ROOT, "%s: resuming after %d files (%.2f h; rendering them again to get there)%n", out, skip, skip * seconds / 3600);
        Description d = Description.of(new Sources(corpus.stream().map(Path::of).toList(), model)).withPreset(presetFile).withSeed(seed).withRate(rate);
        try (InstrumentSession session = InstrumentSession.open(d, io.reporter());
             ProgressBar bar = io.progress("streaming")) {
            // The composer plays the instrument as `run --compose --self` does, through the session.
            if (midiModel != null) session.compose(LiveComposer.following(midiModel, seed, maxCopy, session.instrument()), true);
            session.stream(held, velocity, tempo, fileFrames, skip, (index, audio) -> {
                Path f = folder.write(index, audio);
                io.out().printf(Locale.ROOT, "%s (%.1f s, %.2f h in all)%n", f, seconds, (index + 1) * seconds / 3600);
                io.out().flush();
                if (hours != null) bar.update(index + 1, total, f.getFileName().toString());
                return index + 1 < total;
            });
        } catch (SessionException.NoAudio e) {
            throw new CliError("stream: no playable audio in " + e.where(), 1);
        } catch (SessionException e) {
            throw CliError.of(e, "stream");
        } catch (AudioFileException e) {
            throw new CliError("stream: " + e.getMessage(), 1);
        } catch (StreamFolder.StreamException e) {
            throw new CliError("stream: " + e.getMessage(), 1);
        }
        return 0;
    }

    /**
     * {@code --jack}: the same stream played live, as {@code ersatz run} plays (LiveRun: out_L,
     * out_R, midi_in, with --compose midi_out and the composition into the instrument), the held
     * note struck once it plays, until Ctrl-C or until --hours have played.
     */
    private int live(Console io, int held, double tempo, int maxCopy) throws Exception {
        if (name.isBlank() || name.contains(":")) throw CliError.usage("stream: --name wants a JACK client name without ':', not '" + name + "'");
        if (compose != null && !java.nio.file.Files.isRegularFile(compose)) throw new CliError(compose + ": no such file");
        Description d = Description.of(new Sources(corpus.stream().map(Path::of).toList(), model)).withPreset(presetFile).withSeed(seed);
        LiveRun.Options o = new LiveRun.Options(name, connect, null, "127.0.0.1", -1,
                compose == null ? null : new LiveRun.Composing(compose, true, maxCopy), 0);
        return LiveRun.run(d, o, presetFile, io, new LiveStream(held, velocity, tempo, hours));
    }

    /** Drives a live stream: strikes its note, ends it after its hours, and says on the status line how far it is. Main thread. */
    private static final class LiveStream implements LiveRun.Driver {
        private final int held;
        private final int velocity;
        private final double bpm;
        private final Double hours;
        private InstrumentSession session;
        private long started;

        LiveStream(int held, int velocity, double bpm, Double hours) {
            this.held = held;
            this.velocity = velocity;
            this.bpm = bpm;
            this.hours = hours;
        }

        @Override
        public void opened(InstrumentSession s) { session = s; }

        @Override
        public void playing(String jackName) {
            session.streamLive(held, velocity, bpm);
            started = System.nanoTime();
        }

        private double playedHours() { return (System.nanoTime() - started) / 3.6e12; }

        @Override
        public boolean finished() { return hours != null && playedHours() >= hours; }

        @Override
        public String status() {
            LiveComposer c = session.composer();
            return String.format(Locale.ROOT, "streamed %.2f h%s%s", playedHours(), hours == null ? "" : String.format(Locale.ROOT, " of %.2f", hours),
                    c == null ? "" : "  phrase " + c.phrasesStarted());
        }
    }
}
