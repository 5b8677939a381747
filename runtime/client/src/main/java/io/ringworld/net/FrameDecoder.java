package io.ringworld.net;

import io.ringworld.kernel.wire.Decoded;
import io.ringworld.kernel.wire.WireDecoder;
import io.ringworld.kernel.wire.WireFormat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts a TCP stream into RingWorld frames and decodes them with the one wire format
 * ({@link WireDecoder}): the 24-byte header first, whose lengths are checked against the limits
 * before a byte of the frame is buffered; then the whole frame. A frame that fails its checks
 * (MAC, fields, sizes) is counted by the decoder and dropped, and the connection goes on; a header
 * that is not a RingWorld frame closes the connection, since a stream cannot find the next frame.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private final WireDecoder wire;
    private final byte[] header = new byte[WireFormat.HEADER_BYTES];
    private final Runnable onRejected;
    /** Frames up to this size are read into {@link #scratch}; a larger one gets its own array. */
    static final int SCRATCH_BYTES_MAX = 1 << 20;
    private byte[] scratch = new byte[8192];

    FrameDecoder(WireDecoder wire, Runnable onRejected) {
        this.wire = wire;
        this.onRejected = onRejected;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= WireFormat.HEADER_BYTES) {
            in.getBytes(in.readerIndex(), header);
            long frameBytes = wire.frameBytes(header, 0, header.length);
            if (frameBytes < 0) {
                onRejected.run();
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < frameBytes) {
                return;
            }
            // A reused array: the decoder copies out every payload it keeps and holds no
            // reference to the frame, so one array serves every frame up to its size.
            byte[] frame = frameBytes <= SCRATCH_BYTES_MAX ? scratch((int) frameBytes) : new byte[(int) frameBytes];
            in.readBytes(frame, 0, (int) frameBytes);
            Decoded d = wire.decode(frame, 0, (int) frameBytes);
            if (d instanceof Decoded.Ok ok) {
                out.add(ok);
            } else {
                onRejected.run();
            }
        }
    }

    private byte[] scratch(int bytes) {
        if (scratch.length < bytes) {
            scratch = new byte[Math.min(SCRATCH_BYTES_MAX, Math.max(bytes, 2 * scratch.length))];
        }
        return scratch;
    }
}
