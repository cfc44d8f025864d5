package dev.ersatz.bridge.osc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.function.Predicate;

/** Sends one OSC request and waits for the matching reply (what `ersatz preset save --osc-port` uses). */
public final class OscClient {
    private OscClient() { }

    /** The first reply {@code accept} takes within {@code timeoutMs}, or null. Control thread. */
    public static OscPacket.Message request(String host, int port, OscPacket.Message request,
                                            Predicate<OscPacket.Message> accept, int timeoutMs) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] b = OscCodec.encode(request);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(host, port)));
            long end = System.currentTimeMillis() + timeoutMs;
            byte[] buf = new byte[65536];
            while (true) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) return null;
                s.setSoTimeout((int) left);
                DatagramPacket dp = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(dp);
                } catch (SocketTimeoutException e) {
                    return null;
                } catch (java.net.PortUnreachableException e) {
                    return null;
                }
                try {
                    if (OscCodec.decode(buf, dp.getLength()) instanceof OscPacket.Message m && accept.test(m)) return m;
                } catch (OscFormatException e) {
                    // not for us: keep waiting
                }
            }
        }
    }
}
