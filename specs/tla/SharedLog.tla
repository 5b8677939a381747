----------------------------- MODULE SharedLog -----------------------------
(***************************************************************************)
(* The abstract shared log that RingWorld clients see: what "linearizable"  *)
(* means for RingWorld (paper, section 2.1.1, footnote 1: junk may appear). *)
(*                                                                         *)
(* The log is a sequence of slots, 1-based: slot i is log index i.         *)
(*   Res(S)   a slot handed out by sequencing whose content is not decided *)
(*            yet; S is the set of append operations pending when the slot *)
(*            was created (the candidates that may land there);            *)
(*   Data(p)  the payload of append operation p;                           *)
(*   Junk     a hole filled with junk (paper, footnote 1).                 *)
(*                                                                         *)
(* Each append operation is identified with its payload (clients never     *)
(* resend an append, so a payload is appended at most once).               *)
(*                                                                         *)
(* Why this is a linearizable log with junk.  Take any behaviour and       *)
(* linearize:                                                              *)
(*  - an append p that answers index i at the Extend/Resize step that      *)
(*    created slot i: p was pending then (p \in S), so the point lies in   *)
(*    p's interval, and at that point i was the end of the log;            *)
(*  - a slot that became Junk as a spontaneous junk append at the same     *)
(*    point (junk is allowed anywhere by the sequential spec);             *)
(*  - slots of a k-slot Extend one after another at that same instant, so  *)
(*    getTail may answer any intermediate length (that is why seen[g]     *)
(*    records every value the length takes while g is pending);           *)
(*  - a getTail answering t at an instant at which Len(log) = t (t is in  *)
(*    seen[g], and every value recorded in seen[g] that a Retract removed  *)
(*    is removed from seen[g] as well);                                    *)
(*  - a read answering Data/Junk at the response (decided slots never      *)
(*    change), NotYet at an instant at which i > Len(log) (beyond), and    *)
(*    Trimmed at the response (i < trimPoint).                             *)
(* Retracted slots are Reserved slots that nobody observed: reads block on *)
(* Reserved slots, appends answer only on Data, and getTail answers only   *)
(* lengths still in seen.  Removing them leaves a legal sequential history. *)
(*                                                                         *)
(* Every action of Next is one atomic event of that sequential story;      *)
(* Decide may decide several slots at once (independent events in any     *)
(* order); DecideResize is a Decide and a Resize with nothing observed in *)
(* between.  Actions are written as `x' \in {candidates | condition}` so  *)
(* TLC can both enumerate them (standalone model) and check a refinement   *)
(* step by a membership test (RingWorld's refinement PROPERTY).            *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Payloads,   \* append operations, identified with their payloads
    TailOps,    \* getTail operations
    ReadOps,    \* read operations
    MaxLen      \* bound on the number of slots (indices 1..MaxLen)

VARIABLES
    log,        \* Seq(Slot)
    trimPoint,  \* every index < trimPoint is trimmed
    apps,       \* [Payloads -> [st, idx]]
    tails,      \* [TailOps -> [st, seen, res]]
    reads       \* [ReadOps -> [st, i, beyond, res]]

slVars == <<log, trimPoint, apps, tails, reads>>

Idx == 1..MaxLen
Res(S)  == [k |-> "res", ops |-> S]
Data(p) == [k |-> "data", p |-> p]
JunkSlot == [k |-> "junk"]
Slot == {Res(S) : S \in SUBSET Payloads} \cup {Data(p) : p \in Payloads} \cup {JunkSlot}

AppRec  == [st : {"idle", "pend", "done"}, idx : 0..MaxLen]
TailRec == [st : {"idle", "wait", "done"}, seen : SUBSET (0..MaxLen), res : 0..MaxLen]
(* Read results, encoded as integers so they compare with payloads:       *)
RNone == -1
RNotYet == -2
RTrimmed == -3
RJunk == 0
ReadRes == {RNone, RNotYet, RTrimmed, RJunk} \cup Payloads
ReadRec == [st : {"idle", "wait", "done"}, i : 0..MaxLen, beyond : BOOLEAN, res : ReadRes]

SLTypeOK ==
    /\ log \in Seq(Slot) /\ Len(log) <= MaxLen
    /\ trimPoint \in 1..(MaxLen + 1)
    /\ apps \in [Payloads -> AppRec]
    /\ tails \in [TailOps -> TailRec]
    /\ reads \in [ReadOps -> ReadRec]

Pending == {p \in Payloads : apps[p].st = "pend"}
Decided(s) == s.k # "res"
DataIn(L) == {L[i].p : i \in {j \in 1..Len(L) : L[j].k = "data"}}
NoDupData(L) == \A i, j \in 1..Len(L) : (i # j /\ L[i].k = "data" /\ L[j].k = "data") => L[i].p # L[j].p

(* A new slot: reserved for the pending appends, or junk, or the data of a  *)
(* pending append (linearized right here).                                  *)
NewSlotOK(s) == s = Res(Pending) \/ s = JunkSlot \/ (s.k = "data" /\ s.p \in Pending)

(* getTail bookkeeping when the length moves from n to m (Retract to r < n  *)
(* first when r < n, then Extend to m).                                    *)
SeenAfter(seen, n, r, m) ==
    LET kept == {x \in seen : x <= r}
    IN  kept \cup (r..m)

Init ==
    /\ log = << >>
    /\ trimPoint = 1
    /\ apps = [p \in Payloads |-> [st |-> "idle", idx |-> 0]]
    /\ tails = [g \in TailOps |-> [st |-> "idle", seen |-> {}, res |-> 0]]
    /\ reads = [r \in ReadOps |-> [st |-> "idle", i |-> 0, beyond |-> FALSE, res |-> RNone]]

InvokeAppend(p) ==
    /\ apps[p].st = "idle"
    /\ apps' = [apps EXCEPT ![p].st = "pend"]
    /\ UNCHANGED <<log, trimPoint, tails, reads>>

InvokeTail(g) ==
    /\ tails[g].st = "idle"
    /\ tails' = [tails EXCEPT ![g] = [st |-> "wait", seen |-> {Len(log)}, res |-> 0]]
    /\ UNCHANGED <<log, trimPoint, apps, reads>>

InvokeRead(r) ==
    /\ reads[r].st = "idle"
    /\ \E i \in Idx :
         reads' = [reads EXCEPT ![r] = [st |-> "wait", i |-> i, beyond |-> i > Len(log), res |-> RNone]]
    /\ UNCHANGED <<log, trimPoint, apps, tails>>

(* Sequencing hands out k >= 1 new slots at once (one token visit). *)
Extend ==
    /\ \E k \in 1..(MaxLen - Len(log)) :
         /\ log' = log \o [j \in 1..k |-> Res(Pending)]
         /\ tails' = [g \in TailOps |-> IF tails[g].st = "wait"
                         THEN [tails[g] EXCEPT !.seen = SeenAfter(@, Len(log), Len(log), Len(log) + k)]
                         ELSE tails[g]]
    /\ UNCHANGED <<trimPoint, apps, reads>>

(* Some reserved slots get decided (data of a pending candidate, or junk);  *)
(* appends whose data is now in the log may answer in the same step.        *)
DecideOK(L, M) ==
    /\ M # L
    /\ \A i \in 1..Len(L) :
         \/ M[i] = L[i]
         \/ /\ L[i].k = "res"
            /\ \/ M[i] = JunkSlot
               \/ M[i].k = "data" /\ M[i].p \in L[i].ops /\ M[i].p \in Pending
    /\ NoDupData(M)

AppAnswerOK(A, M) ==
    \A p \in Payloads :
        \/ A[p] = apps[p]
        \/ /\ apps[p].st = "pend"
           /\ A[p].st = "done"
           /\ A[p].idx \in 1..Len(M)
           /\ M[A[p].idx] = Data(p)

Decide ==
    /\ log' \in {M \in [1..Len(log) -> Slot] : DecideOK(log, M)}
    /\ apps' \in {A \in [Payloads -> AppRec] : AppAnswerOK(A, log')}
    /\ UNCHANGED <<trimPoint, tails, reads>>

(* A view change: a suffix of reserved slots is retracted (nobody observed  *)
(* them) and/or new slots appear (reserved, junk, or data of pending ops). *)
ResizeOK(L, M) ==
    LET n == Len(L)
        m == Len(M)
        r == IF m < n THEN m ELSE n
    IN  /\ \A i \in 1..r : M[i] = L[i]
        /\ \A i \in (r + 1)..n : L[i].k = "res"
        /\ \A i \in (r + 1)..m : NewSlotOK(M[i])
        /\ NoDupData(M)

Resize ==
    /\ \E m \in 0..MaxLen :
         /\ m # Len(log)
         /\ log' \in {M \in [1..m -> Slot] : ResizeOK(log, M)}
         /\ LET r == IF m < Len(log) THEN m ELSE Len(log)
            IN  /\ tails' = [g \in TailOps |-> IF tails[g].st = "wait"
                                 THEN [tails[g] EXCEPT !.seen = SeenAfter(@, Len(log), r, m)]
                                 ELSE tails[g]]
                /\ reads' = [q \in ReadOps |-> IF reads[q].st = "wait" /\ reads[q].i > r
                                 THEN [reads[q] EXCEPT !.beyond = TRUE]
                                 ELSE reads[q]]
    /\ UNCHANGED <<trimPoint, apps>>

