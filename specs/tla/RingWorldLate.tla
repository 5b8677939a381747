---------------------------- MODULE RingWorldLate ----------------------------
(***************************************************************************)
(* Issue 19, item 3: the initial state of the liveness model              *)
(* RingWorld_settle_fast and its planted bugs (module header of their     *)
(* cfgs).  A module of its own: with these definitions in RingWorld.tla,  *)
(* TLC's -simulate random walks of RingWorld_replay_3sw_first changed      *)
(* (specs README, Findings 12), and the conformance replay follows them.  *)
(***************************************************************************)
EXTENDS RingWorld

(* The liveness model of item 3 (RingWorld_settle_fast) starts where the  *)
(* churn starts: switch 1 has just installed view 1 on the ring <<1>>      *)
(* (seal, rewrite and fence on every server, install sent, token minted);  *)
(* every other switch promised view 1, but its seal reply came after the   *)
(* coordinator's grace, so it is left out, in view 0.  (From Init, a crash  *)
(* and a restart take the liveness model past 200,000 states without       *)
(* SYMMETRY; RingWorld_join_fast checks that path for safety.)             *)
LateReply(x) == [t |-> "ss", v |-> 1, x |-> x, inc |-> 0, h |-> 0, tp |-> 1, td |-> 1]
LateInit ==
    /\ sw = [x \in Switches |->
               IF x = 1 THEN [BootSwitch(1) EXCEPT !.view = 1, !.pv = 1, !.ring = << 1 >>, !.ev = 1]
               ELSE [BootSwitch(x) EXCEPT !.pv = 1]]
    /\ co = [x \in Switches |->
               IF x = 1 THEN [IdleCo EXCEPT !.v = 1, !.ph = "done", !.start = 1, !.rf = 1, !.mem = {1}]
               ELSE IdleCo]
    /\ srv = [s \in Servers |-> [up |-> TRUE, pv |-> 1, pi |-> 0, st |-> [i \in Idx |-> NoEntry],
                                 vs |-> [v |-> 1, start |-> 1], tp |-> 1, dk |-> FALSE]]
    /\ msgs = {[t |-> "seal", v |-> 1, inc |-> 0],
               [t |-> "rw", v |-> 1, inc |-> 0, ch |-> NoChoice, start |-> 1],
               [t |-> "inst", v |-> 1, ring |-> << 1 >>, start |-> 1, rf |-> 1,
                incs |-> [x \in Switches |-> 0], tp |-> 1, td |-> 1]}
            \cup {[t |-> "sr", v |-> 1, inc |-> 0, s |-> s, vs |-> [v |-> 0, start |-> 1], tp |-> 1,
                   ents |-> [i \in Idx |-> NoEntry]] : s \in Servers}
            \cup {[t |-> "ra", v |-> 1, s |-> s] : s \in Servers}
            \cup {LateReply(x) : x \in Switches}
    /\ toks = {[v |-> 1, h |-> 0, c |-> 0, rm |-> 0, at |-> 1, tp |-> 1, td |-> 1]}
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
    /\ curV = 1
    /\ resv = [i \in Idx |-> {}]
    /\ crashed = FALSE
    /\ vcAfterCrash = FALSE
    /\ action = [a |-> "Init"]
LateSpec19 == LateInit /\ [][Next19]_vars /\ Fairness /\ Fairness19
=============================================================================
