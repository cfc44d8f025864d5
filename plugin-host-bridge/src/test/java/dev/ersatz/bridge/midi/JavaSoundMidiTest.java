package dev.ersatz.bridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.jack.ImpulseProcessor;
import dev.ersatz.bridge.jack.JackBackend;
import dev.ersatz.bridge.jack.JackServer;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import org.junit.jupiter.api.Test;

/**
 * Java Sound MIDI as the alternative input. This machine has no MIDI hardware, so the device side is
 * exercised through its API: a {@link javax.sound.midi.Receiver} fed real messages, whose events must
 * reach the processor, running under a real jackd, at the start of a period, in order.
 */
class JavaSoundMidiTest {

    @Test
    void messagesFromAReceiverReachTheProcessorAtTheStartOfAPeriod() throws Exception {
        MidiInbox inbox = new MidiInbox(256);
        ImpulseProcessor p = new ImpulseProcessor();
        try (JackServer server = JackServer.start(128).useInThisProcess();
             JackBackend jack = JackBackend.open("ersatz-javasound", p, inbox, null)) {
            InboxReceiver receiver = new InboxReceiver(inbox);
            receiver.send(new SysexMessage(new byte[] {(byte) 0xF0, 0x7E, 0x7F, (byte) 0xF7}, 4), -1); // not for us
            receiver.send(new MetaMessage(0x51, new byte[] {7, (byte) 0xA1, 0x20}, 3), -1);             // not for us
            receiver.send(new ShortMessage(ShortMessage.NOTE_ON, 2, 64, 99), -1);
            receiver.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 2, 1, 42), -1);
            receiver.send(new ShortMessage(ShortMessage.PITCH_BEND, 2, 0x00, 0x60), -1);
            receiver.send(new ShortMessage(ShortMessage.TIMING_CLOCK), -1);                              // not for us
            long deadline = System.currentTimeMillis() + 2000;
            while (p.logged < 3 && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertEquals(3, p.logged, "three channel messages, nothing else");
            assertEquals(0x92, p.status[0]);
            assertEquals(64, p.data1[0]);
            assertEquals(99, p.data2[0]);
            assertEquals(0xB2, p.status[1]);
            assertEquals(42, p.data2[1]);
            assertEquals(0xE2, p.status[2]);
            assertEquals(0x60, p.data2[2]);
            for (int i = 0; i < 3; i++) assertEquals(0, p.offset[i], "at the start of the period");
            assertEquals(p.block[0], p.block[2], "sent together, arrive in the same period");
        }
    }

    @Test
    void anUnknownDeviceIsAOneLineErrorThatSaysWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MidiDeviceInput.open("No Such Keyboard 49", new MidiInbox(16)));
        assertTrue(e.getMessage().startsWith("no MIDI input device matches 'No Such Keyboard 49' (available: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        for (String name : MidiDeviceInput.available()) assertTrue(e.getMessage().contains(name));
    }
}