(* Decide, then Resize, with nothing observed in between (finding F16):    *)
(* RingWorld's coordinator of a view installs it and, as its first ring    *)
(* member, mints its token in one step (the kernel's install()), so the    *)
(* slots its view change rewrote are decided and the suffix nobody         *)
(* observed is retracted (or new slots appear) at once.  M is the log      *)
(* between the two steps: the new prefix, and the old slots beyond it.     *)
DecideResize ==
    /\ \E m \in 0..MaxLen :
         /\ m # Len(log)
         /\ LET r == IF m < Len(log) THEN m ELSE Len(log)
            IN  /\ log' \in {N \in [1..m -> Slot] :
                               LET M == [i \in 1..Len(log) |-> IF i <= r THEN N[i] ELSE log[i]]
                               IN  DecideOK(log, M) /\ ResizeOK(M, N)}
                /\ tails' = [g \in TailOps |-> IF tails[g].st = "wait"
                                 THEN [tails[g] EXCEPT !.seen = SeenAfter(@, Len(log), r, m)]
                                 ELSE tails[g]]
                /\ reads' = [q \in ReadOps |-> IF reads[q].st = "wait" /\ reads[q].i > r
                                 THEN [reads[q] EXCEPT !.beyond = TRUE]
                                 ELSE reads[q]]
    /\ UNCHANGED <<trimPoint, apps>>

