package dev.ersatz.bridge.web;

import dev.ersatz.bridge.osc.OscClient;
import dev.ersatz.bridge.osc.OscCodec;
import dev.ersatz.bridge.osc.OscPacket;
import dev.ersatz.engine.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The studio's live link: OSC requests to a running `ersatz run --osc-port PORT` (its address space
 * is docs/manual/midi-osc.md), each sent from a socket of its own and answered by the instrument:
 * audition a clip through its JACK output ({@code /ersatz/audition}), stop that, add clips to the
 * corpus it plays ({@code /ersatz/corpus/add}), and ask whether it is there ({@code /ersatz/query}).
 * The files are named by absolute path: the instrument reads them itself, on this machine. HTTP
 * threads; each call waits for the instrument's answer (or its time out) and says what went wrong
 * in one line.
 */
final class StudioLive {
    /** How long the instrument may take to answer a query or an audition (it decodes the file first). */
    static final int ANSWER_MS = 5_000;
    /** Adding clips builds the instrument's program again (a model preset trains): it may take longer. */
    static final int ADD_MS = 120_000;
    /** An OSC message must fit one UDP datagram. */
    static final int MAX_PACKET = 60_000;

    private final String host;
    private final int port;

    StudioLive(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** "HOST:PORT" (a bare PORT is 127.0.0.1:PORT); a malformed one is an IllegalArgumentException with the reason. */
    static StudioLive parse(String target) {
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : target.substring(0, colon);
        String port = colon < 0 ? target : target.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--live wants HOST:PORT (the --osc-port of ersatz run), not '" + target + "'");
        }
        if (p < 1 || p > 65535 || host.isBlank()) throw new IllegalArgumentException("--live wants HOST:PORT with a port 1-65535, not '" + target + "'");
        return new StudioLive(host, p);
    }

    String target() { return host + ":" + port; }

    /** Whether the instrument answers, and what it says of itself. */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target());
        OscPacket.Message reply = null;
        String why = null;
        try {
            reply = OscClient.request(host, port, new OscPacket.Message("/ersatz/query"), r -> r.address().equals("/ersatz/state"), ANSWER_MS / 5);
        } catch (IOException e) {
            why = e.getMessage();
        }
        m.put("connected", reply != null);
        if (reply == null) {
            m.put("error", "no answer from ersatz run at " + target() + (why == null ? "" : " (" + why + ")"));
        } else {
            try {
                Object state = Json.parse(String.valueOf(reply.args().get(0)));
                if (state instanceof Map<?, ?> s) m.put("preset", s.get("preset"));
            } catch (Json.ParseException | RuntimeException e) {
                // it answered: that is what matters here
            }
        }
        return m;
    }

    /** Plays {@code file} through the instrument's output; returns its length in seconds. */
    double audition(Path file) throws HttpError {
        OscPacket.Message r = ask(new OscPacket.Message("/ersatz/audition", file.toAbsolutePath().toString()), "/ersatz/auditioning", ANSWER_MS);
        return ((Number) r.args().get(1)).doubleValue();
    }

    void stop() throws HttpError {
        // No answer is sent for a stop: a query after it says the instrument took it (messages run in order).
        send(new OscPacket.Message("/ersatz/audition/stop"));
        ask(new OscPacket.Message("/ersatz/query"), "/ersatz/state", ANSWER_MS);
    }

    /** Adds {@code files} to the instrument's corpus; returns how many clips it plays now. */
    int add(List<Path> files) throws HttpError {
        List<Object> paths = new ArrayList<>();
        for (Path f : files) paths.add(f.toAbsolutePath().toString());
        OscPacket.Message m = new OscPacket.Message("/ersatz/corpus/add", paths);
        if (OscCodec.encode(m).length > MAX_PACKET) throw new HttpError(413, "too many clips for one OSC message (" + files.size() + "); add fewer at a time");
        return ((Number) ask(m, "/ersatz/corpus/added", ADD_MS).args().get(0)).intValue();
    }

    private void send(OscPacket.Message m) throws HttpError {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            byte[] b = OscCodec.encode(m);
            s.send(new java.net.DatagramPacket(b, b.length, new java.net.InetSocketAddress(host, port)));
        } catch (IOException e) {
            throw new HttpError(502, "cannot reach ersatz run at " + target() + ": " + e.getMessage());
        }
    }

    /** Sends {@code m} and waits for {@code answer}, or the instrument's /ersatz/error about it. */
    private OscPacket.Message ask(OscPacket.Message m, String answer, int timeoutMs) throws HttpError {
        OscPacket.Message r;
        try {
            r = OscClient.request(host, port, m, x -> x.address().equals(answer)
                    || (x.address().equals("/ersatz/error") && String.valueOf(x.args().get(0)).startsWith(m.address() + ":")), timeoutMs);
        } catch (IOException e) {
            throw new HttpError(502, "cannot reach ersatz run at " + target() + ": " + e.getMessage());
        }
        if (r == null) throw new HttpError(504, "no answer from ersatz run at " + target() + " (is it running with --osc-port " + port + "?)");
        if (r.address().equals("/ersatz/error")) throw new HttpError(502, "ersatz run: " + r.args().get(0));
        return r;
    }
}
