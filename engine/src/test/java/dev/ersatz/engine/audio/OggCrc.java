package dev.ersatz.engine.audio;

/** Recomputes an Ogg page's CRC (polynomial 0x04C11DB7, no reflection, initial 0) after a test edits the page. */
final class OggCrc {
    private OggCrc() { }

    static void fix(byte[] b, int page) {
        int segments = b[page + 26] & 0xFF;
        int len = 27 + segments;
        for (int i = 0; i < segments; i++) len += b[page + 27 + i] & 0xFF;
        for (int i = 22; i < 26; i++) b[page + i] = 0;
        int crc = 0;
        for (int i = 0; i < len; i++) {
            crc ^= (b[page + i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) crc = crc < 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        for (int i = 0; i < 4; i++) b[page + 22 + i] = (byte) (crc >>> (8 * i));
    }
}