(* An append answers with the index that holds its data. *)
AnswerAppend(p) ==
    /\ apps[p].st = "pend"
    /\ \E i \in 1..Len(log) :
         /\ log[i] = Data(p)
         /\ apps' = [apps EXCEPT ![p] = [st |-> "done", idx |-> i]]
    /\ UNCHANGED <<log, trimPoint, tails, reads>>

(* getTail answers a length the log had while the call was pending. *)
AnswerTail(g) ==
    /\ tails[g].st = "wait"
    /\ \E t \in tails[g].seen :
         tails' = [tails EXCEPT ![g] = [st |-> "done", seen |-> {}, res |-> t]]
    /\ UNCHANGED <<log, trimPoint, apps, reads>>

ReadAnswers(r) ==
    LET i == reads[r].i
    IN  (IF i < trimPoint THEN {RTrimmed} ELSE {})
        \cup (IF reads[r].beyond THEN {RNotYet} ELSE {})
        \cup (IF i >= trimPoint /\ i \in 1..Len(log) /\ log[i].k = "data" THEN {log[i].p} ELSE {})
        \cup (IF i >= trimPoint /\ i \in 1..Len(log) /\ log[i].k = "junk" THEN {RJunk} ELSE {})

AnswerRead(r) ==
    /\ reads[r].st = "wait"
    /\ \E a \in ReadAnswers(r) :
         reads' = [reads EXCEPT ![r] = [@ EXCEPT !.st = "done", !.res = a]]
    /\ UNCHANGED <<log, trimPoint, apps, tails>>

(* Trim(t): every index < t becomes trimmed; only decided slots are trimmed. *)
Trim ==
    /\ \E t \in (trimPoint + 1)..(Len(log) + 1) :
         /\ \A i \in 1..(t - 1) : Decided(log[i])
         /\ trimPoint' = t
    /\ UNCHANGED <<log, apps, tails, reads>>

Next ==
    \/ \E p \in Payloads : InvokeAppend(p) \/ AnswerAppend(p)
    \/ \E g \in TailOps : InvokeTail(g) \/ AnswerTail(g)
    \/ \E r \in ReadOps : InvokeRead(r) \/ AnswerRead(r)
    \/ Extend \/ Decide \/ Resize \/ DecideResize \/ Trim

Spec == Init /\ [][Next]_slVars

(* Sanity properties of the abstract log itself (checked standalone). *)
AnsweredAppendHoldsData ==
    \A p \in Payloads : apps[p].st = "done" => log[apps[p].idx] = Data(p)
DataUnique == NoDupData(log)
TrimmedDecided == \A i \in 1..(trimPoint - 1) : Decided(log[i])
=============================================================================
