package dev.ersatz.bridge.cli;

import dev.ersatz.bridge.osc.OscClient;
import dev.ersatz.bridge.osc.OscPacket;
import dev.ersatz.engine.preset.CcBinding;
import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.ParameterInfo;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.PresetException;
import dev.ersatz.engine.preset.PresetFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** `ersatz preset save|check|list|params`: writes, validates and lists preset files. Main thread. */
@CommandLine.Command(name = "preset",
        customSynopsis = {"usage: ersatz preset save FILE [--from PRESET] [--kind KIND] [--name NAME] [--set ID=VALUE]... [--cc CC=ID]...",
                "       ersatz preset save NAME --osc-port PORT [--osc-host HOST]",
                "       ersatz preset check FILE|DIR...",
                "       ersatz preset list [DIR]",
                "       ersatz preset params"},
        description = {"save, check and list presets",
                "save writes a preset atomically: the state built from --from (or the defaults), --set and",
                "--cc; with --osc-port it asks a running `ersatz run` to save its current state as NAME",
                "in its preset folder. check validates presets and reports each problem with its field.",
                "list shows a folder's presets in program-change order. params lists the parameters.",
                "Each has its own options: ersatz preset save --help, ..."},
        subcommands = {PresetCommand.Save.class, PresetCommand.Check.class, PresetCommand.ListPresets.class, PresetCommand.Params.class})
public final class PresetCommand implements Command {
    private final PresetCodec codec = new PresetCodec(ParameterCatalog.instrument());

    @Override
    public int run(Console io) {
        throw CliError.usage("preset: missing subcommand (save, check, list or params; see ersatz preset --help)");
    }

    @CommandLine.Command(name = "save", description = "write a preset, or have a running ersatz save its state",
            customSynopsis = {"usage: ersatz preset save FILE [--from PRESET] [--kind KIND] [--name NAME] [--set ID=VALUE]... [--cc CC=ID]...",
                    "       ersatz preset save NAME --osc-port PORT [--osc-host HOST]"})
    static final class Save implements Command {
        @CommandLine.ParentCommand PresetCommand parent;

        @CommandLine.Parameters(paramLabel = "FILE", description = "the preset file to write (with --osc-port: the preset's name)") String target;

        @CommandLine.Option(names = "--from", paramLabel = "PRESET", description = "start from this preset instead of the defaults") Path from;

        @CommandLine.Option(names = "--kind", paramLabel = "KIND", description = "generator kind: sampler, chain or model (default sampler)") String kindName;

        @CommandLine.Option(names = "--name", paramLabel = "NAME", description = "the preset's name (default: the file name)") String name;

        @CommandLine.Option(names = "--set", paramLabel = "ID=VALUE", description = "set a parameter (repeatable)") List<String> sets = new ArrayList<>();

        @CommandLine.Option(names = "--cc", paramLabel = "CC=ID", description = "map controller CC to parameter ID over its whole range (repeatable)") List<String> ccs = new ArrayList<>();

        @CommandLine.Option(names = "--osc-port", paramLabel = "PORT", description = "save the state of the ersatz listening for OSC on this port") Integer oscPort;

        @CommandLine.Option(names = "--osc-host", paramLabel = "HOST", description = "its host (default 127.0.0.1)") String oscHost = "127.0.0.1";

        @Override public int run(Console io) throws Exception { return parent.save(this, io); }
    }

    @CommandLine.Command(name = "check", description = "validate presets and report each problem with its field")
    static final class Check implements Command {
        @CommandLine.ParentCommand PresetCommand parent;

        @CommandLine.Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "preset files, or folders of them") List<String> paths = new ArrayList<>();

        @CommandLine.Option(names = "--json", description = "one JSON object per line") boolean json;

