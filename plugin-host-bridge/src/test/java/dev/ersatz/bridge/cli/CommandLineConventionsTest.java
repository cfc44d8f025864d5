package dev.ersatz.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** The command line's conventions, as picocli gives them: help, version, typo suggestions, completion. */
class CommandLineConventionsTest {
    @TempDir Path dir;

    /** Every command and subcommand, as typed after `ersatz` ("preset save", "bench decode"). */
    static List<String> everyCommand() {
        CommandLine cl = Main.commandLine(new Console(System.out, System.err, false));
        return walk(cl).stream().filter(c -> c.getParent() != null && !c.getCommandSpec().helpCommand())
                .map(UsageMessages::name).toList();
    }

    private static List<CommandLine> walk(CommandLine c) {
        java.util.List<CommandLine> all = new java.util.ArrayList<>(List.of(c));
        for (CommandLine sub : c.getSubcommands().values()) all.addAll(walk(sub));
        return all;
    }

    @Test
    void everyCommandHasHelpAndTheVersion() {
        List<String> names = everyCommand();
        assertTrue(names.containsAll(Set.of("bounce", "analyze", "preset save", "completion", "bench decode")), names.toString());
        String version = CliRun.of("--version").out();
        assertTrue(version.startsWith("ersatz "), version);
        for (String name : names) {
            String[] words = (name + " --help").split(" ");
            CliRun help = CliRun.of(words);
            assertEquals(0, help.code(), name + ": " + help.err());
            assertTrue(help.out().contains("usage: ersatz " + name) || help.out().contains("ersatz " + name), name + ": " + help.out());
            assertTrue(help.out().contains("--help"), name);
            assertEquals(version, CliRun.of((name + " --version").split(" ")).out(), name);
        }
        CliRun viaHelp = CliRun.of("help", "chain");
        assertEquals(0, viaHelp.code());
        assertEquals(CliRun.of("chain", "--help").out(), viaHelp.out());
        assertTrue(viaHelp.out().contains("--min-clip-ms"), viaHelp.out());
    }

    @Test
    void aCommandLineThatNamesItsCommandBuildsOnlyThatCommandWithTheSameUsage() {
        Console io = new Console(System.out, System.err, false);
        CommandLine whole = Main.commandLine(io);
        for (String name : whole.getSubcommands().keySet()) {
            if (name.equals("help") || name.equals("completion") || name.equals("bench")) continue;
            CommandLine one = Main.commandLine(io, name);
            assertEquals(Set.of(name), one.getSubcommands().keySet(), name);
            assertEquals(whole.getSubcommands().get(name).getUsageMessage(Ansi.OFF),
                    one.getSubcommands().get(name).getUsageMessage(Ansi.OFF), name);
        }
        assertTrue(Main.commandLine(io, "help").getSubcommands().size() > 10, "help sees every command");
        assertTrue(Main.commandLine(io, "bouce").getSubcommands().size() > 10, "a typo is matched against every command");
        CliRun none = CliRun.of();
        assertTrue(none.out().contains("bounce") && none.out().contains("fingerprint"), "the root's usage lists every command: " + none.out());
    }

    @Test
    void aMistypedOptionOrCommandGetsASuggestionAndExitCodeTwo() {
        CliRun typo = CliRun.of("bounce", "--temprature", "2");
        assertEquals(2, typo.code());
        assertEquals("ersatz: bounce: unknown option --temprature (did you mean --temperature?)\n", typo.err());
        CliRun command = CliRun.of("bouce");
        assertEquals(2, command.code());
        assertEquals("ersatz: unknown command 'bouce' (did you mean bounce?)\n", command.err());
        CliRun nothing = CliRun.of("analyze", "x.wav", "--frobnicate");
        assertEquals("ersatz: analyze: unknown option --frobnicate (see ersatz analyze --help)\n", nothing.err());
        CliRun sub = CliRun.of("preset", "lsit");
        assertEquals(2, sub.code());
        assertTrue(sub.err().startsWith("ersatz: preset: unknown subcommand 'lsit'"), sub.err());
    }

    @Test
    void valuesKeepTheirOneLineMessages() {
        assertEquals("ersatz: bounce: --seconds wants a number, not 'abc'\n", CliRun.of("bounce", "--seconds", "abc").err());
        assertEquals("ersatz: bounce: --seconds needs a value\n", CliRun.of("bounce", "--seconds").err());
        CliRun range = CliRun.of("bounce", "--seconds", "1", "-o", "x.wav", "--temperature", "9");
        assertEquals(2, range.code());
        assertEquals("ersatz: bounce: --temperature must be between 0 and 4, not 9\n", range.err());
        assertEquals("ersatz: compare: missing argument (see ersatz compare --help)\n", CliRun.of("compare", "a.wav").err());
        assertEquals("ersatz: trim: unexpected argument 'b.wav'\n", CliRun.of("trim", "a.wav", "b.wav").err());
        CliRun none = CliRun.of();
        assertEquals(2, none.code(), "no command is a usage mistake");
        assertTrue(none.out().contains("bounce"), none.out());
    }

    @Test
    void theBashCompletionScriptCompletesCommandsAndOptions() throws Exception {
        CliRun r = CliRun.of("completion");
        assertEquals(0, r.code(), r.err());
        Path script = dir.resolve("ersatz-completion.bash");
        Files.writeString(script, r.out());
        assertEquals("bounce", complete(script, "ersatz", "bou"));
        assertEquals("--temperature", complete(script, "ersatz", "bounce", "--tem"));
        assertEquals("save", complete(script, "ersatz", "preset", "sa"));
        String chainOptions = complete(script, "ersatz", "chain", "--m");
        assertTrue(chainOptions.contains("--min-clip-ms") && chainOptions.contains("--max-clip-ms"), chainOptions);
        assertFalse(complete(script, "ersatz", "").isEmpty(), "an empty word offers every command");
    }

    /** What bash offers for the last word of {@code words}, as `complete -F` would call the script's function. */
    private static String complete(Path script, String... words) throws Exception {
        StringBuilder w = new StringBuilder();
        for (String s : words) w.append(" '").append(s).append("'");
        String bash = "source '" + script + "'\n"
                + "compopt() { :; }\n"   // only defined while bash itself completes; a stub here
                + "COMP_WORDS=(" + w + ")\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_ersatz ersatz \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" | sort | paste -sd' '\n";
        Tools.Result res = Tools.run(60, "bash", "-c", bash);
        assertEquals(0, res.exitCode(), res.stderr());
        return res.stdout().strip();
    }
}
