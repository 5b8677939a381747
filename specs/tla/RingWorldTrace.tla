--------------------------- MODULE RingWorldTrace ---------------------------
(***************************************************************************)
(* Trace validation: a trace recorded from the kernel (conformance-tests,  *)
(* io.ringworld.conformance.trace) is a behaviour of RingWorld.  Each      *)
(* event names the RingWorld action the kernel step performed and its      *)
(* parameters; TraceNext takes that action, existentially over what the   *)
(* event does not pin down (which message), and requires the pinned       *)
(* results (token h/r/c, commit, mint) to equal the kernel's.             *)
(* A generated module Trace_<seed> EXTENDS this one and defines the log;  *)
(* its cfg maps TraceLog to it.  Acceptance is shown by TLC: the          *)
(* invariant TraceNotAccepted is violated exactly when the whole trace    *)
(* was matched.  With Strict = FALSE the pinned results are not required  *)
(* but the first difference is kept in diff (invariant NoDiff names it):  *)
(* the diagnostic run of a rejected trace.                                *)
(*                                                                         *)
(* Stutters (no event): loss of a message (the spec's message set keeps   *)
(* it: the kernel retransmits), TokenAck, retransmissions, a token        *)
(* dropped as stale or already seen, replies the kernel repeats.  A       *)
(* WriteAck the kernel ignores (ack already counted, index committed) is  *)
(* logged and matched by a stutter of the spec (LeaderCommit is then not  *)
(* enabled: same ack or committed).                                       *)
(***************************************************************************)
EXTENDS RingWorld

CONSTANTS S1, S2, S3, TraceLog, Strict

VARIABLES l, diff, kc, rmin

Has(r, f) == f \in DOMAIN r

(* The kernel's FoldCommit (sw/Sequencing.visit) is not the spec's relay:  *)
(* the token carries roundMin, the minimum of the members' commit indices  *)
(* (LocalCommit) over one round, and only the first ring member turns it  *)
(* into c = max(c, roundMin).  Both are lower bounds of the committed     *)
(* prefix (every index <= c is committed), so both are safe and give the  *)
(* same getTail answers up to delay.  The                               *)
(* trace spec replays the kernel's scheme over the spec's state (kc[v],   *)
(* rmin[v]: the kernel-model token of view v) and pins the kernel's c to  *)
(* it, so a kernel that skips or breaks the fold is still caught.         *)
(* Finding for the specs owner: FoldCommit in RingSequencing differs.    *)
TraceInit == Init /\ l = 1 /\ diff = "" /\ kc = [v \in Views |-> 0] /\ rmin = [v \in Views |-> 0]

KernelFold(e) ==
    LET first == sw[e.x].ring[1] = e.x
        mine == LocalCommit(e.x)
    IN  [c |-> IF first THEN Max2(kc[e.v], rmin[e.v]) ELSE kc[e.v],
         rm |-> IF first THEN mine ELSE Min({rmin[e.v], mine})]

KernelTokenUpd(e) ==
    CASE e.a = "SequenceBatch" ->
            /\ kc' = [kc EXCEPT ![e.v] = KernelFold(e).c]
            /\ rmin' = [rmin EXCEPT ![e.v] = KernelFold(e).rm]
      [] e.a = "InstallView" /\ Has(e, "mint") /\ e.mint >= 0 ->
            /\ kc' = [kc EXCEPT ![e.v] = e.mint]
            /\ rmin' = [rmin EXCEPT ![e.v] = e.mint]
      [] OTHER -> UNCHANGED <<kc, rmin>>

Str(n) == ToString(n)

\* The first pinned result of event e that the spec's step did not produce.
Diff(e) ==
    CASE e.a = "SequenceBatch" ->
            IF action'.h # e.h THEN "SequenceBatch.h (token h): spec " \o Str(action'.h) \o ", kernel " \o Str(e.h)
            ELSE IF action'.r # e.r THEN "SequenceBatch.r (batch size): spec " \o Str(action'.r) \o ", kernel " \o Str(e.r)
            ELSE IF KernelFold(e).c # e.c
                 THEN "SequenceBatch.c (token committed prefix, FoldCommit): spec " \o Str(KernelFold(e).c) \o ", kernel " \o Str(e.c)
            ELSE ""
      [] e.a = "LeaderCommit" /\ Has(e, "commit") ->
            IF action'.commit # e.commit
            THEN "LeaderCommit.commit (smap[i].com): spec " \o Str(action'.commit) \o ", kernel " \o Str(e.commit)
            ELSE ""
      [] e.a = "InstallView" /\ Has(e, "mint") ->
            IF e.mint >= 0 /\ ~Has(action', "mintToken") THEN "InstallView.mintToken: kernel minted, spec did not"
            ELSE IF e.mint < 0 /\ Has(action', "mintToken") THEN "InstallView.mintToken: spec minted, kernel did not"
            ELSE IF e.mint >= 0 /\ action'.mintToken # e.mint
                 THEN "InstallView.mintToken (token h): spec " \o Str(action'.mintToken) \o ", kernel " \o Str(e.mint)
            ELSE ""
      [] OTHER -> ""

(* Divergence (finding for the specs owner): the kernel's coordinator      *)
(* starts the new view above the highest token h that a sealed switch     *)
(* reports (SwitchSealReply.highestSeen), not only above the highest entry *)
(* a server reports (spec: start = hi + 1); the indices between are chosen *)
(* as junk and rewritten.  Safe: an index committed in an older view is on *)
(* a majority, which meets the seal quorum, so it is never among them.    *)
(* ChooseEntries with start st >= the spec's, st - 1 at most the highest  *)
(* index ever handed out; equal to ChooseEntries when st is the spec's    *)
(* start (Bug = "none").  The event does not carry st (the kernel's rewrite *)
(* messages do not show it): the coordinator's InstallView pins it.       *)
MaxAsg == Max({a.i : a \in asg} \cup {0})
ChooseEntriesTo(x, st) ==
    /\ sw[x].up /\ co[x].ph = "seal"
    /\ LET v == co[x].v
           R0 == {m \in msgs : m.t = "sr" /\ m.v = v}
           c == Choose(v, R0)
           ch == [i \in Idx |-> IF i >= c.start /\ i < st THEN Junk ELSE c.ch[i]]
       IN  /\ Quorum({m.s : m \in R0})
           /\ st >= c.start /\ st - 1 <= Max2(MaxAsg, c.start - 1)
           /\ co' = [co EXCEPT ![x] = [v |-> v, ph |-> "rw", start |-> st, ch |-> ch]]
           /\ msgs' = msgs \cup {[t |-> "rw", v |-> v, ch |-> ch, start |-> st]}
           /\ action' = [a |-> "ChooseEntries", x |-> x, v |-> v, start |-> st, ch |-> ch]
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

\* The RingWorld action named by event e.
Do(e) ==
    CASE e.a = "ClientAppend" -> ClientAppend(e.x, e.p)
      [] e.a = "SequenceBatch" -> SequenceBatch(e.x) /\ action'.v = e.v
      [] e.a = "LeaderReplicate" ->
            \E m \in msgs : m.t = "asg" /\ m.v = e.v /\ m.i = e.i /\ m.p = e.p /\ LeaderReplicate(e.x, m)
      [] e.a = "ServerWrite" ->
            \E m \in msgs : m.t = "wr" /\ m.v = e.v /\ m.i = e.i /\ m.p = e.p /\ ServerWrite(e.s, m)
      [] e.a = "LeaderCommit" ->
            \E m \in msgs : m.t = "ack" /\ m.v = e.v /\ m.i = e.i /\ m.s = e.s /\ LeaderCommit(e.x, m)
      [] e.a = "FillHole" -> FillHole(e.x, e.i) /\ action'.v = e.v
      [] e.a = "StartViewChange" -> StartViewChange(e.x) /\ action'.v = e.v
      [] e.a = "ServerSeal" -> \E m \in msgs : m.t = "seal" /\ m.v = e.v /\ ServerSeal(e.s, m)
      [] e.a = "SwitchSeal" -> \E m \in msgs : m.t = "seal" /\ m.v = e.v /\ SwitchSeal(e.x, m)
      [] e.a = "ChooseEntries" -> \E st \in 1..(MaxIdx + 1) : ChooseEntriesTo(e.x, st) /\ action'.v = e.v
      [] e.a = "ServerRewrite" -> \E m \in msgs : m.t = "rw" /\ m.v = e.v /\ ServerRewrite(e.s, m)
      [] e.a = "InstallView" /\ e.role = "coordinator" ->
            co[e.x].start = e.start /\ InstallViewCoord(e.x) /\ action'.v = e.v /\ Range(action'.ring) = e.ring
      [] e.a = "InstallView" -> \E m \in msgs : m.t = "inst" /\ m.v = e.v /\ InstallView(e.x, m)
      [] e.a = "SwitchCrash" -> SwitchCrash(e.x)
      [] e.a = "SwitchRestart" -> SwitchRestart(e.x)
      [] e.a = "ServerCrash" -> ServerCrash(e.s)
      [] e.a = "ServerRecover" -> ServerRecover(e.s)

\* A WriteAck the kernel ignored: the spec has that ack or the commit already.
IgnoredAck(e) ==
    /\ e.a = "LeaderCommit" /\ (IF Has(e, "commit") THEN ~e.commit ELSE TRUE)
    /\ sw[e.x].up /\ e.i \in Idx
    /\ sw[e.x].smap[e.i].com \/ e.s \in sw[e.x].smap[e.i].acks
    /\ UNCHANGED vars

TraceNext ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
         \/ /\ Do(e)
            /\ IF Strict THEN Diff(e) = "" /\ diff' = diff
               ELSE diff' = IF diff = "" THEN Diff(e) ELSE diff
            /\ KernelTokenUpd(e)
         \/ IgnoredAck(e) /\ diff' = diff /\ UNCHANGED <<kc, rmin>>
    /\ l' = l + 1

(* A switch's seal reply that reached the kernel coordinator after it chose *)
(* its ring (sealGraceTicks) is ignored by it; for the spec, whose          *)
(* coordinator takes every "ss" message, that is a lost message: a hidden  *)
(* LoseMessage (bounded by MaxLoss) right before the coordinator's install. *)
LateSealReply ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
         /\ e.a = "InstallView" /\ e.role = "coordinator"
         /\ \E m \in msgs : m.t = "ss" /\ m.v = e.v /\ m.x \notin e.ring /\ LoseMessage(m)
    /\ UNCHANGED <<l, diff, kc, rmin>>

TraceStep == TraceNext \/ LateSealReply

TraceSpec == TraceInit /\ [][TraceStep]_<<vars, l, diff, kc, rmin>>

\* EXPECTED to be violated: the whole trace was matched by a behaviour.
TraceNotAccepted == l <= Len(TraceLog)
\* Diagnostic run (Strict = FALSE): the first pinned result that differs.
NoDiff == diff = ""
=============================================================================
