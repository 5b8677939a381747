--------------------------- MODULE RingSequencing ---------------------------
(***************************************************************************)
(* Ring sequencing (paper 3.2.1; DESIGN "Normal case"): the token          *)
(* <view, h, c> moves around the ring of the view; a switch holding it     *)
(* hands out h+1..h+r to its r pending appends (one batch per visit),      *)
(* sends each assignment to the index's leader, folds its commit index    *)
(* into the token's committed prefix c and passes the token on.  getTail  *)
(* takes h at the next visit and answers once a token of the same view    *)
(* has c >= h.  Tokens of older views are dropped.                         *)
(*                                                                         *)
(* Abstraction: the hop number, TokenAck and retransmission make a token   *)
(* pass exactly-once over a fair-lossy link; the spec models their effect  *)
(* (a token moves to the successor once; it is lost only with the switch   *)
(* holding it, SwitchCrash).  A visit is one atomic step, as the kernel's *)
(* onToken is one handler: FoldCommit, the batch, getTail, PassToken.     *)
(***************************************************************************)
EXTENDS RingWorldBase

(* One append reaching switch x.  A client's AppendRequests (wire version  *)
(* 8: the appends of one client step to one switch, one message) is that  *)
(* many ClientAppend steps back to back, one per member, each under its    *)
(* own guard (a full queue refuses the rest: Busy); docs/design.md.        *)
ClientAppend(x, p) ==
    /\ apps[p].st = "idle"
    /\ sw[x].up /\ HasRoom(x)
    /\ apps' = [apps EXCEPT ![p] = [st |-> "pend", at |-> x, idx |-> 0]]
    /\ sw' = [sw EXCEPT ![x].pend = @ \cup {p}]
    /\ action' = [a |-> "ClientAppend", x |-> x, p |-> p]
    /\ UNCHANGED <<co, srv, msgs, toks, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A restarted switch refuses an append addressed to an earlier life       *)
(* (kernel AppendStale): it may be a network duplicate of a request the    *)
(* earlier life sequenced, whose id the new life cannot remember.  Nothing *)
(* happens and the append stays idle (the kernel client's operation ends   *)
(* INDETERMINATE; the application may append the payload again).  Whether  *)
(* the client had heard of the restart is the nondeterminism: a client    *)
(* learns the new life from this refusal, so a later ClientAppend reaches *)
(* it.  (Conformance finding F12a: the spec's appends always reached the  *)
(* new life.)  The same refusal comes from a switch that forgot the ids   *)
(* it saw without a restart (AllowForget): its table of clients was full  *)
(* (Config.dedupClientsMax) and it started a new dedup epoch, refusing    *)
(* every append addressed to the old one, or the request id is older than *)
(* the client's window.  Memory stays bounded; no duplicate is sequenced  *)
(* twice, because a refused request is never sequenced.                   *)
ClientAppendStale(x, p) ==
    /\ apps[p].st = "idle"
    /\ sw[x].up /\ (sw[x].inc > 0 \/ AllowForget)
    /\ action' = [a |-> "ClientAppendStale", x |-> x, p |-> p]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

\* A waiting getTail (record tg) at switch x can answer with its h from a
\* token of view v whose committed prefix is c: same view, c >= h (planted
\* bug TailNoWait skips it), and the view is still the one a majority of
\* replica set 0 accepts (a switch left behind in an old view must not
\* answer; README, "Findings"; planted bug NoTailViewCheck skips it).
CanReturn(tg, x, v, c) ==
    /\ tg.st = "wait"
    /\ tg.at = x
    /\ tg.h >= 0
    /\ tg.tv = v
    /\ Bug = "TailNoWait" \/ c >= tg.h
    /\ Bug = "NoTailViewCheck" \/ ViewConfirmed(v)

(* FoldCommit (the kernel's Sequencing.visit): the token carries rm, the  *)
(* minimum of the ring members' commit indices (LocalCommit) over one      *)
(* round; the first ring member closes the round, c = max(c, rm), and     *)
(* starts the next one with its own commit index; every other member      *)
(* folds its own in.  Every index <= c is committed (a round's minimum    *)
(* covers every member).  (Conformance finding F14: c used to relay hop by *)
(* hop here, ahead of the kernel's, so the spec answered getTails and      *)
(* started trims earlier than the kernel could.)                          *)
(* Planted bug NoFoldCommit: c never advances (caught by TailsReturn).      *)
FoldCommit(t, x) ==
    LET mine == LocalCommit(x)
    IN  IF Bug = "NoFoldCommit" THEN [c |-> t.c, rm |-> t.rm]
        ELSE IF sw[x].ring[1] = x THEN [c |-> Max2(t.c, t.rm), rm |-> mine]
        ELSE [c |-> t.c, rm |-> IF mine < t.rm THEN mine ELSE t.rm]

(* PassToken: the ring successor of x in its view (in the token's ring: *)
(* the switches admitted without a view change follow the view's ring,    *)
(* RingAll; issue 19, Rejoin).                                             *)
PassToken(x) == LET ring == RingAll(sw[x]) IN ring[(Pos(ring, x) % Len(ring)) + 1]

(* The trim part of a token visit t at x whose known committed prefix is  *)
(* kc2 (kernel Trims.onTokenVisit): learn the token's pending and done     *)
(* trim points; a trim in round 1 whose token visited the whole ring since *)
(* starts round 2; a new one whose prefix - 1 is known committed (or that  *)
(* was started before a view change) starts round 1 on the token x passes. *)
TrimR1Done(x, o) == o.st = "r1" /\ (Range(RingAll(sw[x])) \ {x}) \subseteq o.seen
TrimR1Start(o, kc2) == o.st = "new" /\ (o.sn \/ o.p <= kc2 + 1)
TrimVisit(s0, x, t, kc2) ==
    LET s == TrimLearn(s0, t.tp, t.td)
        starts == {o \in s.tops : TrimR1Start(o, kc2)}
    IN  [s EXCEPT !.tops = {IF TrimR1Done(x, o) THEN [o EXCEPT !.st = "r2", !.acks = {}]
                            ELSE IF TrimR1Start(o, kc2) THEN [o EXCEPT !.st = "r1", !.sn = TRUE, !.seen = {}]
                            ELSE o : o \in s.tops},
                  !.tp = Max({s.tp} \cup {o.p : o \in starts})]
\* Round 2 starts: a ServerTrim to every server (one message in the spec).
TrimRound2(x, t) == {[t |-> "trim", v |-> t.v, p |-> o.p, x |-> x] :
                      o \in {o2 \in TrimLearn(sw[x], t.tp, t.td).tops : TrimR1Done(x, o2)}}
\* The other ring members' round-1 trims: x has seen their token.
TrimSeen(z, x, v) ==
    IF sw[z].view = v
    THEN [sw[z] EXCEPT !.tops = {IF o.st = "r1" THEN [o EXCEPT !.seen = @ \cup {x}] ELSE o : o \in @}]
    ELSE sw[z]

(* One token visit at x, atomic as in the kernel's onToken:                *)
(*  FoldCommit; SequenceBatch proper (the r pending appends get h+1..h+r,  *)
(*  each assignment goes to its leader); the trim part (TrimVisit); the    *)
(*  waiting getTails at x take the new h (GetTailStart's second half) and  *)
(*  those whose condition holds answer (GetTailReturn); the reads waiting  *)
(*  for the visit start their view check (ReadPhases); PassToken to the    *)
(*  successor, with x's pending and done trim points.  The label lists     *)
(*  what happened.                                                         *)
SequenceBatch(x) ==
    \E t \in toks :
      /\ t.at = x /\ Active(x) /\ t.v = sw[x].view
      /\ t.h + Cardinality(sw[x].pend) <= MaxIdx
      \* The visit's intermediate results are bound by one-element \E ,
      \* not LET: TLC evaluates ENABLED for weak fairness without caching LET
      \* definitions or operator arguments, and each reference to sv, sx or T1
      \* re-evaluated the chain below it (RingWorld_live_fast: 56 s of 57 went to
      \* ENABLED SequenceBatch).  The meaning is the same; the state counts are.
      /\ \E ps \in {Ascending(sw[x].pend)}, fold \in {FoldCommit(t, x)} :
         LET r  == Len(ps)
             hNew == IF Bug = "DoubleAssign" THEN t.h ELSE t.h + r
             cNew == fold.c
             newA == {[v |-> t.v, i |-> t.h + k, p |-> ps[k]] : k \in 1..r}
             \* Indices x leads itself are accepted inside the visit (the kernel's
             \* Replication.assign: no Assign message to itself): in smap, written at once.
             selfA == {a \in newA : Leader(sw[x], a.i) = x}
             nx == PassToken(x)
             latest == t.v = curV /\ r > 0
             mA == IF latest THEN t.h + r ELSE maxA
             takes(g) == tails[g].st = "wait" /\ tails[g].at = x /\ (tails[g].h < 0 \/ tails[g].tv < t.v)
             \* the kernel's highestSeenH and knownCommitted (reported at a seal)
             kc2 == Max2(sw[x].kc, cNew)
         IN
         \E sv \in {[sw[x] EXCEPT !.pend = {}, !.hs = Max2(@, hNew), !.kc = kc2,
                                  !.smap = [i \in Idx |-> IF \E a \in selfA : a.i = i
                                                          THEN [p |-> (CHOOSE a \in selfA : a.i = i).p,
                                                                acks |-> {}, com |-> FALSE]
                                                          ELSE @[i]]]} :
         \* the visit starts a hole timer for what x awaits up to hNew (HoleMarks)
         \E sh \in {[sv EXCEPT !.hd = HoleMarks(sv, x, @ \cup {hNew})]} :
         \E sx \in {TrimVisit(sh, x, t, kc2)} :
         \* after the batch: seen updated, h taken
         \E T1 \in {[g \in TailOps |->
                       LET tg == IF tails[g].st = "wait" /\ latest
                                 THEN [tails[g] EXCEPT !.seen = SeenUpd(@, mA)]
                                 ELSE tails[g]
                       IN  IF takes(g) THEN [tg EXCEPT !.h = hNew, !.tv = t.v] ELSE tg]} :
         \E answers \in {{g \in TailOps : CanReturn(T1[g], x, t.v, cNew)}} :
             /\ toks' = (toks \ {t}) \cup {[t EXCEPT !.h = hNew, !.c = cNew, !.rm = fold.rm, !.at = nx,
                                                  !.tp = sx.tp, !.td = sx.td]}
             /\ msgs' = msgs \cup {[t |-> "asg", v |-> a.v, i |-> a.i, p |-> a.p] : a \in newA \ selfA}
                             \cup {[t |-> "wr", v |-> a.v, i |-> a.i, p |-> a.p] : a \in selfA}
                             \cup TrimRound2(x, t)
             /\ asg' = asg \cup newA
             /\ sw' = [z \in Switches |-> IF z = x THEN sx ELSE TrimSeen(z, x, t.v)]
             /\ maxA' = mA
             /\ resv' = [i \in Idx |-> IF latest /\ i > maxA /\ i <= mA THEN Pending ELSE resv[i]]
             /\ tails' = [g \in TailOps |-> IF g \in answers
                                            THEN [T1[g] EXCEPT !.st = "done", !.res = T1[g].h, !.seen = {}]
                                            ELSE T1[g]]
             \* reads waiting for this visit: a view check if committed or beyond h, else Retry
             /\ reads' = [q \in ReadOps |->
                            IF reads[q].st = "wait" /\ reads[q].at = x /\ reads[q].ck = "visit" /\ reads[q].cv = t.v
                            THEN [reads[q] EXCEPT !.ck = IF KnowsCommitted(sx, reads[q].i) \/ hNew < reads[q].i
                                                         THEN CheckPhase(x) ELSE "none"]
                            ELSE reads[q]]
             /\ action' = [a |-> "SequenceBatch", x |-> x, v |-> t.v, h |-> t.h, r |-> r,
                           c |-> cNew, getTailReturn |-> answers, passToken |-> nx]
      /\ UNCHANGED <<co, srv, apps, trimPt, faults, commits, curV, crashed, vcAfterCrash>>

(* A token of an older view than the switch has promised (or at a switch   *)
(* that lost its state) is dropped.  Planted bug StaleTailToken: before    *)
(* dropping it, the switch answers its waiting getTails from it.           *)
DropStaleToken(x) ==
    \E t \in toks :
      /\ t.at = x /\ sw[x].up
      /\ t.v < sw[x].pv \/ sw[x].view < 0
      /\ toks' = toks \ {t}
      \* it hears of the token's view (a restarted switch: a view it did not know)
      /\ sw' = [sw EXCEPT ![x].ev = Heard(x, t.v)]
      /\ tails' = IF Bug = "StaleTailToken"
                  THEN [g \in TailOps |-> IF tails[g].st = "wait" /\ tails[g].at = x /\ t.c >= t.h
                                          THEN [tails[g] EXCEPT !.st = "done", !.res = t.h, !.seen = {}]
                                          ELSE tails[g]]
                  ELSE tails
      /\ action' = [a |-> "DropStaleToken", x |-> x, v |-> t.v]
      /\ UNCHANGED <<co, srv, msgs, apps, reads, trimPt, faults, asg, commits,
                     maxA, curV, resv, crashed, vcAfterCrash>>

(* A client calls getTail at switch x; it waits for the next token visit. *)
GetTailStart(g, x) ==
    /\ tails[g].st = "idle"
    /\ sw[x].up /\ HasRoom(x)
    /\ tails' = [tails EXCEPT ![g] = [st |-> "wait", at |-> x, tv |-> -1, h |-> -1, res |-> 0,
                                      seen |-> {maxA}, cover |-> MaxDoneIdx, floor |-> MaxDoneTail]]
    /\ action' = [a |-> "GetTailStart", g |-> g, x |-> x]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A getTail whose switch crashed while it waited (SwitchCrash: at 0): the *)
(* request died with that life, and the client's retry timer asks another *)
(* switch (kernel Client.retry), where it waits for a token visit again.  *)
(* It stays pending throughout, its seen lengths kept.  (Conformance       *)
(* finding F15: the getTail waited for the crashed switch's next life.)    *)
GetTailRetry(g, x) ==
    /\ tails[g].st = "wait" /\ tails[g].at = 0
    /\ sw[x].up /\ HasRoom(x)
    /\ tails' = [tails EXCEPT ![g].at = x]
    /\ action' = [a |-> "GetTailRetry", g |-> g, x |-> x]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Busy: a switch whose queue is full refuses an append or a getTail       *)
(* (kernel Busy); the request definitely failed, nothing changes, and the  *)
(* client may try again later (its operation stays idle).                  *)
ClientAppendBusy(x, p) ==
    /\ apps[p].st = "idle"
    /\ sw[x].up /\ Full(x)
    /\ action' = [a |-> "ClientAppendBusy", x |-> x, p |-> p]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

GetTailBusy(g, x) ==
    /\ tails[g].st = "idle"
    /\ sw[x].up /\ Full(x)
    /\ action' = [a |-> "GetTailBusy", g |-> g, x |-> x]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A read's view check at x is open (ReadPhases): started at its arrival  *)
(* or at the token visit that showed it committed or beyond h, in x's      *)
(* current view, and not confirmed at once (conformance finding F8: the    *)
(* spec used to evaluate the kernel's condition at any time).              *)
ReadChecking(r, x) ==
    /\ reads[r].st = "wait" /\ reads[r].at = x
    /\ reads[r].ck = "check" /\ reads[r].cv = sw[x].view

(* The view check behind ViewConfirmed (kernel ViewCheck/ViewCheckReply,  *)
(* onViewCheckReply): a switch with a getTail waiting whose h it knows     *)
(* committed (kc >= h: the kernel asks only then; conformance finding F8) *)
(* or with a read whose check is open (ReadChecking) asks replica set 0   *)
(* for their promises; a server that has promised a later view teaches it *)
(* that view and seals it                                                  *)
(* (onOutranked): it stops sequencing and replicating in its old view, as *)
(* if sealed.                                                              *)
ViewCheckReply(x, s) ==
    /\ Active(x)
    /\ \/ \E g \in TailOps : tails[g].st = "wait" /\ tails[g].at = x /\ tails[g].h >= 0
                            /\ tails[g].tv = sw[x].view /\ sw[x].kc >= tails[g].h
       \/ \E r \in ReadOps : ReadChecking(r, x)
    /\ s \in RSet(0) /\ srv[s].up /\ srv[s].pv > sw[x].view
    /\ sw' = [sw EXCEPT ![x].pv = srv[s].pv]
    /\ action' = [a |-> "ViewCheckReply", x |-> x, s |-> s, v |-> srv[s].pv]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

-----------------------------------------------------------------------------
(* Standalone check (RingSequencing_fast.cfg): sequencing over a stub      *)
(* replication layer (a leader commits an assignment as soon as it gets    *)
(* it), in view 0, no faults.                                              *)
StubCommit(x, m) ==
    /\ m.t = "asg"
    /\ Active(x) /\ m.v = sw[x].view /\ Leader(sw[x], m.i) = x
    /\ sw[x].smap[m.i].p = NoE
    /\ sw' = [sw EXCEPT ![x] = WithMarks([@ EXCEPT !.smap[m.i] = [p |-> m.p, acks |-> {}, com |-> TRUE]], x)]
    /\ commits' = commits \cup {[v |-> m.v, i |-> m.i, p |-> m.p]}
    /\ apps' = IF apps[m.p].st = "pend" THEN [apps EXCEPT ![m.p].st = "done", ![m.p].idx = m.i]
               ELSE apps
    /\ action' = [a |-> "StubCommit", x |-> x, i |-> m.i]
    /\ UNCHANGED <<co, srv, msgs, toks, tails, reads, trimPt, faults, asg,
                   maxA, curV, resv, crashed, vcAfterCrash>>

SeqNext ==
    \/ \E p \in Payloads : \E x \in ClientSwitches(p) : ClientAppend(x, p) \/ ClientAppendBusy(x, p)
    \/ \E x \in Switches : SequenceBatch(x) \/ DropStaleToken(x)
    \/ \E g \in TailOps : \E x \in ClientSwitches(g) : GetTailStart(g, x) \/ GetTailBusy(g, x)
    \/ \E x \in Switches, m \in msgs : StubCommit(x, m)

SeqSpec == Init /\ [][SeqNext]_vars
=============================================================================
