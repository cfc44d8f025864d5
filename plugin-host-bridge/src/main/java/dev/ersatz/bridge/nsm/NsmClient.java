package dev.ersatz.bridge.nsm;

import dev.ersatz.bridge.osc.OscCodec;
import dev.ersatz.bridge.osc.OscFormatException;
import dev.ersatz.bridge.osc.OscPacket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of the Non/New Session Manager protocol (NSM API 1.1, the LADI nsm-docs
 * "api.adoc"), over OSC/UDP from one socket, as the protocol wants: announce, then the server's
 * {@code open}, {@code save} and {@code session_is_loaded} go to the {@link Handler} on the
 * receiving thread ("ersatz-nsm"), and replies, dirtiness and status messages go back from the
 * same socket. Packets from any other address than the server's are ignored.
 */
public final class NsmClient implements AutoCloseable {
    public static final int API_MAJOR = 1;
    public static final int API_MINOR = 1;
    /** What Ersatz can do under a session manager: switch projects live, report unsaved changes, send status. */
    public static final String CAPABILITIES = ":switch:dirty:message:";

    // Error codes of the API's "Error Code Definitions".
    public static final int ERR_GENERAL = -1;
    public static final int ERR_NOT_NOW = -8;
    public static final int ERR_BAD_PROJECT = -9;
    public static final int ERR_CREATE_FAILED = -10;

    /** What the server asks of the client. Called on the receiving thread, one message at a time. */
    public interface Handler {
        /** {@code /nsm/client/open}: open (or create) the project at {@code path} as JACK client {@code clientId}. */
        void open(String path, String displayName, String clientId);

        /** {@code /nsm/client/save}: save the project; answer with {@link #reply} or {@link #error}. */
        void save();

        /** {@code /nsm/client/session_is_loaded}: every client of the session is up (no answer). */
        default void sessionIsLoaded() { }
    }

    /** The server's welcome: its name and capabilities. */
    public record Welcome(String message, String server, String capabilities) { }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final Handler handler;
    private final Thread receiver;
    private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
    private volatile boolean closed;

    private NsmClient(DatagramSocket socket, InetSocketAddress server, Handler handler) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.receiver = new Thread(this::receive, "ersatz-nsm");
        this.receiver.setDaemon(true);
    }

    /**
     * The server address of an {@code NSM_URL} ({@code osc.udp://host:port/}).
     *
     * @throws IllegalArgumentException naming the URL and what is wrong with it
     */
    public static InetSocketAddress address(String url) {
        try {
            URI u = new URI(url.trim());
            if (!"osc.udp".equals(u.getScheme())) throw new IllegalArgumentException("NSM_URL " + url + ": not an osc.udp:// URL (Ersatz speaks NSM over UDP)");
            if (u.getHost() == null || u.getPort() < 0) throw new IllegalArgumentException("NSM_URL " + url + ": wants a host and a port");
            return new InetSocketAddress(InetAddress.getByName(u.getHost()), u.getPort());
        } catch (URISyntaxException | java.net.UnknownHostException e) {
            throw new IllegalArgumentException("NSM_URL " + url + ": " + e.getMessage());
        }
    }

    /**
     * Announces {@code application} to the server at {@code url} from a fresh socket and starts
     * listening. Control thread. The welcome arrives later ({@link #awaitWelcome}).
     */
    public static NsmClient announce(String url, String application, String executable, Handler handler) throws IOException {
        InetSocketAddress server = address(url);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress().isLoopbackAddress() ? InetAddress.getLoopbackAddress() : null, 0));
        NsmClient c = new NsmClient(socket, server, handler);
        c.receiver.start();
        c.send(new OscPacket.Message("/nsm/server/announce", application, CAPABILITIES, executable, API_MAJOR, API_MINOR,
                (int) ProcessHandle.current().pid()));
        return c;
    }

    /**
     * The server's answer to the announce, or null when nothing answered within {@code millis}
     * (the API then lets the client run without session management). Control thread.
     *
     * @throws NsmException when the server refused (its message)
     */
    public Welcome awaitWelcome(long millis) throws NsmException, InterruptedException {
        try {
            return welcome.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (NsmException) e.getCause();
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** The server's address, for messages. */
    public InetSocketAddress server() { return server; }

    /** {@code /reply path message}: the request at {@code path} is done. Any thread. */
    public void reply(String path, String message) { send(new OscPacket.Message("/reply", path, message)); }

    /** {@code /error path code message}: the request at {@code path} failed. Any thread. */
    public void error(String path, int code, String message) { send(new OscPacket.Message("/error", path, code, message)); }

    /** {@code /nsm/client/is_dirty} or {@code is_clean}. Any thread. */
    public void dirty(boolean dirty) { send(new OscPacket.Message(dirty ? "/nsm/client/is_dirty" : "/nsm/client/is_clean")); }

    /** {@code /nsm/client/message priority text}: a status line for the session manager to show (0-3, 3 most important). Any thread. */
    public void message(int priority, String text) { send(new OscPacket.Message("/nsm/client/message", Math.max(0, Math.min(3, priority)), text)); }

    private void send(OscPacket.Message m) {
        byte[] b = OscCodec.encode(m);
        try {
            socket.send(new DatagramPacket(b, b.length, server));
        } catch (IOException e) {
            if (!closed) System.err.println("ersatz: NSM: cannot send " + m.address() + " to " + server + " (" + e.getMessage() + ")");
        }
    }

    private void receive() {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                socket.receive(p);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                continue;
            }
            if (!server.equals(p.getSocketAddress())) continue;
            OscPacket packet;
            try {
                packet = OscCodec.decode(buf, p.getLength());
            } catch (OscFormatException e) {
                System.err.println("ersatz: NSM: a malformed packet from the session manager (" + e.getMessage() + ")");
                continue;
            }
            try {
                dispatch(packet);
            } catch (RuntimeException e) {
                System.err.println("ersatz: NSM: " + e);
            }
        }
    }

    private void dispatch(OscPacket packet) {
        if (packet instanceof OscPacket.Bundle b) {
            for (OscPacket q : b.packets()) dispatch(q);
            return;
        }
        OscPacket.Message m = (OscPacket.Message) packet;
        List<Object> a = m.args();
        switch (m.address()) {
            case "/reply" -> {
                if (a.size() >= 1 && "/nsm/server/announce".equals(a.get(0))) {
                    welcome.complete(new Welcome(text(a, 1), text(a, 2), text(a, 3)));
                }
            }
            case "/error" -> {
                if (a.size() >= 1 && "/nsm/server/announce".equals(a.get(0))) {
                    int code = a.size() > 1 && a.get(1) instanceof Integer i ? i : ERR_GENERAL;
                    welcome.completeExceptionally(new NsmException(code, "the session manager refused Ersatz: " + text(a, 2)));
                }
            }
            case "/nsm/client/open" -> {
                if (a.size() < 3 || !(a.get(0) instanceof String) || !(a.get(1) instanceof String) || !(a.get(2) instanceof String)) {
                    error("/nsm/client/open", ERR_GENERAL, "open wants s:path s:display_name s:client_id");
                } else {
                    handler.open((String) a.get(0), (String) a.get(1), (String) a.get(2));
                }
            }
            case "/nsm/client/save" -> handler.save();
            case "/nsm/client/session_is_loaded" -> handler.sessionIsLoaded();
            default -> { } // show/hide_optional_gui and the rest: not for a client without a GUI
        }
    }

    private static String text(List<Object> a, int i) { return i < a.size() && a.get(i) instanceof String s ? s : ""; }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
