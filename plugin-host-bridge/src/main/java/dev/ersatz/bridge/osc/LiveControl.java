package dev.ersatz.bridge.osc;

import dev.ersatz.engine.preset.GeneratorKind;
import dev.ersatz.engine.session.InstrumentLink;
import dev.ersatz.engine.session.InstrumentPresets;
import dev.ersatz.engine.preset.LoadedPreset;
import dev.ersatz.engine.preset.ParameterCatalog;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.PresetCodec;
import dev.ersatz.engine.preset.PresetFolder;
import dev.ersatz.engine.session.PresetSession;
import dev.ersatz.engine.session.ProgramChangeTap;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Processor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Everything that controls a live instrument besides its MIDI input: the preset session (current
 * state, save, load, program change, MIDI learn), its link into the instrument, and the OSC server
 * when a port is given. What `ersatz run` starts; control threads only.
 */
public final class LiveControl implements AutoCloseable {
    private final PresetSession session;
    private final InstrumentLink link;
    private final OscServer osc;
    private final OscControl control;

    private LiveControl(PresetSession session, InstrumentLink link, OscServer osc, OscControl control) {
        this.session = session;
        this.link = link;
        this.osc = osc;
        this.control = control;
    }

    /**
     * Applies {@code preset} (or the defaults for {@code kind}) to the instrument and starts the
     * control side.
     *
     * @param folder    the preset folder: program change, OSC load and save stay inside it
     * @param oscPort   the OSC UDP port, 0 for any free one, -1 for no OSC server
     * @param reloader  rebuilds the instrument's program when a loaded preset needs another kind
     * @param messages  one-line reports (learnt mappings, program changes, failures)
     */
    public static LiveControl start(Instrument instrument, LoadedPreset preset, GeneratorKind kind, Path folder,
                                    String oscHost, int oscPort, InstrumentLink.Reloader reloader,
                                    Consumer<String> messages) throws IOException {
        ParameterCatalog catalog = ParameterCatalog.of(instrument.parameters());
        PresetCodec codec = new PresetCodec(catalog);
        // The kind is what the instrument plays: a model run keeps playing its model under a sampler preset.
        Preset initial = preset != null ? preset.preset().withKind(kind) : Preset.defaults("untitled", kind, catalog);
        String corpus = preset != null && preset.corpusPath() != null ? preset.corpusPath().toString() : null;
        InstrumentLink link = new InstrumentLink(instrument, kind, corpus, reloader);
        InstrumentPresets.apply(instrument, initial, instrument.transport().bpm());
        PresetSession session = new PresetSession(codec, new PresetFolder(folder), initial, preset == null ? null : preset.file(), link);
        link.start(session, messages);
        OscServer osc = null;
        OscControl control = null;
        if (oscPort >= 0) {
            control = new OscControl(session);
            try {
                osc = OscServer.start(oscHost, oscPort, control);
            } catch (IOException e) {
                link.close();
                throw new IOException("cannot listen for OSC on " + oscHost + ":" + oscPort + ": " + e.getMessage(), e);
            }
        }
        return new LiveControl(session, link, osc, control);
    }

    public PresetSession session() { return session; }

    public InstrumentLink link() { return link; }

    /** The OSC server, or null without one. */
    public OscServer osc() { return osc; }

    /** Wraps the processor the backend drives so that MIDI program changes select presets. */
    public Processor tap(Processor p) { return new ProgramChangeTap(p, link); }

    /** A short status for the terminal: OSC counters. */
    public String status() {
        if (osc == null) return "";
        return "osc " + osc.messages() + " msgs, " + osc.malformed() + " malformed, " + control.errors() + " refused";
    }

    @Override
    public void close() {
        if (osc != null) osc.close();
        link.close();
    }
}
