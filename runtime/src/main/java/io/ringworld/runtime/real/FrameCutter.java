package io.ringworld.runtime.real;

import io.ringworld.kernel.wire.Keyring;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireFormat;
import io.ringworld.kernel.wire.WireKey;
import io.ringworld.kernel.wire.WireLimits;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a byte stream into whole RingWorld frames, as a node's {@code FrameDecoder} does: the
 * {@link WireFormat#HEADER_BYTES}-byte header first, whose size check is the wire codec's own
 * ({@link WireDecoder#frameBytes}: magic, version, reserved byte, then {@code 24 + body bytes
 * (u32 at 16) + 4 (MAC) + payload bytes (u32 at 20)} against {@link WireLimits#DEFAULT}, the
 * nodes' limits, 64 MiB), and only then the rest of the frame. {@code frameBytes} reads the
 * header alone and consults no key; the decoder is given a placeholder keyring only because its
 * constructor asks for one (nothing here can check a MAC, and nothing needs to: a frame is passed
 * on with its bytes untouched, and the receiver checks it). One cutter per connection (the
 * decoder keeps plain counters).
 */
final class FrameCutter {
    /** A header that is not a RingWorld frame, or a frame over the limit: the stream cannot go on. */
    static final class BadHeader extends IOException {
        BadHeader(String message) {
            super(message);
        }
    }

    private static final Keyring NO_KEYS = Keyring.forClient(0, new WireKey(0, 0));

    private final InputStream in;
    private final WireDecoder headers = new WireDecoder(NO_KEYS, WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
    private final byte[] header = new byte[WireFormat.HEADER_BYTES];

    FrameCutter(InputStream in) {
        this.in = in;
    }

    /**
     * The next whole frame, or null at an orderly end of the stream (between frames).
     *
     * @throws BadHeader    if the next header is not a RingWorld frame's
     * @throws EOFException if the stream ends inside a frame
     */
    byte[] next() throws IOException {
        int got = readFully(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new EOFException("the stream ended inside a header (" + got + " bytes)");
        }
        long size = headers.frameBytes(header, 0, header.length);
        if (size < 0) {
            throw new BadHeader(String.format("not a RingWorld frame header: %02x%02x%02x%02x...",
                    header[0], header[1], header[2], header[3]));
        }
        byte[] frame = new byte[(int) size]; // at most WireLimits.DEFAULT.frameBytesMax(), checked above
        System.arraycopy(header, 0, frame, 0, header.length);
        int rest = readFully(frame, header.length, frame.length - header.length);
        if (rest < frame.length - header.length) {
            throw new EOFException("the stream ended inside a frame of " + size + " bytes");
        }
        return frame;
    }

    /** Reads until {@code length} bytes or the end of the stream; the bytes read. */
    private int readFully(byte[] b, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int r = in.read(b, offset + n, length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}
