package io.ringworld.p4.ringworld;

import java.util.Arrays;

/**
 * The 4-byte headers ringworld.p4 puts before a frame on the CPU port: {@code packet_in} (to the
 * agent: ingress port, reason) and {@code packet_out} (from the agent: egress port, multicast
 * group 0). Defined here once, as the program's {@code packet_in_t} and {@code packet_out_t}.
 */
public final class CpuHeaders {
    public static final int BYTES = 4;

    private CpuHeaders() {
    }

    /** A packet the data plane sent the CPU: where its frame came in, why, and the frame. */
    public record PacketIn(int ingressPort, CpuReason reason, byte[] frame) {
        /** Reads a packet from the CPU port; throws naming what is wrong if it is not one. */
        public static PacketIn parse(byte[] packet) {
            if (packet.length < BYTES) {
                throw new IllegalArgumentException("a packet_in is at least " + BYTES + " bytes, got " + packet.length);
            }
            int port = (packet[0] & 0xff) << 8 | (packet[1] & 0xff);
            int reason = (packet[2] & 0xff) << 8 | (packet[3] & 0xff);
            return new PacketIn(port, CpuReason.of(reason), Arrays.copyOfRange(packet, BYTES, packet.length));
        }
    }

    /** The agent's packet to the data plane: {@code frame} to leave at {@code port}. */
    public static byte[] packetOut(int port, byte[] frame) {
        byte[] out = new byte[BYTES + frame.length];
        out[0] = (byte) (port >>> 8);
        out[1] = (byte) port;
        System.arraycopy(frame, 0, out, BYTES, frame.length);
        return out;
    }
}
