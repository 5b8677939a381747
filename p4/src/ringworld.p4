// RingWorld's switch data plane, P4_16 for v1model: the sequencer's and the leader's fast paths.
//
// What runs here, per packet, at line rate:
//   * APPEND_REQUEST (type 1) from a client: the life and dedup epoch it is addressed to checked,
//     its MAC verified under the client's key, its request id looked up in the client's dedup
//     window (64 cells per client; a duplicate is dropped), then it takes a ticket from a counter
//     and recirculates, payload and all, until a token visit serves its ticket (spec: ClientAppend);
//   * TOKEN (type 30) from the predecessor, while the agent says a visit would do nothing else
//     (token_settings), in two passes: checked (view, sender, trim points, MAC, a hop above the
//     last visited), h mod the ring size from residue tables, then the visit's registers written:
//     the tickets it serves (as many as wait, within the status maps' window), h, h mod n and the
//     view. The token folds this leader's commit index (spec: FoldCommit) and leaves with h plus
//     the tickets served to the successor, as a TOKEN_ACK to the predecessor (spec: PassToken,
//     TokenAck), and, at the first member when one is due, as RING_ALIVE to replica set 0.
//     Each waiting append whose ticket is served leaves as the ASSIGN of index
//     h + 1 + (ticket - first) to that index's leader, signed with the cluster key (spec:
//     SequenceBatch), or, for an index this switch leads, goes round once more into the leader
//     path below. Any other token is the agent's: it goes to the CPU and the agent writes the
//     visit's registers;
//   * ASSIGN (type 32) from a sequencing switch: claim the index's slot in the status map, store
//     who appended it, rewrite the frame into the leader's WRITE (type 42) and multicast it to the
//     index's replica set (spec: LeaderReplicate);
//   * WRITE_ACK (type 43) from a log server: set the member's bit in the slot's ack mask; at a
//     majority the index commits, the client gets its APPEND_REPLY (type 3), and the commit index
//     advances over contiguous committed indices by recirculating a probe (spec: LeaderCommit).
// Everything else goes to the CPU port with a packet_in header naming the reason: the control
// plane agent hosts the kernel's switch role for it (view change, seal, fence, trim, the token's
// retransmission and the visits that do more than sequence, hole timers, write retransmission,
// malformed or unauthenticated frames, and every case below that
// the kernel answers with more than a WRITE or an APPEND_REPLY).
//
// Rules of a real switch (Tofino's) that this program keeps, checked by the p4 module's
// SwitchRules in the build: every register is read-modified-written at one place per pass, at one
// index; cells and ALU operations are 32 bits (64-bit fields are two words, high first, as on the
// wire); no loops, multiplications, divisions or shifts by packet data; the commit index's advance,
// which is iterative, is one recirculation per step.
//
// The view: every fast-path action first looks the message's view up in `active_view`. The agent
// holds one entry, for the view the switch leads in, and deletes it before it answers a Seal or
// installs another view (and resets the status map before it adds the next one), so the data
// plane never replicates or commits for a view the switch has left.
//
// MAC: every frame handled here is authenticated (HalfSipHash-2-4 over header and body, the wire
// format's MAC), and every frame rewritten gets a new MAC (the cluster key for a WRITE, the
// client's key for an APPEND_REPLY). The hash is written as straight-line 32-bit adds, xors and
// constant rotations; a Tofino build spreads it over recirculations (see p4/README.md).
#include <core.p4>
#include <v1model.p4>

#define CPU_PORT 510
#define RECIRCULATION_PORT 509
#define PROBE_SESSION 1
#define MIRROR_SESSION 2
#define SLOTS 1024
#define SLOT_MASK 1023

const bit<16> MAGIC = 0x5257;
const bit<8> VERSION = 8;
const bit<8> TYPE_APPEND_REQUEST = 1;
const bit<8> TYPE_APPEND_REPLY = 3;
const bit<8> TYPE_TOKEN = 30;
const bit<8> TYPE_TOKEN_ACK = 31;
const bit<8> TYPE_RING_ALIVE = 56;
const bit<8> TYPE_ASSIGN = 32;
const bit<8> TYPE_WRITE = 42;
const bit<8> TYPE_WRITE_ACK = 43;
const bit<8> KIND_SWITCH = 1;
const bit<8> KIND_SERVER = 2;
const bit<8> KIND_CLIENT = 3;
#define DEDUP_CLIENTS 256
#define DEDUP_CELLS 16384
#define LEADER_KEYS 4096
#define TOKEN_GROUP 1000
#define RID_TOKEN_PASS 1
#define RID_TOKEN_ACK 2
#define RID_RING_ALIVE 3
#define TOKEN_ALIVE_GROUP 1001
#define RESIDUE_KEYS 8192
#define RESIDUE_MISSING 0x10000000

// Slot states, as the kernel's Replication names them.
const bit<2> FREE = 0;
const bit<2> EXPECTED = 1;
const bit<2> WRITING = 2;
const bit<2> COMMITTED = 3;

// Why a packet goes to the CPU (the packet_in header's reason).
const bit<16> REASON_SLOW_PATH = 1;
const bit<16> REASON_NOT_IN_VIEW = 2;
const bit<16> REASON_MALFORMED = 3;
const bit<16> REASON_BAD_MAC = 4;
const bit<16> REASON_ASSIGN_SEEN = 5;
const bit<16> REASON_ACK_REFUSED = 6;
const bit<16> REASON_ACK_NOT_OF_SET = 7;
const bit<16> REASON_INVARIANT = 9;
const bit<16> REASON_NO_CLIENT = 10;
const bit<16> REASON_MIRROR = 11;
const bit<16> REASON_APPEND_STALE = 12;
const bit<16> REASON_NEW_CLIENT = 13;
const bit<16> REASON_DEDUP_TOO_OLD = 14;
const bit<16> REASON_BUSY = 15;
const bit<16> REASON_NOT_LEADER = 16;
const bit<16> REASON_TOKEN = 17;

// Sent to the CPU before the frame: where it came from and why.
header packet_in_t {
    bit<16> ingressPort;
    bit<16> reason;
}

// Sent by the CPU before a frame: where it goes (a multicast group if not 0, else the port). An
// APPEND_REQUEST sent to the recirculation port is one the agent's kernel queued itself (the slow
// path admitted it): it takes the next ticket and waits for a visit like any other.
header packet_out_t {
    bit<16> egressPort;
    bit<16> mcastGroup;
}

// The wire format's 24-byte frame header (docs/wire-format.md).
header frame_t {
    bit<16> magic;
    bit<8> version;
    bit<8> msgType;
    bit<8> senderKind;
    bit<8> reserved;
    bit<16> senderMember;
    bit<32> senderIndex;
    bit<32> keyId;
    bit<32> bodyBytes;
    bit<32> payloadBytes;
}

header append_t {
    bit<32> client;
    bit<32> requestHi;
    bit<32> requestLo;
    bit<32> payload;
    bit<32> incarnationHi;
    bit<32> incarnationLo;
    bit<32> dedupEpochHi;
    bit<32> dedupEpochLo;
}

header assign_t {
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
    bit<32> indexHi;
    bit<32> indexLo;
    bit<32> client;
    bit<32> requestHi;
    bit<32> requestLo;
    bit<32> payload;
}

header write_t {
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
    bit<32> indexHi;
    bit<32> indexLo;
    bit<32> payload;
    bit<32> from;
    bit<32> incarnationHi;
    bit<32> incarnationLo;
}

header write_ack_t {
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
    bit<32> indexHi;
    bit<32> indexLo;
    bit<32> fromSet;
    bit<32> fromMember;
    bit<32> accepted;
    bit<32> promisedEpochHi;
    bit<32> promisedEpochLo;
    bit<32> promisedCoordinator;
}

header append_reply_t {
    bit<32> requestHi;
    bit<32> requestLo;
    bit<32> indexHi;
    bit<32> indexLo;
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
}

// A token without switches admitted to its view (joined.count = 0: the only kind the data plane
// passes; a longer one is not parsed and goes to the CPU).
header token_t {
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
    bit<32> hHi;
    bit<32> hLo;
    bit<32> cHi;
    bit<32> cLo;
    bit<32> roundMinHi;
    bit<32> roundMinLo;
    bit<32> hopHi;
    bit<32> hopLo;
    bit<32> from;
    bit<32> trimPendingHi;
    bit<32> trimPendingLo;
    bit<32> trimDoneHi;
    bit<32> trimDoneLo;
    bit<32> joinedCount;
}

// The first member's word to replica set 0 at a visit, at most once per ringAliveTicks.
header ring_alive_t {
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
    bit<32> from;
}

header token_ack_t {
    bit<32> epochHi;
    bit<32> epochLo;
    bit<32> coordinator;
    bit<32> hopHi;
    bit<32> hopLo;
    bit<32> from;
}

header mac_t {
    bit<32> tag;
}

