--------------------------- MODULE RingWorldTrace ---------------------------
(***************************************************************************)
(* Trace validation: a trace recorded from the kernel (conformance-tests,  *)
(* io.ringworld.conformance.trace) is a behaviour of RingWorld.  Each      *)
(* event names the RingWorld action the kernel step performed and its      *)
(* parameters; TraceNext takes that action, existentially over what the   *)
(* event does not pin down (which message), and requires the pinned       *)
(* results (token h/r/c, commit, mint, a getTail's tail) to equal the      *)
(* kernel's.                                                               *)
(* A generated module Trace_<seed> EXTENDS this one and defines the logs; *)
(* its cfg maps TraceLogs to them.  Acceptance is shown by TLC: the       *)
(* invariant TraceNotAccepted is violated exactly when the whole trace    *)
(* was matched.  With Strict = FALSE the pinned results are not required  *)
(* but the first difference is kept in diff (invariant NoDiff names it):  *)
(* the diagnostic run of a rejected trace.                                *)
(*                                                                         *)
(* The coordinator's own SwitchSeal event is a stutter of the spec (part  *)
(* of StartViewChange).  ChooseEntries is matched with the replies that   *)
(* had arrived at the kernel coordinator and its knownCommitted            *)
(* (ChooseEntriesK).  The kernel sends its fence (Message.Fence) apart    *)
(* from the per-index rewrites, even with nothing to rewrite; the host    *)
(* logs a server's ServerRewrite when it acks the fence (once durable),   *)
(* which the spec's rewrite message (it carries the fence) matches; the   *)
(* rewrite Writes name the fence's ballot, so one that reached the server *)
(* first promised the view to that ballot, as the spec's step does.      *)
(*                                                                         *)
(* getTail: GetTailStart and ViewCheckReply (ViewCheckReplyK) are the     *)
(* spec's actions; the h a getTail takes is SequenceBatch's; the kernel's  *)
(* answer is the trace-only GetTailReply, matched against the spec's      *)
(* getTail with its tail pinned (TailReplyOk, TailReplyDiff).             *)
(*                                                                         *)
(* Stutters (no event): loss of a message (the spec's message set keeps   *)
(* it: the kernel retransmits), TokenAck, retransmissions, a token        *)
(* dropped as stale or already seen, replies the kernel repeats.  A       *)
(* WriteAck the kernel ignores (ack already counted, index committed) is  *)
(* logged and matched by a stutter of the spec (LeaderCommit is then not  *)
(* enabled: same ack or committed).                                       *)
(***************************************************************************)
EXTENDS RingWorld

CONSTANTS S1, S2, S3, S4, S5, S6,
    TraceLogs,   \* the traces to check: each behaviour follows one of them (tk)
    Strict

VARIABLES l, diff, kc, rmin, kk, tk

\* The trace this behaviour follows.
TraceLog == TraceLogs[tk]

Has(r, f) == f \in DOMAIN r

(* The kernel's FoldCommit (sw/Sequencing.visit), which RingSequencing's   *)
(* FoldCommit now models too (finding F14; this copy predates it and is    *)
(* redundant, kept until the trace spec is simplified):                   *)
(* the token carries roundMin, the minimum of the members' commit indices  *)
(* (LocalCommit) over one round, and only the first ring member turns it  *)
(* into c = max(c, roundMin).  Both are lower bounds of the committed     *)
(* prefix (every index <= c is committed), so both are safe and give the  *)
(* same getTail answers up to delay.  The                               *)
(* trace spec replays the kernel's scheme over the spec's state (kc[v],   *)
(* rmin[v]: the kernel-model token of view v) and pins the kernel's c to  *)
(* it, so a kernel that skips or breaks the fold is still caught.         *)
TraceInit == Init /\ l = 1 /\ diff = "" /\ kc = [v \in Views |-> 0] /\ rmin = [v \in Views |-> 0]
              /\ kk = [x \in Switches |-> 0] /\ tk \in DOMAIN TraceLogs

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

(* kk[x]: the kernel switch's knownCommitted (the highest kernel token c it *)
(* visited, start - 1 at an install, 0 after a restart).  A coordinator     *)
(* rewrites above its own (rf); the trace chooses with kk (the spec's      *)
(* sw[x].kc is the same now that the spec folds as the kernel does).       *)
KernelKnownUpd(e) ==
    CASE e.a = "SequenceBatch" -> kk' = [kk EXCEPT ![e.x] = Max2(@, e.c)]
      [] e.a = "InstallView" /\ e.role = "member" -> kk' = [kk EXCEPT ![e.x] = Max2(@, sw'[e.x].start - 1)]
      [] e.a \in {"SwitchCrash", "SwitchRestart"} -> kk' = [kk EXCEPT ![e.x] = 0]
      [] OTHER -> UNCHANGED kk

Str(n) == ToString(n)

(* getTail.  GetTailStart(g, x) is the kernel switch queueing a            *)
(* GetTailRequest (each arrival of a client's request is a getTail g of    *)
(* its own).  The spec answers a getTail inside the token visit,           *)
(* atomically (SequenceBatch: c >= h and ViewConfirmed); the kernel starts *)
(* a view check at that visit and answers when a majority of replica set 0 *)
(* confirmed the view (onViewCheckReply), steps later.  Its answer is the  *)
(* trace-only event GetTailReply(g, x, tail), a stutter of the spec that   *)
(* pins the returned tail: either the spec answered g already with that    *)
(* tail, or g waits at x with that h, in the view x has installed, and the *)
(* spec's own condition CanReturn holds with the kernel's token c (kc, see *)
(* KernelFold).                                                            *)
TailReplyOk(e) ==
    LET tg == tails[e.g] IN
    \/ tg.st = "done" /\ tg.res = e.tail
    \/ /\ tg.st = "wait" /\ tg.at = e.x /\ tg.h = e.tail /\ tg.h >= 0 /\ tg.tv = sw[e.x].view
       /\ CanReturn(tg, e.x, tg.tv, kc[tg.tv])

TailReplyDiff(e) ==
    LET tg == tails[e.g] IN
    IF TailReplyOk(e) THEN ""
    ELSE IF tg.st = "done"
         THEN "GetTailReply.tail (tails[g].res): spec " \o Str(tg.res) \o ", kernel " \o Str(e.tail)
    ELSE "GetTailReply.tail (tails[g] not returned: CanReturn with h " \o Str(tg.h) \o ", view "
         \o Str(tg.tv) \o ", token c " \o (IF tg.tv >= 0 THEN Str(kc[tg.tv]) ELSE "none")
         \o "): spec waiting, kernel returned " \o Str(e.tail)

(* The kernel's view check learning a higher promise (onViewCheckReply,    *)
(* onOutranked) is the spec's ViewCheckReply, with three differences:     *)
(* the reply carries the promise the server held when it answered (it may *)
(* have promised more or crashed since); the kernel asks once its own     *)
(* knownCommitted (kk) reaches h;                                          *)
(* and a getTail the spec answered at its visit (ViewConfirmed held then)  *)
(* still waits in the kernel for that check.                              *)
ViewCheckReplyK(x, s, v) ==
    /\ Active(x)
    /\ \/ \E g \in TailOps : tails[g].st \in {"wait", "done"} /\ tails[g].at = x /\ tails[g].h >= 0
                             /\ tails[g].tv = sw[x].view /\ kk[x] >= tails[g].h
       \* a read whose view check is open (the spec may have confirmed it at once: redir)
       \/ \E r \in ReadOps : reads[r].st = "wait" /\ reads[r].at = x /\ reads[r].ck \in {"check", "redir"}
                             /\ reads[r].cv = sw[x].view
    /\ s \in RSet(0) /\ srv[s].pv >= v /\ v > sw[x].view
    /\ sw' = [sw EXCEPT ![x].pv = v]
    /\ action' = [a |-> "ViewCheckReply", x |-> x, s |-> s, v |-> v]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Reads (conformance-tests trace/ReadTrimEvents).  The spec's ReadRequest *)
(* forwards a read to its leader in the same step; the kernel's forward is *)
(* a message.  ReadForward(r, x, i, y) checks x's decision when it forwards *)
(* (it serves i, does not know it committed, y leads it) and invokes the   *)
(* read in flight (at 0); its arrival at y is ReadRequest with at = y, the *)
(* read's phase taken there (ReadArriveK).                                 *)
ReadForwardK(r, x, i, y) ==
    /\ reads[r].st = "idle" /\ sw[x].up /\ y # x
    /\ ReadServes(x, i) /\ ~KnowsCommitted(sw[x], i) /\ Leader(sw[x], i) = y
    /\ reads' = [reads EXCEPT ![r] = [st |-> "wait", i |-> i, at |-> 0, res |-> RNone,
                                     beyond |-> i > maxA, ck |-> "none", cv |-> -1]]
    /\ action' = [a |-> "ReadForward", r |-> r, x |-> x, i |-> i, at |-> y]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

ReadArriveK(r, i, y) ==
    /\ reads[r].st = "wait" /\ reads[r].at = 0 /\ reads[r].i = i /\ sw[y].up
    /\ reads' = [reads EXCEPT ![r].at = y, ![r].ck = ReadPhase(y, i), ![r].cv = sw[y].view,
                              ![r].beyond = @ \/ i > maxA]
    /\ action' = [a |-> "ReadRequest", r |-> r, i |-> i, at |-> y, ck |-> ReadPhase(y, i)]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* The kernel's read ends at its client a view check's and a server's     *)
(* round trip after the switch decided (a redirect, NotYet or Trimmed);    *)
(* the spec's ReadReply and ReadNotYet are one atomic step at a moment     *)
(* every guard holds.  ReadReply(r, res) is matched by ReadReplyK, which  *)
(* pins the kernel's answer against what the spec's state makes it a      *)
(* correct one: a payload or junk committed at i, Trimmed below a done    *)
(* trim, NotYet for an index beyond the tail at some instant of the read  *)
(* (the refinement's conditions for SharedLog's AnswerRead).              *)
ReadReplyK(r, res) ==
    LET rd == reads[r] IN
    /\ rd.st = "wait" /\ rd.at # 0
    /\ \/ res = RTrimmed /\ rd.i < trimPt
       \/ res = RNotYet /\ rd.beyond
       \/ res \notin {RTrimmed, RNotYet} /\ \E c \in commits : c.i = rd.i /\ c.p = res
    /\ reads' = Answer(r, res)
    /\ action' = [a |-> "ReadReply", r |-> r, res |-> res]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Trims.  The kernel's client retries a trim at another switch while the  *)
(* first may still run it: TrimRequestK is TrimRequest without the model   *)
(* bound (one request per trim point while none runs anywhere).  A client *)
(* trim never started within its timeout is dropped (kernel Trims.onTick):*)
(* TrimExpireK; it was on no token, so it had no effect anywhere.         *)
TrimRequestK(x, tp) ==
    /\ tp \in TrimPts /\ sw[x].up /\ sw[x].view >= 0 /\ tp > sw[x].td /\ HasRoom(x)
    /\ sw' = [sw EXCEPT ![x].tops = @ \cup {NewTrimOp(tp, TRUE)}]
    /\ action' = [a |-> "TrimRequest", x |-> x, p |-> tp]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

TrimExpireK(x, tp) ==
    /\ sw[x].up
    /\ \E o \in sw[x].tops :
         /\ o.p = tp /\ o.cl /\ o.st = "new" /\ ~o.sn
         /\ sw' = [sw EXCEPT ![x].tops = @ \ {o}]
    /\ action' = [a |-> "TrimExpire", x |-> x, p |-> tp]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

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
      [] e.a = "GetTailReply" -> TailReplyDiff(e)
      [] e.a = "FillHole" ->
            IF action'.f # e.f
            THEN "FillHole.f (the indices one hole timer junk-filled): spec " \o Str(action'.f) \o ", kernel " \o Str(e.f)
            ELSE ""
      [] OTHER -> ""

(* ChooseEntries as the kernel coordinator does it: with the replies that  *)
(* had ARRIVED when it chose (a quorum of server replies, a set of switch  *)
(* replies with its own), which the spec's ChooseEntries takes to be all   *)
(* that were sent, and with the kernel's knownCommitted kk[x] for rf.  The *)
(* event does not name the replies: the coordinator's InstallView pins the *)
(* start and the ring.                                                     *)
ChooseEntriesK(x) ==
    /\ sw[x].up /\ co[x].ph = "seal"
    /\ LET R0 == {m \in msgs : m.t = "sr" /\ m.v = co[x].v /\ m.inc = sw[x].inc}
           S0 == SealRepliesOf(co[x].v)
       IN  \E Q \in SUBSET {m.s : m \in R0}, S \in SUBSET S0 :
             /\ Quorum(Q) /\ x \in {m.x : m \in S}
             /\ ChooseWith(x, {m \in R0 : m.s \in Q}, S, kk[x])
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

\* The coordinator's own SwitchSeal event is no spec step: StartViewChange
\* sealed it already (no Seal message to itself).
SelfSeal(e) == e.a = "SwitchSeal" /\ Coord(e.v) = e.x /\ sw[e.x].pv = e.v /\ co[e.x].v = e.v

(* A Seal of the view a switch promised already by a view check          *)
(* (ViewCheckReplyK: the kernel raises its promise and seals the switch   *)
(* without a reply to anyone): the kernel answers that Seal with an       *)
(* accepted SwitchSealReply, as it answers every Seal at or above its     *)
(* promise, where the spec's SwitchSeal needs a promise below the view.   *)
(* The reply is the spec's SealReply; nothing else changes (the promise   *)
(* is that view already).  Found by the wide trace of seed 211.           *)
SwitchSealK(x, m) ==
    /\ m.t = "seal" /\ Coord(m.v) # x
    /\ sw[x].up /\ sw[x].pv = m.v /\ sw[x].view < m.v
    /\ ~CutApart(x, Coord(m.v))
    /\ ~\E r \in msgs : r.t = "ss" /\ r.v = m.v /\ r.x = x /\ r.inc = sw[x].inc
    /\ co' = IF Coordinating(x) THEN [co EXCEPT ![x] = IdleCo] ELSE co
    /\ msgs' = msgs \cup {SealReply(x, m.v)}
    /\ action' = [a |-> "SwitchSeal", x |-> x, v |-> m.v, abandon |-> Coordinating(x)]
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A token of view v that was on its way to x when x crashed reaches x's  *)
(* next life, which drops it as stale (the kernel's Sequencing: no view,   *)
(* or a view below its promise) and hears of v.  The spec's SwitchCrash    *)
(* took that token with x (toks holds a token at the switch it is on its   *)
(* way to), so no token is left to drop: the trace-only step only hears of *)
(* v, a view whose token was minted.  Found by wide trace seed 79.         *)
DropLostTokenK(x, v) ==
    /\ sw[x].up /\ v <= curV
    /\ ~\E t \in toks : t.at = x /\ t.v = v
    /\ v < sw[x].pv \/ sw[x].view < 0
    /\ sw' = [sw EXCEPT ![x].ev = Heard(x, v)]
    /\ action' = [a |-> "DropStaleToken", x |-> x, v |-> v]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

\* The RingWorld action named by event e.
Do(e) ==
  IF SelfSeal(e) THEN UNCHANGED vars ELSE
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
      [] e.a = "SwitchSeal" ->
            \E m \in msgs : m.t = "seal" /\ m.v = e.v /\ (SwitchSeal(e.x, m) \/ SwitchSealK(e.x, m))
      [] e.a = "ChooseEntries" -> ChooseEntriesK(e.x) /\ action'.v = e.v
      [] e.a = "ServerRewrite" -> \E m \in msgs : m.t = "rw" /\ m.v = e.v /\ ServerRewrite(e.s, m)
      [] e.a = "InstallView" /\ e.role = "coordinator" ->
            co[e.x].start = e.start /\ InstallViewCoord(e.x) /\ action'.v = e.v /\ Range(action'.ring) = e.ring
      \* The coordinator's own member event (same kernel step): InstallViewCoord
      \* installed it already; a stutter, whose mint Diff checks against that step's.
      [] e.a = "InstallView" /\ co[e.x].v = e.v /\ co[e.x].ph = "done" /\ sw[e.x].view = e.v -> UNCHANGED vars
      [] e.a = "InstallView" -> \E m \in msgs : m.t = "inst" /\ m.v = e.v /\ InstallView(e.x, m)
      [] e.a = "GetTailStart" -> GetTailStart(e.g, e.x)
      [] e.a = "GetTailReply" -> UNCHANGED vars
      [] e.a = "ViewCheckReply" -> ViewCheckReplyK(e.x, e.s, e.v)
      \* a view heard of without acting on it (finding F13: the next view change starts above it)
      [] e.a = "AbandonViewChange" -> AbandonViewChange(e.x) /\ action'.learn = e.learn
      [] e.a = "InstallIgnored" -> \E m \in msgs : m.t = "inst" /\ m.v = e.v /\ InstallIgnored(e.x, m)
      [] e.a = "DropStaleToken" -> (DropStaleToken(e.x) /\ action'.v = e.v) \/ DropLostTokenK(e.x, e.v)
      [] e.a = "ReadForward" -> ReadForwardK(e.r, e.x, e.i, e.at)
      [] e.a = "ReadRequest" /\ e.at = e.x /\ reads[e.r].st = "idle" -> ReadRequest(e.r, e.x, e.i) /\ action'.at = e.at
      [] e.a = "ReadRequest" -> ReadArriveK(e.r, e.i, e.at)
      [] e.a = "ReadReply" -> ReadReplyK(e.r, e.res)
      [] e.a = "TrimRequest" -> TrimRequestK(e.x, e.p)
      [] e.a = "TrimExpire" -> TrimExpireK(e.x, e.p)
      [] e.a = "ServerTrim" ->
            \E m \in msgs : m.t = "trim" /\ m.v = e.v /\ m.p = e.p /\ m.x = e.x /\ ServerTrim(e.s, m)
      [] e.a = "TrimAck" -> \E m \in msgs : m.t = "tack" /\ m.x = e.x /\ m.s = e.s /\ m.p = e.p /\ TrimAck(e.x, m)
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
            /\ KernelKnownUpd(e)
         \/ IgnoredAck(e) /\ diff' = diff /\ UNCHANGED <<kc, rmin, kk>>
    /\ l' = l + 1
    /\ tk' = tk

(* Late seal replies need no relaxation: the kernel's ring is the replies  *)
(* that arrived by the choice (ChooseEntriesK picks them) plus those that   *)
(* arrived while it rewrote (InstallViewCoord picks them, label late).     *)
TraceStep == TraceNext

TraceSpec == TraceInit /\ [][TraceStep]_<<vars, l, diff, kc, rmin, kk, tk>>

\* EXPECTED to be violated: the whole trace was matched by a behaviour.
TraceNotAccepted == l <= Len(TraceLog)
\* Several traces in one TLC run (conformance-tests TlcTraceChecker.checkBatch): TLC prints
\* the number of every trace a behaviour matched whole; none is a violation.
TraceAccepted == l > Len(TraceLog) => PrintT(<<"trace accepted", tk>>)
\* Diagnostic run (Strict = FALSE): the first pinned result that differs.
NoDiff == diff = ""
=============================================================================
