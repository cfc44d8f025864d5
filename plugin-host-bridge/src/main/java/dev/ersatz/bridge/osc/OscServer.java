package dev.ersatz.bridge.osc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP OSC 1.0 server. One control thread ("ersatz-osc") receives and decodes packets and hands
 * each message to the {@link Handler} with its bundle's time; a bundle whose time is further ahead
 * than the handler's {@link Handler#leadMicros lead} waits on a second control thread
 * ("ersatz-osc-timer") until it is within it. The handler places timed messages itself (at a frame,
 * when a JACK clock runs): the timer only holds bundles back, it does not say when they sound.
 * Malformed packets are counted and dropped; a handler that throws is counted and the server carries
 * on. It never touches the audio thread: the handler talks to the engine through its lock-free event path.
 */
public final class OscServer implements AutoCloseable {
    /** Bundles timed further ahead than this are dropped (counted as late/far) rather than held. */
    public static final long MAX_SCHEDULE_AHEAD_MS = 60_000;
    /** At most this many bundles wait for their time; more are dropped. */
    public static final int MAX_PENDING = 1024;

    /** A message's time when its bundle's tag is "immediately" (or it came alone). */
    public static final long IMMEDIATELY = Long.MIN_VALUE;

    /** Runs on the server's control threads, one message at a time. */
    public interface Handler {
        /**
         * {@code epochMicros} is the time tag of the bundle holding the message (µs since 1970; a nested
         * bundle's is never earlier than its parent's), or {@link #IMMEDIATELY}.
         */
        void handle(OscPacket.Message message, long epochMicros, SocketAddress sender, OscServer server) throws Exception;

        /**
         * How long before its time tag the handler wants a bundle (µs): one that places messages at
         * frames needs them a few periods ahead of the block they land in. Read on the server's threads
         * whenever a bundle is timed. 0: at its time.
         */
        default long leadMicros() { return 0; }
    }

    private final DatagramSocket socket;
    private final Handler handler;
    private final Thread thread;
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean running = true;

    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong droppedBundles = new AtomicLong();

    private OscServer(DatagramSocket socket, Handler handler) {
        this.socket = socket;
        this.handler = handler;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ersatz-osc-timer");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.thread = new Thread(this::loop, "ersatz-osc");
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts receiving. The host is a name or
     * address; 127.0.0.1 keeps the server private to this machine.
     */
    public static OscServer start(String host, int port, Handler handler) throws IOException {
        InetAddress addr = InetAddress.getByName(host);
        DatagramSocket s = new DatagramSocket(null);
        s.setReuseAddress(false);
        s.setReceiveBufferSize(1 << 20); // bursts of controller messages should queue, not drop
        s.bind(new InetSocketAddress(addr, port));
        OscServer server = new OscServer(s, handler);
        server.thread.start();
        return server;
    }

    public int port() { return socket.getLocalPort(); }

    public InetAddress address() { return socket.getLocalAddress(); }

    /** Datagrams received. */
    public long packets() { return packets.get(); }
    /** Messages delivered to the handler. */
    public long messages() { return messages.get(); }
    /** Datagrams dropped as malformed. */
    public long malformed() { return malformed.get(); }
    /** Messages whose handler threw. */
    public long failed() { return failed.get(); }
    /** Bundles dropped because they were timed too far ahead or too many were waiting. */
    public long droppedBundles() { return droppedBundles.get(); }

    /** Sends a packet from the server's own socket (replies reach the sender's port). Any thread. */
    public void send(SocketAddress to, OscPacket p) throws IOException {
        byte[] b = OscCodec.encode(p);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    /** The receive loop, on the "ersatz-osc" control thread. */
    private void loop() {
        byte[] buf = new byte[65536];
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        while (running) {
            try {
                dp.setLength(buf.length);
                socket.receive(dp);
            } catch (SocketException e) {
                if (!running) return;
                continue;
            } catch (IOException e) {
                continue;
            }
            packets.incrementAndGet();
            OscPacket p;
            try {
                p = OscCodec.decode(buf, dp.getLength());
            } catch (OscFormatException | RuntimeException e) {
                malformed.incrementAndGet();
                continue;
            }
            deliver(p, dp.getSocketAddress(), IMMEDIATELY);
        }
    }

    /** Control threads: a message now, or a bundle now or once within the handler's lead of its time. */
    private void deliver(OscPacket p, SocketAddress sender, long notBefore) {
        if (p instanceof OscPacket.Message m) {
            dispatch(m, notBefore, sender);
            return;
        }
        OscPacket.Bundle b = (OscPacket.Bundle) p;
        // A nested bundle is never earlier than the bundle holding it.
        long at = b.time().immediate() ? notBefore : Math.max(notBefore, b.time().epochMicros());
        long now = epochMicrosNow();
        long delay = at == IMMEDIATELY ? 0 : at - handler.leadMicros() - now;
        if (delay <= 0) {
            for (OscPacket inner : b.packets()) deliver(inner, sender, at);
        } else if (at - now > MAX_SCHEDULE_AHEAD_MS * 1000 || timer.getQueue().size() >= MAX_PENDING) {
            droppedBundles.incrementAndGet();
        } else {
            try {
                // The timer's clock is not the wall clock: when it wakes a little early, deliver() reschedules.
                timer.schedule(() -> deliver(b, sender, at), delay, TimeUnit.MICROSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                droppedBundles.incrementAndGet(); // closing
            }
        }
    }

    private static long epochMicrosNow() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private synchronized void dispatch(OscPacket.Message m, long epochMicros, SocketAddress sender) {
        messages.incrementAndGet();
        try {
            handler.handle(m, epochMicros, sender, this);
        } catch (Exception | StackOverflowError e) {
            failed.incrementAndGet();
        }
    }

    /** Stops receiving and drops waiting bundles. Control thread. */
    @Override
    public void close() {
        running = false;
        socket.close();
        timer.shutdownNow();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
