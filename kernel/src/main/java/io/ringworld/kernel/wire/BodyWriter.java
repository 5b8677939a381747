package io.ringworld.kernel.wire;

import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a frame's header and body big-endian into a reusable, growing buffer, and remembers the
 * payloads whose descriptors it wrote so the encoder appends their bytes after the MAC. One per
 * encoder; not thread-safe (neither is the encoder).
 */
final class BodyWriter {
    byte[] buf = new byte[512];
    int pos;
    final List<Payload> payloads = new ArrayList<>();
    long payloadBytes;

    void reset() {
        pos = 0;
        payloads.clear();
        payloadBytes = 0;
    }

    void ensure(long more) {
        long need = pos + more;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("frame would exceed 2 GiB");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void i32(int v) {
        ensure(4);
        putInt(buf, pos, v);
        pos += 4;
    }

    void i64(long v) {
        i32((int) (v >>> 32));
        i32((int) v);
    }

    void bool(boolean v) {
        i32(v ? 1 : 0);
    }

    /** A view: epoch (i64) and coordinator (i32); {@code null} as epoch -1 (a read reply without one). */
    void view(View v) {
        if (v == null) {
            i64(-1);
            i32(0);
        } else {
            i64(v.epoch());
            i32(v.coordinator());
        }
    }

    void switchId(SwitchId s) {
        i32(s.index());
    }

    void serverId(ServerId s) {
        i32(s.replicaSet());
        i32(s.member());
    }

    /** A payload's descriptor (junk bit, absent bit, length); its bytes go after the MAC. */
    void payload(Payload p) {
        if (p == null) {
            i32(WireFormat.PAYLOAD_ABSENT_BIT);
            return;
        }
        if (p.isJunk()) {
            i32(WireFormat.PAYLOAD_JUNK_BIT);
            return;
        }
        i32(p.size());
        payloads.add(p);
        payloadBytes += p.size();
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