struct headers_t {
    packet_in_t packet_in;
    packet_out_t packet_out;
    frame_t frame;
    append_t append;
    assign_t assign;
    write_t write;
    write_ack_t write_ack;
    append_reply_t append_reply;
    token_t token;
    token_ack_t token_ack;
    ring_alive_t ring_alive;
    mac_t mac;
}

struct metadata_t {
    // Kept across the commit probe's recirculations (field list 1).
    @field_list(1) bit<1> probe;
    @field_list(1) bit<32> probeHi;
    @field_list(1) bit<32> probeLo;
    @field_list(1) bit<32> epochHi;
    @field_list(1) bit<32> epochLo;
    @field_list(1) bit<32> coordinator;
    // Kept by a waiting append round the recirculation loop (field list 2).
    @field_list(2) bit<1> waiting;
    @field_list(2) bit<32> ticket;
    // An ASSIGN of this switch's own visit on its way into its leader path (field list 3).
    @field_list(3) bit<1> selfAssign;
    // Sequencing: the sequencer's settings, the dedup verdict, the ticket, the visit.
    bit<1> enqueue;
    bit<1> sequencing;
    bit<1> stale;
    bit<1> dedupKnown;
    bit<32> dedupSlot;
    bit<32> dedupCell;
    bit<1> fresh;
    bit<1> tooOld;
    bit<1> duplicate;
    bit<32> servedEnd;
    bit<32> admitLimit;
    bit<1> admitted;
    bit<32> visitFirst;
    bit<32> visitHi;
    bit<32> visitLo;
    bit<32> visitHmod;
    bit<32> visitEpochHi;
    bit<32> visitEpochLo;
    bit<32> visitCoordinator;
    bit<32> offset;
    bit<32> leaderKey;
    bit<1> leaderKnown;
    bit<1> leaderSelf;
    bit<9> leaderPort;
    // A token visit in the data plane: the agent's settings (token_settings), the visit's
    // figures, and the TokenAck the predecessor gets (built in egress from these).
    // A token between its two passes (field list 4): the first checks it and reads the tickets
    // handed out, the second serves them (visit_end's stage comes before the tickets').
    @field_list(4) bit<1> tokenVisit;
    @field_list(4) bit<32> tokenWaiting;
    @field_list(4) bit<32> tokenWindow;
    @field_list(4) bit<32> hMod;
    bit<1> tokenOn;
    bit<1> tokenPass;
    bit<1> tokenFresh;
    bit<1> first;
    bit<32> predecessor;
    bit<32> lastHopHi;
    bit<32> windowSlots;
    bit<32> tokenServed;
    // A 64-bit word's residues mod the ring size and mod the replica set count (the token's h, or
    // an ASSIGN's or WRITE_ACK's index): its bytes, each byte's two residues, their sums.
    bit<8> byte0;
    bit<8> byte1;
    bit<8> byte2;
    bit<8> byte3;
    bit<8> byte4;
    bit<8> byte5;
    bit<8> byte6;
    bit<8> byte7;
    bit<32> ringResidue0;
    bit<32> ringResidue1;
    bit<32> ringResidue2;
    bit<32> ringResidue3;
    bit<32> ringResidue4;
    bit<32> ringResidue5;
    bit<32> ringResidue6;
    bit<32> ringResidue7;
    bit<32> setResidue0;
    bit<32> setResidue1;
    bit<32> setResidue2;
    bit<32> setResidue3;
    bit<32> setResidue4;
    bit<32> setResidue5;
    bit<32> setResidue6;
    bit<32> setResidue7;
    bit<32> ringResidueSum;
    bit<32> setResidueSum;
    bit<1> ringModKnown;
    bit<1> setModKnown;
    bit<32> ringMod;
    bit<32> setMod;
    bit<32> mineHi;
    bit<32> mineLo;
    bit<32> ackHopHi;
    bit<32> ackHopLo;
    bit<32> ackTag;
    bit<1> ringAlive;
    bit<32> aliveTag;
    // The view's settings, from active_view.
    bit<1> inView;
    bit<32> self;
    bit<32> ringSize;
    bit<32> position;
    bit<32> membersPerSet;
    bit<32> majority;
    bit<32> clusterK0;
    bit<32> clusterK1;
    // The index this pass works on, and its slot.
    bit<32> indexHi;
    bit<32> indexLo;
    bit<32> slot;
    // Status map results.
    bit<1> isAssign;
    bit<1> isAck;
    bit<1> claimed;
    bit<1> tagMatch;
    bit<1> tagOlder;
    bit<2> oldState;
    bit<1> oldJunk;
    bit<1> toWriting;
    bit<1> committedNow;
    bit<1> junkCommitted;
    bit<1> sameAppend;
    bit<32> slotClient;
    bit<32> slotRequestHi;
    bit<32> slotRequestLo;
    bit<32> ackBit;
    bit<1> advanced;
    bit<32> nextHi;
    bit<32> nextLo;
    // The client's route and key, from clients.
    bit<1> clientKnown;
    bit<9> clientPort;
    bit<32> clientK0;
    bit<32> clientK1;
    // HalfSipHash-2-4 state.
    bit<32> v0;
    bit<32> v1;
    bit<32> v2;
    bit<32> v3;
    bit<32> tag;
    // Where the packet goes.
    bit<16> reason;
    bit<1> drop;
}

parser RingWorldParser(packet_in packet, out headers_t hdr, inout metadata_t meta,
                       inout standard_metadata_t standard_metadata) {
    state start {
        // A recirculated packet starts at its frame, whatever port it first came in on.
        transition select(standard_metadata.instance_type, standard_metadata.ingress_port) {
            (4, _): parse_frame;
            (_, CPU_PORT): parse_packet_out;
            default: parse_frame;
        }
    }
    state parse_packet_out {
        packet.extract(hdr.packet_out);
        transition parse_frame;
    }
    state parse_frame {
        packet.extract(hdr.frame);
        transition select(hdr.frame.magic, hdr.frame.version, hdr.frame.msgType, hdr.frame.bodyBytes) {
            (MAGIC, VERSION, TYPE_APPEND_REQUEST, 32): parse_append;
            (MAGIC, VERSION, TYPE_ASSIGN, 36): parse_assign;
            (MAGIC, VERSION, TYPE_WRITE_ACK, 44): parse_write_ack;
            (MAGIC, VERSION, TYPE_TOKEN, 68): parse_token;
            default: accept;
        }
    }
    state parse_token {
        packet.extract(hdr.token);
        packet.extract(hdr.mac);
        transition accept;
    }
    state parse_append {
        packet.extract(hdr.append);
        packet.extract(hdr.mac);
        transition accept;
    }
    state parse_assign {
        packet.extract(hdr.assign);
        packet.extract(hdr.mac);
        transition accept;
    }
    state parse_write_ack {
        packet.extract(hdr.write_ack);
        packet.extract(hdr.mac);
        transition accept;
    }
}

control RingWorldVerifyChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply { }
}

