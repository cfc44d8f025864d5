package dev.ersatz.bridge.osc;

import static org.junit.jupiter.api.Assertions.*;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.testing.Signals;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile OSC traffic against a real instrument that keeps rendering: it never crashes or goes bad. */
class OscEngineFuzzTest {
    static final int RATE = 48000;
    @TempDir Path tmp;

    @Test
    void randomAndHostileMessagesNeverBreakTheRenderingEngine() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("presets"));
        Instrument inst = new Instrument();
        inst.load(Material.of(List.of(new AudioData(new float[][] {Signals.music(RATE * 2, RATE, 3)}, RATE))), new SamplerGenerator(), 9);
        OfflineRenderer renderer = new OfflineRenderer(inst, new AudioConfig(RATE, 128, 2), false);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        float[][] block = new float[2][128];
        Thread audio = new Thread(() -> {
            while (!stop.get()) {
                renderer.renderBlock(block, 0, 128);
                for (float[] ch : block) for (float v : ch) if (!Float.isFinite(v) || Math.abs(v) > 100) bad.compareAndSet(null, "sample " + v);
                try { Thread.sleep(1); } catch (InterruptedException e) { return; }
            }
        }, "fuzz-audio");
        audio.start();
        Random rnd = new Random(7);
        String[] ids = {"gain", "temperature", "attack", "release", "transpose", "density", "grain", "pan_spread", "root_note", "note_mode", "bend_range", "velocity_sensitivity", "nope", "", "../x"};
        Object[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1e30f, 1e30f, Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN, "text", null, true, new byte[7]};
        try (LiveControl live = LiveControl.over(inst, folder, "127.0.0.1", 0);
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", live.osc().port());
            for (int i = 0; i < 3000; i++) {
                OscPacket.Message m = switch (rnd.nextInt(6)) {
                    case 0 -> new OscPacket.Message("/ersatz/param/" + ids[rnd.nextInt(ids.length)], odd[rnd.nextInt(odd.length)]);
                    case 1 -> new OscPacket.Message("/ersatz/param/" + ids[rnd.nextInt(ids.length)], (float) (rnd.nextGaussian() * 1000));
                    case 2 -> new OscPacket.Message("/ersatz/note", rnd.nextInt(300) - 100, rnd.nextInt(300) - 100);
                    case 3 -> new OscPacket.Message("/ersatz/note", rnd.nextInt(128), rnd.nextInt(128));
                    case 4 -> new OscPacket.Message("/ersatz/preset/" + (rnd.nextBoolean() ? "save" : "load"),
                            List.of("../up", "/abs", "a/b", "ok" + rnd.nextInt(3), "..", "\u0000x", "x".repeat(300)).get(rnd.nextInt(7)));
                    default -> new OscPacket.Message("/ersatz/" + List.of("learn", "program", "query", "zzz").get(rnd.nextInt(4)), odd[rnd.nextInt(odd.length)]);
                };
                byte[] b = OscCodec.encode(m);
                client.send(new DatagramPacket(b, b.length, to));
                if (i % 100 == 99) {
                    final int n = i + 1;
                    OscServerTest.await(() -> live.osc().packets() == n, "packets");
                }
            }
            OscServerTest.await(() -> live.osc().messages() + live.osc().malformed() == 3000, "all messages handled"); // a NUL inside a string makes a malformed packet
            assertEquals(0, live.osc().failed(), "no handler threw");
            Thread.sleep(100);
        } finally {
            stop.set(true);
            audio.join(5000);
            renderer.close();
        }
        assertNull(bad.get(), "the output went bad");
        assertNull(inst.generatorFailure());
        assertTrue(renderer.position() > 0);
        for (float v : block[0]) assertTrue(Float.isFinite(v));
        try (var s = Files.walk(tmp)) {
            assertTrue(s.filter(Files::isRegularFile).allMatch(f -> f.getParent().equals(folder)), "a file outside the preset folder");
        }
        for (String param : ids) {
            if (inst.parameters().indexOf(param) >= 0) {
                float v = inst.parameter(param);
                var p = inst.parameters().get(inst.parameters().indexOf(param));
                assertTrue(v >= p.min() && v <= p.max(), param + " = " + v);
            }
        }
    }
}
