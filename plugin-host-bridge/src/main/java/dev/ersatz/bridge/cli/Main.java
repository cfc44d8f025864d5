package dev.ersatz.bridge.cli;

import dev.ersatz.engine.audio.AudioFileException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * `ersatz COMMAND ...`: picocli parses the command line into a {@link Command}'s fields, then this
 * runs it. Errors the user can act on print one line, "ersatz: ...", and exit 1 (2 for a usage
 * mistake); a stack trace only with ERSATZ_DEBUG=1.
 */
@CommandLine.Command(name = "ersatz",
        header = {"ersatz: a real-time instrument that learns from your own samples", ""},
        customSynopsis = "usage: ersatz COMMAND [OPTIONS]   (ersatz help COMMAND, or ersatz COMMAND --help, for each)",
        commandListHeading = "%ncommands:%n")
public final class Main {

    private Main() { }

    /**
     * Every command's class, in the order `ersatz --help` lists them. Classes, not instances: picocli
     * builds a command's model when it is added, and building all of them costs about half a second
     * of CPU, so a command line that names its command builds only that one ({@link #commandLine(Console, String)}).
     */
    private static final List<Class<?>> COMMANDS = List.of(
            // Play and make
            DemoCommand.class, RunCommand.class, BounceCommand.class, ResynthCommand.class, StreamCommand.class, TrainCommand.class,
            LearnMidiCommand.class, ComposeCommand.class, ChainCommand.class, PresetCommand.class,
            // Curate
            AnalyzeCommand.class, TrimCommand.class, SplitCommand.class,
            dev.ersatz.bridge.cli.fingerprint.FingerprintCommand.class,
            dev.ersatz.bridge.cli.fingerprint.CompareCommand.class,
            OriginalityCommand.class, TextureCommand.class, StudioCommand.class);

    /** Every command, in the order `ersatz --help` lists them. */
    static List<Object> commands() {
        List<Object> all = new ArrayList<>();
        for (Class<?> c : COMMANDS) all.add(create(c));
        // Measure: the benchmarks live in the test sources; `ersatz bench` puts them on the class path.
        Object bench = optional(BENCH_COMMAND);
        if (bench != null) all.add(bench);
        // The shell
        all.add(new CompletionCommand());
        all.add(new CommandLine.HelpCommand());
        return all;
    }

    /**
     * The one command named {@code name}, or null when no command has that name (then the whole tree
     * is built, so that `help`, `completion`, the root's usage and "did you mean" see every command).
     * `bench` is not looked up here: its class is on the class path only for `ersatz bench`.
     */
    static Object command(String name) {
        for (Class<?> c : COMMANDS) {
            if (c.getAnnotation(CommandLine.Command.class).name().equals(name)) return create(c);
        }
        return null;
    }

    private static Object create(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + c.getName() + ": " + e, e);
        }
    }

    /** The benchmark command, compiled with the tests (not part of the product's main code). */
    static final String BENCH_COMMAND = "dev.ersatz.bridge.bench.BenchCommand";

    /** A command whose class is on the class path only in some launches; null when it is not. */
    private static Object optional(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
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

    /** What --version prints, on every command. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"ersatz " + version()}; }
    }

    /**
     * The whole command tree, writing help to {@code io}. Values keep the shell's text: no @file
     * expansion (a corpus file may start with @), and an option given twice keeps its last value.
     */
    static CommandLine commandLine(Console io) {
        return commandLine(io, null);
    }

    /**
     * The command tree for a command line whose first word is {@code first}: only that command under
     * the root when {@code first} names one (what it parses, prints and reports is the same as in the
     * whole tree), else every command.
     */
    static CommandLine commandLine(Console io, String first) {
        CommandLine cl = new CommandLine(new Main());
        Object only = first == null ? null : command(first);
        if (only != null) cl.addSubcommand(only);
        else for (Object c : commands()) cl.addSubcommand(c);
        if (cl.getSubcommands().get("bench") == null) {
            cl.getCommandSpec().usageMessage().footer("  bench        measure speed (./ersatz bench --help; the benchmarks are compiled with the tests)");
            cl.getCommandSpec().usageMessage().footerHeading("");
        }
        conventions(cl);
        cl.setExpandAtFiles(false);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(io.terminal() ? Ansi.AUTO : Ansi.OFF));
        Numbers.register(cl);
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        return cl;
    }

    /**
     * What every command shares: -h/--help and -V/--version, options listed in the order they are
     * declared, and the usage layout the manual shows (usage line, what it does, then options).
     */
    private static void conventions(CommandLine c) {
        CommandLine.Model.CommandSpec spec = c.getCommandSpec();
        if (!spec.helpCommand()) spec.mixinStandardHelpOptions(true);
        spec.versionProvider(new Version());
        CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
        usage.sortOptions(false).width(100).autoWidth(true).parameterListHeading("%n").optionListHeading("%noptions:%n")
                .synopsisHeading(usage.customSynopsis().length > 0 ? "" : "usage: ")
                .descriptionHeading(usage.description().length > 0 ? "%n" : "");
        if (usage.commandListHeading().equals(new CommandLine.Model.UsageMessageSpec().commandListHeading())) {
            usage.commandListHeading("%ncommands:%n");
        }
        for (CommandLine sub : c.getSubcommands().values()) conventions(sub);
    }

    public static void main(String[] argv) {
        int code = run(argv, Console.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. Used by tests in-process. */
    public static int run(String[] argv, Console io) {
        if (argv.length > 0 && argv[0].equals("bench") && Main.optional(BENCH_COMMAND) == null) {
            io.warn("bench: the benchmarks are compiled with the tests; run them through the launcher (./ersatz bench ...)");
            return 2;
        }
        CommandLine cl = commandLine(io, argv.length > 0 ? argv[0] : null);
        String name = "ersatz";
        try {
            ParseResult parsed = cl.parseArgs(argv);
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) return help;
            while (parsed.hasSubcommand()) parsed = parsed.subcommand();
            name = UsageMessages.name(parsed.commandSpec().commandLine());
            if (!(parsed.commandSpec().userObject() instanceof Command cmd)) {
                commandLine(io).usage(io.out()); // the root's usage lists every command
                return 2;
            }
            return cmd.run(io);
        } catch (ParameterException e) {
            io.warn(UsageMessages.of(e));
            return 2;
        } catch (CliError e) {
            io.warn(e.getMessage());
            return e.exitCode();
        } catch (AudioFileException e) {
            io.warn(e.getMessage());
            debug(e);
            return 1;
        } catch (OutOfMemoryError e) {
            io.warn(name + ": out of memory (raise it with ERSATZ_JAVA_OPTS=-Xmx...)");
            return 1;
        } catch (Exception e) {
            io.warn(name + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            debug(e);
            return 1;
        }
    }

    private static void debug(Throwable t) {
        if (System.getenv("ERSATZ_DEBUG") != null) t.printStackTrace();
    }
}