control RingWorldIngress(inout headers_t hdr, inout metadata_t meta,
                         inout standard_metadata_t standard_metadata) {
    // The status map: one slot per index this switch leads, at index & SLOT_MASK, tagged with
    // the index (a tag only grows: a late duplicate never takes back a slot a later index holds).
    register<bit<32>>(SLOTS) slot_tag_hi;
    register<bit<32>>(SLOTS) slot_tag_lo;
    // bits 1..0: state; bit 2: junk (written by the agent's hole fill); bits 15..8: ack mask.
    register<bit<32>>(SLOTS) slot_state;
    register<bit<32>>(SLOTS) slot_client;
    register<bit<32>>(SLOTS) slot_request_hi;
    register<bit<32>>(SLOTS) slot_request_lo;
    // The smallest index this switch leads that is not committed (the kernel's nextOwn).
    register<bit<32>>(1) next_own_hi;
    register<bit<32>>(1) next_own_lo;

    // Sequencing. A client's dedup window (the kernel's highest id and 64-bit mask, without a
    // shift by packet data): its highest request id, and 64 cells at slot * 64 + (id & 63), each
    // holding the last id marked there; an id in the window was seen iff its cell holds it.
    // Ids are 64 bits (two words, high first, as on the wire).
    register<bit<32>>(DEDUP_CLIENTS) dedup_highest_hi;
    register<bit<32>>(DEDUP_CLIENTS) dedup_highest_lo;
    register<bit<32>>(DEDUP_CELLS) dedup_cells_hi;
    register<bit<32>>(DEDUP_CELLS) dedup_cells_lo;
    // Tickets handed out; tickets - visit_end appends wait round the loop. The agent writes
    // admit_limit (the kernel's pendingRequestsMax less the reads and trims waiting) and, at a
    // token visit, the visit's registers, visit_end last: tickets visit_first .. visit_end - 1
    // take indices h + 1 .. of view (epoch, coordinator).
    register<bit<32>>(1) tickets;
    register<bit<32>>(1) admit_limit;
    register<bit<32>>(1) visit_end;
    register<bit<32>>(1) visit_first;
    register<bit<32>>(1) visit_h_hi;
    register<bit<32>>(1) visit_h_lo;
    register<bit<32>>(1) visit_h_mod;
    register<bit<32>>(1) visit_epoch_hi;
    register<bit<32>>(1) visit_epoch_lo;
    register<bit<32>>(1) visit_coordinator;

    // A token visit in the data plane: the last hop this switch visited (its low word; the
    // agent's token_on names the high word), so a copy the predecessor sent again is not
    // visited twice (the kernel acknowledges it again: it goes to the CPU).
    register<bit<32>>(1) token_hop_lo;

    // The agent's kernel steps on every frame too: a frame the fast path took reaches it as a
    // mirror (the kernel's answers to it are the ones the data plane sent: the agent drops them).
    action mirror() {
        // An ASSIGN this switch's own visit made (a served append, recirculated to its leader
        // path) is not mirrored: the agent's kernel handled it in the visit's step.
        if (meta.selfAssign == 0) {
            clone(CloneType.I2E, MIRROR_SESSION);
        }
    }

    action to_cpu(bit<16> reason) {
        meta.reason = reason;
        standard_metadata.egress_spec = CPU_PORT;
    }

    // position: this switch's place in the ring (it leads index i iff i mod ringSize is it).
    action view_settings(bit<32> self, bit<32> ringSize, bit<32> position,
                         bit<32> membersPerSet, bit<32> majority, bit<32> k0, bit<32> k1) {
        meta.inView = 1;
        meta.self = self;
        meta.ringSize = ringSize;
        meta.position = position;
        meta.membersPerSet = membersPerSet;
        meta.majority = majority;
        meta.clusterK0 = k0;
        meta.clusterK1 = k1;
    }
    action not_in_view() {
        meta.inView = 0;
    }
    table active_view {
        key = {
            meta.epochHi : exact;
            meta.epochLo : exact;
            meta.coordinator : exact;
        }
        actions = { view_settings; not_in_view; }
        default_action = not_in_view();
        size = 1;
    }

    action client_route(bit<9> port, bit<32> k0, bit<32> k1) {
        meta.clientKnown = 1;
        meta.clientPort = port;
        meta.clientK0 = k0;
        meta.clientK1 = k1;
    }
    action client_unknown() {
        meta.clientKnown = 0;
    }
    table clients {
        key = { meta.slotClient : exact; }
        actions = { client_route; client_unknown; }
        default_action = client_unknown();
        size = 4096;
    }

    // HalfSipHash-2-4 (docs/wire-format.md, "The MAC"), one call per 32-bit word.
    action sip_round() {
        meta.v0 = meta.v0 + meta.v1;
        meta.v1 = (meta.v1 << 5) | (meta.v1 >> 27);
        meta.v1 = meta.v1 ^ meta.v0;
        meta.v0 = (meta.v0 << 16) | (meta.v0 >> 16);
        meta.v2 = meta.v2 + meta.v3;
        meta.v3 = (meta.v3 << 8) | (meta.v3 >> 24);
        meta.v3 = meta.v3 ^ meta.v2;
        meta.v0 = meta.v0 + meta.v3;
        meta.v3 = (meta.v3 << 7) | (meta.v3 >> 25);
        meta.v3 = meta.v3 ^ meta.v0;
        meta.v2 = meta.v2 + meta.v1;
        meta.v1 = (meta.v1 << 13) | (meta.v1 >> 19);
        meta.v1 = meta.v1 ^ meta.v2;
        meta.v2 = (meta.v2 << 16) | (meta.v2 >> 16);
    }
    action mac_start(in bit<32> k0, in bit<32> k1) {
        meta.v0 = k0;
        meta.v1 = k1;
        meta.v2 = k0 ^ 0x6c796765;
        meta.v3 = k1 ^ 0x74656462;
    }
    // A word as it stands on the wire; the hash reads words little-endian.
    action absorb(in bit<32> wire) {
        bit<32> m = wire[7:0] ++ wire[15:8] ++ wire[23:16] ++ wire[31:24];
        meta.v3 = meta.v3 ^ m;
        sip_round();
        sip_round();
        meta.v0 = meta.v0 ^ m;
    }
    // The last word holds no byte of a word-aligned message, only its length (low byte) on top.
    action mac_finish(in bit<32> lengthBytes) {
        absorb(lengthBytes);
        meta.v2 = meta.v2 ^ 0xff;
        sip_round();
        sip_round();
        sip_round();
        sip_round();
        bit<32> t = meta.v1 ^ meta.v3;
        meta.tag = t[7:0] ++ t[15:8] ++ t[23:16] ++ t[31:24];
    }
    action absorb_frame() {
        absorb(hdr.frame.magic ++ hdr.frame.version ++ hdr.frame.msgType);
        absorb(hdr.frame.senderKind ++ hdr.frame.reserved ++ hdr.frame.senderMember);
        absorb(hdr.frame.senderIndex);
        absorb(hdr.frame.keyId);
        absorb(hdr.frame.bodyBytes);
        absorb(hdr.frame.payloadBytes);
    }
    action mac_assign() {
        mac_start(meta.clusterK0, meta.clusterK1);
        absorb_frame();
        absorb(hdr.assign.epochHi);
        absorb(hdr.assign.epochLo);
        absorb(hdr.assign.coordinator);
        absorb(hdr.assign.indexHi);
        absorb(hdr.assign.indexLo);
        absorb(hdr.assign.client);
        absorb(hdr.assign.requestHi);
        absorb(hdr.assign.requestLo);
        absorb(hdr.assign.payload);
        mac_finish(60);
    }
    action mac_write_ack() {
        mac_start(meta.clusterK0, meta.clusterK1);
        absorb_frame();
        absorb(hdr.write_ack.epochHi);
        absorb(hdr.write_ack.epochLo);
        absorb(hdr.write_ack.coordinator);
        absorb(hdr.write_ack.indexHi);
        absorb(hdr.write_ack.indexLo);
        absorb(hdr.write_ack.fromSet);
        absorb(hdr.write_ack.fromMember);
        absorb(hdr.write_ack.accepted);
        absorb(hdr.write_ack.promisedEpochHi);
        absorb(hdr.write_ack.promisedEpochLo);
        absorb(hdr.write_ack.promisedCoordinator);
        mac_finish(68);
    }
    action mac_write() {
        mac_start(meta.clusterK0, meta.clusterK1);
        absorb_frame();
        absorb(hdr.write.epochHi);
        absorb(hdr.write.epochLo);
        absorb(hdr.write.coordinator);
        absorb(hdr.write.indexHi);
        absorb(hdr.write.indexLo);
        absorb(hdr.write.payload);
        absorb(hdr.write.from);
        absorb(hdr.write.incarnationHi);
        absorb(hdr.write.incarnationLo);
        mac_finish(60);
    }
    action mac_append_reply() {
        mac_start(meta.clientK0, meta.clientK1);
        absorb_frame();
        absorb(hdr.append_reply.requestHi);
        absorb(hdr.append_reply.requestLo);
        absorb(hdr.append_reply.indexHi);
        absorb(hdr.append_reply.indexLo);
        absorb(hdr.append_reply.epochHi);
        absorb(hdr.append_reply.epochLo);
        absorb(hdr.append_reply.coordinator);
        mac_finish(52);
    }

    action mac_append() {
        mac_start(meta.clientK0, meta.clientK1);
        absorb_frame();
        absorb(hdr.append.client);
        absorb(hdr.append.requestHi);
        absorb(hdr.append.requestLo);
        absorb(hdr.append.payload);
        absorb(hdr.append.incarnationHi);
        absorb(hdr.append.incarnationLo);
        absorb(hdr.append.dedupEpochHi);
        absorb(hdr.append.dedupEpochLo);
        mac_finish(56);
    }

    // The sequencer's settings, its default action (the agent's): the life and dedup epoch an
    // append must be addressed to (else the kernel refuses it: AppendStale), and the cluster key.
    action sequencer_on(bit<32> self, bit<32> incarnationHi, bit<32> incarnationLo, bit<32> epochHi,
                        bit<32> epochLo, bit<32> k0, bit<32> k1) {
        meta.sequencing = 1;
        meta.self = self;
        meta.clusterK0 = k0;
        meta.clusterK1 = k1;
        meta.stale = 0;
        if (hdr.append.incarnationHi != incarnationHi || hdr.append.incarnationLo != incarnationLo
                || hdr.append.dedupEpochHi != epochHi || hdr.append.dedupEpochLo != epochLo) {
            meta.stale = 1;
        }
    }
    action sequencer_off() {
        meta.sequencing = 0;
    }
    table sequencer {
        actions = { sequencer_on; sequencer_off; }
        default_action = sequencer_off();
    }

    // The clients whose dedup windows the data plane holds (the agent adds one once its kernel
    // has seen the client's first append), with their keys.
    action dedup_client(bit<32> slot, bit<32> k0, bit<32> k1) {
        meta.dedupKnown = 1;
        meta.dedupSlot = slot;
        meta.clientK0 = k0;
        meta.clientK1 = k1;
    }
    action dedup_unknown() {
        meta.dedupKnown = 0;
    }
    table dedup_clients {
        key = { hdr.append.client : exact; }
        actions = { dedup_client; dedup_unknown; }
        default_action = dedup_unknown();
        size = DEDUP_CLIENTS;
    }

    // Where index h + 1 + offset goes: its leader, keyed by (h mod ring size) + 1 + offset, which
    // the agent bounds (a batch never exceeds the status map's window) and fills per ring.
    action leader_route(bit<9> port, bit<1> isSelf) {
        meta.leaderKnown = 1;
        meta.leaderPort = port;
        meta.leaderSelf = isSelf;
    }
    action leader_unknown() {
        meta.leaderKnown = 0;
    }
    table leaders {
        key = { meta.leaderKey : exact; }
        actions = { leader_route; leader_unknown; }
        default_action = leader_unknown();
        size = LEADER_KEYS;
    }

    // Token visits: the agent's settings, its default action. The agent sets token_on while a
    // visit of the view the data plane leads would send nothing but the TokenAck, the batch's
    // ASSIGNs, the pass and (ringAlive: the first member's, when one is due) a RING_ALIVE to
    // replica set 0 (no trim, read, getTail or admission waits on it; the token's trim points
    // are the switch's), and token_off otherwise: the token then goes to the CPU, where the
    // kernel visits it.
    action token_on(bit<32> self, bit<32> epochHi, bit<32> epochLo, bit<32> coordinator, bit<32> predecessor,
                    bit<32> lastHopHi, bit<1> first, bit<1> ringAlive, bit<32> windowSlots, bit<32> trimPendingHi,
                    bit<32> trimPendingLo, bit<32> trimDoneHi, bit<32> trimDoneLo, bit<32> k0, bit<32> k1) {
        meta.tokenOn = 1;
        meta.ringAlive = ringAlive;
        meta.self = self;
        meta.first = first;
        meta.lastHopHi = lastHopHi;
        meta.windowSlots = windowSlots;
        meta.clusterK0 = k0;
        meta.clusterK1 = k1;
        meta.drop = 0;
        if (hdr.token.epochHi != epochHi || hdr.token.epochLo != epochLo || hdr.token.coordinator != coordinator
                || hdr.token.from != predecessor || hdr.token.joinedCount != 0
                || hdr.token.trimPendingHi != trimPendingHi || hdr.token.trimPendingLo != trimPendingLo
                || hdr.token.trimDoneHi != trimDoneHi || hdr.token.trimDoneLo != trimDoneLo) {
            meta.drop = 1;
        }
    }
    action token_off() {
        meta.tokenOn = 0;
    }
    table token_settings {
        actions = { token_on; token_off; }
        default_action = token_off();
    }

    // i mod the ring size and i mod the replica set count without a division (for the token's h,
    // or an index): the word's eight bytes each look up (byte * 256^k) mod n and mod s, and each
    // sum (below 8n, 8s) looks up its remainder. The agent fills the tables when it installs a
    // view. A byte it has no entry for adds RESIDUE_MISSING, a sum the remainder tables hold no
    // entry for; the eight lookups write nothing in common, so they can share a stage.
    action ring_mod_missing() {
        meta.ringModKnown = 0;
    }
    action set_mod_missing() {
        meta.setModKnown = 0;
    }
    action ring_mod_of(bit<32> m) {
        meta.ringMod = m;
    }
    action set_mod_of(bit<32> m) {
        meta.setMod = m;
    }
    action residue0_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue0 = ringR;
        meta.setResidue0 = setR;
    }
    table residue0 {
        key = { meta.byte0 : exact; }
        actions = { residue0_of; }
        default_action = residue0_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue1_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue1 = ringR;
        meta.setResidue1 = setR;
    }
    table residue1 {
        key = { meta.byte1 : exact; }
        actions = { residue1_of; }
        default_action = residue1_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue2_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue2 = ringR;
        meta.setResidue2 = setR;
    }
    table residue2 {
        key = { meta.byte2 : exact; }
        actions = { residue2_of; }
        default_action = residue2_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue3_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue3 = ringR;
        meta.setResidue3 = setR;
    }
    table residue3 {
        key = { meta.byte3 : exact; }
        actions = { residue3_of; }
        default_action = residue3_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue4_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue4 = ringR;
        meta.setResidue4 = setR;
    }
    table residue4 {
        key = { meta.byte4 : exact; }
        actions = { residue4_of; }
        default_action = residue4_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue5_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue5 = ringR;
        meta.setResidue5 = setR;
    }
    table residue5 {
        key = { meta.byte5 : exact; }
        actions = { residue5_of; }
        default_action = residue5_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue6_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue6 = ringR;
        meta.setResidue6 = setR;
    }
    table residue6 {
        key = { meta.byte6 : exact; }
        actions = { residue6_of; }
        default_action = residue6_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    action residue7_of(bit<32> ringR, bit<32> setR) {
        meta.ringResidue7 = ringR;
        meta.setResidue7 = setR;
    }
    table residue7 {
        key = { meta.byte7 : exact; }
        actions = { residue7_of; }
        default_action = residue7_of(RESIDUE_MISSING, RESIDUE_MISSING);
        size = 256;
    }
    table ring_mod {
        key = { meta.ringResidueSum : exact; }
        actions = { ring_mod_of; ring_mod_missing; }
        default_action = ring_mod_missing();
        size = RESIDUE_KEYS;
    }
    table set_mod {
        key = { meta.setResidueSum : exact; }
        actions = { set_mod_of; set_mod_missing; }
        default_action = set_mod_missing();
        size = RESIDUE_KEYS;
    }
    action split_word(in bit<32> hi, in bit<32> lo) {
        meta.byte0 = lo[7:0];
        meta.byte1 = lo[15:8];
        meta.byte2 = lo[23:16];
        meta.byte3 = lo[31:24];
        meta.byte4 = hi[7:0];
        meta.byte5 = hi[15:8];
        meta.byte6 = hi[23:16];
        meta.byte7 = hi[31:24];
        meta.ringModKnown = 1;
        meta.setModKnown = 1;
    }

    action check_token() {
        if (hdr.frame.senderKind != KIND_SWITCH || hdr.frame.reserved != 0 || hdr.frame.senderMember != 0
                || hdr.frame.senderIndex != hdr.token.from || hdr.frame.keyId != 0 || hdr.frame.payloadBytes != 0
                || standard_metadata.packet_length != 96) {
            meta.drop = 1;
        }
    }
    action mac_token() {
        mac_start(meta.clusterK0, meta.clusterK1);
        absorb_frame();
        absorb(hdr.token.epochHi);
        absorb(hdr.token.epochLo);
        absorb(hdr.token.coordinator);
        absorb(hdr.token.hHi);
        absorb(hdr.token.hLo);
        absorb(hdr.token.cHi);
        absorb(hdr.token.cLo);
        absorb(hdr.token.roundMinHi);
        absorb(hdr.token.roundMinLo);
        absorb(hdr.token.hopHi);
        absorb(hdr.token.hopLo);
        absorb(hdr.token.from);
        absorb(hdr.token.trimPendingHi);
        absorb(hdr.token.trimPendingLo);
        absorb(hdr.token.trimDoneHi);
        absorb(hdr.token.trimDoneLo);
        absorb(hdr.token.joinedCount);
        mac_finish(92);
    }
    // The TokenAck's MAC, for the frame egress builds from the token (TokenAck: view, hop, from).
    action mac_token_ack() {
        mac_start(meta.clusterK0, meta.clusterK1);
        absorb(MAGIC ++ VERSION ++ TYPE_TOKEN_ACK);
        absorb(KIND_SWITCH ++ 8w0 ++ 16w0);
        absorb(meta.self);
        absorb(32w0);
        absorb(32w24);
        absorb(32w0);
        absorb(hdr.token.epochHi);
        absorb(hdr.token.epochLo);
        absorb(hdr.token.coordinator);
        absorb(hdr.token.hopHi);
        absorb(hdr.token.hopLo);
        absorb(meta.self);
        mac_finish(48);
        meta.ackTag = meta.tag;
        meta.ackHopHi = hdr.token.hopHi;
        meta.ackHopLo = hdr.token.hopLo;
    }
    // The RING_ALIVE's MAC, for the frames egress builds from the token (RingAlive: view, from).
    action mac_ring_alive() {
        mac_start(meta.clusterK0, meta.clusterK1);
        absorb(MAGIC ++ VERSION ++ TYPE_RING_ALIVE);
        absorb(KIND_SWITCH ++ 8w0 ++ 16w0);
        absorb(meta.self);
        absorb(32w0);
        absorb(32w16);
        absorb(32w0);
        absorb(hdr.token.epochHi);
        absorb(hdr.token.epochLo);
        absorb(hdr.token.coordinator);
        absorb(meta.self);
        mac_finish(40);
        meta.aliveTag = meta.tag;
    }
    // The token's hop: fresh iff above the last one visited (a copy sent again is not).
    action token_hop_access() {
        bit<32> last;
        token_hop_lo.read(last, 0);
        meta.tokenFresh = 0;
        if (hdr.token.hopHi == meta.lastHopHi && hdr.token.hopLo > last) {
            meta.tokenFresh = 1;
            token_hop_lo.write(0, hdr.token.hopLo);
        }
    }
    // SequenceBatch's bound: the visit serves at most c + windowSlots - h appends (the leaders'
    // status maps cannot overflow), h - c as two words with a borrow.
    action token_window() {
        bit<32> dLo = hdr.token.hLo - hdr.token.cLo;
        bit<32> borrow = 0;
        if (hdr.token.hLo < hdr.token.cLo) {
            borrow = 1;
        }
        bit<32> dHi = hdr.token.hHi - hdr.token.cHi - borrow;
        meta.tokenWindow = 0;
        if (dHi == 0 && dLo <= meta.windowSlots) {
            meta.tokenWindow = meta.windowSlots - dLo;
        }
    }
    // FoldCommit: the first member closes the round (c takes the round's minimum if larger; the
    // next round starts at its own commit index); the others fold theirs into the round's minimum.
    action token_fold() {
        bit<1> cBelowRound = 0;
        if (hdr.token.cHi < hdr.token.roundMinHi
                || (hdr.token.cHi == hdr.token.roundMinHi && hdr.token.cLo < hdr.token.roundMinLo)) {
            cBelowRound = 1;
        }
        bit<1> mineBelowRound = 0;
        if (meta.mineHi < hdr.token.roundMinHi
                || (meta.mineHi == hdr.token.roundMinHi && meta.mineLo < hdr.token.roundMinLo)) {
            mineBelowRound = 1;
        }
        if (meta.first == 1) {
            if (cBelowRound == 1) {
                hdr.token.cHi = hdr.token.roundMinHi;
                hdr.token.cLo = hdr.token.roundMinLo;
            }
            hdr.token.roundMinHi = meta.mineHi;
            hdr.token.roundMinLo = meta.mineLo;
        } else if (mineBelowRound == 1) {
            hdr.token.roundMinHi = meta.mineHi;
            hdr.token.roundMinLo = meta.mineLo;
        }
    }
    // PassToken: h + served, the next hop, from this switch, a new MAC; to the token group (the
    // successor, and the predecessor, whose copy egress turns into the TokenAck).
    action token_pass() {
        bit<32> lo = hdr.token.hLo + meta.tokenServed;
        bit<32> carry = 0;
        if (lo < hdr.token.hLo) {
            carry = 1;
        }
        hdr.token.hLo = lo;
        hdr.token.hHi = hdr.token.hHi + carry;
        bit<32> hopLo = hdr.token.hopLo + 1;
        bit<32> hopCarry = 0;
        if (hopLo == 0) {
            hopCarry = 1;
        }
        hdr.token.hopLo = hopLo;
        hdr.token.hopHi = hdr.token.hopHi + hopCarry;
        hdr.token.from = meta.self;
        hdr.frame.senderIndex = meta.self;
        mac_token();
        hdr.mac.tag = meta.tag;
        meta.tokenPass = 1;
        standard_metadata.mcast_grp = TOKEN_GROUP;
        if (meta.ringAlive == 1) {
            // The token group with replica set 0's servers (rid 3), which get the RING_ALIVE.
            standard_metadata.mcast_grp = TOKEN_ALIVE_GROUP;
        }
    }

    action check_append() {
        meta.drop = 0;
        if (hdr.frame.senderKind != KIND_CLIENT || hdr.frame.reserved != 0 || hdr.frame.senderMember != 0
                || hdr.frame.senderIndex != hdr.append.client || hdr.frame.keyId != hdr.append.client + 1
                || hdr.append.client > 0x7fffffff || hdr.append.requestHi > 0x7fffffff
                || hdr.append.payload[31:31] == 1 || hdr.append.payload != hdr.frame.payloadBytes
                || hdr.frame.payloadBytes > 0x100000
                || standard_metadata.packet_length != 60 + hdr.frame.payloadBytes) {
            meta.drop = 1;
        }
    }

    // ClientAppend's dedup, one register action each: the highest id (raised by a fresh one),
    // then the id's cell (marked unless too old: the kernel marks even an append it then
    // answers Busy, so a later copy of it is never sequenced).
    action highest_access() {
        bit<32> hi;
        bit<32> lo;
        dedup_highest_hi.read(hi, meta.dedupSlot);
        bit<1> hiLarger = 0;
        bit<1> hiEqual = 0;
        if (hdr.append.requestHi > hi) {
            hiLarger = 1;
        }
        if (hdr.append.requestHi == hi) {
            hiEqual = 1;
        }
        if (hiLarger == 1) {
            dedup_highest_hi.write(meta.dedupSlot, hdr.append.requestHi);
        }
        dedup_highest_lo.read(lo, meta.dedupSlot);
        meta.fresh = 0;
        meta.tooOld = 0;
        if (hiLarger == 1 || (hiEqual == 1 && hdr.append.requestLo > lo)) {
            meta.fresh = 1;
            dedup_highest_lo.write(meta.dedupSlot, hdr.append.requestLo);
        } else {
            // highest - id as two words with a borrow: too old from 64 on.
            bit<32> dLo = lo - hdr.append.requestLo;
            bit<32> borrow = 0;
            if (lo < hdr.append.requestLo) {
                borrow = 1;
            }
            bit<32> dHi = hi - hdr.append.requestHi - borrow;
            if (dHi != 0 || dLo >= 64) {
                meta.tooOld = 1;
            }
        }
    }
    action cell_access() {
        bit<32> cellHi;
        bit<32> cellLo;
        meta.dedupCell = (meta.dedupSlot << 6) | (hdr.append.requestLo & 63);
        dedup_cells_hi.read(cellHi, meta.dedupCell);
        dedup_cells_lo.read(cellLo, meta.dedupCell);
        meta.duplicate = 0;
        if (meta.fresh == 0 && meta.tooOld == 0 && cellHi == hdr.append.requestHi
                && cellLo == hdr.append.requestLo) {
            meta.duplicate = 1;
        }
        if (meta.tooOld == 0) {
            dedup_cells_hi.write(meta.dedupCell, hdr.append.requestHi);
            dedup_cells_lo.write(meta.dedupCell, hdr.append.requestLo);
        }
    }

    // Every sequencing pass reads where the served tickets end. A token's second pass serves
    // min(waiting, window) tickets from there (SequenceBatch).
    action served_access() {
        visit_end.read(meta.servedEnd, 0);
        if (meta.tokenVisit == 1) {
            meta.visitFirst = meta.servedEnd;
            meta.tokenWaiting = meta.tokenWaiting - meta.servedEnd;
            meta.tokenServed = meta.tokenWaiting;
            if (meta.tokenWindow < meta.tokenWaiting) {
                meta.tokenServed = meta.tokenWindow;
            }
            if (meta.tokenServed != 0) {
                visit_end.write(0, meta.servedEnd + meta.tokenServed);
            }
        }
    }
    action limit_access() {
        admit_limit.read(meta.admitLimit, 0);
    }
    // A ticket for an admitted append (Busy when tickets - visit_end reached the limit), or for
    // one the agent's kernel queued itself.
    // A token's first pass reads how many were handed out.
    action ticket_access() {
        bit<32> issued;
        tickets.read(issued, 0);
        meta.admitted = 0;
        if (meta.tokenVisit == 1) {
            meta.tokenWaiting = issued;
        } else if (meta.enqueue == 1 || issued - meta.servedEnd < meta.admitLimit) {
            meta.admitted = 1;
            meta.ticket = issued;
            tickets.write(0, issued + 1);
        }
    }
    // A waiting append reads the visit; a token's second pass writes it, for the appends it
    // serves (each reads it on its next pass: a pass behind this one sees all of it, one ahead
    // of it none).
    action visit_access() {
        if (meta.tokenVisit == 0) {
            visit_first.read(meta.visitFirst, 0);
            visit_h_hi.read(meta.visitHi, 0);
            visit_h_lo.read(meta.visitLo, 0);
            visit_h_mod.read(meta.visitHmod, 0);
            visit_epoch_hi.read(meta.visitEpochHi, 0);
            visit_epoch_lo.read(meta.visitEpochLo, 0);
            visit_coordinator.read(meta.visitCoordinator, 0);
        } else if (meta.tokenServed != 0) {
            visit_first.write(0, meta.visitFirst);
            visit_h_hi.write(0, hdr.token.hHi);
            visit_h_lo.write(0, hdr.token.hLo);
            visit_h_mod.write(0, meta.hMod);
            visit_epoch_hi.write(0, hdr.token.epochHi);
            visit_epoch_lo.write(0, hdr.token.epochLo);
            visit_coordinator.write(0, hdr.token.coordinator);
        }
    }

    // SequenceBatch for one served append: the ASSIGN of index h + 1 + offset (a 64-bit add as
    // two words with a carry; offset < 2^31), signed with the cluster key, to the index's leader.
    action append_to_assign() {
        bit<32> lo = meta.visitLo + 1 + meta.offset;
        bit<32> carry = 0;
        if (lo < meta.visitLo) {
            carry = 1;
        }
        hdr.assign.setValid();
        hdr.assign.epochHi = meta.visitEpochHi;
        hdr.assign.epochLo = meta.visitEpochLo;
        hdr.assign.coordinator = meta.visitCoordinator;
        hdr.assign.indexHi = meta.visitHi + carry;
        hdr.assign.indexLo = lo;
        hdr.assign.client = hdr.append.client;
        hdr.assign.requestHi = hdr.append.requestHi;
        hdr.assign.requestLo = hdr.append.requestLo;
        hdr.assign.payload = hdr.append.payload;
        hdr.append.setInvalid();
        hdr.frame.msgType = TYPE_ASSIGN;
        hdr.frame.senderKind = KIND_SWITCH;
        hdr.frame.senderMember = 0;
        hdr.frame.senderIndex = meta.self;
        hdr.frame.keyId = 0;
        hdr.frame.bodyBytes = 36;
        mac_assign();
        hdr.mac.tag = meta.tag;
        standard_metadata.egress_spec = meta.leaderPort;
    }

    // The status map, one register action each (Tofino's RegisterAction): every pass reaches
    // them in this order, tag, state, owner, next_own, and each at most once.

    // Tag: an assign claims the slot for a larger index (high word first, then low).
    action tag_access() {
        bit<32> hi;
        bit<32> lo;
        slot_tag_hi.read(hi, meta.slot);
        bit<1> hiLarger = 0;
        bit<1> hiEqual = 0;
        if (meta.indexHi > hi) {
            hiLarger = 1;
        }
        if (meta.indexHi == hi) {
            hiEqual = 1;
        }
        if (meta.isAssign == 1 && hiLarger == 1) {
            slot_tag_hi.write(meta.slot, meta.indexHi);
        }
        slot_tag_lo.read(lo, meta.slot);
        meta.tagMatch = 0;
        meta.tagOlder = 0;
        meta.claimed = 0;
        if (hiEqual == 1 && meta.indexLo == lo) {
            meta.tagMatch = 1;
        }
        if (hiLarger == 1 || (hiEqual == 1 && meta.indexLo > lo)) {
            meta.claimed = meta.isAssign;
        }
        if ((hiLarger == 0 && hiEqual == 0) || (hiEqual == 1 && meta.indexLo < lo)) {
            meta.tagOlder = 1;
        }
        if (meta.claimed == 1) {
            slot_tag_lo.write(meta.slot, meta.indexLo);
        }
    }

    // State and ack mask: LeaderReplicate's claim, LeaderCommit's count, the probe's look.
    action state_access() {
        bit<32> cell;
        slot_state.read(cell, meta.slot);
        meta.oldState = cell[1:0];
        meta.oldJunk = cell[2:2];
        bit<32> mask = cell & 0xff00;
        meta.toWriting = 0;
        meta.committedNow = 0;
        bit<1> change = 0;
        bit<32> next = cell;
        if (meta.isAssign == 1) {
            if (meta.claimed == 1 && (cell[1:0] == FREE || cell[1:0] == COMMITTED)) {
                meta.toWriting = 1;
            }
            if (meta.tagMatch == 1 && (cell[1:0] == FREE || cell[1:0] == EXPECTED)) {
                meta.toWriting = 1;
            }
            // A fresh claim: no acks, not junk.
            next = (bit<32>) WRITING;
            change = meta.toWriting;
        }
        if (meta.isAck == 1 && meta.tagMatch == 1 && cell[1:0] == WRITING) {
            mask = mask | meta.ackBit;
            bit<32> acked = (bit<32>) mask[8:8] + (bit<32>) mask[9:9] + (bit<32>) mask[10:10]
                    + (bit<32>) mask[11:11] + (bit<32>) mask[12:12] + (bit<32>) mask[13:13]
                    + (bit<32>) mask[14:14] + (bit<32>) mask[15:15];
            next = mask | (cell & 4) | (bit<32>) WRITING;
            if (acked >= meta.majority) {
                next = mask | (cell & 4) | (bit<32>) COMMITTED;
                meta.committedNow = 1;
                meta.junkCommitted = cell[2:2];
            }
            change = 1;
        }
        if (change == 1) {
            slot_state.write(meta.slot, next);
        }
    }

    // Who appended the slot's entry: written by the claim, read by the commit.
    action owner_access() {
        slot_client.read(meta.slotClient, meta.slot);
        slot_request_hi.read(meta.slotRequestHi, meta.slot);
        slot_request_lo.read(meta.slotRequestLo, meta.slot);
        meta.sameAppend = 0;
        if (meta.isAssign == 1) {
            if (meta.slotClient == hdr.assign.client && meta.slotRequestHi == hdr.assign.requestHi
                    && meta.slotRequestLo == hdr.assign.requestLo) {
                meta.sameAppend = 1;
            }
        }
        if (meta.toWriting == 1) {
            slot_client.write(meta.slot, hdr.assign.client);
            slot_request_hi.write(meta.slot, hdr.assign.requestHi);
            slot_request_lo.write(meta.slot, hdr.assign.requestLo);
        }
    }

    // next_own: the index just committed was the smallest open one, so the commit index moves
    // on by one turn of the ring (64-bit add as two 32-bit words with a carry).
    action next_own_access() {
        bit<32> hi;
        bit<32> lo;
        next_own_hi.read(hi, 0);
        next_own_lo.read(lo, 0);
        // FoldCommit's input on a token's pass: this leader's commit index, next_own - 1.
        bit<32> borrow = 0;
        if (lo == 0) {
            borrow = 1;
        }
        meta.mineLo = lo - 1;
        meta.mineHi = hi - borrow;
        meta.advanced = 0;
        if (meta.committedNow == 1 && hi == meta.indexHi && lo == meta.indexLo) {
            meta.advanced = 1;
            bit<32> nextLo = lo + meta.ringSize;
            bit<32> carry = 0;
            if (nextLo < lo) {
                carry = 1;
            }
            meta.nextLo = nextLo;
            meta.nextHi = hi + carry;
            next_own_hi.write(0, meta.nextHi);
            next_own_lo.write(0, meta.nextLo);
        }
    }

    action assign_to_write() {
        hdr.write.setValid();
        hdr.write.epochHi = hdr.assign.epochHi;
        hdr.write.epochLo = hdr.assign.epochLo;
        hdr.write.coordinator = hdr.assign.coordinator;
        hdr.write.indexHi = hdr.assign.indexHi;
        hdr.write.indexLo = hdr.assign.indexLo;
        hdr.write.payload = hdr.assign.payload;
        hdr.write.from = meta.self;
        hdr.write.incarnationHi = 0xffffffff;
        hdr.write.incarnationLo = 0xffffffff;
        hdr.assign.setInvalid();
        hdr.frame.msgType = TYPE_WRITE;
        hdr.frame.senderKind = KIND_SWITCH;
        hdr.frame.senderMember = 0;
        hdr.frame.senderIndex = meta.self;
        hdr.frame.keyId = 0;
        mac_write();
        hdr.mac.tag = meta.tag;
        // The replica set of index i is i mod replicaSetCount (setMod). Group s + 1 holds set s.
        standard_metadata.mcast_grp = (bit<16>) meta.setMod + 1;
    }

    action ack_to_reply() {
        hdr.append_reply.setValid();
        hdr.append_reply.requestHi = meta.slotRequestHi;
        hdr.append_reply.requestLo = meta.slotRequestLo;
        hdr.append_reply.indexHi = hdr.write_ack.indexHi;
        hdr.append_reply.indexLo = hdr.write_ack.indexLo;
        hdr.append_reply.epochHi = hdr.write_ack.epochHi;
        hdr.append_reply.epochLo = hdr.write_ack.epochLo;
        hdr.append_reply.coordinator = hdr.write_ack.coordinator;
        hdr.write_ack.setInvalid();
        hdr.frame.msgType = TYPE_APPEND_REPLY;
        hdr.frame.senderKind = KIND_SWITCH;
        hdr.frame.senderMember = 0;
        hdr.frame.senderIndex = meta.self;
        hdr.frame.keyId = meta.slotClient + 1;
        hdr.frame.bodyBytes = 28;
        hdr.frame.payloadBytes = 0;
        mac_append_reply();
        hdr.mac.tag = meta.tag;
        standard_metadata.egress_spec = meta.clientPort;
    }

    // A frame the fast path takes must be well formed exactly as the kernel's decoder wants it;
    // anything else goes to the agent, whose decoder rejects and counts it.
    action check_assign() {
        meta.drop = 0;
        if (hdr.frame.senderKind != KIND_SWITCH || hdr.frame.reserved != 0 || hdr.frame.senderMember != 0
                || hdr.frame.keyId != 0 || hdr.assign.client > 0x7fffffff
                || hdr.assign.indexHi > 0x7fffffff || (hdr.assign.indexHi == 0 && hdr.assign.indexLo == 0)
                || standard_metadata.packet_length != 64 + hdr.frame.payloadBytes) {
            meta.drop = 1;
        }
        // The payload descriptor: junk (bit 31, length 0, no bytes) or the payload section's length.
        if (hdr.assign.payload[31:31] == 1) {
            if (hdr.assign.payload != 0x80000000 || hdr.frame.payloadBytes != 0) {
                meta.drop = 1;
            }
        } else if (hdr.assign.payload != hdr.frame.payloadBytes) {
            meta.drop = 1;
        }
    }
    action check_write_ack() {
        meta.drop = 0;
        if (hdr.frame.senderKind != KIND_SERVER || hdr.frame.reserved != 0 || hdr.frame.keyId != 0
                || hdr.frame.payloadBytes != 0 || standard_metadata.packet_length != 72
                || hdr.frame.senderIndex != hdr.write_ack.fromSet
                || (bit<32>) hdr.frame.senderMember != hdr.write_ack.fromMember
                || hdr.write_ack.accepted > 1 || hdr.write_ack.fromSet > 0x7fffffff
                || hdr.write_ack.indexHi > 0x7fffffff || (hdr.write_ack.indexHi == 0 && hdr.write_ack.indexLo == 0)) {
            meta.drop = 1;
        }
    }

    // The ack's member as a bit of the mask (bits 15..8): a table, not a shift by packet data.
    action ack_bit(bit<32> b) {
        meta.ackBit = b;
    }
    action no_ack_bit() {
        meta.ackBit = 0;
    }
    table member_bit {
        key = { hdr.write_ack.fromMember : exact; }
        actions = { ack_bit; no_ack_bit; }
        default_action = no_ack_bit();
        const entries = {
            0 : ack_bit(0x100);
            1 : ack_bit(0x200);
            2 : ack_bit(0x400);
            3 : ack_bit(0x800);
            4 : ack_bit(0x1000);
            5 : ack_bit(0x2000);
            6 : ack_bit(0x4000);
            7 : ack_bit(0x8000);
        }
    }

    apply {
        meta.drop = 0;
        meta.reason = 0;
        if (hdr.packet_out.isValid()) {
            // The agent's packet_out: signed by the agent; sent where it says, except an append
            // the agent's kernel queued itself, which takes a ticket below.
            if (hdr.packet_out.egressPort == RECIRCULATION_PORT) {
                meta.enqueue = 1;
                hdr.packet_out.setInvalid();
            } else {
                if (hdr.packet_out.mcastGroup != 0) {
                    standard_metadata.mcast_grp = hdr.packet_out.mcastGroup;
                } else {
                    standard_metadata.egress_spec = (bit<9>) hdr.packet_out.egressPort;
                }
                hdr.packet_out.setInvalid();
                return;
            }
        }
        if (meta.tokenVisit == 0 && meta.probe == 0
                && (hdr.token.isValid() || hdr.assign.isValid() || hdr.write_ack.isValid())) {
            // ---- The word's residues: a token's h (its leaders), an index's (its leader, its set).
            if (hdr.token.isValid()) {
                split_word(hdr.token.hHi, hdr.token.hLo);
            } else if (hdr.assign.isValid()) {
                split_word(hdr.assign.indexHi, hdr.assign.indexLo);
            } else {
                split_word(hdr.write_ack.indexHi, hdr.write_ack.indexLo);
            }
            residue0.apply();
            residue1.apply();
            residue2.apply();
            residue3.apply();
            residue4.apply();
            residue5.apply();
            residue6.apply();
            residue7.apply();
            meta.ringResidueSum = meta.ringResidue0 + meta.ringResidue1 + meta.ringResidue2 + meta.ringResidue3
                    + meta.ringResidue4 + meta.ringResidue5 + meta.ringResidue6 + meta.ringResidue7;
            meta.setResidueSum = meta.setResidue0 + meta.setResidue1 + meta.setResidue2 + meta.setResidue3
                    + meta.setResidue4 + meta.setResidue5 + meta.setResidue6 + meta.setResidue7;
            ring_mod.apply();
            set_mod.apply();
        }
        if (hdr.token.isValid()) {
            // ---- A token visit, in two passes: SequenceBatch, FoldCommit, TokenAck, PassToken.
            token_settings.apply();
            if (meta.tokenOn == 0) {
                // Off (a visit would do more), or turned off between the passes: the kernel visits.
                to_cpu(REASON_TOKEN);
                return;
            }
            if (meta.tokenVisit == 1) {
                // The second pass: serve the tickets, write the visit, fold, acknowledge, pass.
                served_access();
                visit_access();
                next_own_access();
                mac_token_ack();
                if (meta.ringAlive == 1) {
                    mac_ring_alive();
                }
                token_fold();
                token_pass();
                mirror();
                return;
            }
            // The first pass: checked (view, sender, trim points, MAC, hop), h mod n, the tickets.
            check_token();
            if (meta.drop == 1) {
                to_cpu(REASON_TOKEN);
                return;
            }
            mac_token();
            if (meta.tag != hdr.mac.tag) {
                to_cpu(REASON_BAD_MAC);
                return;
            }
            token_window();
            meta.hMod = meta.ringMod;
            if (meta.ringModKnown == 0) {
                // The agent's tables do not cover this ring: the kernel visits.
                to_cpu(REASON_TOKEN);
                return;
            }
            token_hop_access();
            if (meta.tokenFresh == 0) {
                // A copy of a hop visited already (the kernel acknowledges it again), or a hop
                // whose high word the agent did not name.
                to_cpu(REASON_TOKEN);
                return;
            }
            meta.tokenVisit = 1;
            ticket_access();
            standard_metadata.egress_spec = RECIRCULATION_PORT;
            return;
        }
        if (meta.waiting == 1 || meta.enqueue == 1 || hdr.append.isValid()) {
            // ---- Sequencing: ClientAppend, and SequenceBatch for the appends a visit served.
            sequencer.apply();
            if (meta.sequencing == 0) {
                to_cpu(REASON_SLOW_PATH);
                return;
            }
            if (meta.waiting == 0 && meta.enqueue == 0) {
                check_append();
                if (meta.drop == 1) {
                    to_cpu(REASON_SLOW_PATH);
                    return;
                }
                if (meta.stale == 1) {
                    to_cpu(REASON_APPEND_STALE);
                    return;
                }
                dedup_clients.apply();
                if (meta.dedupKnown == 0) {
                    to_cpu(REASON_NEW_CLIENT);
                    return;
                }
                mac_append();
                if (meta.tag != hdr.mac.tag) {
                    to_cpu(REASON_BAD_MAC);
                    return;
                }
                highest_access();
                cell_access();
                if (meta.tooOld == 1) {
                    to_cpu(REASON_DEDUP_TOO_OLD);
                    return;
                }
                if (meta.duplicate == 1) {
                    // Seen before: the kernel drops it unanswered.
                    mark_to_drop(standard_metadata);
                    mirror();
                    return;
                }
            }
            served_access();
            if (meta.waiting == 1) {
                visit_access();
                if (meta.ticket - meta.visitFirst >= meta.servedEnd - meta.visitFirst) {
                    // Not served yet: round again (the pipeline parks a packet that spins).
                    standard_metadata.egress_spec = RECIRCULATION_PORT;
                    return;
                }
                meta.offset = meta.ticket - meta.visitFirst;
                meta.leaderKey = meta.visitHmod + 1 + meta.offset;
                leaders.apply();
                meta.waiting = 0;
                if (meta.leaderKnown == 0) {
                    // The agent's leader table does not cover the batch: the kernel's bound broken.
                    to_cpu(REASON_INVARIANT);
                    return;
                }
                append_to_assign();
                if (meta.leaderSelf == 1) {
                    // This switch leads the index: the ASSIGN goes round once more, into the
                    // leader path below (LeaderReplicate), as if it had come from another switch.
                    meta.selfAssign = 1;
                    standard_metadata.egress_spec = RECIRCULATION_PORT;
                }
                return;
            }
            limit_access();
            ticket_access();
            if (meta.admitted == 0) {
                to_cpu(REASON_BUSY);
                return;
            }
            meta.waiting = 1;
            standard_metadata.egress_spec = RECIRCULATION_PORT;
            if (meta.enqueue == 0) {
                mirror();
            }
            return;
        }
        if (meta.probe == 1) {
            // The commit probe: its index and view came in the field list.
            meta.indexHi = meta.probeHi;
            meta.indexLo = meta.probeLo;
        } else if (hdr.assign.isValid()) {
            meta.isAssign = 1;
            meta.epochHi = hdr.assign.epochHi;
            meta.epochLo = hdr.assign.epochLo;
            meta.coordinator = hdr.assign.coordinator;
            meta.indexHi = hdr.assign.indexHi;
            meta.indexLo = hdr.assign.indexLo;
            check_assign();
        } else if (hdr.write_ack.isValid()) {
            meta.isAck = 1;
            meta.epochHi = hdr.write_ack.epochHi;
            meta.epochLo = hdr.write_ack.epochLo;
            meta.coordinator = hdr.write_ack.coordinator;
            meta.indexHi = hdr.write_ack.indexHi;
            meta.indexLo = hdr.write_ack.indexLo;
            check_write_ack();
        } else {
            to_cpu(REASON_SLOW_PATH);
            return;
        }
        if (meta.drop == 1) {
            to_cpu(REASON_MALFORMED);
            return;
        }
        active_view.apply();
        if (meta.inView == 0) {
            if (meta.probe == 1 || meta.selfAssign == 1) {
                // The view was left between two passes, or the data plane does not lead it (its
                // own visit's index is then written by the agent's kernel): the agent owns it.
                mark_to_drop(standard_metadata);
            } else {
                to_cpu(REASON_NOT_IN_VIEW);
            }
            return;
        }
        if (meta.isAssign == 1) {
            mac_assign();
        } else if (meta.isAck == 1) {
            mac_write_ack();
        }
        if (meta.probe == 0 && meta.tag != hdr.mac.tag) {
            to_cpu(REASON_BAD_MAC);
            return;
        }
        if (meta.probe == 0 && (meta.ringModKnown == 0 || meta.setModKnown == 0)) {
            // The agent's residue tables do not cover this index: they are the view's, all of it.
            to_cpu(REASON_INVARIANT);
            return;
        }
        if (meta.isAssign == 1 && meta.ringMod != meta.position) {
            // An index another switch leads (the kernel drops it as bad input).
            to_cpu(REASON_NOT_LEADER);
            return;
        }
        if (meta.isAck == 1) {
            if (hdr.write_ack.accepted == 0) {
                // Refused: the server promised a later view; the kernel decides (a view change).
                to_cpu(REASON_ACK_REFUSED);
                return;
            }
            member_bit.apply();
            if (hdr.write_ack.fromSet != meta.setMod
                    || hdr.write_ack.fromMember >= meta.membersPerSet) {
                to_cpu(REASON_ACK_NOT_OF_SET);
                return;
            }
        }
        meta.slot = meta.indexLo & SLOT_MASK;
        tag_access();
        state_access();
        if (meta.probe == 1 && meta.tagMatch == 1 && meta.oldState == COMMITTED) {
            meta.committedNow = 1;
        }
        owner_access();
        next_own_access();
        if (meta.isAssign == 1) {
            if (meta.toWriting == 1) {
                assign_to_write();
                mirror();
            } else if (meta.claimed == 1) {
                // The slot still held a live index one window below: the sequencer's bound on
                // h - c was broken (the kernel's TypeOK). The agent halts the switch.
                to_cpu(REASON_INVARIANT);
            } else if (meta.tagMatch == 1 && meta.oldState == WRITING && meta.oldJunk == 0
                    && meta.sameAppend == 1) {
                // A duplicate of the assignment being written: the kernel does nothing.
                mark_to_drop(standard_metadata);
                mirror();
            } else if (meta.tagMatch == 1 && meta.oldState == WRITING && meta.oldJunk == 0) {
                to_cpu(REASON_INVARIANT);
            } else {
                // Below the commit index, junk-filled, or committed: the kernel may answer the
                // client (AppendJunked, or AppendReply again), which needs what the agent knows.
                to_cpu(REASON_ASSIGN_SEEN);
            }
            return;
        }
        if (meta.advanced == 1) {
            // Look at the next index this switch leads next: it may have committed out of order.
            meta.probeHi = meta.nextHi;
            meta.probeLo = meta.nextLo;
        }
        if (meta.probe == 1) {
            // A probe pass: go round again while the commit index moves.
            if (meta.advanced == 1) {
                standard_metadata.egress_spec = RECIRCULATION_PORT;
            } else {
                mark_to_drop(standard_metadata);
            }
            return;
        }
        meta.probe = meta.advanced;
        if (meta.committedNow == 0 || meta.junkCommitted == 1) {
            // No majority yet, a duplicate, an index not being written, or a junk-filled hole
            // committed (no client to answer): nothing leaves but the probe, if any.
            if (meta.advanced == 1) {
                standard_metadata.egress_spec = RECIRCULATION_PORT;
            } else {
                mark_to_drop(standard_metadata);
            }
            mirror();
            return;
        }
        clients.apply();
        if (meta.clientKnown == 0) {
            // Committed here, but the answer is the agent's: it gets the ack itself, not a mirror.
            to_cpu(REASON_NO_CLIENT);
            return;
        }
        ack_to_reply();
        mirror();
    }
}

