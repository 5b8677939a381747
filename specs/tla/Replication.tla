---------------------------- MODULE Replication ----------------------------
(***************************************************************************)
(* Replication (paper 3.2.2-3.2.3; DESIGN "Normal case"): the leader of    *)
(* index i is ring position i mod N of the view; it writes (i, v, payload) *)
(* to the replica set of i, counts acks in its status map (ack bitmap) and *)
(* commits at 2 of 3, answering the client and advancing its commit index *)
(* (LocalCommit, folded into the token).  A server accepts (i, v) only if  *)
(* v >= promisedView.  Holes are filled with junk by the leader.  A read  *)
(* of a committed index is served by one server at the committed view.    *)
(*                                                                         *)
(* Abstraction: a read's forward to one server and the server's answer is *)
(* one step (ReadReply); a trim takes two rounds (TrimRequest, the token,  *)
(* ServerTrim, TrimAck: below).                                            *)
(*                                                                         *)
(* Merged messages (wire version 7; the kernel's Message.Merged): the      *)
(* Assigns one SequenceBatch sends one leader, the Writes one step of a    *)
(* leader sends one server and the acks one group commit releases to one   *)
(* leader travel as one kernel message.  Such a message is a set of this   *)
(* spec's asg, wr or ack messages (msgs is a set: they are in it, each     *)
(* deliverable, losable and duplicable alone), and the receiver's step on  *)
(* it is its members' LeaderReplicate, ServerWrite or LeaderCommit steps   *)
(* back to back, each under its own guard.  So it adds no behaviour and    *)
(* no action here: a step taking k members at once would be k steps of     *)
(* SharedLog (k commits), which the Refinement property does not admit.   *)
(* The trace validation checks the kernel's merged steps member by member. *)
(***************************************************************************)
EXTENDS RingWorldBase

(* The leader of m.i in its view receives the assignment and writes it. *)
LeaderReplicate(x, m) ==
    /\ m.t = "asg"
    /\ Active(x) /\ m.v = sw[x].view /\ Leader(sw[x], m.i) = x
    /\ sw[x].smap[m.i].p = NoE
    /\ sw' = [sw EXCEPT ![x] = WithMarks([@ EXCEPT !.smap[m.i] = [p |-> m.p, acks |-> {}, com |-> FALSE]], x)]
    /\ msgs' = msgs \cup {[t |-> "wr", v |-> m.v, i |-> m.i, p |-> m.p]}
    /\ action' = [a |-> "LeaderReplicate", x |-> x, v |-> m.v, i |-> m.i, p |-> m.p]
    /\ UNCHANGED <<co, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* An index handed out in this view whose assignment never reached its     *)
(* leader (timeout) is written as junk; the leader is the only writer of i *)
(* in view v, so a late assignment is then ignored.  The timeout is one    *)
(* per token visit (HoleMarks, finding F11): FillHole(x, i), i the mark of *)
(* a visit, fills every index x still awaits up to i, those of that visit  *)
(* and of earlier ones (the kernel's timers expire in visit order).        *)
(* Without EagerFill it fires only when all their assignments were lost    *)
(* (fewer interleavings).                                                  *)
FillHole(x, i) ==
    /\ Active(x) /\ i \in sw[x].hd
    /\ \E a \in asg : a.v = sw[x].view /\ a.i = i
    /\ LET F == {j \in Idx : j <= i /\ Awaited(sw[x], x, j)}
           junk == [p |-> Junk, acks |-> {}, com |-> FALSE]
       IN  /\ EagerFill \/ \A j \in F : ~\E m \in msgs : m.t = "asg" /\ m.v = sw[x].view /\ m.i = j
           /\ sw' = [sw EXCEPT ![x] = WithMarks([@ EXCEPT !.smap = [j \in Idx |-> IF j \in F THEN junk ELSE @[j]]], x)]
           /\ msgs' = msgs \cup {[t |-> "wr", v |-> sw[x].view, i |-> j, p |-> Junk] : j \in F}
           /\ action' = [a |-> "FillHole", x |-> x, v |-> sw[x].view, i |-> i, f |-> F]
    /\ UNCHANGED <<co, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A server stores (i, v, p) iff v >= promisedView, then acks.             *)
(* Planted bug AcceptOldView: the promise is ignored.                      *)
ServerWrite(s, m) ==
    /\ m.t = "wr"
    /\ s \in RSet(RSOf(m.i)) /\ srv[s].up /\ Vouches(s)
    /\ Bug = "AcceptOldView" \/ m.v >= srv[s].pv
    /\ m.i >= srv[s].tp
    /\ srv[s].st[m.i].v <= m.v
    /\ LET e == [v |-> m.v, p |-> m.p]
           ack == [t |-> "ack", v |-> m.v, i |-> m.i, s |-> s]
       IN  /\ srv[s].st[m.i] # e \/ ack \notin msgs
           \* a leader's write of a later view raises the promise to a view of unknown
           \* ballot (kernel: a leader is no ballot; a coordinator's rewrite is ServerRewrite)
           /\ srv' = [srv EXCEPT ![s].st[m.i] = e, ![s].pv = Max2(@, m.v),
                                 ![s].pi = IF m.v > srv[s].pv THEN -1 ELSE @]
           /\ msgs' = msgs \cup {ack}
    /\ action' = [a |-> "ServerWrite", s |-> s, v |-> m.v, i |-> m.i, p |-> m.p]
    /\ UNCHANGED <<sw, co, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* The leader sets the ack bit; at 2 of 3 the index commits and the client *)
(* is answered.  Planted bug CommitOnOneAck: one ack is enough.            *)
AcksNeeded == IF Bug = "CommitOnOneAck" THEN 1 ELSE 2

LeaderCommit(x, m) ==
    /\ m.t = "ack"
    /\ Active(x) /\ m.v = sw[x].view /\ Leader(sw[x], m.i) = x
    /\ LET e == sw[x].smap[m.i]
           acks2 == e.acks \cup {m.s}
           com2 == Cardinality(acks2) >= AcksNeeded
       IN  /\ e.p # NoE /\ ~e.com /\ m.s \notin e.acks
           /\ sw' = [sw EXCEPT ![x].smap[m.i] = [p |-> e.p, acks |-> acks2, com |-> com2]]
           /\ commits' = IF com2 THEN commits \cup {[v |-> m.v, i |-> m.i, p |-> e.p]} ELSE commits
           /\ apps' = IF com2 /\ e.p # Junk /\ apps[e.p].st = "pend"
                      THEN [apps EXCEPT ![e.p].st = "done", ![e.p].idx = m.i]
                      ELSE apps
           /\ action' = [a |-> "LeaderCommit", x |-> x, v |-> m.v, i |-> m.i, s |-> m.s, commit |-> com2]
    /\ UNCHANGED <<co, srv, msgs, toks, tails, reads, trimPt, faults, asg,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A client reads index i through switch x.  A switch that serves the     *)
(* read and does not know i committed forwards it to i's leader (ReadAt),  *)
(* in the same step, as the kernel's ReadRequest message; the read takes   *)
(* its phase there (ReadPhase: a view check starts now, or it waits for   *)
(* the leader's next token visit).                                        *)
ReadRequest(r, x, i) ==
    /\ reads[r].st = "idle"
    /\ sw[x].up
    /\ LET y == ReadAt(x, i)
       IN  /\ reads' = [reads EXCEPT ![r] = [st |-> "wait", i |-> i, at |-> y, res |-> RNone,
                                            beyond |-> i > maxA, ck |-> ReadPhase(y, i), cv |-> sw[y].view]]
           /\ action' = [a |-> "ReadRequest", r |-> r, x |-> x, i |-> i, at |-> y, ck |-> ReadPhase(y, i)]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

Answer(r, res) == [reads EXCEPT ![r].st = "done", ![r].res = res]

(* The read is answered: Trimmed below the trim point, or by one server    *)
(* holding i at the view in which the leader knows i committed (indices   *)
(* in rf..start-1 were rewritten in this view).  A server holding i from  *)
(* another view answers "not this view" (no step: the client tries the    *)
(* next server).  Below rf (committed before the view change, never       *)
(* rewritten) the committed view is unknown: the client reads a majority  *)
(* and takes the highest view (kernel: a redirect naming no view).        *)
(* Planted bug ReadUncommitted: any stored entry.                          *)
\* (A server that cannot vouch for i, Unk, is no member of the majority.)
HighestOfMajority(s, i) ==
    \E Q \in SUBSET {q \in RSet(RSOf(i)) : srv[q].up /\ srv[q].st[i].p # Unk} :
        /\ s \in Q /\ IsMajority(Q, RSOf(i))
        /\ \A q \in Q : srv[q].st[i].v <= srv[s].st[i].v

ReadReply(r, s) ==
    LET rd == reads[r]
        x == rd.at
    IN  /\ rd.st = "wait"
        /\ \/ /\ sw[x].up /\ rd.i < sw[x].td
              /\ reads' = Answer(r, RTrimmed)
           \/ /\ rd.i >= sw[x].td
              /\ s \in RSet(RSOf(rd.i)) /\ srv[s].up /\ srv[s].st[rd.i].p \notin {NoE, Unk}
              /\ \/ Bug = "ReadUncommitted"
                 \/ /\ Active(x) /\ Leader(sw[x], rd.i) = x
                    \* below a pending trim the switch answers Retry; a view a later
                    \* one replaced may not know a trim (the kernel's ViewCheck)
                    /\ rd.i >= sw[x].tp /\ ViewConfirmed(sw[x].view)
                    /\ rd.i < sw[x].start \/ sw[x].smap[rd.i].com
                    /\ IF rd.i >= sw[x].rf THEN srv[s].st[rd.i].v = sw[x].view
                       ELSE HighestOfMajority(s, rd.i)
              /\ reads' = Answer(r, srv[s].st[rd.i].p)
        /\ action' = [a |-> "ReadReply", r |-> r, s |-> s, res |-> reads'[r].res]
        /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, trimPt, faults, asg, commits,
                       maxA, curV, resv, crashed, vcAfterCrash>>

(* NotYet: a token visit at the serving switch shows h < i (i was beyond   *)
(* the tail then) and the view is still current.  Planted bug EagerNotYet: *)
(* NotYet without looking at h (caught only by the refinement).           *)
ReadNotYet(r) ==
    LET rd == reads[r]
    IN  /\ rd.st = "wait"
        /\ \E t \in toks :
             /\ t.at = rd.at /\ Active(t.at) /\ t.v = sw[t.at].view
             /\ Bug = "EagerNotYet" \/ t.h < rd.i
             /\ ViewConfirmed(t.v)
        /\ reads' = Answer(r, RNotYet)
        /\ action' = [a |-> "ReadReply", r |-> r, res |-> RNotYet]
        /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, trimPt, faults, asg, commits,
                       maxA, curV, resv, crashed, vcAfterCrash>>

(* Trim in two rounds (kernel sw/Trims; DESIGN "Trim").  TrimRequest: a   *)
(* client asks switch x to trim below tp (a switch that knows tp done      *)
(* answers at once: no step).  Round 1 starts at a token visit of x that   *)
(* shows tp - 1 committed: the token carries the pending point, and every  *)
(* ring member it visits stops serving reads below it; round 1 ends when  *)
(* the token is back at x (it visited the whole ring; SequenceBatch).     *)
(* Round 2: ServerTrim to every server; a server promised to a later view  *)
(* does not take it.  At a majority of every replica set the trim is done *)
(* (TrimAck): x knows it done, the token tells the ring, switches answer  *)
(* Trimmed below it, and the refinement's trim point moves (a server that  *)
(* took a round 2 of an older view than its promise never acked it, so a  *)
(* later coordinator sees a done trim in a seal reply).                    *)
(* (Conformance finding F10: the trim used to be one atomic step here.)   *)
TrimAsked(x, tp) ==
    /\ tp \in TrimPts
    /\ sw[x].up /\ sw[x].view >= 0 /\ tp > sw[x].td
    \* (model bound: one request per trim point while none runs anywhere)
    /\ tp > trimPt /\ ~\E y \in Switches : \E o \in sw[y].tops : o.p = tp

TrimRequest(x, tp) ==
    /\ TrimAsked(x, tp) /\ HasRoom(x)
    /\ IF Bug = "TrimOneRound" /\ tp <= sw[x].kc + 1
       \* planted bug (the kernel's TRIM_ONE_ROUND): round 2 at once, no round 1
       THEN /\ sw' = [sw EXCEPT ![x].tops = @ \cup {[NewTrimOp(tp, TRUE) EXCEPT !.st = "r2", !.sn = TRUE]}]
            /\ msgs' = msgs \cup {[t |-> "trim", v |-> sw[x].view, p |-> tp, x |-> x]}
       ELSE /\ sw' = [sw EXCEPT ![x].tops = @ \cup {NewTrimOp(tp, TRUE)}]
            /\ UNCHANGED msgs
    /\ action' = [a |-> "TrimRequest", x |-> x, p |-> tp]
    /\ UNCHANGED <<co, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A switch whose queue is full refuses the trim (kernel Busy, as for     *)
(* appends and getTails: an open trim counts in the queue, QueuedAt).      *)
TrimRequestBusy(x, tp) ==
    /\ TrimAsked(x, tp) /\ Full(x)
    /\ action' = [a |-> "TrimRequestBusy", x |-> x, p |-> tp]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

ServerTrim(s, m) ==
    /\ m.t = "trim"
    /\ srv[s].up /\ Vouches(s) /\ m.v >= srv[s].pv
    /\ srv' = [srv EXCEPT ![s].tp = Max2(@, m.p),
                          ![s].st = [i \in Idx |-> IF i < m.p THEN NoEntry ELSE @[i]]]
    /\ msgs' = msgs \cup {[t |-> "tack", v |-> m.v, p |-> m.p, x |-> m.x, s |-> s]}
    /\ action' = [a |-> "ServerTrim", s |-> s, v |-> m.v, p |-> m.p, x |-> m.x]
    /\ UNCHANGED <<sw, co, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A trim ack reaches x: counted by a trim of that prefix in round 2 of    *)
(* x's view; any other (late, duplicate, of a done trim) changes nothing.  *)
TrimAck(x, m) ==
    /\ m.t = "tack" /\ m.x = x /\ sw[x].up
    /\ LET match == {o \in sw[x].tops : o.p = m.p /\ o.st = "r2" /\ m.v = sw[x].view}
           o == CHOOSE o \in match : TRUE
           acks2 == o.acks \cup {m.s}
       IN  IF match = {} THEN UNCHANGED <<sw, trimPt>>
           ELSE IF Quorum(acks2)
           THEN /\ sw' = [sw EXCEPT ![x] = TrimLearn([@ EXCEPT !.tops = @ \ {o}], m.p, m.p)]
                /\ trimPt' = Max2(trimPt, m.p)
           ELSE /\ sw' = [sw EXCEPT ![x].tops = (@ \ {o}) \cup {[o EXCEPT !.acks = acks2]}]
                /\ UNCHANGED trimPt
    /\ action' = [a |-> "TrimAck", x |-> x, s |-> m.s, v |-> m.v, p |-> m.p]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>
(* A server refuses a write or a round-2 trim of x's installed view,      *)
(* naming its higher promise (kernel WriteAck/TrimAck not accepted ->     *)
(* onOutranked): x promises that view and stops sequencing and            *)
(* replicating in its old one, as if sealed, but sends no seal reply: the *)
(* seal of that view has not reached it.  The refused message (or a copy  *)
(* of it: the network duplicates) can still reach s: it is in msgs.  The  *)
(* same lesson as ViewCheckReply's, from the other messages a switch      *)
(* sends its servers.                                                     *)
SwitchOutranked(x, s) ==
    /\ Active(x) /\ srv[s].up /\ srv[s].pv > sw[x].view
    /\ \E m \in msgs :
         \/ m.t = "wr" /\ m.v = sw[x].view /\ Leader(sw[x], m.i) = x /\ s \in RSet(RSOf(m.i))
         \/ m.t = "trim" /\ m.v = sw[x].view /\ m.x = x
    /\ sw' = [sw EXCEPT ![x].pv = srv[s].pv]
    /\ action' = [a |-> "SwitchOutranked", x |-> x, s |-> s, v |-> srv[s].pv, from |-> sw[x].view]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

-----------------------------------------------------------------------------
(* Standalone check (Replication_fast.cfg): replication in view 0 over a   *)
(* stub sequencer (an append gets the next index at once), with server     *)
(* crashes, eager hole filling and reads.                                  *)
StubSequence(p) ==
    /\ apps[p].st = "idle" /\ maxA < MaxIdx
    /\ apps' = [apps EXCEPT ![p] = [st |-> "pend", at |-> 1, idx |-> 0]]
    /\ msgs' = msgs \cup {[t |-> "asg", v |-> 0, i |-> maxA + 1, p |-> p]}
    /\ asg' = asg \cup {[v |-> 0, i |-> maxA + 1, p |-> p]}
    /\ maxA' = maxA + 1
    /\ resv' = [resv EXCEPT ![maxA + 1] = Pending \cup {p}]
    /\ action' = [a |-> "StubSequence", p |-> p, i |-> maxA + 1]
    \* every switch sees the stub's h, a token visit (FillHole needs its hole timer)
    /\ sw' = [y \in Switches |-> LET sv == [sw[y] EXCEPT !.hs = Max2(@, maxA + 1)]
                                  IN  [sv EXCEPT !.hd = HoleMarks(sv, y, @ \cup {maxA + 1})]]
    /\ UNCHANGED <<co, srv, toks, tails, reads, trimPt, faults, commits, curV,
                   crashed, vcAfterCrash>>

StubServerCrash(s) ==
    /\ faults.crash < MaxFaults /\ srv[s].up /\ s \in CrashServers
    /\ srv' = [srv EXCEPT ![s].up = FALSE]
    /\ faults' = [faults EXCEPT !.crash = @ + 1]
    /\ action' = [a |-> "ServerCrash", s |-> s]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

ReplNext ==
    \/ \E p \in Payloads : StubSequence(p)
    \/ \E x \in Switches, m \in msgs : LeaderReplicate(x, m) \/ LeaderCommit(x, m)
    \/ \E x \in Switches, i \in Idx : FillHole(x, i)
    \/ \E s \in Servers, m \in msgs : ServerWrite(s, m)
    \/ \E r \in ReadOps :
         \/ ReadNotYet(r)
         \/ \E s \in Servers : ReadReply(r, s)
         \/ \E x \in ClientSwitches(r), i \in Idx : ReadRequest(r, x, i)
    \/ \E s \in Servers : StubServerCrash(s)

ReplSpec == Init /\ [][ReplNext]_vars
=============================================================================
