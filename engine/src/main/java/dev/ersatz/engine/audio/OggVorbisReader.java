package dev.ersatz.engine.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Decodes Ogg Vorbis with JOrbis. Chained streams (one Vorbis stream after another) are joined when
 * they share rate and channel count. Each stream is cut to the sample count its last page's granule
 * position gives, as libvorbisfile does, so lengths match other decoders to the sample. A missing
 * or damaged page, a stream that stops before its end-of-stream page, or a non-Vorbis codec is an error.
 */
final class OggVorbisReader {
    private static final int CHUNK = 1 << 16;
    /** A Vorbis comment header with no vendor string, no comments, and the framing bit. */
    private static final Packet EMPTY_COMMENTS = new Packet();

    static {
        byte[] b = {3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};
        EMPTY_COMMENTS.packet_base = b;
        EMPTY_COMMENTS.packet = 0;
        EMPTY_COMMENTS.bytes = b.length;
    }

    private OggVorbisReader() { }

    static AudioData read(Path file, ByteBuffer bytes) throws AudioFileException {
        return new Decode(file, bytes).run();
    }

    /** One decoding pass over the file; JOrbis' state objects are not reusable across files. */
    private static final class Decode {
        private final Path file;
        private final ByteBuffer in;
        private final SyncState sync = new SyncState();
        private final Page page = new Page();
        private final Packet packet = new Packet();
        private ChannelBuffers out;
        private int rate;

        Decode(Path file, ByteBuffer bytes) {
            this.file = file;
            this.in = bytes.duplicate();
            this.in.position(0);
            sync.init();
        }

        AudioData run() throws AudioFileException {
            int links = 0;
            while (true) {
                boolean more;
                try {
                    more = nextPage();
                } catch (AudioFileException e) {
                    if (links == 0) throw e;
                    break; // junk after a complete stream (a tag some tools append): the audio is whole
                }
                if (!more) break;
                if (page.bos() == 0) {
                    if (links > 0) break; // likewise: stray pages after the end
                    throw new AudioFileException(file, "corrupt Ogg data: the first page does not start a stream");
                }
                decodeLink(links++);
            }
            if (links == 0) throw new AudioFileException(file, "truncated: no complete Ogg page");
            if (out.frames() == 0) throw new AudioFileException(file, "no samples");
            float[][] samples = out.toArrays();
            AudioLimits.checkFinite(file, samples); // a damaged packet that decodes to NaN must not reach the analysis
            return new AudioData(samples, rate);
        }

