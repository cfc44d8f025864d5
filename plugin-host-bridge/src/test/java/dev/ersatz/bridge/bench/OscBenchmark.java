package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.osc.LiveControl;
import dev.ersatz.bridge.osc.OscCodec;
import dev.ersatz.bridge.osc.OscPacket;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.SamplerGenerator;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;

/**
 * `ersatz bench osc`: the OSC control path on loopback against a live instrument (rendered on the
 * offline backend in live mode, so the control queue drains as under JACK): request→reply round
 * trip of /ersatz/query, and how many /ersatz/param messages a second the server handles.
 */
@CommandLine.Command(name = "osc", description = "OSC control: query round trip, parameter messages per second")
public final class OscBenchmark implements Benchmark {
    @CommandLine.Option(names = "--requests", paramLabel = "N", description = "round trips to time (default 2000)") int requests = 2000;




    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench osc", "--requests", requests, 10, 1000000);
        Instrument inst = new Instrument();
        float[] x = new float[48000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 * Math.sin(i * 0.05));
        inst.load(Material.of(List.of(new AudioData(new float[][] {x}, 48000))), new SamplerGenerator(), 1);
        OfflineRenderer renderer = new OfflineRenderer(inst, new AudioConfig(48000, 128, 2), false);
        AtomicBoolean stop = new AtomicBoolean();
        Thread audio = new Thread(() -> {
            float[][] block = new float[2][128];
            while (!stop.get()) {
                renderer.renderBlock(block, 0, 128);
                java.util.concurrent.locks.LockSupport.parkNanos(2_666_000); // about a 128-frame period
            }
        }, "bench-audio");
        audio.start();
        Path folder = Files.createTempDirectory("ersatz-bench-osc");
        try (LiveControl live = LiveControl.over(inst, folder, "127.0.0.1", 0);
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", live.osc().port());
            client.setSoTimeout(2000);
            byte[] q = OscCodec.encode(new OscPacket.Message("/ersatz/query"));
            byte[] buf = new byte[65536];
            long[] rtt = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                client.send(new DatagramPacket(q, q.length, to));
                client.receive(new DatagramPacket(buf, buf.length));
                rtt[i] = System.nanoTime() - t0;
            }
            Arrays.sort(rtt);
            io.out().printf("query round trip (%d requests): p50 %.0f us, p99 %.0f us, max %.0f us%n", requests,
                    rtt[requests / 2] / 1e3, rtt[(int) (requests * 0.99)] / 1e3, rtt[requests - 1] / 1e3);

            int n = 20 * requests;
            long before = live.osc().messages();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] m = OscCodec.encode(new OscPacket.Message("/ersatz/param/temperature", (float) (i % 400) / 100f));
                client.send(new DatagramPacket(m, m.length, to));
                if (i % 200 == 199) while (live.osc().messages() - before < i + 1) Thread.onSpinWait();
            }
            while (live.osc().messages() - before < n) Thread.onSpinWait();
            double secs = (System.nanoTime() - t0) / 1e9;
            io.out().printf("parameter messages: %d handled in %.2f s = %.0f messages/s (%d malformed, %d refused by the control queue)%n",
                    n, secs, n / secs, live.osc().malformed(), inst.refusedEvents());
            io.out().println("command: ./ersatz bench osc --requests " + requests);
        } finally {
            stop.set(true);
            audio.join(2000);
            renderer.close();
        }
    }
}
