--------------------------- MODULE RingWorldBase ---------------------------
(***************************************************************************)
(* Constants, variables and helpers shared by RingSequencing, Replication  *)
(* and ViewChange; RingWorld EXTENDS all three (one state, three sets of   *)
(* actions).  Conventions:                                                 *)
(*  - switches are 1..NumSwitches; servers are model values, replica set  *)
(*    0 is RS0 and 1 is RS1; index i lives on replica set i mod NumRS      *)
(*    (the projection, fixed for the whole model);                         *)
(*  - views are naturals; view v > 0 is coordinated by switch              *)
(*    ((v-1) mod NumSwitches)+1, i.e. the design's (epoch, coordinatorId)  *)
(*    pair encoded as one number (epoch*N + id), totally ordered;          *)
(*  - payloads are the integers in Payloads (> 0); Junk = 0; NoE = -1      *)
(*    marks "no entry"; indices are 1..MaxIdx, 0 means "before the log".  *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    NumSwitches,   \* number of ToR switches
    NumRS,         \* number of replica sets of 3 log servers (1 or 2)
    RS0, RS1,      \* the servers of replica sets 0 and 1 (model values; RS1 = {} if NumRS = 1)
    Payloads,      \* append operations = their payloads, a set of integers > 0
    TailOps,       \* getTail operations
    ReadOps,       \* read operations
    MaxView,       \* highest view number a coordinator may start
    MaxIdx,        \* highest log index (>= Cardinality(Payloads))
    MaxFaults,     \* bound on crashes (switch or server)
    CrashSwitches, \* the switches that may crash
    CrashServers,  \* the servers that may crash
    MaxLoss,       \* bound on lost messages
    MaxTrims,      \* trim points 2..MaxTrims+1 are allowed (0 = no Trim)
    EagerFill,     \* TRUE: a hole may be filled while its assignment is still in flight
    AllowRestart,  \* TRUE: crashed switches restart / crashed servers recover
    AllowForget,   \* TRUE: any switch may refuse an append it cannot vouch for (its dedup
                   \* table of clients was full and it started a new epoch, or the id is older
                   \* than the client's window): ClientAppendStale at a switch that never restarted
    VCTrigger,     \* when may a switch start a view change (timeouts are arbitrary):
                   \* "any" = at any time; "afterCrash" = any time after the first crash;
                   \* "afterKnownCommit" = once the switch knows a committed prefix
                   \* (its view change rewrites above it: reads below need a majority);
                   \* "suspect" = only on a suspected failure (liveness models)
    WaitAllSwitches, \* TRUE: a coordinator installs only once every live switch answered
                   \* its seal (timely network, liveness); FALSE: any set that includes it
    ClientSwitch,  \* 0: a client operation may go to any live switch; k > 0: every
                   \* client operation goes to switch k (fewer interleavings)
    Bug            \* "none" or the name of a planted protocol bug

VARIABLES
    sw,      \* [Switches -> switch state]
    co,      \* [Switches -> coordinator state of the view change it runs]
    srv,     \* [Servers -> log server state]
    msgs,    \* set of messages: a message stays deliverable (duplication, reordering) until lost;
             \* an action on message m is only ever called with m \in msgs (Next, Fairness, RingWorldTrace)
    toks,    \* set of tokens <view, h, c, rm, at, tp, td>: the token at (or in flight to) switch
             \* at; rm: the round minimum of the commit indices (FoldCommit);
             \* tp/td: the pending and done trim points it carries
    apps,    \* client side of appends  [st, at, idx]
    tails,   \* client side of getTails [st, at, tv, h, res, seen, cover, floor]
    reads,   \* client side of reads    [st, i, at, res, beyond]
    trimPt,  \* history: every index < trimPt is trimmed (a trim's round 2 reached a quorum)
    faults,  \* <<crashes, losses>> so far
    asg,     \* history: every assignment [v, i, p] a token ever made
    commits, \* history: every commit [v, i, p] (leader majority or view-change rewrite)
    maxA,    \* history: highest index handed out by the latest minted view (refinement: Len(log))
    curV,    \* history: latest view whose token was minted
    resv,    \* history: resv[i] = appends pending when the latest view handed out i
    crashed, \* history: some switch or server crashed
    vcAfterCrash, \* history: a view's token was minted after a crash
    action   \* label of the last action and its key parameters (for trace replay)

vars == <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
          maxA, curV, resv, crashed, vcAfterCrash, action>>
\* Everything but the action label: the VIEW of every config, so the label
\* does not multiply the state count.
StateView == <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
               maxA, curV, resv, crashed, vcAfterCrash>>

Switches == 1..NumSwitches
Servers  == RS0 \cup RS1
RSIds    == 0..(NumRS - 1)
RSet(r)  == IF r = 0 THEN RS0 ELSE RS1
RSOf(i)  == i % NumRS
Idx      == 1..MaxIdx
Views    == 0..MaxView
Junk     == 0
NoE      == -1
Coord(v) == ((v - 1) % NumSwitches) + 1

(* Damaged and wiped disks (issue 19; docs/design.md).  DiskFaults bounds  *)
(* the disk faults (ServerWipe, ServerCorrupt) of a behaviour.  It is a    *)
(* definition, 0, as PendingMax is: a model that has disk faults overrides *)
(* it in its cfg (DiskFaults <- DiskOne), so every other model and the     *)
(* conformance replay keep their behaviours.  A server entry Unk (v = NoE, *)
(* p = Unk) is one the server cannot vouch for (corrupt, or wiped): neither *)
(* held nor empty.  A server's dk is TRUE from a disk fault until it has   *)
(* relearned the promise of its replica set (ServerRelearn): until then it *)
(* acknowledges nothing.                                                   *)
DiskFaults == 0
Unk      == -5
UnkEntry == [v |-> -1, p |-> Unk]
SetOf(s) == IF s \in RS0 THEN 0 ELSE 1
\* s holds a damaged entry or has not relearned: the fault model allows a
\* disk fault on a server only while no other server of its set is damaged.
Damaged(s) == srv[s].dk \/ \E i \in Idx : srv[s].st[i].p = Unk
\* s may acknowledge (write ack, seal reply, fence/rewrite ack, trim ack,
\* view check).  Planted bug AckBeforeRelearn: a damaged or wiped server
\* acknowledges before it relearned the promise.
Vouches(s) == ~srv[s].dk \/ Bug = "AckBeforeRelearn"

(* Issue 19, items 2 and 3 (docs/design.md): bounded seal replies, the    *)
(* pre-vote and rejoining without a view change.  Each is a definition    *)
(* that switches its behaviour off, as DiskFaults: a model switches it on *)
(* in its cfg (SealEntriesMax <- SealOne, PreVote <- On, Rejoin <- On,    *)
(* CutFaults <- CutOne), and checks the actions of Next19 (RingWorld), so  *)
(* every other model, Trace.cfg and the replay cfgs keep their            *)
(* behaviours (and TLC's random walks: Next has no new disjunct).         *)
(*  SealEntriesMax: 0, a server's seal reply carries every entry it holds *)
(*    (at or above its trim point); k > 0, a reply carries at most k      *)
(*    entries from a given index, and the coordinator asks for the next   *)
(*    page (ServerSealPage) until it has them all.                         *)
(*  PreVote: a switch starts a view change only if a majority of replica *)
(*    set 0 has not heard from the ring of the view it promised           *)
(*    (PreVoteGranted).                                                    *)
(*  Rejoin: a live switch outside the ring asks to join (JoinRequest) and *)
(*    the ring's first member adds it to the token's ring without a view  *)
(*    change (AdmitSwitch): it sequences at once, and leads replication    *)
(*    from the next view change on.                                       *)
(*  CutFaults: how many times a switch may be cut off from the other      *)
(*    switches (not from the servers; SwitchCut, SwitchHeal).             *)
SealEntriesMax == 0
PreVote == FALSE
Rejoin == FALSE
CutFaults == 0
\* What a model's cfg overrides them with.
SealOne == 1
On == TRUE
CutOne == 1
\* The switch cut off from the other switches (faults.cut: 0 none yet, -1 healed).
IsCut(x) == faults.cut = x
CutApart(x, y) == x # y /\ (IsCut(x) \/ IsCut(y))
\* The token's ring of a switch state: its view's ring, whose members lead
\* replication (Leader), and the switches admitted since (jn, Rejoin), which
\* sequence and pass the token but lead no index in this view.
RingAll(s) == s.ring \o s.jn

\* Read results (integers so that they compare with payloads; RJunk = Junk).
RNone == -1
RNotYet == -2
RTrimmed == -3
RJunk == 0

Max(S) == CHOOSE m \in S : \A y \in S : y <= m
Min(S) == CHOOSE m \in S : \A y \in S : m <= y
Max2(a, b) == IF a >= b THEN a ELSE b
RECURSIVE Ascending(_)
Ascending(S) == IF S = {} THEN << >> ELSE << Min(S) >> \o Ascending(S \ {Min(S)})
Range(s) == {s[k] : k \in DOMAIN s}
Pos(ring, x) == CHOOSE k \in 1..Len(ring) : ring[k] = x

\* A majority of replica set r, and a seal quorum: a majority of EVERY replica set.
\* Planted bug QuorumOneSet: a majority of ANY one set is taken for all (the same as
\* the real quorum with one replica set: only a model with two sets can catch it).
IsMajority(Q, r) == Cardinality(Q \cap RSet(r)) >= 2
Quorum(Q) == IF Bug = "QuorumOneSet" THEN \E r \in RSIds : IsMajority(Q, r)
             ELSE \A r \in RSIds : IsMajority(Q, r)

NoEntry  == [v |-> NoE, p |-> NoE]                   \* server store slot
NoStatus == [p |-> NoE, acks |-> {}, com |-> FALSE]  \* status-map slot (ack bitmap)
EmptyMap == [i \in Idx |-> NoStatus]
NoChoice == [i \in Idx |-> NoE]
TrimPts  == 2..(MaxTrims + 1)
\* A trim a switch runs (kernel Trims.TrimOp): prefix p, cl (a client's; FALSE: carried
\* over a view change), st "new" (waits for a token showing p - 1 committed), "r1" (round 1:
\* on the token; seen: the ring members it visited since), "r2" (round 2: ServerTrim sent;
\* acks), sn (started: put on a token once; it may be in effect somewhere).
NewTrimOp(p, cl) == [p |-> p, cl |-> cl, st |-> "new", sn |-> FALSE, seen |-> {}, acks |-> {}]
\* The kernel's Trims.learn on switch state s: the pending and done trim points it knows
\* rise, and the client trims now covered by a done one are answered (dropped).
TrimLearn(s, pend, done) ==
    LET td2 == Max2(s.td, done)
    IN  [s EXCEPT !.td = td2, !.tp = Max({s.tp, pend, td2}),
                  !.tops = {o \in s.tops : ~(o.cl /\ o.p <= td2)}]
\* A coordinator: its view, phase, the chosen start, rewriteFrom (rf) and entries,
\* and mem, the ring fixed when it chose (the switches whose seal reply it had),
\* with their incarnations (incs; a reply may be lost after it arrived).
IdleCo   == [v |-> 0, ph |-> "idle", start |-> 0, rf |-> 0, ch |-> NoChoice, mem |-> {},
             incs |-> [x \in 1..NumSwitches |-> 0], tp |-> 1, td |-> 1]

\* Leader of index i for a switch state s: ring position i mod N (of the view's
\* ring: a switch admitted without a view change leads nothing in that view).
\* Planted bug AdmitLeads: the leaders are taken over the token's ring, so an
\* admission moves the leader of indices already handed out.
Leader(s, i) == IF Bug = "AdmitLeads" THEN RingAll(s)[(i % Len(RingAll(s))) + 1]
                ELSE s.ring[(i % Len(s.ring)) + 1]
\* A switch sequences and replicates only in the view it has installed and
\* not yet been sealed away from.
Active(x) == sw[x].up /\ sw[x].view >= 0 /\ sw[x].view = sw[x].pv

(* Holes (finding F11).  An index x leads in its view is awaited while its *)
(* assignment has not arrived.  The kernel's leader starts one hole timer  *)
(* per token visit, for the awaited indices the visit showed it (its       *)
(* onTokenSeen), so every awaited index of one visit is junk-filled in the *)
(* same step, and those of earlier visits no later.  hd keeps one mark per *)
(* visit that still has awaited indices: the highest of them.  The visit   *)
(* of an awaited index i is the lowest mark at or above i.                 *)
Awaited(s, x, i) == i >= s.start /\ Leader(s, i) = x /\ s.smap[i].p = NoE

\* The marks of the visits whose h are in B, for a switch state s of x.
HoleMarks(s, x, B) ==
    LET lo(b) == Max({c \in B : c < b} \cup {0})
        visit(b) == {i \in Idx : lo(b) < i /\ i <= b /\ Awaited(s, x, i)}
    IN  {Max(visit(b)) : b \in {c \in B : visit(c) # {}}}

\* s with its marks brought up to date (an awaited index arrived or was filled).
WithMarks(s, x) == [s EXCEPT !.hd = HoleMarks(s, x, s.hd)]

\* The leader's commit index L: every index in start..L that x leads is committed.
LocalCommit(x) ==
    LET s == sw[x]
        ok(j) == \A i \in s.start..j : Leader(s, i) = x => s.smap[i].com
    IN  Max({j \in (s.start - 1)..MaxIdx : ok(j)})


\* A majority of replica set 0 still accepts view v (no later view sealed it).
ViewConfirmed(v) == Cardinality({s \in RSet(0) : srv[s].up /\ Vouches(s) /\ srv[s].pv <= v}) >= 2

\* The switches a client operation k may use.
(* The requests a switch queues before it answers Busy (kernel              *)
(* pendingRequestsMax; a model may override it): pending appends, waiting   *)
(* getTails and open trims (the kernel's trims.openCount).  Reads are not   *)
(* counted (no Busy model has reads).                                      *)
PendingMax == 1000
QueuedAt(x) == Cardinality(sw[x].pend) + Cardinality({g \in TailOps : tails[g].st = "wait" /\ tails[g].at = x})
               + Cardinality(sw[x].tops)
(* TRUE if a queue can fill up in this model (else Busy is never enabled,   *)
(* and the guards below skip counting: a constant, which TLC computes once; *)
(* a switch holds at most one trim per trim point).                         *)
QueueBounded == PendingMax <= Cardinality(Payloads) + Cardinality(TailOps) + MaxTrims
HasRoom(x) == ~QueueBounded \/ QueuedAt(x) < PendingMax
Full(x) == QueueBounded /\ QueuedAt(x) >= PendingMax

\* The highest view x knows of (its promise, its coordination, what it heard);
\* ev after x hears of view v (kept only if v is higher: nothing else reads it).
SeenView(x) == Max({sw[x].pv, co[x].v, sw[x].ev})
Heard(x, v) == IF v > SeenView(x) THEN v ELSE sw[x].ev

(* Where a read stands at a switch (kernel sw/Queries; conformance finding *)
(* F8: the view check that confirms a read is an event, at the read's      *)
(* arrival or at its leader's token visit, not a condition that may hold   *)
(* at any time).  ck:                                                      *)
(*   "visit"  at its leader, beyond h, waiting for the next token visit     *)
(*            (kernel waitingReads);                                      *)
(*   "check"  a view check of the switch's view cv covers it and has not   *)
(*            been confirmed (redirectReads / notYetReads): a server       *)
(*            promised higher may refuse it (ViewCheckReply);              *)
(*   "redir"  the check was confirmed at once (a majority of replica set 0 *)
(*            up and promised no higher): the client has the redirect or  *)
(*            NotYet;                                                     *)
(*   "none"   the switch holds nothing for it: Trimmed, Retry (sealed,     *)
(*            below a pending trim, assigned and not committed, a new view *)
(*            or a crash), or a forward lost.  The client retries later.   *)
ReadPhases == {"none", "visit", "check", "redir"}
\* x knows index i committed (kernel committedHere: known prefix, below the
\* view's start, or an index it leads and committed).
KnowsCommitted(s, i) == i <= s.kc \/ i < s.start \/ s.smap[i].com
\* x hands a read of i on (else it answers Trimmed or Retry at once).
ReadServes(x, i) == Active(x) /\ i >= sw[x].td /\ i >= sw[x].tp
\* The switch a read of i asked at x waits at: x, unless x serves it, does not
\* know it committed and does not lead it: then x forwards it to the leader.
ReadAt(x, i) == IF ReadServes(x, i) /\ ~KnowsCommitted(sw[x], i) THEN Leader(sw[x], i) ELSE x
\* A view check started now: confirmed at once, or open.
CheckPhase(x) == IF ViewConfirmed(sw[x].view) THEN "redir" ELSE "check"
\* The read's phase on arrival at y (a second forward, by a switch of another
\* view, is not followed: "none").
ReadPhase(y, i) ==
    IF ~ReadServes(y, i) THEN "none"
    ELSE IF KnowsCommitted(sw[y], i) THEN CheckPhase(y)
    ELSE IF Leader(sw[y], i) # y \/ i <= sw[y].hs THEN "none"
    ELSE "visit"

(* The indices a read through switch x may ask for (a model may override it). *)
ReadIdx(x) == Idx

ClientSwitches(k) == IF ClientSwitch > 0 THEN {ClientSwitch} ELSE Switches

Pending == {p \in Payloads : apps[p].st = "pend"}
MaxDoneIdx == Max({apps[p].idx : p \in {q \in Payloads : apps[q].st = "done"}} \cup {0})
MaxDoneTail == Max({tails[g].res : g \in {h \in TailOps : tails[h].st = "done"}} \cup {0})

\* getTail / read bookkeeping when the latest view's length maxA becomes m.
SeenUpd(seen, m) ==
    IF m >= maxA THEN seen \cup (maxA..m)
    ELSE {y \in seen : y <= m} \cup {m}
TailsAfter(m) == [g \in TailOps |-> IF tails[g].st = "wait"
                                    THEN [tails[g] EXCEPT !.seen = SeenUpd(@, m)]
                                    ELSE tails[g]]
ReadsAfter(m) == [r \in ReadOps |-> IF reads[r].st = "wait" /\ reads[r].i > m
                                    THEN [reads[r] EXCEPT !.beyond = TRUE]
                                    ELSE reads[r]]

-----------------------------------------------------------------------------
SwState == [up : BOOLEAN, view : -1..MaxView, pv : -1..MaxView, inc : 0..MaxFaults,
            ring : Seq(Switches), start : 0..(MaxIdx + 1), rf : 1..(MaxIdx + 1),
            smap : [Idx -> [p : {NoE, Junk} \cup Payloads, acks : SUBSET Servers, com : BOOLEAN]],
            pend : SUBSET Payloads, minted : BOOLEAN, hs : 0..MaxIdx, hd : SUBSET Idx,
            kc : 0..MaxIdx, ev : -1..MaxView, jn : Seq(Switches),
            tp : 1..(MaxIdx + 1), td : 1..(MaxIdx + 1),
            tops : SUBSET [p : TrimPts, cl : BOOLEAN, st : {"new", "r1", "r2"}, sn : BOOLEAN,
                           seen : SUBSET Switches, acks : SUBSET Servers]]
CoState == [v : Views, ph : {"idle", "seal", "rw", "done"}, start : 0..(MaxIdx + 1),
            rf : 0..(MaxIdx + 1), ch : [Idx -> {NoE, Junk} \cup Payloads], mem : SUBSET Switches,
            incs : [Switches -> 0..MaxFaults], tp : 1..(MaxIdx + 1), td : 1..(MaxIdx + 1)]
SrvState == [up : BOOLEAN, pv : Views, pi : -1..MaxFaults, st : [Idx -> [v : {NoE} \cup Views, p : {NoE, Junk, Unk} \cup Payloads]],
             vs : [v : Views, start : 1..(MaxIdx + 1)], tp : 1..(MaxIdx + 1), dk : BOOLEAN]
TypeOK ==
    /\ sw \in [Switches -> SwState]
    /\ co \in [Switches -> CoState]
    /\ srv \in [Servers -> SrvState]
    /\ \A t \in toks : t.v \in Views /\ t.h \in 0..MaxIdx /\ t.c \in 0..MaxIdx /\ t.at \in Switches
                      /\ t.tp \in 1..(MaxIdx + 1) /\ t.td \in 1..(MaxIdx + 1) /\ t.rm \in 0..MaxIdx
    /\ \A m \in msgs : m.t \in {"asg", "wr", "ack", "seal", "sr", "ss", "rw", "ra", "inst", "trim", "tack", "jreq"}
    /\ apps \in [Payloads -> [st : {"idle", "pend", "done"}, at : {0} \cup Switches, idx : 0..MaxIdx]]
    /\ tails \in [TailOps -> [st : {"idle", "wait", "done"}, at : {0} \cup Switches, tv : -1..MaxView,
                              h : -1..MaxIdx, res : 0..MaxIdx, seen : SUBSET (0..MaxIdx),
                              cover : 0..MaxIdx, floor : 0..MaxIdx]]
    /\ reads \in [ReadOps -> [st : {"idle", "wait", "done"}, i : 0..MaxIdx, at : {0} \cup Switches,
                              res : {RNone, RNotYet, RTrimmed, RJunk} \cup Payloads, beyond : BOOLEAN,
                              ck : ReadPhases, cv : -1..MaxView]]
    /\ trimPt \in 1..(MaxIdx + 1)
    /\ faults \in [crash : 0..MaxFaults, loss : 0..MaxLoss, disk : 0..DiskFaults, cut : {-1, 0} \cup Switches]
    /\ maxA \in 0..MaxIdx /\ curV \in Views
    /\ resv \in [Idx -> SUBSET Payloads]
    /\ crashed \in BOOLEAN /\ vcAfterCrash \in BOOLEAN
\* Servers of one replica set are interchangeable (safety configs only).
ServerSymmetry == Permutations(RS0) \cup Permutations(RS1)

-----------------------------------------------------------------------------
(* A switch of the boot view 0 (ring 1..N, start 1).  Besides the view it  *)
(* keeps, as the kernel's Switch does: rf, the lowest index rewritten in   *)
(* the installed view (below it a read cannot name the committed view);   *)
(* hs, the highest token h it has seen (highestSeenH, reported in its seal *)
(* reply); hd, its hole deadlines in the installed view (HoleMarks);      *)
(* kc, the committed prefix it knows (knownCommitted: the highest         *)
(* token c it has seen; a coordinator rewrites only above it); ev, the    *)
(* highest view it has heard of in a message it did not act on (a token    *)
(* it dropped, an install for an earlier life, a refusal that made it      *)
(* abandon a view change): with its promise and its own coordination, the *)
(* views a new view change starts above (the kernel's maxViewSeen).       *)
(* A server's pi is the incarnation of the coordinator whose seal or      *)
(* rewrite (its Writes and fence) it promised pv to (-1: unknown, after a  *)
(* recovery or a leader's write: a leader is no ballot): with the view,    *)
(* the ballot (a restarted coordinator may start its earlier life's view   *)
(* again; the kernel's servers tell the two apart).                        *)
BootSwitch(x) == [up |-> TRUE, view |-> 0, pv |-> 0, inc |-> 0,
                  ring |-> [k \in 1..NumSwitches |-> k], start |-> 1, rf |-> 1,
                  smap |-> EmptyMap, pend |-> {}, minted |-> x = 1, hs |-> 0, hd |-> {}, kc |-> 0, ev |-> 0, jn |-> << >>,
                  tp |-> 1, td |-> 1, tops |-> {}]

(* The initial state: view 0 on the ring 1..N, token <0, 0, 0> at switch 1. *)
Init ==
    /\ sw = [x \in Switches |-> BootSwitch(x)]
    /\ co = [x \in Switches |-> IdleCo]
    /\ srv = [s \in Servers |-> [up |-> TRUE, pv |-> 0, pi |-> -1, st |-> [i \in Idx |-> NoEntry],
                                 vs |-> [v |-> 0, start |-> 1], tp |-> 1, dk |-> FALSE]]
    /\ msgs = {}
    /\ toks = {[v |-> 0, h |-> 0, c |-> 0, rm |-> 0, at |-> 1, tp |-> 1, td |-> 1]}
    /\ apps = [p \in Payloads |-> [st |-> "idle", at |-> 0, idx |-> 0]]
    /\ tails = [g \in TailOps |-> [st |-> "idle", at |-> 0, tv |-> -1, h |-> -1, res |-> 0,
                                   seen |-> {}, cover |-> 0, floor |-> 0]]
    /\ reads = [r \in ReadOps |-> [st |-> "idle", i |-> 0, at |-> 0, res |-> RNone, beyond |-> FALSE,
                                   ck |-> "none", cv |-> -1]]
    /\ trimPt = 1
    /\ faults = [crash |-> 0, loss |-> 0, disk |-> 0, cut |-> 0]
    /\ asg = {}
    /\ commits = {}
    /\ maxA = 0
    /\ curV = 0
    /\ resv = [i \in Idx |-> {}]
    /\ crashed = FALSE
    /\ vcAfterCrash = FALSE
    /\ action = [a |-> "Init"]

-----------------------------------------------------------------------------
(* Invariants of DESIGN.md, one named operator each. *)

\* No index is assigned twice in one view.
UniqueAssignment == \A a, b \in asg : (a.v = b.v /\ a.i = b.i) => a = b

\* At most one token per view.
OneTokenPerView == \A t1, t2 \in toks : t1.v = t2.v => t1 = t2

\* Below the highest trim point a server applied, entries may be gone (a trim's
\* round 2 is under way: its round 1 made every ring member stop serving them).
TrimFloor == Max({trimPt} \cup {srv[s].tp : s \in Servers})

\* An index is committed only when a majority of its replica set stored it
\* (in that view or, after a view change rewrote it, a later one).  A copy a
\* disk fault made unknown (Unk) still counts: the fault destroyed it after
\* the commit, the server reports it unknown, never empty, and
\* CommittedSurvives checks that an intact copy is left.
CommitNeedsMajority ==
    \A c \in commits : c.i >= TrimFloor =>
        IsMajority({s \in RSet(RSOf(c.i)) : srv[s].st[c.i].v >= c.v \/ srv[s].st[c.i].p = Unk}, RSOf(c.i))

\* Disk faults (issue 19): no committed entry is lost: some server of its set
\* keeps an intact copy at its view or later (with CommittedStable: of its payload).
CommittedSurvives ==
    \A c \in commits : c.i >= TrimFloor =>
        \E s \in RSet(RSOf(c.i)) : srv[s].st[c.i].v >= c.v /\ srv[s].st[c.i].p = c.p

\* No two different payloads are ever committed at one index.
Agreement == \A a, b \in commits : a.i = b.i => a.p = b.p

\* A committed entry keeps its payload through every later view: every copy
\* stored at that view or later carries the committed payload.
CommittedStable ==
    \A c \in commits : \A s \in RSet(RSOf(c.i)) :
        (c.i >= TrimFloor /\ srv[s].st[c.i].v >= c.v) => srv[s].st[c.i].p = c.p

\* A read returns the committed payload (or junk, or Trimmed), never an
\* uncommitted one.
ReadCommitted ==
    \A r \in ReadOps : reads[r].st = "done" =>
        \/ reads[r].res \in {RNone, RNotYet}
        \/ reads[r].res = RTrimmed /\ reads[r].i < trimPt
        \/ \E c \in commits : c.i = reads[r].i /\ c.p = reads[r].res

\* getTail returns at least the index of every append completed before it was called.
TailCoversCompleted == \A g \in TailOps : tails[g].st = "done" => tails[g].res >= tails[g].cover

\* The tail never moves backwards: a getTail returns at least what any
\* getTail that completed before it was called returned.
TailMonotonic == \A g \in TailOps : tails[g].st = "done" => tails[g].res >= tails[g].floor

\* Sanity targets, EXPECTED to be violated (they prove the model reaches a
\* view change after a crash, and a commit in the new view).
NoViewChangeAfterCrash == ~vcAfterCrash
NoCommitAfterCrashViewChange ==
    ~(vcAfterCrash /\ \E c \in commits : c.v >= 1 /\ c.v = curV /\ c.p \in Payloads)
\* Issue 19, item 2: no seal reply carries more than SealEntriesMax entries.
SealRepliesBounded ==
    SealEntriesMax > 0 => \A m \in msgs : m.t = "sr" => Cardinality(m.pg) <= SealEntriesMax
\* Sanity target (violated): a restarted coordinator (it knows no committed prefix)
\* chose with a complete reply of a server
\* that held more entries than one page (it needed a second page).
NoPagedChoice ==
    ~\E x \in Switches : sw[x].up /\ sw[x].inc > 0 /\ co[x].ph \in {"rw", "done"} /\
        \E m \in msgs : m.t = "sr" /\ m.v = co[x].v /\ m.inc = sw[x].inc /\ m.nx = 0
            /\ Cardinality({i \in Idx : m.ents[i].p # NoE}) > SealEntriesMax
\* Sanity target (violated): an append a switch admitted without a view change
\* (Rejoin) sequenced commits in the view it joined.
NoAdmittedCommit ==
    ~\E y \in Switches : sw[y].up /\ y \in Range(sw[y].jn) /\
        \E c \in commits : c.v = sw[y].view /\ c.p \in Payloads /\ apps[c.p].at = y
\* ... and that a trim completes: some read is answered Trimmed.
NoTrimmedRead == ~\E r \in ReadOps : reads[r].st = "done" /\ reads[r].res = RTrimmed


=============================================================================
