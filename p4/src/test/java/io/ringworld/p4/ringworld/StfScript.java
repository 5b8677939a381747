package io.ringworld.p4.ringworld;

import io.ringworld.kernel.NodeId;
import java.util.HexFormat;

/** The STF text the vector generators write: packets in, expected packets out, in 32-bit words. */
abstract class StfScript {
    private final StringBuilder out = new StringBuilder();

    final String text() {
        return out.toString();
    }

    final void line(String s) {
        out.append(s).append('\n');
    }

    final void packet(NodeId from, byte[] frame) {
        line("packet " + SwitchPorts.portOf(from) + " " + words(HexFormat.of().formatHex(frame)));
    }

    /** The frame as the CPU gets it: after its packet_in (ingress port, reason). */
    final void expectCpu(NodeId from, byte[] frame, CpuReason reason) {
        String header = String.format("%04x%04x", SwitchPorts.portOf(from), reason.code());
        line("expect " + SwitchPorts.CPU_PORT + " " + words(header + HexFormat.of().formatHex(frame)) + " $");
    }

    static String words(String hex) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < hex.length(); k += 8) {
            if (k > 0) {
                b.append(' ');
            }
            b.append(hex, k, Math.min(hex.length(), k + 8));
        }
        return b.toString();
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }

    /**
     * What byte {@code b} at byte position {@code k} of a word adds to its remainder mod {@code m}
     * (the entry of table {@code residue<k>}; worked out independently of ResidueSetup's loop).
     */
    static long residue(long b, int k, int m) {
        return java.math.BigInteger.valueOf(b).shiftLeft(8 * k).mod(java.math.BigInteger.valueOf(m)).longValue();
    }
}