control RingWorldEgress(inout headers_t hdr, inout metadata_t meta,
                        inout standard_metadata_t standard_metadata) {
    apply {
        if (standard_metadata.instance_type == 1) {
            // The mirror of a frame the fast path took, as it was received.
            hdr.packet_in.setValid();
            hdr.packet_in.ingressPort = (bit<16>) standard_metadata.ingress_port;
            hdr.packet_in.reason = REASON_MIRROR;
            return;
        }
        if (meta.tokenPass == 1 && standard_metadata.instance_type == 5
                && standard_metadata.egress_rid == RID_TOKEN_ACK) {
            // The predecessor's copy of a passed token: its TokenAck (the MAC made in ingress).
            hdr.token_ack.setValid();
            hdr.token_ack.epochHi = hdr.token.epochHi;
            hdr.token_ack.epochLo = hdr.token.epochLo;
            hdr.token_ack.coordinator = hdr.token.coordinator;
            hdr.token_ack.hopHi = meta.ackHopHi;
            hdr.token_ack.hopLo = meta.ackHopLo;
            hdr.token_ack.from = meta.self;
            hdr.token.setInvalid();
            hdr.frame.msgType = TYPE_TOKEN_ACK;
            hdr.frame.bodyBytes = 24;
            hdr.mac.tag = meta.ackTag;
            return;
        }
        if (meta.tokenPass == 1 && standard_metadata.instance_type == 5
                && standard_metadata.egress_rid == RID_RING_ALIVE) {
            // A server of replica set 0's copy: the first member's RING_ALIVE (MAC made in ingress).
            hdr.ring_alive.setValid();
            hdr.ring_alive.epochHi = hdr.token.epochHi;
            hdr.ring_alive.epochLo = hdr.token.epochLo;
            hdr.ring_alive.coordinator = hdr.token.coordinator;
            hdr.ring_alive.from = meta.self;
            hdr.token.setInvalid();
            hdr.frame.msgType = TYPE_RING_ALIVE;
            hdr.frame.bodyBytes = 16;
            hdr.mac.tag = meta.aliveTag;
            return;
        }
        if (meta.tokenVisit == 1 && standard_metadata.egress_port == RECIRCULATION_PORT) {
            // A token after its first pass: to its second.
            recirculate_preserving_field_list(4);
            return;
        }
        if (meta.waiting == 1 && standard_metadata.egress_port == RECIRCULATION_PORT) {
            // An append waiting for a visit to serve its ticket: round again.
            recirculate_preserving_field_list(2);
            return;
        }
        if (meta.selfAssign == 1 && standard_metadata.egress_port == RECIRCULATION_PORT) {
            // A served append, now the ASSIGN of an index this switch leads: to the leader path.
            recirculate_preserving_field_list(3);
            return;
        }
        if (meta.probe == 1) {
            if (standard_metadata.egress_port == RECIRCULATION_PORT) {
                // The commit probe (an ack that answers no one, the probe's copy, or a probe
                // that advanced again): another pass.
                recirculate_preserving_field_list(1);
                return;
            }
            // An answer leaves; its copy becomes the probe.
            clone_preserving_field_list(CloneType.E2E, PROBE_SESSION, 1);
        }
        if (standard_metadata.egress_port == CPU_PORT) {
            hdr.packet_in.setValid();
            hdr.packet_in.ingressPort = (bit<16>) standard_metadata.ingress_port;
            hdr.packet_in.reason = meta.reason;
        }
    }
}

control RingWorldComputeChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply { }
}

control RingWorldDeparser(packet_out packet, in headers_t hdr) {
    apply {
        packet.emit(hdr.packet_in);
        packet.emit(hdr.packet_out);
        packet.emit(hdr.frame);
        packet.emit(hdr.append);
        packet.emit(hdr.assign);
        packet.emit(hdr.write);
        packet.emit(hdr.write_ack);
        packet.emit(hdr.append_reply);
        packet.emit(hdr.token);
        packet.emit(hdr.token_ack);
        packet.emit(hdr.ring_alive);
        packet.emit(hdr.mac);
    }
}

V1Switch(RingWorldParser(), RingWorldVerifyChecksum(), RingWorldIngress(), RingWorldEgress(),
         RingWorldComputeChecksum(), RingWorldDeparser()) main;
