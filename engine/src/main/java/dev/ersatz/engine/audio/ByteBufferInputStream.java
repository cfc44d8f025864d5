package dev.ersatz.engine.audio;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** A stream over a (mapped) buffer, for decoders that read streams; no copy of the file is made. */
final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer b;

    ByteBufferInputStream(ByteBuffer b) { this.b = b.duplicate(); this.b.position(0); }

    @Override public int read() { return b.hasRemaining() ? b.get() & 0xFF : -1; }

    @Override
    public int read(byte[] dst, int off, int len) {
        if (len == 0) return 0;
        if (!b.hasRemaining()) return -1;
        int n = Math.min(len, b.remaining());
        b.get(dst, off, n);
        return n;
    }

    @Override
    public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, b.remaining()));
        b.position(b.position() + k);
        return k;
    }

    @Override public int available() { return b.remaining(); }
}
