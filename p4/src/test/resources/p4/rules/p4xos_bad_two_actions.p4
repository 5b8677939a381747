// P4xos-style acceptor and learner, KNOWN BAD: the acceptor reads register 'rounds' in one
// action (handle_1a) and writes it in another (handle_2a) of the same table.
#include <core.p4>
#include <v1model.p4>

#define INSTANCES 1024

header ethernet_t { bit<48> dstAddr; bit<48> srcAddr; bit<16> etherType; }
header paxos_t { bit<8> msgtype; bit<32> inst; bit<16> rnd; bit<16> vrnd; bit<16> acpt; bit<32> value; }
struct headers_t { ethernet_t ethernet; paxos_t paxos; }
struct metadata_t { bit<16> round; bit<32> acks; }

parser P(packet_in pk, out headers_t hdr, inout metadata_t meta, inout standard_metadata_t sm) {
    state start {
        pk.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            0x8888: parse_paxos;
            default: accept;
        }
    }
    state parse_paxos { pk.extract(hdr.paxos); transition accept; }
}
control C(inout headers_t hdr, inout metadata_t meta) { apply { } }
control I(inout headers_t hdr, inout metadata_t meta, inout standard_metadata_t sm) {
    register<bit<16>>(INSTANCES) rounds;
    register<bit<32>>(INSTANCES) values;
    action handle_1a() {
        rounds.read(meta.round, hdr.paxos.inst);
        hdr.paxos.vrnd = meta.round;
        hdr.paxos.msgtype = 2;
    }
    action handle_2a() {
        rounds.write(hdr.paxos.inst, hdr.paxos.rnd);
        values.write(hdr.paxos.inst, hdr.paxos.value);
        hdr.paxos.acpt = 1;
        hdr.paxos.msgtype = 4;
    }
    action drop() { mark_to_drop(sm); }
    table acceptor_tbl {
        key = { hdr.paxos.msgtype : exact; }
        actions = { handle_1a; handle_2a; drop; }
        default_action = drop();
    }
    apply {
        if (hdr.paxos.isValid()) {
            acceptor_tbl.apply();
        }
    }
}
control E(inout headers_t hdr, inout metadata_t meta, inout standard_metadata_t sm) {
    // Learner: an atomic per-instance vote counter (one action reads and writes one index).
    register<bit<32>>(INSTANCES) votes;
    action count_vote() {
        votes.read(meta.acks, hdr.paxos.inst);
        votes.write(hdr.paxos.inst, meta.acks + 1);
    }
    table learner_tbl { key = { hdr.paxos.msgtype : exact; } actions = { count_vote; NoAction; } default_action = NoAction(); }
    apply {
        if (hdr.paxos.isValid()) {
            learner_tbl.apply();
        }
    }
}
control D(packet_out pk, in headers_t hdr) { apply { pk.emit(hdr); } }
V1Switch(P(), C(), I(), E(), C(), D()) main;
