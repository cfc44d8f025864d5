package dev.ersatz.bridge.cli;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * `ersatz completion`: prints the bash completion script picocli generates from the command tree,
 * so every command and option completes (`source <(ersatz completion)`, or save it under
 * ~/.local/share/bash-completion/completions/ersatz).
 */
@CommandLine.Command(name = "completion", description = {
        "print a bash completion script for ersatz (source <(ersatz completion))",
        "Completes commands, options and file names. To have it in every shell, save it where bash-completion looks:",
        "  ersatz completion > ~/.local/share/bash-completion/completions/ersatz"})
public final class CompletionCommand implements Command {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public int run(Console io) {
        io.out().print(AutoComplete.bash("ersatz", spec.root().commandLine()));
        io.out().flush();
        return 0;
    }
}