        /** Decodes one logical Vorbis stream whose first (bos) page is in {@link #page}. */
        private void decodeLink(int link) throws AudioFileException {
            int serial = page.serialno();
            StreamState stream = new StreamState();
            stream.init(serial);
            Info info = new Info();
            Comment comment = new Comment();
            info.init();
            comment.init();
            stream.pagein(page);
            int headers = 0;
            DspState dsp = null;
            Block block = null;
            int start = decoded();
            float[][][] pcm = new float[1][][];
            int[] index = null;
            while (true) {
                int r = stream.packetout(packet);
                if (r < 0) throw new AudioFileException(file, "corrupt Ogg data: a packet is missing at sample " + decoded());
                if (r == 0) {
                    if (page.eos() != 0) break;
                    if (!nextPageOf(serial)) {
                        if (headers < 3) throw new AudioFileException(file, "truncated: the Vorbis headers are incomplete");
                        throw new AudioFileException(file, "truncated: the Ogg stream stops at sample " + decoded()
                                + " without its end-of-stream page");
                    }
                    stream.pagein(page);
                    continue;
                }
                if (headers < 3) {
                    if (headers == 0) checkCodec(packet);
                    Packet header = packet;
                    if (headers == 1) {
                        // The comment header holds tags we never use, with 32-bit counts JOrbis would allocate
                        // before checking them against the packet; give it an empty one instead.
                        if (!isHeader(packet, 3)) throw new AudioFileException(file, "corrupt Vorbis header 2");
                        header = EMPTY_COMMENTS;
                    }
                    if (info.synthesis_headerin(comment, header) < 0) {
                        throw new AudioFileException(file, "corrupt Vorbis header " + (headers + 1));
                    }
                    if (++headers == 3) {
                        if (info.channels < 1 || info.rate < 1 || info.rate > 1_536_000) {
                            throw new AudioFileException(file, "unsupported Vorbis stream: " + info.channels + " channels at " + info.rate + " Hz");
                        }
                        if (link == 0) {
                            rate = info.rate;
                            out = new ChannelBuffers(file, info.channels, 0);
                        } else if (info.rate != rate || info.channels != out.channels()) {
                            throw new AudioFileException(file, "unsupported chained Ogg: stream " + (link + 1) + " has " + info.channels
                                    + " channels at " + info.rate + " Hz, the first " + out.channels() + " at " + rate + " Hz");
                        }
                        dsp = new DspState();
                        dsp.synthesis_init(info);
                        block = new Block(dsp);
                        index = new int[info.channels];
                    }
                    continue;
                }
                if (block.synthesis(packet) != 0) continue; // not an audio packet (JOrbis' own check); libvorbis skips these too
                dsp.synthesis_blockin(block);
                int n;
                while ((n = dsp.synthesis_pcmout(pcm, index)) > 0) {
                    float[][] dst = out.reserve(n);
                    int at = out.frames();
                    for (int c = 0; c < dst.length; c++) {
                        System.arraycopy(pcm[0][c], index[c], dst[c], at, n);
                    }
                    out.advance(n);
                    dsp.synthesis_read(n);
                }
            }
            if (headers < 3) throw new AudioFileException(file, "truncated: the Vorbis headers are incomplete");
            // The last page's granule position is the stream's exact length; the final packet decodes a little more.
            long length = page.granulepos();
            if (length >= 0 && start + length < out.frames()) out.truncate((int) (start + length));
        }

        private static boolean isHeader(Packet p, int type) {
            byte[] b = p.packet_base;
            int o = p.packet;
            return p.bytes >= 7 && b[o] == type && new String(b, o + 1, 6, java.nio.charset.StandardCharsets.ISO_8859_1).equals("vorbis");
        }

        private void checkCodec(Packet p) throws AudioFileException {
            if (isHeader(p, 1)) return;
            byte[] b = p.packet_base;
            int o = p.packet;
            String head = new String(b, o, Math.min(p.bytes, 8), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (head.startsWith("OpusHead")) throw new AudioFileException(file, "unsupported codec: Ogg Opus (only Ogg Vorbis is read)");
            if (head.startsWith("\u007fFLAC")) throw new AudioFileException(file, "unsupported codec: Ogg FLAC (only Ogg Vorbis is read)");
            if (head.startsWith("Speex")) throw new AudioFileException(file, "unsupported codec: Ogg Speex (only Ogg Vorbis is read)");
            throw new AudioFileException(file, "unsupported codec in Ogg container (only Vorbis is read)");
        }

        /** The next page of stream {@code serial}, skipping pages of other multiplexed streams; false at the end of the file. */
        private boolean nextPageOf(int serial) throws AudioFileException {
            while (nextPage()) {
                if (page.serialno() == serial) return true;
            }
            return false;
        }

        /** The next whole, checksummed page into {@link #page}; false at the end of the file. */
        private boolean nextPage() throws AudioFileException {
            while (true) {
                int r = sync.pageout(page);
                if (r > 0) return true;
                if (r < 0) throw new AudioFileException(file, "corrupt Ogg data: a damaged or missing page at sample " + decoded());
                if (!in.hasRemaining()) return false;
                int n = Math.min(CHUNK, in.remaining());
                int at = sync.buffer(n);
                in.get(sync.data, at, n);
                sync.wrote(n);
            }
        }

        private int decoded() { return out == null ? 0 : out.frames(); }
    }
}