        @Override public int run(Console io) throws Exception { return parent.check(this, io); }
    }

    @CommandLine.Command(name = "list", description = "show a folder's presets in program-change order")
    static final class ListPresets implements Command {
        @CommandLine.ParentCommand PresetCommand parent;

        @CommandLine.Parameters(paramLabel = "DIR", arity = "0..1", description = "the preset folder (default ./presets)") String dir = "presets";

        @CommandLine.Option(names = "--json", description = "one JSON object per line") boolean json;

        @Override public int run(Console io) throws Exception { return parent.list(this, io); }
    }

    @CommandLine.Command(name = "params", description = "list the parameters: id, range, default, unit")
    static final class Params implements Command {
        @CommandLine.ParentCommand PresetCommand parent;

        @CommandLine.Option(names = "--json", description = "one JSON object per line") boolean json;

        @Override public int run(Console io) { return parent.params(this, io); }
    }

    private int save(Save args, Console io) throws Exception {
        if (args.oscPort != null) {
            int p = OptionRange.check("preset save", "--osc-port", args.oscPort, 1, 65535);
            String host = args.oscHost;
            String name = args.target;
            OscPacket.Message reply = OscClient.request(host, p, new OscPacket.Message("/ersatz/preset/save", name),
                    m -> m.address().equals("/ersatz/preset/saved") || m.address().equals("/ersatz/error"), 3000);
            if (reply == null) throw new CliError("preset save: no answer from " + host + ":" + p + " (is `ersatz run --osc-port " + p + "` running?)");
            if (reply.address().equals("/ersatz/error")) throw new CliError("preset save: " + reply.args().get(0));
            io.out().println("saved " + reply.args().get(0));
            return 0;
        }
        Path from = args.from;
        String kindName = args.kindName;
        String name = args.name;
        List<String> sets = args.sets;
        List<String> ccs = args.ccs;
        Path file = Path.of(args.target);
        Preset p;
        if (from != null) {
            LoadedPreset l = load(from, io);
            p = l.preset();
        } else {
            GeneratorKind k = GeneratorKind.SAMPLER;
            p = Preset.defaults(file.getFileName().toString().replaceFirst("(?i)\\.json$", ""), k, codec.catalog());
        }
        if (kindName != null) {
            GeneratorKind k = GeneratorKind.parse(kindName);
            if (k == null) throw CliError.usage("preset save: --kind must be sampler, chain or model, not '" + kindName + "'");
            p = new Preset(p.name(), p.description(), k, p.parameters(), p.ccMap(), p.learnt(), p.sync(), p.corpus(), p.model());
        }
        if (name != null) p = p.withName(name);
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw CliError.usage("preset save: --set wants ID=VALUE, not '" + s + "'");
            String id = s.substring(0, eq);
            ParameterInfo info = codec.catalog().find(id);
            if (info == null) throw CliError.usage("preset save: --set " + id + ": unknown parameter (see ersatz preset params)");
            double v;
            try {
                v = Double.parseDouble(s.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw CliError.usage("preset save: --set " + id + ": '" + s.substring(eq + 1) + "' is not a number");
            }
            if (!info.inRange(v)) throw CliError.usage("preset save: --set " + id + ": " + s.substring(eq + 1) + " is out of range [" + fmt(info.min()) + ", " + fmt(info.max()) + "]");
            if (info.integer() && v != Math.rint(v)) throw CliError.usage("preset save: --set " + id + ": wants a whole number");
            p = p.withParameter(id, v);
        }
        if (!ccs.isEmpty()) {
            Map<Integer, CcBinding> map = new LinkedHashMap<>(p.ccMap());
            for (String s : ccs) {
                int eq = s.indexOf('=');
                int cc;
                try {
                    cc = Integer.parseInt(s.substring(0, Math.max(0, eq)));
                } catch (NumberFormatException e) {
                    throw CliError.usage("preset save: --cc wants CC=ID, not '" + s + "'");
                }
                if (cc < 0 || cc > 127 || PresetCodec.reservedCc(cc)) throw CliError.usage("preset save: --cc " + cc + ": not a mappable controller (0..127 except 64, 120, 123)");
                ParameterInfo info = codec.catalog().find(s.substring(eq + 1));
                if (info == null) throw CliError.usage("preset save: --cc " + s + ": unknown parameter");
                map.put(cc, CcBinding.whole(info));
            }
            p = p.withCcMap(map);
        }
        codec.save(file, p);
        io.out().println("saved " + file);
        return 0;
    }

    private LoadedPreset load(Path f, Console io) {
        try {
            LoadedPreset l = codec.load(f);
            for (String w : l.warnings()) io.warn(w);
            return l;
        } catch (PresetException e) {
            throw new CliError(e.getMessage());
        }
    }

    private int check(Check args, Console io) throws Exception {
        boolean json = args.json;
        List<Path> files = new ArrayList<>();
        for (String s : args.paths) {
            Path p = Path.of(s);
            if (Files.isDirectory(p)) files.addAll(new PresetFolder(p).list());
            else files.add(p);
        }
        int bad = 0;
        for (Path f : files) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", f.toString());
            try {
                LoadedPreset l = codec.load(f);
                row.put("ok", true);
                row.put("name", l.preset().name());
                row.put("kind", l.preset().kind().id());
                row.put("warnings", l.warnings());
                if (json) io.out().println(dev.ersatz.engine.util.Json.write(row));
                else {
                    for (String w : l.warnings()) io.warn(w);
                    io.out().println("ok " + f + " (" + l.preset().kind().id() + ", \"" + l.preset().name() + "\")");
                }
            } catch (PresetException e) {
                bad++;
                row.put("ok", false);
                row.put("problems", e.problems());
                if (json) io.out().println(dev.ersatz.engine.util.Json.write(row));
                else for (String problem : e.problems()) io.warn(f + ": " + problem);
            }
        }
        if (files.isEmpty()) throw new CliError("preset check: no preset files found");
        return bad == 0 ? 0 : 1;
    }

    private int list(ListPresets args, Console io) throws Exception {
        boolean json = args.json;
        Path dir = Path.of(args.dir);
        if (!Files.isDirectory(dir)) throw new CliError(dir + ": not a folder");
        List<Path> all = new PresetFolder(dir).list();
        for (int i = 0; i < all.size(); i++) {
            Path f = all.get(i);
            String name;
            String kind;
            try {
                LoadedPreset l = codec.load(f);
                name = l.preset().name();
                kind = l.preset().kind().id();
            } catch (PresetException e) {
                io.warn(e.getMessage());
                name = null;
                kind = null;
            }
            if (json) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("program", (long) i);
                row.put("file", f.getFileName().toString());
                row.put("name", name);
                row.put("kind", kind);
                io.out().println(dev.ersatz.engine.util.Json.write(row));
            } else {
                io.out().printf("%3d  %-24s %-8s %s%n", i, f.getFileName(), kind == null ? "(bad)" : kind, name == null ? "" : name);
            }
        }
        return 0;
    }

    private int params(Params args, Console io) {
        boolean json = args.json;
        for (ParameterInfo p : codec.catalog().all()) {
            if (json) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id());
                row.put("min", p.min());
                row.put("max", p.max());
                row.put("default", p.defaultValue());
                row.put("unit", p.unit());
                row.put("integer", p.integer());
                io.out().println(dev.ersatz.engine.util.Json.write(row));
            } else {
                io.out().printf("%-22s %10s .. %-8s default %-6s %s%n", p.id(), fmt(p.min()), fmt(p.max()), fmt(p.defaultValue()), p.unit());
            }
        }
        return 0;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
