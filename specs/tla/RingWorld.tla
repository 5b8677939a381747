----------------------------- MODULE RingWorld -----------------------------
(***************************************************************************)
(* RingWorld: ring sequencing, replication and view change composed into   *)
(* one system over one state (RingWorldBase), with                         *)
(*  - the invariants of DESIGN.md, each a named operator;                  *)
(*  - a refinement mapping to SharedLog, checked by TLC as PROPERTY        *)
(*    Refinement (RingWorld implements the linearizable log with junk);    *)
(*  - Spec (safety, faults bounded by constants) and LiveSpec (weak        *)
(*    fairness on every protocol action; faults only as the constants      *)
(*    allow, no spurious view changes).                                    *)
(***************************************************************************)
EXTENDS RingSequencing, Replication, ViewChange

\* Each message in flight is taken once and handed to the actions of its type (the
\* actions check the type too, for RingWorldTrace, which calls them one by one): TLC
\* then tests m.t once per message instead of once per (node, action, message)
\* (RingWorld_fast: about 20% of its time).
Next ==
    \/ \E p \in Payloads : \E x \in ClientSwitches(p) : ClientAppend(x, p) \/ ClientAppendBusy(x, p)
         \/ ClientAppendStale(x, p)
    \/ \E x \in Switches :
         \/ SequenceBatch(x) \/ DropStaleToken(x)
         \/ StartViewChange(x) \/ ChooseEntries(x) \/ InstallViewCoord(x) \/ MintToken(x)
         \/ AbandonViewChange(x) \/ SwitchCrash(x) \/ SwitchRestart(x)
    \/ \E g \in TailOps : \E x \in ClientSwitches(g) : GetTailStart(g, x) \/ GetTailBusy(g, x)
         \/ GetTailRetry(g, x)
    \/ \E x \in Switches, s \in RS0 : ViewCheckReply(x, s)
    \/ \E m \in msgs :
         \/ m.t = "asg" /\ \E x \in Switches : LeaderReplicate(x, m)
         \/ m.t = "ack" /\ \E x \in Switches : LeaderCommit(x, m)
         \/ m.t = "seal" /\ \/ \E x \in Switches : SwitchSeal(x, m)
                            \/ \E s \in Servers : ServerSeal(s, m)
         \/ m.t = "inst" /\ \E x \in Switches : InstallView(x, m) \/ InstallIgnored(x, m)
         \/ m.t = "wr" /\ \E s \in Servers : ServerWrite(s, m)
         \/ m.t = "rw" /\ \E s \in Servers : ServerRewrite(s, m)
         \/ m.t = "trim" /\ \E s \in Servers : ServerTrim(s, m)
         \/ m.t = "tack" /\ TrimAck(m.x, m)
         \/ LoseMessage(m)
    \/ \E x \in Switches, i \in Idx : FillHole(x, i)
    \/ \E r \in ReadOps :
         \/ ReadNotYet(r)
         \/ \E s \in Servers : ReadReply(r, s)
         \/ \E x \in ClientSwitches(r) : \E i \in ReadIdx(x) : ReadRequest(r, x, i)
    \/ \E tp \in TrimPts : \E x \in ClientSwitches(tp) : TrimRequest(x, tp) \/ TrimRequestBusy(x, tp)
    \/ \E x \in Switches, s \in Servers : SwitchOutranked(x, s)
    \/ \E s \in Servers : ServerCrash(s) \/ ServerRecover(s)
    \* disk faults (issue 19): none unless a model overrides DiskFaults
    \/ DiskFaults > 0 /\ \E s \in Servers :
         \/ ServerWipe(s) \/ ServerRelearn(s)
         \/ \E I \in SUBSET Idx : ServerCorrupt(s, I)
         \/ \E i \in Idx : ServerRepair(s, i)

Spec == Init /\ [][Next]_vars

