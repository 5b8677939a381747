// Table semantics under test: one table per match kind; each writes its result into hdr.o.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<16> k16; bit<32> k32; }
header out_t { bit<32> e; bit<32> t; bit<32> l; bit<32> c; bit<8> hits; }
struct h_t { in_t i; out_t o; }
struct m_t { bit<32> r; }

parser P(packet_in pk, out h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    state start { pk.extract(hdr.i); transition accept; }
}
control C(inout h_t hdr, inout m_t meta) { apply { } }
control I(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    action set(bit<32> v) { meta.r = v; }
    action miss() { meta.r = 32w0xffffffff; }
    table te {
        key = { hdr.i.k16 : exact; }
        actions = { set; miss; }
        default_action = miss();
        size = 4;
    }
    table tt {
        key = { hdr.i.k16 : ternary; }
        actions = { set; miss; }
        default_action = miss();
    }
    table tl {
        key = { hdr.i.k32 : lpm; }
        actions = { set; miss; }
        default_action = miss();
    }
    table tc {
        key = { hdr.i.k16 : ternary; }
        actions = { set; miss; }
        default_action = miss();
        const entries = {
            priority=10: 16w0x0100 &&& 16w0xff00 : set(1);
            priority=20: 16w0x0101 : set(2);
            priority=5: _ : set(3);
        }
    }
    apply {
        hdr.o.setValid();
        if (te.apply().hit) { hdr.o.hits = hdr.o.hits | 1; }
        hdr.o.e = meta.r;
        if (tt.apply().miss) { hdr.o.hits = hdr.o.hits | 2; }
        hdr.o.t = meta.r;
        tl.apply();
        hdr.o.l = meta.r;
        tc.apply();
        hdr.o.c = meta.r;
        sm.egress_spec = 1;
    }
}
control E(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) { apply { } }
control D(packet_out pk, in h_t hdr) { apply { pk.emit(hdr.o); } }
V1Switch(P(), C(), I(), E(), C(), D()) main;
