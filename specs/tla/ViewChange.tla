---------------------------- MODULE ViewChange ----------------------------
(***************************************************************************)
(* View change (paper 3.2.4; DESIGN "View change"): Paxos phase 1 and 2    *)
(* over every index with the view number as ballot.  A coordinator of a   *)
(* higher view seals the servers and switches (phase 1), waits for a      *)
(* majority of EVERY replica set, picks per index the payload of the      *)
(* highest view among the replies (junk if none), rewrites the chosen     *)
(* entries in the new view (phase 2, majority of every replica set), and  *)
(* installs the new ring on the switches that answered; the first ring    *)
(* member mints the token <v', start-1>.  Faults: switches crash and lose *)
(* all state (fail-stop, restart = a new incarnation that rejoins through *)
(* a later view change), servers crash and recover from stable storage,  *)
(* messages are lost (LoseMessage), duplicated and reordered (a message   *)
(* stays in msgs after delivery and may be delivered again, in any order; *)
(* that is DuplicateMessage, so no separate action is needed).            *)
(*                                                                         *)
(* Two points the DESIGN leaves open are fixed here (README, "Findings"): *)
(*  - fencing: a server stores the start index of the latest view whose   *)
(*    rewrite it applied (vs); a coordinator ignores entries of a view    *)
(*    older than the newest vs it sees at indices >= that view's start    *)
(*    (they were written by a left-behind switch after the seal and can   *)
(*    never have committed; adopting them breaks linearizability);        *)
(*  - incarnations: an install names the incarnation of every member, so *)
(*    a restarted switch does not act on an old install message.          *)
(***************************************************************************)
EXTENDS RingWorldBase

\* Failure suspicion (timeouts): a ring member is down, the switch lost its
\* state, or it was sealed by a view whose coordinator died or left it out.
Suspect(x) ==
    \/ sw[x].view < 0
    \/ \E y \in Range(sw[x].ring) : ~sw[y].up
    \/ /\ sw[x].pv > sw[x].view
       /\ \/ ~sw[Coord(sw[x].pv)].up
          \/ co[Coord(sw[x].pv)].v # sw[x].pv
          \/ /\ co[Coord(sw[x].pv)].ph = "done"
             /\ ~\E m \in msgs : m.t = "inst" /\ m.v = sw[x].pv /\ x \in Range(m.ring)
                                 /\ m.incs[x] = sw[x].inc

(* x becomes coordinator of the smallest view it coordinates above every  *)
(* view it knows of: its own promise, its last coordination, and the       *)
(* promises of the live servers (a restarted switch learns the epoch).     *)
StartViewChange(x) ==
    /\ sw[x].up
    /\ \/ VCTrigger = "any"
       \/ VCTrigger = "afterCrash" /\ crashed
       \/ Suspect(x)
    /\ Quorum({s \in Servers : srv[s].up})
    /\ LET fl == Max({sw[x].pv, co[x].v} \cup {srv[s].pv : s \in {q \in Servers : srv[q].up}})
           cand == {v \in Views : v > fl /\ Coord(v) = x}
       IN  /\ cand # {}
           /\ co' = [co EXCEPT ![x] = [v |-> Min(cand), ph |-> "seal", start |-> 0, ch |-> NoChoice]]
           /\ msgs' = msgs \cup {[t |-> "seal", v |-> Min(cand)]}
           /\ action' = [a |-> "StartViewChange", x |-> x, v |-> Min(cand)]
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Phase 1 at a server: promise v, reply with entries above the trim point. *)
ServerSeal(s, m) ==
    /\ m \in msgs /\ m.t = "seal"
    /\ srv[s].up /\ srv[s].pv < m.v
    /\ srv' = [srv EXCEPT ![s].pv = m.v]
    /\ msgs' = msgs \cup {[t |-> "sr", v |-> m.v, s |-> s, vs |-> srv[s].vs,
                           ents |-> [i \in Idx |-> IF i >= trimPt THEN srv[s].st[i] ELSE NoEntry]]}
    /\ action' = [a |-> "ServerSeal", s |-> s, v |-> m.v]
    /\ UNCHANGED <<sw, co, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Phase 1 at a switch: stop sequencing/replicating in the old view, reply. *)
