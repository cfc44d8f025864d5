package dev.ersatz.bridge.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCParseException;
import com.illposed.osc.OSCParser;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Why Ersatz keeps its own OSC codec instead of JavaOSC (com.illposed.osc:javaosc-core 0.8, the
 * issue's candidate): the same hostile and fuzzed packets through both. Ours must turn every bad
 * packet into an {@link OscFormatException} and allocate little for it whatever its length fields
 * claim; JavaOSC 0.8, measured here, does not (it throws unchecked exceptions on some), so the
 * decision stands only while this test finds that. Decode speed is printed, not asserted.
 */
class JavaOscComparisonTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Valid packets of the kinds Ersatz receives, then the hostile ones a fuzzer finds first. */
    static List<byte[]> corpus() {
        List<byte[]> valid = List.of(
                OscCodec.encode(new OscPacket.Message("/ersatz/param/gain", -6f)),
                OscCodec.encode(new OscPacket.Message("/ersatz/note", 60, 100)),
                OscCodec.encode(new OscPacket.Message("/ersatz/preset/load", "presets/chaos.json")),
                OscCodec.encode(new OscPacket.Bundle(OscPacket.TimeTag.IMMEDIATELY, List.of(
                        new OscPacket.Message("/ersatz/note", 62, 90), new OscPacket.Message("/ersatz/param/temperature", 1.5f)))),
                OscCodec.encode(new OscPacket.Message("/b", new byte[] {1, 2, 3, 4, 5})));
        List<byte[]> all = new ArrayList<>(valid);
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] v = valid.get(r.nextInt(valid.size())).clone();
            int flips = 1 + r.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = r.nextInt(v.length);
                v[at] = switch (r.nextInt(4)) {
                    case 0 -> (byte) r.nextInt(256);
                    case 1 -> (byte) 0x7f;
                    case 2 -> (byte) 0xff;
                    default -> 0;
                };
            }
            all.add(v);
        }
        // A blob that claims 2 GB; a bundle element that claims 2 GB; a bundle nested 2000 deep.
        ByteBuffer blob = ByteBuffer.allocate(16).put("/b\0\0,b\0\0".getBytes()).putInt(0x7fffffff);
        all.add(blob.array());
        ByteBuffer element = ByteBuffer.allocate(24).put("#bundle\0".getBytes()).putLong(1).putInt(0x7ffffff0).putInt(0);
        all.add(element.array());
        byte[] deep = OscCodec.encode(new OscPacket.Message("/x"));
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocate(16 + 4 + deep.length).put("#bundle\0".getBytes()).putLong(1).putInt(deep.length).put(deep);
            deep = b.array();
        }
        all.add(deep);
        return all;
    }

    record Outcome(int packets, int parsed, int refused, TreeMap<String, Integer> unchecked, long worstBytes) {
        String describe() {
            return String.format(Locale.ROOT, "%d packets: %d parsed, %d refused as malformed, unchecked %s, worst allocation %d bytes",
                    packets, parsed, refused, unchecked, worstBytes);
        }
    }

    interface Decoder { void decode(byte[] b) throws Exception; }

    static Outcome run(Decoder d, Class<? extends Exception> checked) {
        long tid = Thread.currentThread().getId();
        int parsed = 0, refused = 0;
        long worst = 0;
        TreeMap<String, Integer> unchecked = new TreeMap<>();
        List<byte[]> all = corpus();
        for (byte[] b : all) {
            long before = THREADS.getThreadAllocatedBytes(tid);
            try {
                d.decode(b);
                parsed++;
            } catch (Throwable t) {
                if (checked.isInstance(t)) refused++;
                else unchecked.merge(t.getClass().getSimpleName(), 1, Integer::sum);
            }
            worst = Math.max(worst, THREADS.getThreadAllocatedBytes(tid) - before);
        }
        return new Outcome(all.size(), parsed, refused, unchecked, worst);
    }

    @Test
    void ourCodecRefusesEveryBadPacketAsMalformedAndNeverAllocatesWhatALengthClaims() {
        Outcome ours = run(b -> OscCodec.decode(b, b.length), OscFormatException.class);
        System.out.println("ours:    " + ours.describe());
        assertEquals(new TreeMap<>(), ours.unchecked(), ours.describe());
        assertTrue(ours.worstBytes() < 1 << 20, "a hostile packet costs under 1 MB: " + ours.describe());
    }

    @Test
    void javaOscDoesNotMeetThoseGuaranteesSoWeKeepOurs() throws Exception {
        OSCParser parser = new OSCSerializerAndParserBuilder().buildParser();
        Outcome theirs = run(b -> parser.convert(ByteBuffer.wrap(b)), OSCParseException.class);
        System.out.println("JavaOSC: " + theirs.describe());
        printDecodeCost();
        assertTrue(!theirs.unchecked().isEmpty() || theirs.worstBytes() >= 1 << 20,
                "JavaOSC 0.8 now meets both guarantees: measure its speed and allocation and switch to it. " + theirs.describe());
    }

    /** Decode time and allocation of one parameter message, ours and JavaOSC's, printed (the figures in docs/BENCHMARKS.md). */
    private static void printDecodeCost() throws Exception {
        byte[] m = OscCodec.encode(new OscPacket.Message("/ersatz/param/gain", -6f));
        OSCParser parser = new OSCSerializerAndParserBuilder().buildParser();
        long tid = Thread.currentThread().getId();
        int n = 200_000;
        for (int round = 0; round < 3; round++) { // the last round counts (the first two warm up)
            long a0 = THREADS.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
            for (int i = 0; i < n; i++) OscCodec.decode(m, m.length);
            long t1 = System.nanoTime(), a1 = THREADS.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) parser.convert(ByteBuffer.wrap(m));
            long t2 = System.nanoTime(), a2 = THREADS.getThreadAllocatedBytes(tid);
            if (round == 2) {
                System.out.printf(Locale.ROOT, "decode /ersatz/param/gain f: ours %.0f ns and %d bytes a message; JavaOSC %.0f ns and %d bytes%n",
                        (t1 - t0) / (double) n, (a1 - a0) / n, (t2 - t1) / (double) n, (a2 - a1) / n);
            }
        }
    }
}
