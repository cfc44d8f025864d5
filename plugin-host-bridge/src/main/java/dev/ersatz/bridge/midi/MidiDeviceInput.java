package dev.ersatz.bridge.midi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;

/**
 * A Java Sound MIDI input device (a hardware port or a virtual one) feeding a {@link MidiInbox}: the
 * alternative to JACK MIDI ({@code --midi-device NAME}). Its messages reach the engine at the start of
 * the next period (Java Sound timestamps are not on JACK's clock), so timing is to the period, not to
 * the sample. Control thread.
 */
public final class MidiDeviceInput implements AutoCloseable {
    private final MidiDevice device;
    private final javax.sound.midi.Transmitter transmitter;

    private MidiDeviceInput(MidiDevice device, javax.sound.midi.Transmitter transmitter) {
        this.device = device;
        this.transmitter = transmitter;
    }

    /** Names of the devices that can send MIDI to us (Java's own sequencer and synthesizer excluded). */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (MidiDevice d : inputs()) names.add(d.getDeviceInfo().getName());
        return names;
    }

    private static List<MidiDevice> inputs() {
        List<MidiDevice> found = new ArrayList<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            try {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (d instanceof Sequencer || d instanceof Synthesizer || d.getMaxTransmitters() == 0) continue;
                found.add(d);
            } catch (MidiUnavailableException | IllegalArgumentException e) {
                // a device that vanished between listing and opening is not an input
            }
        }
        return found;
    }

    /**
     * Opens the input whose name is {@code name}, or else the one whose name contains it (ignoring
     * case) when exactly one does, and sends its messages to {@code inbox}.
     *
     * @throws IllegalArgumentException with a one-line message naming the device and what exists
     */
    public static MidiDeviceInput open(String name, MidiInbox inbox) {
        List<MidiDevice> all = inputs();
        List<MidiDevice> matches = new ArrayList<>();
        for (MidiDevice d : all) if (d.getDeviceInfo().getName().equals(name)) matches.add(d);
        if (matches.isEmpty()) {
            String needle = name.toLowerCase(Locale.ROOT);
            for (MidiDevice d : all) if (d.getDeviceInfo().getName().toLowerCase(Locale.ROOT).contains(needle)) matches.add(d);
        }
        if (matches.size() != 1) {
            List<String> names = new ArrayList<>();
            for (MidiDevice d : (matches.isEmpty() ? all : matches)) names.add(d.getDeviceInfo().getName());
            String what = matches.isEmpty() ? "no MIDI input device matches" : "more than one MIDI input device matches";
            throw new IllegalArgumentException(what + " '" + name + "' (" + (matches.isEmpty() ? "available: " : "")
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        MidiDevice d = matches.get(0);
        try {
            d.open();
            javax.sound.midi.Transmitter t = d.getTransmitter();
            t.setReceiver(new InboxReceiver(inbox));
            return new MidiDeviceInput(d, t);
        } catch (MidiUnavailableException e) {
            d.close();
            throw new IllegalArgumentException("MIDI device '" + d.getDeviceInfo().getName() + "' is unavailable: " + e.getMessage());
        }
    }

    public String name() { return device.getDeviceInfo().getName(); }

    @Override
    public void close() {
        transmitter.close();
        device.close();
    }
}