SwitchSeal(x, m) ==
    /\ m \in msgs /\ m.t = "seal"
    /\ sw[x].up /\ sw[x].pv < m.v
    /\ sw' = [sw EXCEPT ![x].pv = m.v]
    /\ msgs' = msgs \cup {[t |-> "ss", v |-> m.v, x |-> x, inc |-> sw[x].inc]}
    /\ action' = [a |-> "SwitchSeal", x |-> x, v |-> m.v]
    /\ UNCHANGED <<co, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* With seal replies from a majority of every replica set (all the replies *)
(* that have arrived; their timing is the nondeterminism): per index the   *)
(* highest-view payload (fenced, see above), else junk, up to the highest *)
(* index seen.  Planted bugs: SkipSeal (any set of replies, even none),   *)
(* LowestView (the lowest view wins), NoFence (no fencing).                *)
Choose(v, R) ==
    LET lv == IF R = {} THEN [v |-> 0, start |-> 1]
              ELSE (CHOOSE m \in R : \A m2 \in R : m2.vs.v <= m.vs.v).vs
        Valid(e, i) == e.p # NoE /\ (Bug = "NoFence" \/ ~(e.v < lv.v /\ i >= lv.start))
        hi == Max({i \in Idx : \E m \in R : Valid(m.ents[i], i)} \cup {trimPt - 1, lv.start - 1})
        Best(i) ==
            LET es == {m.ents[i] : m \in {m2 \in R : Valid(m2.ents[i], i)}}
            IN  IF es = {} THEN Junk
                ELSE (CHOOSE e \in es : \A e2 \in es :
                        IF Bug = "LowestView" THEN e.v <= e2.v ELSE e.v >= e2.v).p
    IN  [start |-> hi + 1,
         ch |-> [i \in Idx |-> IF i >= trimPt /\ i <= hi THEN Best(i) ELSE NoE]]

ChooseEntries(x) ==
    /\ sw[x].up /\ co[x].ph = "seal"
    /\ LET v == co[x].v
           R0 == {m \in msgs : m.t = "sr" /\ m.v = v}
       IN  \E Q \in IF Bug = "SkipSeal" THEN SUBSET {m.s : m \in R0} ELSE {{m.s : m \in R0}} :
             /\ Bug = "SkipSeal" \/ Quorum(Q)
             /\ LET c == Choose(v, {m \in R0 : m.s \in Q})
                IN  /\ co' = [co EXCEPT ![x] = [v |-> v, ph |-> "rw", start |-> c.start, ch |-> c.ch]]
                    /\ msgs' = msgs \cup {[t |-> "rw", v |-> v, ch |-> c.ch, start |-> c.start]}
                    /\ action' = [a |-> "ChooseEntries", x |-> x, v |-> v, start |-> c.start, ch |-> c.ch]
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Phase 2 at a server: store the chosen entries of its replica set at the *)
(* new view (iff v >= promisedView), remember the view's start, ack.       *)
ServerRewrite(s, m) ==
    /\ m \in msgs /\ m.t = "rw"
    /\ srv[s].up /\ m.v >= srv[s].pv /\ srv[s].vs.v < m.v
    /\ srv' = [srv EXCEPT ![s].st = [i \in Idx |-> IF m.ch[i] # NoE /\ s \in RSet(RSOf(i))
                                                   THEN [v |-> m.v, p |-> m.ch[i]]
                                                   ELSE srv[s].st[i]],
                          ![s].pv = m.v,
                          ![s].vs = [v |-> m.v, start |-> m.start]]
    /\ msgs' = msgs \cup {[t |-> "ra", v |-> m.v, s |-> s]}
    /\ action' = [a |-> "ServerRewrite", s |-> s, v |-> m.v]
    /\ UNCHANGED <<sw, co, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* The coordinator, with rewrite acks from a majority of every replica set,*)
