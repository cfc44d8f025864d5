package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * `ersatz COMMAND ...`: dispatches to a {@link Command}. Errors the user can act on print one line,
 * "ersatz: ...", and exit 1 (2 for a usage mistake); a stack trace only with ERSATZ_DEBUG=1.
 */
public final class Main {

    private Main() { }

    /** Every command, in the order `ersatz --help` lists them. */
    static List<Command> commands() {
        List<Command> all = new ArrayList<>();
        // Play and make
        all.add(new DemoCommand());
        all.add(new RunCommand());
        all.add(new BounceCommand());
        all.add(new TrainCommand());
        all.add(new ChainCommand());
        all.add(new PresetCommand());
        // Curate
        all.add(new AnalyzeCommand());
        all.add(new TrimCommand());
        all.add(new SplitCommand());
        all.add(new dev.ersatz.bridge.cli.fingerprint.FingerprintCommand());
        all.add(new dev.ersatz.bridge.cli.fingerprint.CompareCommand());
        all.add(new OriginalityCommand());
        all.add(new TextureCommand());
        // Measure: the benchmarks live in the test sources; `ersatz bench` puts them on the class path.
        Command bench = optional(BENCH_COMMAND);
        if (bench != null) all.add(bench);
        return all;
    }

    /** The benchmark command, compiled with the tests (not part of the product's main code). */
    static final String BENCH_COMMAND = "dev.ersatz.bridge.bench.BenchCommand";

    /** A command whose class is on the class path only in some launches; null when it is not. */
    private static Command optional(String className) {
        try {
            return (Command) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e, e);
        }
    }

    /** The project version the build stamped into version.properties. */
    static String version() {
        try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] argv) {
        int code = run(argv, Console.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. Used by tests in-process. */
    public static int run(String[] argv, Console io) {
        List<Command> all = commands();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            io.out().print(overview(all));
            return argv.length == 0 ? 2 : 0;
        }
        if (argv[0].equals("--version") || argv[0].equals("-V")) {
            io.out().println("ersatz " + version());
            return 0;
        }
        Command cmd = all.stream().filter(c -> c.name().equals(argv[0])).findFirst().orElse(null);
        if (cmd == null && argv[0].equals("bench")) {
            io.warn("bench: the benchmarks are compiled with the tests; run them through the launcher (./ersatz bench ...)");
            return 2;
        }
        if (cmd == null) {
            io.warn("unknown command '" + argv[0] + "' (see ersatz --help)");
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
        try {
            Args args = Args.parse(cmd.name(), rest, flagsOf(cmd));
            if (args.help()) {
                io.out().print(cmd.usage());
                return 0;
            }
            return cmd.run(args, io);
        } catch (CliError e) {
            io.warn(e.getMessage());
            return e.exitCode();
        } catch (AudioFileException e) {
            io.warn(e.getMessage());
            debug(e);
            return 1;
        } catch (OutOfMemoryError e) {
            io.warn(cmd.name() + ": out of memory (raise it with ERSATZ_JAVA_OPTS=-Xmx...)");
            return 1;
        } catch (Exception e) {
            io.warn(cmd.name() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            debug(e);
            return 1;
        }
    }

    /**
     * The options that take no value, read from the usage text so that help and parsing cannot
     * disagree. An option line is "  -o, --output FILE  description": the names, then a value
     * placeholder in capitals (or &lt;angle brackets&gt;) when the option takes one. Descriptions begin
     * in lower case.
     */
    static Set<String> flagsOf(Command cmd) {
        Set<String> flags = new java.util.HashSet<>();
        for (String line : cmd.usage().split("\n")) {
            String[] tokens = line.strip().split("\\s+");
            if (tokens.length == 0 || !tokens[0].startsWith("-")) continue;
            List<String> names = new ArrayList<>();
            int i = 0;
            while (i < tokens.length && tokens[i].startsWith("-")) names.add(tokens[i++].replace(",", ""));
            boolean takesValue = i < tokens.length && tokens[i].matches("<.*>|[A-Z][A-Z0-9_|.]*");
            if (!takesValue) flags.addAll(names);
        }
        return flags;
    }

    private static String overview(List<Command> all) {
        StringBuilder sb = new StringBuilder();
        sb.append("ersatz: a real-time instrument that learns from your own samples\n\n");
        sb.append("usage: ersatz COMMAND [OPTIONS]   (ersatz COMMAND --help for each; ersatz --version)\n\ncommands:\n");
        for (Command c : all) sb.append(String.format("  %-12s %s%n", c.name(), c.summary()));
        if (all.stream().noneMatch(c -> c.name().equals("bench"))) {
            sb.append(String.format("  %-12s %s%n", "bench", "measure speed (./ersatz bench --help; the benchmarks are compiled with the tests)"));
        }
        return sb.toString();
    }

    private static void debug(Throwable t) {
        if (System.getenv("ERSATZ_DEBUG") != null) t.printStackTrace();
    }
}
