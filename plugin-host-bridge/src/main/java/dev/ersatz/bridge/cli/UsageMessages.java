package dev.ersatz.bridge.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A parse mistake as one line that names the command and the option, in the words the command line
 * has always used ("bounce: unknown option --temprature (did you mean --temperature?)").
 */
final class UsageMessages {
    private UsageMessages() { }

    /** "bounce", "preset save": the command as the user typed it after `ersatz`. */
    static String name(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName(" ");
        return q.startsWith("ersatz ") ? q.substring("ersatz ".length()) : q;
    }

    static String of(ParameterException e) {
        CommandLine cl = e.getCommandLine();
        String name = name(cl);
        boolean top = cl.getParent() == null;
        String see = top ? "(see ersatz --help)" : "(see ersatz " + name + " --help)";
        String prefix = top ? "" : name + ": ";
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            List<String> suggestions = u.getSuggestions();
            String hint = suggestions.isEmpty() ? see : "(did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
            if (arg.startsWith("-") && arg.length() > 1 && u.isUnknownOption()) {
                int eq = arg.indexOf('=');
                return prefix + "unknown option " + (eq > 0 ? arg.substring(0, eq) : arg) + " " + hint;
            }
            if (!cl.getSubcommands().isEmpty()) {
                String what = top ? "command" : "subcommand";
                if (!suggestions.isEmpty()) return prefix + "unknown " + what + " '" + arg + "' " + hint;
                return prefix + "unknown " + what + " '" + arg + "' (" + subcommands(cl) + ")";
            }
            return prefix + "unexpected argument '" + arg + "'";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec missing = m.getMissing().get(0);
            if (missing instanceof OptionSpec o) return prefix + o.longestName() + " needs a value";
            return prefix + "missing argument " + see;
        }
        if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() instanceof OptionSpec o) {
            return prefix + o.longestName() + " " + t.getMessage();
        }
        return prefix + e.getMessage();
    }

    private static String subcommands(CommandLine cl) {
        List<String> names = cl.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        if (names.size() < 2) return String.join("", names);
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