(* knows the chosen entries are committed in v and sends the install: the *)
(* new ring (the switches that answered the seal, with their incarnation), *)
(* the start index.  In liveness models it waits for every live switch.    *)
InstallViewCoord(x) ==
    /\ sw[x].up /\ co[x].ph = "rw"
    /\ LET v == co[x].v
           ssR == {m \in msgs : m.t = "ss" /\ m.v = v}
           members == {m.x : m \in ssR}
           ring == Ascending(members)
           incs == [y \in Switches |-> IF y \in members
                                       THEN Max({m.inc : m \in {m2 \in ssR : m2.x = y}}) ELSE 0]
       IN  /\ Quorum({m.s : m \in {m2 \in msgs : m2.t = "ra" /\ m2.v = v}})
           /\ x \in members
           /\ ~WaitAllSwitches \/ {y \in Switches : sw[y].up} \subseteq members
           /\ co' = [co EXCEPT ![x].ph = "done"]
           /\ msgs' = msgs \cup {[t |-> "inst", v |-> v, ring |-> ring, incs |-> incs, start |-> co[x].start]}
           /\ commits' = commits \cup {[v |-> v, i |-> i, p |-> co[x].ch[i]] :
                                        i \in {j \in Idx : co[x].ch[j] # NoE}}
           /\ action' = [a |-> "InstallView", x |-> x, v |-> v, role |-> "coordinator", ring |-> ring]
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* MintToken: the first ring member mints <v', start-1> (c = start-1: all *)
(* indices below start are committed in v').  The effect on the token set *)
(* and on the refinement history; used by InstallView and by the planted  *)
(* bug MintWithoutViewChange (a second mint in the same view).            *)
MintEffects(x, v, n) ==
    LET newer == v > curV
    IN  /\ toks' = toks \cup {[v |-> v, h |-> n, c |-> n, at |-> x]}
        /\ curV' = IF newer THEN v ELSE curV
        /\ maxA' = IF newer THEN n ELSE maxA
        /\ resv' = IF newer THEN [i \in Idx |-> IF i > maxA /\ i <= n THEN Pending ELSE resv[i]]
                   ELSE resv
        /\ tails' = IF newer THEN TailsAfter(n) ELSE tails
        /\ reads' = IF newer THEN ReadsAfter(n) ELSE reads
        /\ vcAfterCrash' = (vcAfterCrash \/ (newer /\ crashed))

(* A ring member installs the view (kernel onInstall): ring, projection,   *)
(* start index; its status map restarts (indices below start are committed *)
(* in this view).  The first ring member also mints the token (MintToken). *)
InstallView(x, m) ==
    /\ m \in msgs /\ m.t = "inst"
    /\ sw[x].up /\ x \in Range(m.ring) /\ m.incs[x] = sw[x].inc
    /\ sw[x].pv <= m.v /\ sw[x].view < m.v
    /\ sw' = [sw EXCEPT ![x] = [@ EXCEPT !.view = m.v, !.pv = m.v, !.ring = m.ring,
                                         !.start = m.start, !.smap = EmptyMap, !.minted = (m.ring[1] = x)]]
    /\ IF m.ring[1] = x
       THEN /\ MintEffects(x, m.v, m.start - 1)
            /\ action' = [a |-> "InstallView", x |-> x, v |-> m.v, role |-> "member", mintToken |-> m.start - 1]
       ELSE /\ action' = [a |-> "InstallView", x |-> x, v |-> m.v, role |-> "member"]
            /\ UNCHANGED <<toks, curV, maxA, resv, tails, reads, vcAfterCrash>>
    /\ UNCHANGED <<co, srv, msgs, apps, trimPt, faults, asg, commits, crashed>>

(* Planted bug MintWithoutViewChange: the first ring member mints again.   *)
MintToken(x) ==
    /\ Bug = "MintWithoutViewChange"
    /\ Active(x) /\ sw[x].ring[1] = x
    /\ MintEffects(x, sw[x].view, sw[x].start - 1)
    /\ action' = [a |-> "MintToken", x |-> x, v |-> sw[x].view]
    /\ UNCHANGED <<sw, co, srv, msgs, apps, trimPt, faults, asg, commits, crashed>>

(* Faults. *)
SwitchCrash(x) ==
    /\ faults.crash < MaxFaults /\ sw[x].up /\ x \in CrashSwitches
    /\ sw' = [sw EXCEPT ![x] = [up |-> FALSE, view |-> -1, pv |-> -1, inc |-> @.inc, ring |-> << >>,
                                start |-> 0, smap |-> EmptyMap, pend |-> {}, minted |-> FALSE]]
    /\ co' = [co EXCEPT ![x] = IdleCo]
    /\ toks' = {t \in toks : t.at # x}
    /\ faults' = [faults EXCEPT !.crash = @ + 1]
    /\ crashed' = TRUE
    /\ action' = [a |-> "SwitchCrash", x |-> x]
    /\ UNCHANGED <<srv, msgs, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, vcAfterCrash>>

SwitchRestart(x) ==
    /\ AllowRestart /\ ~sw[x].up
    /\ sw' = [sw EXCEPT ![x].up = TRUE, ![x].inc = @ + 1]
    /\ action' = [a |-> "SwitchRestart", x |-> x]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

