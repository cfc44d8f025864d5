package dev.ersatz.bridge.midi;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

/**
 * A Java Sound {@link Receiver} that forwards channel messages (note, CC, program, pressure, pitch
 * bend) into a {@link MidiInbox}. System messages (sysex, clock, meta) are not instrument input and
 * are ignored. Runs on the device's own thread.
 */
public final class InboxReceiver implements Receiver {
    private final MidiInbox inbox;

    public InboxReceiver(MidiInbox inbox) { this.inbox = inbox; }

    @Override
    public void send(MidiMessage message, long timeStamp) {
        if (!(message instanceof ShortMessage m)) return;
        int status = m.getStatus();
        if (status < 0x80 || status >= 0xF0) return;
        inbox.offer(status, m.getData1(), m.getData2());
    }

    @Override
    public void close() { }
}
