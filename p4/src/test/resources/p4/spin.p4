// A packet that waits for the control plane: hdr.w.op 1 recirculates until register go[0] holds
// its ticket (field list 1 keeps it), then leaves on port 2; op 2 counts each pass in a register
// and recirculates, so it is never spinning; op 3 waits on table gate's default action.
#include <core.p4>
#include <v1model.p4>

header w_t { bit<8> op; bit<8> ticket; }
struct h_t { w_t w; }
struct m_t { @field_list(1) bit<1> again; @field_list(1) bit<8> ticket; bit<1> open; }

parser P(packet_in pk, out h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    state start {
        pk.extract(hdr.w);
        transition accept;
    }
}
control C(inout h_t hdr, inout m_t meta) { apply { } }
control I(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    register<bit<8>>(1) go;
    register<bit<8>>(1) passes;
    action opened() { meta.open = 1; }
    action closed() { meta.open = 0; }
    table gate {
        actions = { opened; closed; }
        default_action = closed();
    }
    apply {
        if (meta.again == 0) {
            meta.ticket = hdr.w.ticket;
        }
        meta.again = 1;
        sm.egress_spec = 509;
        if (hdr.w.op == 1) {
            bit<8> g;
            go.read(g, 0);
            if (g == meta.ticket) {
                meta.again = 0;
                sm.egress_spec = 2;
            }
        } else if (hdr.w.op == 2) {
            bit<8> n;
            passes.read(n, 0);
            passes.write(0, n + 1);
        } else if (hdr.w.op == 3) {
            gate.apply();
            if (meta.open == 1) {
                meta.again = 0;
                sm.egress_spec = 3;
            }
        }
    }
}
control E(inout h_t hdr, inout m_t meta, inout standard_metadata_t sm) {
    apply {
        if (meta.again == 1) {
            recirculate_preserving_field_list(1);
        }
    }
}
control CC(inout h_t hdr, inout m_t meta) { apply { } }
control D(packet_out pk, in h_t hdr) { apply { pk.emit(hdr.w); } }
V1Switch(P(), C(), I(), E(), CC(), D()) main;