(* Issue 19, items 2 and 3: Next with the actions of bounded seal replies, *)
(* rejoining and the partition (ViewChange), for the models that switch    *)
(* them on (SealEntriesMax, PreVote, Rejoin, CutFaults: RingWorldBase).    *)
(* Next itself has none of them: a new disjunct, even a disabled one,      *)
(* changes TLC's random walks (-simulate), which the conformance replay    *)
(* of the replay models follows.                                           *)
Next19 ==
    \/ Next
    \/ \E m \in msgs :
         \/ m.t = "sr" /\ \E s \in Servers : ServerSealPage(s, m)
         \/ m.t = "jreq" /\ \E x \in Switches : AdmitSwitch(x, m)
    \/ \E x \in Switches : JoinRequest(x) \/ SwitchCut(x) \/ SwitchHeal(x)
Spec19 == Init /\ [][Next19]_vars

\* Weak fairness on every protocol action (not on client calls, faults,
\* recovery, FillHole or reads).
Fairness ==
    /\ \A x \in Switches :
         /\ WF_vars(SequenceBatch(x)) /\ WF_vars(DropStaleToken(x))
         /\ WF_vars(StartViewChange(x)) /\ WF_vars(ChooseEntries(x))
         /\ WF_vars(InstallViewCoord(x))
         /\ WF_vars(\E m \in msgs : LeaderReplicate(x, m))
         /\ WF_vars(\E m \in msgs : LeaderCommit(x, m))
         /\ WF_vars(\E m \in msgs : SwitchSeal(x, m))
         /\ WF_vars(\E m \in msgs : InstallView(x, m))
    /\ \A s \in Servers :
         /\ WF_vars(\E m \in msgs : ServerWrite(s, m))
         /\ WF_vars(\E m \in msgs : ServerSeal(s, m))
         /\ WF_vars(\E m \in msgs : ServerRewrite(s, m))

LiveSpec == Spec /\ Fairness

\* Issue 19: the new protocol actions are fair too (not the cut or its heal).
\* An admission needs the token at the ring's first member, which it leaves
\* and comes back to: strong fairness.
Fairness19 ==
    /\ \A x \in Switches :
         /\ WF_vars(JoinRequest(x))
         /\ SF_vars(\E m \in msgs : AdmitSwitch(x, m))
    /\ \A s \in Servers : WF_vars(\E m \in msgs : ServerSealPage(s, m))
LiveSpec19 == Spec19 /\ Fairness /\ Fairness19

\* Replay model RingWorld_replay_majority overrides ReadIdx (RingWorldBase) with this: a
\* read asks only for an index below its switch's rewrite range (rf), the reads that need
\* a majority.
ReadIdxBelowRewrite(x) == {i \in Idx : i < sw[x].rf}

\* Replay model RingWorld_replay_busy overrides PendingMax (RingWorldBase) with this.
PendingOne == 1

\* Disk-fault models override DiskFaults (RingWorldBase) with one of these.
DiskOne == 1
DiskTwo == 2

\* CONSTRAINT of the models of planted bug DecideOnOneValid (bug_DecideOnOneValid,
\* RingWorld_decide_deep): the shape of kernel disk campaign seed 460, two view
\* changes around one disk fault, with the interleavings narrowed: the disk fault
\* comes only after view 1 committed a rewrite, and nothing of view 2 (a switch's
\* promise or coordination, a server's promise) before the disk fault and the
\* damaged server's relearn.  A state constraint: TLC explores every behaviour of
\* Spec that keeps it.
DecideShape ==
    /\ faults.disk > 0 => \E c \in commits : c.v = 1
    /\ (\E x \in Switches : Max({sw[x].pv, sw[x].ev, co[x].v}) >= 2) \/ (\E s \in Servers : srv[s].pv >= 2)
         => faults.disk > 0 /\ \A s \in Servers : ~srv[s].dk

-----------------------------------------------------------------------------
(* The invariants of DESIGN.md are in RingWorldBase (shared with the      *)
(* standalone checks of the protocol modules).                             *)

-----------------------------------------------------------------------------
(* Liveness. *)

\* With no faults: every pending append commits and every getTail returns.
AppendsCommit == \A p \in Payloads : apps[p].st = "pend" ~> apps[p].st = "done"
TailsReturn == \A g \in TailOps : tails[g].st = "wait" ~> tails[g].st = "done"

\* After the faults: a view whose ring is all up is installed everywhere.
Stable ==
    \A x \in Switches : sw[x].up =>
        /\ Active(x) /\ sw[x].view = curV
        /\ \A y \in Range(sw[x].ring) : sw[y].up
ViewChangeCompletes == crashed ~> Stable
\* ... and then appends queued at a live switch commit again.
AppendsCommitAgain ==
    \A p \in Payloads :
        (apps[p].st = "pend" /\ p \in sw[apps[p].at].pend /\ sw[apps[p].at].up
         /\ Stable /\ faults.crash = MaxFaults)
        ~> apps[p].st = "done"

\* Issue 19, item 3: once the faults have happened, the views settle: every
\* live switch that is not cut off from the others is active in the latest
\* view, whose token's ring (with the switches admitted since) is all up; so
\* no view change starts any more and every live, reachable switch is in the
\* ring.  (A cut switch may stay out: it cannot reach the ring.)
Settled ==
    \A x \in Switches : sw[x].up /\ ~IsCut(x) =>
        /\ Active(x) /\ sw[x].view = curV
        /\ \A y \in Range(RingAll(sw[x])) : sw[y].up
ViewsSettle == <>[]Settled


-----------------------------------------------------------------------------
(* Refinement mapping to SharedLog.                                         *)
(*  Len(log)  = maxA, the highest index handed out by the latest minted     *)
(*              view (old-view tokens do not extend it; a new view's mint   *)
(*              sets it to start-1: Retract, or Resize upwards);           *)
(*  log[i]    = Data(p)/Junk once i is committed (in any view), else        *)
(*              Reserved(resv[i]), the appends pending when it was handed out;*)
(*  apps      = client append status and answered index;                   *)
(*  tails     = getTail status, the lengths seen while pending, the answer; *)
(*  reads     = read status, index, "beyond the tail at some instant", answer. *)
(* The action label is a history variable and is not mapped.               *)
ComOf(i) == {c \in commits : c.i = i}
AbsSlot(i) ==
    IF ComOf(i) = {} THEN [k |-> "res", ops |-> resv[i]]
    ELSE LET c == CHOOSE c \in ComOf(i) : TRUE
         IN  IF c.p = Junk THEN [k |-> "junk"] ELSE [k |-> "data", p |-> c.p]
AbsLog == [i \in 1..maxA |-> AbsSlot(i)]
AbsApps == [p \in Payloads |-> [st |-> apps[p].st, idx |-> apps[p].idx]]
AbsTails == [g \in TailOps |-> [st |-> tails[g].st,
                                seen |-> IF tails[g].st = "wait" THEN tails[g].seen ELSE {},
                                res |-> tails[g].res]]
AbsReads == [r \in ReadOps |-> [st |-> reads[r].st, i |-> reads[r].i,
                                beyond |-> reads[r].beyond, res |-> reads[r].res]]

SL == INSTANCE SharedLog WITH MaxLen <- MaxIdx, log <- AbsLog, trimPoint <- trimPt,
                              apps <- AbsApps, tails <- AbsTails, reads <- AbsReads
(* Refinement is SL!Spec (SL!Init /\ [][SL!Next]_slVars) written out with the  *)
(* abstract variables' stutter as the first disjunct: most RingWorld steps    *)
(* leave the abstract log unchanged, and TLC then skips evaluating SL!Next    *)
(* (RingWorld_fast: about 18% of its time).  TLC names a violation "Action    *)
(* property line L of module RingWorld"; the gate calls it Refinement.        *)
AbsVars == <<AbsLog, trimPt, AbsApps, AbsTails, AbsReads>>
Refinement == SL!Init /\ [][UNCHANGED AbsVars \/ SL!Next]_AbsVars
=============================================================================
