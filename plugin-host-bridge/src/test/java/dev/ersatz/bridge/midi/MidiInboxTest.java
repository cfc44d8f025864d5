package dev.ersatz.bridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.render.EventBuffer;
import org.junit.jupiter.api.Test;

class MidiInboxTest {
    @Test
    void drainsInOrderAtTheGivenOffsetAndCountsWhatDidNotFit() {
        MidiInbox inbox = new MidiInbox(4);
        for (int i = 0; i < 4; i++) assertTrue(inbox.offer(0x90, 60 + i, 100 + i));
        assertFalse(inbox.offer(0x90, 99, 1), "full");
        assertEquals(1, inbox.dropped());
        EventBuffer events = new EventBuffer(16);
        assertEquals(4, inbox.drainTo(events, 0));
        assertEquals(4, events.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(0, events.offset(i));
            assertEquals(0x90, events.status(i));
            assertEquals(60 + i, events.data1(i));
            assertEquals(100 + i, events.data2(i));
        }
        assertEquals(0, inbox.drainTo(events, 0), "drained");
        assertTrue(inbox.offer(0xE0, 0x7F, 0x7F), "room again after draining");
    }

    @Test
    void manyProducersOneConsumerLoseNothingThatFits() throws Exception {
        MidiInbox inbox = new MidiInbox(1 << 16);
        Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            int channel = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) inbox.offer(0xB0 | channel, i & 0x7F, (i >> 7) & 0x7F);
            });
            producers[p].start();
        }
        EventBuffer events = new EventBuffer(1 << 17);
        int[] next = new int[4];
        int total = 0;
        while (total < 40_000) {
            events.clear();
            int n = inbox.drainTo(events, 0);
            for (int i = 0; i < n; i++) {
                int ch = events.status(i) & 0x0F;
                int value = events.data1(i) | events.data2(i) << 7;
                assertEquals(next[ch], value, "channel " + ch + " in order");
                next[ch]++;
            }
            total += n;
        }
        for (Thread t : producers) t.join();
        assertEquals(0, inbox.dropped());
    }
}