ServerCrash(s) ==
    /\ faults.crash < MaxFaults /\ srv[s].up /\ s \in CrashServers
    /\ srv' = [srv EXCEPT ![s].up = FALSE]
    /\ faults' = [faults EXCEPT !.crash = @ + 1]
    /\ crashed' = TRUE
    /\ action' = [a |-> "ServerCrash", s |-> s]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, vcAfterCrash>>

(* Promised view and entries are on stable storage: nothing is lost. *)
ServerRecover(s) ==
    /\ AllowRestart /\ ~srv[s].up
    /\ srv' = [srv EXCEPT ![s].up = TRUE]
    /\ action' = [a |-> "ServerRecover", s |-> s]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

LoseMessage(m) ==
    /\ faults.loss < MaxLoss /\ m \in msgs
    /\ msgs' = msgs \ {m}
    /\ faults' = [faults EXCEPT !.loss = @ + 1]
    /\ action' = [a |-> "LoseMessage", m |-> m.t]
    /\ UNCHANGED <<sw, co, srv, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>
-----------------------------------------------------------------------------
(* Standalone check (ViewChange_fast.cfg): view changes over servers with  *)
(* preloaded entries: index 1 committed in view 0 with payload 1 on two    *)
(* servers, index 2 holding payload 2 on the third server only (not        *)
(* committed).  The view-0 token <0, 2, 1> sits at switch 1.  No clients.  *)
\* (CHOOSE picks the servers: no SYMMETRY in this model.)
PreA == CHOOSE s \in RS0 : TRUE
PreB == CHOOSE s \in RS0 \ {PreA} : TRUE
PreC == CHOOSE s \in RS0 \ {PreA, PreB} : TRUE
VCInit ==
    /\ sw = [x \in Switches |-> [up |-> TRUE, view |-> 0, pv |-> 0, inc |-> 0,
                                 ring |-> [k \in 1..NumSwitches |-> k], start |-> 1,
                                 smap |-> EmptyMap, pend |-> {}, minted |-> x = 1]]
    /\ co = [x \in Switches |-> IdleCo]
    /\ msgs = {}
    /\ tails = [g \in TailOps |-> [st |-> "idle", at |-> 0, tv |-> -1, h |-> -1, res |-> 0,
                                   seen |-> {}, cover |-> 0, floor |-> 0]]
    /\ reads = [r \in ReadOps |-> [st |-> "idle", i |-> 0, at |-> 0, res |-> RNone, beyond |-> FALSE]]
    /\ trimPt = 1
    /\ faults = [crash |-> 0, loss |-> 0]
    /\ curV = 0
    /\ crashed = FALSE
    /\ vcAfterCrash = FALSE
    /\ action = [a |-> "Init"]
    /\ srv = [s \in Servers |->
               [up |-> TRUE, pv |-> 0, vs |-> [v |-> 0, start |-> 1],
                st |-> [i \in Idx |->
                          IF i = 1 /\ s \in {PreA, PreB} THEN [v |-> 0, p |-> 1]
                          ELSE IF i = 2 /\ s = PreC THEN [v |-> 0, p |-> 2]
                          ELSE NoEntry]]]
    /\ toks = {[v |-> 0, h |-> 2, c |-> 1, at |-> 1]}
    /\ apps = [p \in Payloads |-> IF p = 1 THEN [st |-> "done", at |-> 1, idx |-> 1]
                                  ELSE [st |-> "pend", at |-> 1, idx |-> 0]]
    /\ asg = {[v |-> 0, i |-> 1, p |-> 1], [v |-> 0, i |-> 2, p |-> 2]}
    /\ commits = {[v |-> 0, i |-> 1, p |-> 1]}
    /\ maxA = 2
    /\ resv = [i \in Idx |-> IF i = 1 THEN {1, 2} ELSE {2}]

VCNext ==
    \/ \E x \in Switches :
         \/ StartViewChange(x) \/ ChooseEntries(x) \/ InstallViewCoord(x)
         \/ SwitchCrash(x) \/ SwitchRestart(x)
    \/ \E x \in Switches, m \in msgs : SwitchSeal(x, m) \/ InstallView(x, m)
    \/ \E s \in Servers, m \in msgs : ServerSeal(s, m) \/ ServerRewrite(s, m)
    \/ \E s \in Servers : ServerCrash(s) \/ ServerRecover(s)
    \/ \E m \in msgs : LoseMessage(m)

VCSpec == VCInit /\ [][VCNext]_vars
=============================================================================
