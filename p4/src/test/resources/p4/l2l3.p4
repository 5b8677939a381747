// A small but real v1model program for the interpreter's tests (not RingWorld's switch program):
// an L2 switch with flooding to a multicast group, an IPv4 LPM router with an ACL (const entries
// with priorities by order) that sends ICMP to the CPU, drops 10/8 sources and mirrors UDP, a
// per-port packet counter in a register, a header stack of labels whose first label picks the
// port, and a "loop" header recirculated until its count reaches zero.
#include <core.p4>
#include <v1model.p4>

#define CPU_PORT 510
#define MIRROR_SESSION 100

const bit<16> TYPE_IPV4 = 0x0800;
const bit<16> TYPE_LOOP = 0x88B5;
const bit<16> TYPE_LABELS = 0x88B6;

typedef bit<48> mac_t;
typedef bit<32> ip4_t;

header ethernet_t {
    mac_t dstAddr;
    mac_t srcAddr;
    bit<16> etherType;
}

header ipv4_t {
    bit<4> version;
    bit<4> ihl;
    bit<8> diffserv;
    bit<16> totalLen;
    bit<16> identification;
    bit<3> flags;
    bit<13> fragOffset;
    bit<8> ttl;
    bit<8> protocol;
    bit<16> hdrChecksum;
    ip4_t srcAddr;
    ip4_t dstAddr;
}

header loop_t {
    bit<8> count;
    bit<8> passes;
}

header label_t {
    bit<7> value;
    bit<1> bos;
}

struct metadata_t {
    @field_list(1) bit<8> passes;
    bit<8> scratch;
}

struct headers_t {
    ethernet_t ethernet;
    ipv4_t ipv4;
    loop_t loop;
    label_t[4] labels;
}

parser MyParser(packet_in packet, out headers_t hdr, inout metadata_t meta,
                inout standard_metadata_t standard_metadata) {
    state start {
        packet.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            TYPE_IPV4: parse_ipv4;
            TYPE_LOOP: parse_loop;
            TYPE_LABELS: parse_labels;
            default: accept;
        }
    }
    state parse_ipv4 {
        packet.extract(hdr.ipv4);
        transition accept;
    }
    state parse_loop {
        packet.extract(hdr.loop);
        transition accept;
    }
    state parse_labels {
        packet.extract(hdr.labels.next);
        transition select(hdr.labels.last.bos) {
            1: accept;
            default: parse_labels;
        }
    }
}

control MyVerifyChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply { }
}

control MyIngress(inout headers_t hdr, inout metadata_t meta,
                  inout standard_metadata_t standard_metadata) {
    register<bit<32>>(512) port_packets;

    action drop() {
        mark_to_drop(standard_metadata);
    }
    action forward(bit<9> port) {
        standard_metadata.egress_spec = port;
    }
    action flood(bit<16> group) {
        standard_metadata.mcast_grp = group;
    }
    action route(mac_t dmac, bit<9> port) {
        hdr.ethernet.srcAddr = hdr.ethernet.dstAddr;
        hdr.ethernet.dstAddr = dmac;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        standard_metadata.egress_spec = port;
    }
    action to_cpu() {
        standard_metadata.egress_spec = CPU_PORT;
    }
    action mirror() {
        clone_preserving_field_list(CloneType.I2E, MIRROR_SESSION, 1);
    }

    table l2 {
        key = { hdr.ethernet.dstAddr : exact; }
        actions = { forward; flood; drop; NoAction; }
        default_action = flood(1);
        size = 64;
    }
    table l3 {
        key = { hdr.ipv4.dstAddr : lpm; }
        actions = { route; drop; }
        default_action = drop();
    }
    table acl {
        key = {
            hdr.ipv4.srcAddr : ternary;
            hdr.ipv4.protocol : ternary;
        }
        actions = { drop; to_cpu; mirror; NoAction; }
        const default_action = NoAction();
        const entries = {
            (_, 8w1) : to_cpu();
            (32w0x0a000000 &&& 32w0xff000000, _) : drop();
            (_, 17) : mirror();
        }
    }

    apply {
        bit<32> seen;
        port_packets.read(seen, (bit<32>) standard_metadata.ingress_port);
        port_packets.write((bit<32>) standard_metadata.ingress_port, seen + 1);
        if (hdr.loop.isValid()) {
            hdr.ethernet.srcAddr[7:0] = meta.passes;
            standard_metadata.egress_spec = 3;
            return;
        }
        if (hdr.labels[0].isValid()) {
            standard_metadata.egress_spec = (bit<9>) hdr.labels[0].value;
            exit;
        }
        if (hdr.ipv4.isValid()) {
            if (hdr.ipv4.ttl <= 1) {
                drop();
                return;
            }
            switch (acl.apply().action_run) {
                drop: { return; }
                to_cpu: { return; }
                default: { }
            }
            l3.apply();
        } else {
            l2.apply();
        }
    }
}

control MyEgress(inout headers_t hdr, inout metadata_t meta,
                 inout standard_metadata_t standard_metadata) {
    apply {
        if (hdr.loop.isValid() && hdr.loop.count != 0) {
            hdr.loop.count = hdr.loop.count - 1;
            hdr.loop.passes = hdr.loop.passes + 1;
            meta.passes = hdr.loop.passes;
            recirculate_preserving_field_list(1);
        }
        if (standard_metadata.instance_type == 5) {
            if (standard_metadata.egress_port == standard_metadata.ingress_port) {
                mark_to_drop(standard_metadata);
            } else {
                hdr.ethernet.srcAddr[15:0] = standard_metadata.egress_rid;
            }
        }
        if (standard_metadata.instance_type == 1) {
            hdr.ethernet.etherType = 0x9999;
        }
    }
}

control MyComputeChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply { }
}

control MyDeparser(packet_out packet, in headers_t hdr) {
    apply {
        packet.emit(hdr.ethernet);
        packet.emit(hdr.ipv4);
        packet.emit(hdr.loop);
        packet.emit(hdr.labels);
    }
}

V1Switch(MyParser(), MyVerifyChecksum(), MyIngress(), MyEgress(), MyComputeChecksum(), MyDeparser()) main;
