// Control flow and v1model details under test; hdr.a.op selects the case.
#include <core.p4>
#include <v1model.p4>

header a_t { bit<8> op; bit<8> x; bit<8> y; }
header t_t { bit<8> v; }
struct h_t { a_t a; t_t[3] s; }
struct m_t { @field_list(2) bit<8> keep; bit<8> other; }

parser P(packet_in pk, out h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    state start {
        pk.extract(hdr.a);
        transition select(hdr.a.op, hdr.a.x) {
            (8w0x10 &&& 8w0xf0, _): stack;
            (_, 8w0xff): reject;
            default: accept;
        }
    }
    state stack {
        pk.extract(hdr.s.next);
        transition select(hdr.s.last.v) {
            0: accept;
            default: stack;
        }
    }
}
control C(inout h_t hdr, inout m_t meta) { apply { } }
control I(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    register<bit<8>>(4) r;
    action swap(inout bit<8> p, inout bit<8> q) { bit<8> tmp = p; p = q; q = tmp; }
    action set_out(out bit<8> o, in bit<8> v) { o = v; exit; }
    action early(inout bit<8> p) { p = 1; return; }
    action nop_a() { }
    action b1() { }
    action b2() { }
    table sw {
        key = { hdr.a.op : exact; }
        actions = { nop_a; b1; b2; }
        default_action = nop_a();
        const entries = { 1 : b1(); 2 : b2(); }
    }
    apply {
        sm.egress_spec = 1;
        meta.keep = 0x77;
        meta.other = 0x55;
        if (hdr.a.op == 1 || hdr.a.op == 2 || hdr.a.op == 3) {
            switch (sw.apply().action_run) {
                b1:
                b2: { hdr.a.y = 0xb0; }
                default: { hdr.a.y = 0xdd; }
            }
        } else if (hdr.a.op == 4) {
            swap(hdr.a.x, hdr.a.y);
        } else if (hdr.a.op == 5) {
            early(hdr.a.x);
        } else if (hdr.a.op == 6) {
            set_out(hdr.a.x, 0x66);
            hdr.a.y = 0;
        } else if (hdr.a.op == 7) {
            r.write(32w9, 1);
        } else if (hdr.a.op == 8) {
            recirculate_preserving_field_list(2);
        } else if (hdr.a.op[7:4] == 1) {
            hdr.a.x = hdr.s[0].v;
            hdr.a.y = (bit<8>) hdr.s.lastIndex;
            hdr.s[0].setInvalid();
        } else if (hdr.a.op == 0x20) {
            hdr.a.y = hdr.a.x > 0x80 ? 8w1 : 8w2;
        }
    }
}
control E(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    apply {
        if (hdr.a.op == 9 && sm.instance_type == 0) {
            clone_preserving_field_list(CloneType.E2E, 5, 2);
        }
        if (sm.instance_type == 2) {
            hdr.a.y = meta.keep;
            hdr.a.x = meta.other;
        }
    }
}
control D(packet_out pk, in h_t hdr) { apply { pk.emit(hdr); } }
V1Switch(P(), C(), I(), E(), C(), D()) main;
