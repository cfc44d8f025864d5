package dev.ersatz.bridge.cli;

import dev.ersatz.bridge.web.Studio;
import dev.ersatz.engine.analysis.AnalysisCache;
import dev.ersatz.engine.corpus.CurationStore;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * `ersatz studio DIR...`: opens the folders in the curation studio, a web page served on 127.0.0.1,
 * prints its address (with the access token) and serves until interrupted. Runs on the main
 * (control) thread, which waits while the studio's own threads analyse and answer.
 */
@CommandLine.Command(name = "studio",
        customSynopsis = "usage: ersatz studio DIR... [--port N] [--open] [--live HOST:PORT] [--cache DIR] [--db FILE] [--threads N]",
        description = {"look at, listen to, tag and keep or discard clips in a web page (the curation studio)",
                "Serves the folders on http://127.0.0.1:PORT/ only, with an access token in the address it prints; the",
                "page works offline. Clips are analysed and drawn in the background (cached by content); the curation",
                "(tags, tapped tempo, keep/discard, notes) is kept by content hash in FILE, so moving files loses nothing.",
                "Stop it with Ctrl-C."})
public final class StudioCommand implements Command {
    @CommandLine.Parameters(paramLabel = "DIR", arity = "1..*", description = "folders of samples or bounces") List<Path> dirs = new ArrayList<>();

    @CommandLine.Option(names = "--port", paramLabel = "N", description = "the port on 127.0.0.1 (default: a free one)") int port;

    @CommandLine.Option(names = "--open", description = "open the page in the desktop's browser (xdg-open)") boolean open;

    @CommandLine.Option(names = "--cache", paramLabel = "DIR", description = "analysis cache and pictures (default $ERSATZ_CACHE, $XDG_CACHE_HOME/ersatz or ~/.cache/ersatz)")
    Path cacheDir;

    @CommandLine.Option(names = "--db", paramLabel = "FILE", description = "the curation database (default $XDG_DATA_HOME/ersatz/curation.mv.db or ~/.local/share/ersatz/curation.mv.db)")
    Path db;

    @CommandLine.Option(names = "--live", paramLabel = "HOST:PORT", description = {"link to a running `ersatz run --osc-port PORT` (a bare PORT: on this machine):",
            "audition clips through its JACK output and add them to its corpus"})
    String live;

    @CommandLine.Option(names = "--threads", paramLabel = "N", description = "background workers (default: cores, at most 2)")
    int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

    @Override
    public int run(Console io) throws Exception {
        OptionRange.check("studio", "--port", port, 0, 65535);
        OptionRange.check("studio", "--threads", threads, 1, 64);
        if (live != null) {
            try {
                Studio.checkLive(live);
            } catch (IllegalArgumentException e) {
                throw CliError.usage("studio: " + e.getMessage());
            }
        }
        Studio studio;
        try {
            studio = Studio.open(dirs, cacheDir != null ? cacheDir : AnalysisCache.defaultDirectory(), db != null ? db : CurationStore.defaultFile(),
                    port, threads, live, io::warn);
        } catch (BindException e) {
            throw new CliError("studio: cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            studio.close();
            stopped.countDown();
        }, "ersatz-studio-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        io.out().println("ersatz studio: " + studio.clips() + " clips; open " + studio.url() + (live == null ? "" : " (live link: ersatz run at " + live + ")"));
        io.out().flush();
        if (open) {
            try {
                new ProcessBuilder("xdg-open", studio.url()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (java.io.IOException e) {
                io.warn("studio: cannot open a browser (" + e.getMessage() + "); open the address above");
            }
        }
        try (ProgressBar bar = io.progress("studio: analysing")) {
            while (!studio.idle() && !stopped.await(250, TimeUnit.MILLISECONDS)) {
                int[] p = studio.progress();
                bar.update(p[0] + p[1] + 2L * p[2], 2L * studio.clips(), p[0] + " analysed, " + p[1] + " drawn");
            }
        }
        for (String e : studio.errors()) io.warn(e);
        stopped.await();
        return 0;
    }
}
