// Expression semantics under test: each result is widened to 64 bits into its own slot.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<64> a; bit<64> b; bit<13> c; bit<13> d; bit<6> pad; }
header out_t {
    bit<64> r0; bit<64> r1; bit<64> r2; bit<64> r3; bit<64> r4; bit<64> r5; bit<64> r6; bit<64> r7;
    bit<64> r8; bit<64> r9; bit<64> r10; bit<64> r11; bit<64> r12; bit<64> r13; bit<64> r14;
}
struct h_t { in_t i; out_t o; }
struct m_t { bit<8> unused; }

parser P(packet_in pk, out h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    state start { pk.extract(hdr.i); transition accept; }
}
control C(inout h_t hdr, inout m_t meta) { apply { } }
control I(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    apply {
        bit<64> a = hdr.i.a;
        bit<64> b = hdr.i.b;
        bit<13> c = hdr.i.c;
        bit<13> d = hdr.i.d;
        hdr.o.setValid();
        hdr.o.r0 = a + b;
        hdr.o.r1 = a - b;
        hdr.o.r2 = (bit<64>) (c + d);
        hdr.o.r3 = (bit<64>) (c - d);
        hdr.o.r4 = (bit<64>) (c & d | ~c ^ d);
        hdr.o.r5 = (bit<64>) (c << 3);
        hdr.o.r6 = (bit<64>) (c >> 2);
        hdr.o.r7 = (bit<64>) a[40:9];
        hdr.o.r8 = (bit<64>) (c[12:5] ++ d);
        hdr.o.r9 = (bit<64>) ((bit<8>) a);
        hdr.o.r10 = (bit<64>) (bit<1>) (c < d);
        hdr.o.r11 = a > b ? a : b;
        hdr.o.r12 = (bit<64>) (-c);
        hdr.o.r13 = a << 63;
        hdr.o.r14 = 0;
        hdr.o.r14[47:16] = a[31:0];
        sm.egress_spec = 1;
    }
}
control E(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) { apply { } }
control D(packet_out pk, in h_t hdr) { apply { pk.emit(hdr.o); } }
V1Switch(P(), C(), I(), E(), C(), D()) main;
