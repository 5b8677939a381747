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
    \/ \E y \in Range(RingAll(sw[x])) : ~sw[y].up
    \/ /\ sw[x].pv > sw[x].view
       /\ \/ ~sw[Coord(sw[x].pv)].up
          \/ co[Coord(sw[x].pv)].v # sw[x].pv
          \/ /\ co[Coord(sw[x].pv)].ph = "done"
             /\ ~\E m \in msgs : m.t = "inst" /\ m.v = sw[x].pv /\ x \in Range(m.ring)
                                 /\ m.incs[x] = sw[x].inc

(* Issue 19, item 3 (i): the pre-vote.  A switch that suspects (any     *)
(* trigger above: the timeouts) first asks the servers of replica set 0   *)
(* whether they have heard from the ring of the view they promised        *)
(* recently, and starts the view change only if a majority of them has    *)
(* not.  Why servers, and why replica set 0: a view change needs a        *)
(* majority of every replica set anyway, so a switch that could complete  *)
(* one can always reach this quorum, however many switches are down        *)
(* (switches are fail-stop: one live switch must be able to recover, so   *)
(* a majority of switches cannot be asked); replica set 0 is already the  *)
(* view's authority (ViewConfirmed).  The ring keeps the servers informed *)
(* (kernel: its first member tells replica set 0 once per heartbeat that  *)
(* the view's token goes round); a switch cut off from the ring but not   *)
(* from the servers is then refused while the ring works.  The spec reads *)
(* "heard recently" as a timeout oracle, as Suspect does: the view is     *)
(* installed by a live switch, and every member of its token's ring is up, *)
(* not cut off, promised nothing higher, and has installed the view or has *)
(* its install in flight.  The grants are read in one step, as            *)
(* ViewConfirmed reads the promises (the pre-vote changes no server       *)
(* state).  Planted bug NoPreVote: the check is skipped.                   *)
MemberHealthy(y, v) ==
    /\ sw[y].up /\ ~IsCut(y) /\ sw[y].pv <= v
    /\ \/ sw[y].view = v
       \/ \E m \in msgs : m.t = "inst" /\ m.v = v /\ y \in Range(m.ring) /\ m.incs[y] = sw[y].inc
RingAlive(v) ==
    \E x \in Switches : Active(x) /\ sw[x].view = v /\ \A y \in Range(RingAll(sw[x])) : MemberHealthy(y, v)
PreVoteGranted(x) ==
    IsMajority({s \in RSet(0) : srv[s].up /\ Vouches(s) /\ ~RingAlive(srv[s].pv)}, 0)
PreVoteOK(x) == ~PreVote \/ Bug = "NoPreVote" \/ PreVoteGranted(x)

(* Issue 19, item 2: bounded seal replies (SealEntriesMax > 0).  A server  *)
(* reply carries at most SealEntriesMax entries: those it holds from index *)
(* from on (at or above its trim point), the lowest first, and nx, the     *)
(* index to ask from for the next page (0: this is the last page).  The    *)
(* coordinator keeps the pages it has; the spec carries them along: ents   *)
(* is what the coordinator holds from s once this page arrived (the        *)
(* earlier pages' entries and this one's, pg), which Choose reads as it   *)
(* reads an unbounded reply's entries, and a lost page loses only itself  *)
(* (the coordinator asks again from the last nx it has).  vs and tp are    *)
(* the server's at this page (the coordinator takes the last page's).      *)
NoEntries == [i \in Idx |-> NoEntry]
SealPage(s, v, inc, from, acc) ==
    LET held == {i \in Idx : i >= from /\ i >= srv[s].tp /\ srv[s].st[i].p # NoE}
        pg == {i \in held : Cardinality({j \in held : j <= i}) <= SealEntriesMax}
    IN  [t |-> "sr", v |-> v, inc |-> inc, s |-> s, vs |-> srv[s].vs, tp |-> srv[s].tp,
         ents |-> [i \in Idx |-> IF i \in pg THEN srv[s].st[i]
                                 ELSE IF i < srv[s].tp THEN NoEntry ELSE acc[i]],
         pg |-> pg, nx |-> IF held \ pg = {} THEN 0 ELSE Max(pg) + 1]
\* A server's reply is complete: unbounded, or its last page.  Planted bug
\* SealFirstPage: the coordinator takes any page for the whole reply.
SealComplete(m) == SealEntriesMax = 0 \/ m.nx = 0 \/ Bug = "SealFirstPage"

(* A switch's seal reply (kernel SwitchSealReply): its incarnation and the *)
(* highest token h it has seen (the new view starts above it).             *)
(* Also the trim points it knows pending and done.                        *)
SealReply(x, v) == [t |-> "ss", v |-> v, x |-> x, inc |-> sw[x].inc, h |-> sw[x].hs,
                    tp |-> sw[x].tp, td |-> sw[x].td]

(* x becomes coordinator of the smallest view it coordinates above every  *)
(* view it knows of: its own promise, its last coordination and the views  *)
(* it heard of (ev), as the kernel's View.nextFor.  It does not know the   *)
(* servers' promises: a restarted switch may start a view a server         *)
(* promised higher (it learns that view from the refusal:                  *)
(* AbandonViewChange), or its earlier life's view again (the servers tell  *)
(* the two ballots apart; the kernel's coordinator timeout, not modelled,  *)
(* then moves on).  (Conformance finding F13: the spec used to start above *)
(* the live servers' promises.)  Its seal names its incarnation: with the  *)
(* view, the ballot.                                                       *)
(* It seals itself at once, as the kernel's onSuspect does: it promises    *)
(* the new view (so it stops sequencing and replicating in the old one)   *)
(* and counts its own seal reply (the "ss" message it adds; no Seal to    *)
(* itself is needed, and its SwitchSeal is never enabled for this view).  *)
StartViewChange(x) ==
    /\ sw[x].up
    /\ \/ VCTrigger = "any"
       \/ VCTrigger = "afterCrash" /\ crashed
       \/ VCTrigger = "afterKnownCommit" /\ sw[x].kc >= 1
       \/ Suspect(x)
    /\ Quorum({s \in Servers : srv[s].up})
    \* issue 19: only with a pre-vote (if the model switches PreVote on)
    /\ PreVoteOK(x)
    /\ LET fl == Max({sw[x].pv, co[x].v, sw[x].ev})
           cand == {v \in Views : v > fl /\ Coord(v) = x}
       IN  /\ cand # {}
           /\ co' = [co EXCEPT ![x] = [IdleCo EXCEPT !.v = Min(cand), !.ph = "seal"]]
           /\ sw' = [sw EXCEPT ![x].pv = Min(cand), ![x].ev = Min(cand)]
           /\ msgs' = msgs \cup {[t |-> "seal", v |-> Min(cand), inc |-> sw[x].inc], SealReply(x, Min(cand))}
           /\ action' = [a |-> "StartViewChange", x |-> x, v |-> Min(cand)]
    /\ UNCHANGED <<srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Phase 1 at a server: promise v, reply with its trim point and the       *)
(* entries at or above it.                                                 *)
ServerSeal(s, m) ==
    /\ m.t = "seal"
    /\ srv[s].up /\ Vouches(s) /\ srv[s].pv < m.v
    /\ srv' = [srv EXCEPT ![s].pv = m.v, ![s].pi = m.inc]
    \* issue 19: with SealEntriesMax > 0 the reply is the first page (SealPage)
    /\ msgs' = msgs \cup {IF SealEntriesMax = 0
                          THEN [t |-> "sr", v |-> m.v, inc |-> m.inc, s |-> s, vs |-> srv[s].vs, tp |-> srv[s].tp,
                                ents |-> [i \in Idx |-> IF i >= srv[s].tp THEN srv[s].st[i] ELSE NoEntry]]
                          ELSE SealPage(s, m.v, m.inc, 1, NoEntries)}
    /\ action' = [a |-> "ServerSeal", s |-> s, v |-> m.v, inc |-> m.inc]
    /\ UNCHANGED <<sw, co, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Phase 1 at a switch: stop sequencing/replicating in the old view, reply *)
(* with the highest h seen.  A switch coordinating a lower view (sealing   *)
(* or rewriting) abandons it, as the kernel's onSeal does (label abandon). *)
Coordinating(x) == co[x].ph \in {"seal", "rw"}

SwitchSeal(x, m) ==
    /\ m.t = "seal"
    \* Not its own view's seal: a coordinator seals itself at StartViewChange and
    \* sends no Seal to itself, so a restarted switch never gets the one its earlier
    \* life sent out (conformance finding F12b).
    /\ Coord(m.v) # x
    /\ sw[x].up /\ sw[x].pv < m.v
    /\ ~CutApart(x, Coord(m.v))
    /\ sw' = [sw EXCEPT ![x].pv = m.v]
    /\ co' = IF Coordinating(x) THEN [co EXCEPT ![x] = IdleCo] ELSE co
    /\ msgs' = msgs \cup {SealReply(x, m.v)}
    /\ action' = [a |-> "SwitchSeal", x |-> x, v |-> m.v, abandon |-> Coordinating(x)]
    /\ UNCHANGED <<srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A coordinator learns that a higher view outranks its own: a server or a *)
(* switch refuses its Seal or rewrite naming a higher promise (the kernel's *)
(* abandonIfOutranked in onSealReply / onWriteAck).  It gives up; a later  *)
(* suspicion starts a new view change.  The refusal answers a message of  *)
(* its view that can still reach that node (a server: the seal or the     *)
(* rewrite; a switch: the seal): with its seal lost, a coordinator learns *)
(* of the higher view only from that view's seal (SwitchSeal, abandon).   *)
(* (Conformance finding F5: enabled by any higher promise, this step had  *)
(* no kernel counterpart.)  The coordinator learns the promise the refusal *)
(* names (ev, learn; F13): its next view change starts above it.  A       *)
(* refusal of its own view (a server promised it to another or an unknown *)
(* ballot: ServerSeal, ServerRewrite) is no reason to give up (kernel      *)
(* abandonIfOutranked; TLC found such an abandon losing liveness).        *)
OwnSeal(x) == [t |-> "seal", v |-> co[x].v, inc |-> sw[x].inc]
AbandonViewChange(x) ==
    /\ sw[x].up /\ Coordinating(x)
    /\ \E w \in Views :
         /\ w > co[x].v
         /\ \/ \E s \in Servers :
                 /\ srv[s].up /\ srv[s].pv = w
                 /\ \E m \in msgs : m.t \in {"seal", "rw"} /\ m.v = co[x].v /\ m.inc = sw[x].inc
            \/ \E y \in Switches : sw[y].up /\ sw[y].pv = w /\ OwnSeal(x) \in msgs /\ ~CutApart(x, y)
         /\ co' = [co EXCEPT ![x] = IdleCo]
         /\ sw' = [sw EXCEPT ![x].ev = Heard(x, w)]
         /\ action' = [a |-> "AbandonViewChange", x |-> x, v |-> co[x].v, learn |-> w]
    /\ UNCHANGED <<srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* MintToken: the first ring member mints <v', start-1> (c = start-1: all *)
(* indices below start are committed in v').  The effect on the token set *)
(* and on the refinement history; used by InstallView and by the planted  *)
(* bug MintWithoutViewChange (a second mint in the same view).            *)
\* A view in which a higher view has already committed (its install message
\* reached the first member late) does not become the latest view of the
\* refinement mapping: none of its appends can commit (the higher view's
\* rewrite quorum refuses them) and its getTails fail ViewConfirmed.
MintEffects(x, v, n, tp, td) ==
    LET newer == v > curV /\ ~\E c \in commits : c.v > v
    IN  /\ toks' = toks \cup {[v |-> v, h |-> n, c |-> n, rm |-> n, at |-> x, tp |-> tp, td |-> td]}
        /\ curV' = IF newer THEN v ELSE curV
        /\ maxA' = IF newer THEN n ELSE maxA
        /\ resv' = IF newer THEN [i \in Idx |-> IF i > maxA /\ i <= n THEN Pending ELSE resv[i]]
                   ELSE resv
        /\ tails' = IF newer THEN TailsAfter(n) ELSE tails
        /\ reads' = IF newer THEN ReadsAfter(n) ELSE reads
        /\ vcAfterCrash' = (vcAfterCrash \/ (newer /\ crashed))

(* A switch's state once it installs the view of install message m (its  *)
(* status map restarts: indices below start are committed in this view; its *)
(* highest h seen and known committed prefix rise to start - 1).           *)
(* Trims (kernel Trims.onViewInstalled): learn the install's trim points;  *)
(* every open trim restarts at round 1 (keeping sn); the first ring member *)
(* drives the highest known trim point unless one of its trims covers it.  *)
MemberInstall(x, m) ==
    LET s1 == TrimLearn([sw[x] EXCEPT !.view = m.v, !.pv = m.v, !.ring = m.ring, !.start = m.start,
                                      !.rf = m.rf, !.smap = EmptyMap, !.minted = (m.ring[1] = x),
                                      !.hs = Max2(@, m.start - 1), !.hd = {}, !.kc = Max2(@, m.start - 1),
                                      !.jn = << >>],
                         m.tp, m.td)
        s2 == [s1 EXCEPT !.tops = {[o EXCEPT !.st = "new", !.seen = {}, !.acks = {}] : o \in @}]
        highest == Max2(s2.tp, s2.td)
    IN  IF m.ring[1] = x /\ highest > 1 /\ ~\E o \in s2.tops : o.p >= highest
        THEN [s2 EXCEPT !.tops = @ \cup {[NewTrimOp(highest, FALSE) EXCEPT !.sn = TRUE]}]
        ELSE s2

(* With seal replies from a majority of every replica set (all the replies *)
(* that have arrived; their timing is the nondeterminism), as the kernel's *)
(* Coordinator.choose: the new view starts above every index handed out    *)
(* that the coordinator can know of: the highest entry a server reports,   *)
(* the highest token h a sealed switch saw (junk up to it), its own known *)
(* committed prefix kc, the trim points reported (kernel maxTrimPoint: the *)
(* switches' done ones; maxTrimPending: the switches' pending ones and the *)
(* servers' trim points, which a round 2 that reached a minority may have  *)
(* set: not done (finding: declared done, a later view whose quorum missed *)
(* that server served the index again, kernel TrimAcrossViewChangesTest)). *)
(* It rewrites only from rf = max(kc + 1, maxTrimPoint, the servers' trim  *)
(* points) (below, every index is committed and keeps its                 *)
(* entries): per index the highest-view payload (fenced, see above), else *)
(* junk.  R: server replies, S: switch replies, kc: the coordinator's.    *)
(* Planted bugs: SkipSeal (any set of replies, even none), LowestView (the *)
(* lowest view wins), NoFence (no fencing).                                *)
Choose(v, R, S, kc) ==
    LET lv == IF R = {} THEN [v |-> 0, start |-> 1]
              ELSE (CHOOSE m \in R : \A m2 \in R : m2.vs.v <= m.vs.v).vs
        Valid(e, i) == e.p \notin {NoE, Unk} /\ (Bug = "NoFence" \/ ~(e.v < lv.v /\ i >= lv.start))
        \* Disk faults: a reply vouches for i unless it reports i unknown (Unk).
        \* i is chosen only on a majority of i's set of replies that vouch for
        \* it (so junk only where such a majority positively never held a valid
        \* entry); else the coordinator waits for more replies (ok).  An unknown index does not
        \* raise hi (a wiped server's unknown range has no end in the kernel):
        \* one above hi needs the same majority, and then no server of it holds
        \* an entry (hi would cover it), so it was never committed and the new
        \* view may hand it out again.  Planted bug UnknownAsEmpty: an unknown
        \* report counts as empty.
        Vouched(m, i) == m.ents[i].p # Unk \/ Bug = "UnknownAsEmpty"
        mtp == Max({m.td : m \in S} \cup {1})
        mst == Max({m.tp : m \in R} \cup {1})
        mpend == Max({m.tp : m \in S} \cup {mst})
        hi == Max({i \in Idx : \E m \in R : m.ents[i].p \notin {NoE, Unk}} \cup {m.h : m \in S}
                  \cup {kc, Max2(mtp, mpend) - 1, lv.start - 1})
        rf == Max({kc + 1, mtp, mst})
        Best(i) ==
            LET es == {m.ents[i] : m \in {m2 \in R : Valid(m2.ents[i], i)}}
            IN  IF es = {} THEN Junk
                ELSE (CHOOSE e \in es : \A e2 \in es :
                        IF Bug = "LowestView" THEN e.v <= e2.v ELSE e.v >= e2.v).p
        \* Decided: a majority of i's set vouches for i.  Then a committed entry
        \* at i (on a majority) is in a vouching reply, and the highest valid
        \* entry, or junk if none, is the choice of the fault-free argument.
        \* (It used to take any valid entry as enough: a server that lost a
        \* view's rewrite at i but kept that view's fence reports i unknown,
        \* and a stale entry of an older view, valid below the fence's start,
        \* then won over the committed rewrite: kernel disk campaign seed 460.)
        \* Planted bug DecideOnOneValid: that old rule (one valid entry, or a
        \* majority that positively never held one).
        Vouching(i) == {m.s : m \in {m2 \in R : Vouched(m2, i)}}
        NeverHeld(i) == {m.s : m \in {m2 \in R : Vouched(m2, i) /\ ~Valid(m2.ents[i], i)}}
        Decided(i) == IF Bug = "DecideOnOneValid"
                      THEN (\E m \in R : Valid(m.ents[i], i)) \/ IsMajority(NeverHeld(i), RSOf(i))
                      ELSE IsMajority(Vouching(i), RSOf(i))
    IN  [start |-> hi + 1, rf |-> rf, td |-> mtp, tp |-> mpend,
         ok |-> DiskFaults = 0 \/ \A i \in Idx : (i >= rf /\ (i <= hi \/ \E m \in R : m.ents[i].p = Unk)) => Decided(i),
         ch |-> [i \in Idx |-> IF i >= rf /\ i <= hi THEN Best(i) ELSE NoE]]

\* The seal replies for view v that were sent; the incarnation each switch of
\* members answered with (its latest life that answered: only it may install).
SealRepliesOf(v) == {m \in msgs : m.t = "ss" /\ m.v = v}
IncsOf(v, members) ==
    [y \in Switches |-> IF y \in members
                        THEN Max({m.inc : m \in {m2 \in SealRepliesOf(v) : m2.x = y}}) ELSE 0]
\* Liveness models (timely network): every live switch's reply has arrived.
AllLiveIn(members) == ~WaitAllSwitches \/ {y \in Switches : sw[y].up} \subseteq members

(* The coordinator chooses (kernel onSealReply -> choose) from server      *)
(* replies R and switch replies S.  The new ring is fixed now: the         *)
(* switches whose seal reply has arrived (co.mem).  The rewrite message is *)
(* sent even when nothing is chosen (all of ch is NoE): it carries the     *)
(* fence (vs), which must be on a majority of every replica set before    *)
(* the view is used (the kernel's Fence; it used to install at once with  *)
(* nothing to rewrite, finding F6/F2: without a fence a later view can    *)
(* adopt an entry a left-behind switch wrote at an index this view handed *)
(* out, README Findings; fixed in the kernel).                             *)
ChooseWith(x, R, S, kc) ==
    LET v == co[x].v
        members == {m.x : m \in S}
    \* c bound by a one-element \E, not LET (ENABLED does not cache LET; see SequenceBatch)
    IN  \E c \in {Choose(v, R, S, kc)} :
        /\ c.ok
        /\ co' = [co EXCEPT ![x] = [v |-> v, ph |-> "rw", start |-> c.start, rf |-> c.rf,
                                    ch |-> c.ch, mem |-> members, incs |-> IncsOf(v, members),
                                    tp |-> c.tp, td |-> c.td]]
        /\ msgs' = msgs \cup {[t |-> "rw", v |-> v, inc |-> sw[x].inc, ch |-> c.ch, start |-> c.start]}
        /\ action' = [a |-> "ChooseEntries", x |-> x, v |-> v, start |-> c.start, rf |-> c.rf,
                       ch |-> c.ch, ring |-> Ascending(members)]

\* Every reply that was sent has arrived (the timing of the step is the
\* nondeterminism); SkipSeal: any subset of the server replies.
ChooseEntries(x) ==
    /\ sw[x].up /\ co[x].ph = "seal"
    \* only replies to its own ballot: a restarted coordinator may start its earlier
    \* life's view again (kernel: a ServerSealReply names the Seal's incarnation)
    \* (issue 19: with paged replies, a server's reply counts once its last page arrived)
    /\ LET R0 == {m \in msgs : m.t = "sr" /\ m.v = co[x].v /\ m.inc = sw[x].inc /\ SealComplete(m)}
           S == SealRepliesOf(co[x].v)
       IN  \E Q \in IF Bug = "SkipSeal" THEN SUBSET {m.s : m \in R0} ELSE {{m.s : m \in R0}} :
             /\ Bug = "SkipSeal" \/ Quorum(Q)
             /\ AllLiveIn({m.x : m \in S})
             /\ ChooseWith(x, {m \in R0 : m.s \in Q}, S, sw[x].kc)
    /\ UNCHANGED <<sw, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Phase 2 at a server: store the chosen entries of its replica set at the *)
(* new view (iff v >= promisedView), remember the view's start, ack.  The  *)
(* rewrite's Writes carry the coordinator's ballot (view and incarnation)  *)
(* as its Fence does, and the server judges each by it alone, whichever   *)
(* reaches it first (kernel onWrite, onFence): not a ballot of its        *)
(* promised view from another known life; a higher view raises the       *)
(* promise to this ballot (pi = inc); the promised view leaves pi as it   *)
(* is (-1 after a recovery or a leader's write of that view, label pi).   *)
(* (It used to be: a rewrite Write named no incarnation and raised the    *)
(* promise to an unknown ballot, pi = -1, so a server could not refuse a  *)
(* fence of that view from another life.)                                  *)
ServerRewrite(s, m) ==
    /\ m.t = "rw"
    /\ srv[s].up /\ Vouches(s) /\ srv[s].vs.v < m.v
    \* not a rewrite or fence of its promised view from another known ballot
    /\ m.v > srv[s].pv \/ (m.v = srv[s].pv /\ srv[s].pi \in {-1, m.inc})
    /\ LET pi2 == IF m.v > srv[s].pv THEN m.inc ELSE srv[s].pi
       IN  /\ srv' = [srv EXCEPT ![s].st = [i \in Idx |-> IF m.ch[i] # NoE /\ s \in RSet(RSOf(i)) /\ i >= srv[s].tp
                                                        THEN [v |-> m.v, p |-> m.ch[i]]
                                                        ELSE srv[s].st[i]],
                                  ![s].pv = m.v,
                                  ![s].pi = pi2,
                                  ![s].vs = [v |-> m.v, start |-> m.start]]
           /\ action' = [a |-> "ServerRewrite", s |-> s, v |-> m.v, inc |-> m.inc, pi |-> pi2]
    /\ msgs' = msgs \cup {[t |-> "ra", v |-> m.v, s |-> s]}
    /\ UNCHANGED <<sw, co, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* The coordinator, with rewrite acks from a majority of every replica set,*)
(* knows the chosen entries are committed in v and sends the install: the *)
(* ring fixed when it chose, plus the switches whose seal reply reached it *)
(* while it rewrote (the kernel counts those too: any subset of the late   *)
(* replies, label field late), with their incarnations; the start index   *)
(* and rf, and the trim points: done (the highest server trim point or     *)
(* switch's done one) and pending.  In liveness models every live switch  *)
(* is in the ring.  It installs the view itself in the same step (it is in *)
(* the ring: its own seal reply cannot be lost), minting the token if it  *)
(* is the first member, as the kernel's install() does (conformance        *)
(* finding F6: its own InstallView used to be a later step, and a higher   *)
(* seal could come in between).                                          *)
InstallViewCoord(x) ==
    /\ sw[x].up /\ co[x].ph = "rw"
    /\ LET v == co[x].v
           lateAll == {m.x : m \in SealRepliesOf(v)} \ co[x].mem
       IN  /\ Quorum({m.s : m \in {m2 \in msgs : m2.t = "ra" /\ m2.v = v}})
           /\ \E late \in SUBSET lateAll :
                LET members == co[x].mem \cup late
                    lateIncs == IncsOf(v, late)
                    incs == [y \in Switches |-> IF y \in late THEN lateIncs[y] ELSE co[x].incs[y]]
                    lateR == {m \in SealRepliesOf(v) : m.x \in late}
                    td == Max({co[x].td} \cup {m.td : m \in lateR})
                    tp == Max({co[x].tp, td} \cup {m.tp : m \in lateR})
                \* inst and x's new state bound by one-element \E, not LET (ENABLED does
                \* not cache LET or operator arguments; see SequenceBatch)
                IN  \E inst \in {[t |-> "inst", v |-> v, ring |-> Ascending(members), start |-> co[x].start,
                                  rf |-> co[x].rf, incs |-> incs, tp |-> tp, td |-> td]} :
                    \E sx \in {MemberInstall(x, inst)} :
                    /\ AllLiveIn(members)
                    /\ msgs' = msgs \cup {inst}
                    /\ sw' = [sw EXCEPT ![x] = sx]
                    /\ trimPt' = Max2(trimPt, td)
                    /\ IF inst.ring[1] = x
                       THEN /\ MintEffects(x, v, inst.start - 1, sx.tp, sx.td)
                            /\ action' = [a |-> "InstallView", x |-> x, v |-> v, role |-> "coordinator",
                                           ring |-> inst.ring, late |-> late, mintToken |-> inst.start - 1]
                       ELSE /\ action' = [a |-> "InstallView", x |-> x, v |-> v, role |-> "coordinator",
                                           ring |-> inst.ring, late |-> late]
                            /\ UNCHANGED <<toks, curV, maxA, resv, tails, reads, vcAfterCrash>>
           /\ co' = [co EXCEPT ![x].ph = "done"]
           /\ commits' = commits \cup {[v |-> v, i |-> i, p |-> co[x].ch[i]] :
                                        i \in {j \in Idx : co[x].ch[j] # NoE}}
    /\ UNCHANGED <<srv, apps, faults, asg, crashed>>

(* A ring member installs the view (kernel onInstall): ring, projection,   *)
(* start index, rf (MemberInstall).  The first ring member also mints the  *)
(* token (MintToken).  Switches the view's first member admitted while     *)
(* this install was in flight (AdmitSwitch, Rejoin) are in its joined list *)
(* too: AdmitSwitch updates every member of the view at once, and this one *)
(* is a member whose install had not arrived yet (the kernel's member      *)
(* learns the list from the token at its first visit; conformance finding  *)
(* F18: without this its token skipped the joiner for the whole view).     *)
AdmittedSoFar(m) == IF sw[m.ring[1]].view = m.v /\ sw[m.ring[1]].ring = m.ring THEN sw[m.ring[1]].jn ELSE << >>
InstallView(x, m) ==
    /\ m.t = "inst"
    /\ sw[x].up /\ x \in Range(m.ring) /\ m.incs[x] = sw[x].inc
    /\ sw[x].pv <= m.v /\ sw[x].view < m.v
    /\ ~CutApart(x, Coord(m.v))
    /\ sw' = [sw EXCEPT ![x] = [MemberInstall(x, m) EXCEPT !.jn = AdmittedSoFar(m)]]
    \* A done trim point is in effect once a switch knows it (it answers Trimmed).
    /\ trimPt' = Max2(trimPt, m.td)
    /\ IF m.ring[1] = x
       THEN /\ MintEffects(x, m.v, m.start - 1, sw'[x].tp, sw'[x].td)
            /\ action' = [a |-> "InstallView", x |-> x, v |-> m.v, role |-> "member", mintToken |-> m.start - 1]
       ELSE /\ action' = [a |-> "InstallView", x |-> x, v |-> m.v, role |-> "member"]
            /\ UNCHANGED <<toks, curV, maxA, resv, tails, reads, vcAfterCrash>>
    /\ UNCHANGED <<co, srv, msgs, apps, faults, asg, commits, crashed>>

(* An install addressed to an earlier life of x (kernel onInstall ignores  *)
(* it: the incarnation it names for x is not x's) teaches x its view (ev;  *)
(* conformance finding F13: the kernel's next view change starts above    *)
(* it).  Only a view above those x knows is a step: else nothing changes. *)
InstallIgnored(x, m) ==
    /\ m.t = "inst"
    /\ sw[x].up /\ x \in Range(m.ring) /\ m.incs[x] # sw[x].inc
    /\ m.v > SeenView(x)
    /\ ~CutApart(x, Coord(m.v))
    /\ sw' = [sw EXCEPT ![x].ev = m.v]
    /\ action' = [a |-> "InstallIgnored", x |-> x, v |-> m.v]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Planted bug MintWithoutViewChange: the first ring member mints again.   *)
MintToken(x) ==
    /\ Bug = "MintWithoutViewChange"
    /\ Active(x) /\ sw[x].ring[1] = x
    /\ MintEffects(x, sw[x].view, sw[x].start - 1, sw[x].tp, sw[x].td)
    /\ action' = [a |-> "MintToken", x |-> x, v |-> sw[x].view]
    /\ UNCHANGED <<sw, co, srv, msgs, apps, trimPt, faults, asg, commits, crashed>>

(* Faults. *)
SwitchCrash(x) ==
    /\ faults.crash < MaxFaults /\ sw[x].up /\ x \in CrashSwitches
    /\ sw' = [sw EXCEPT ![x] = [up |-> FALSE, view |-> -1, pv |-> -1, inc |-> @.inc, ring |-> << >>,
                                start |-> 0, rf |-> 1, smap |-> EmptyMap, pend |-> {}, minted |-> FALSE,
                                hs |-> 0, hd |-> {}, kc |-> 0, ev |-> -1, tp |-> 1, td |-> 1, tops |-> {},
                                jn |-> << >>]]
    /\ co' = [co EXCEPT ![x] = IdleCo]
    /\ toks' = {t \in toks : t.at # x}
    \* A getTail waiting at x dies with it (at 0): its client asks again (GetTailRetry).
    /\ tails' = [g \in TailOps |-> IF tails[g].st = "wait" /\ tails[g].at = x
                                   THEN [tails[g] EXCEPT !.at = 0, !.tv = -1, !.h = -1]
                                   ELSE tails[g]]
    \* So does what x held for a read (its client retries).
    /\ reads' = [r \in ReadOps |-> IF reads[r].at = x THEN [reads[r] EXCEPT !.ck = "none"] ELSE reads[r]]
    /\ faults' = [faults EXCEPT !.crash = @ + 1]
    /\ crashed' = TRUE
    /\ action' = [a |-> "SwitchCrash", x |-> x]
    /\ UNCHANGED <<srv, msgs, apps, trimPt, asg, commits,
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
    \* The promise is durable, the incarnation it was made to is not (kernel).
    /\ srv' = [srv EXCEPT ![s].up = TRUE, ![s].pi = -1]
    /\ action' = [a |-> "ServerRecover", s |-> s]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Disk faults (issue 19; docs/design.md "Damaged and wiped disks").      *)
(* Bound: DiskFaults in all, and a disk fault hits s only while no other   *)
(* server of its set is Damaged (not relearned, or holding an unknown     *)
(* entry): a 3-server set survives one damaged member, since a committed   *)
(* entry is on 2 of 3 and its relearn and repair read the other two; with *)
(* two damaged members no majority of intact promises or copies is left.  *)
(* A disk fault counts as a crash for the history (crashed).               *)
DiskFaultAllowed(s) ==
    /\ faults.disk < DiskFaults /\ srv[s].up
    /\ \A t \in RSet(SetOf(s)) \ {s} : ~Damaged(t)

(* The server loses everything (entries, promise, fence, trim point) and   *)
(* comes back knowing it: as a server of an initialised cluster whose      *)
(* directory is empty, every index unknown, not relearned.                 *)
ServerWipe(s) ==
    /\ DiskFaultAllowed(s)
    /\ srv' = [srv EXCEPT ![s] = [up |-> TRUE, pv |-> 0, pi |-> -1, st |-> [i \in Idx |-> UnkEntry],
                                  vs |-> [v |-> 0, start |-> 1], tp |-> 1, dk |-> TRUE]]
    /\ faults' = [faults EXCEPT !.disk = @ + 1]
    /\ crashed' = TRUE
    /\ action' = [a |-> "ServerWipe", s |-> s]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, vcAfterCrash>>

(* The server finds the entries at the indices I (non-empty, held) damaged *)
(* (checksums): they become unknown; promise, fence and trim point are    *)
(* intact, but it relearns before it acknowledges anything.  The server   *)
(* may be up throughout: the kernel finds damage at a recovery and also   *)
(* when it reads back a payload it no longer keeps in its heap (issue 21: *)
(* a read, a seal reply, a repair).  Planted bug DamageAsAbsent (the      *)
(* kernel's DAMAGE_READ_AS_ABSENT): such a read takes the damaged entry   *)
(* for an empty index and the server goes on vouching.                    *)
ServerCorrupt(s, I) ==
    /\ DiskFaultAllowed(s)
    /\ I # {} /\ \A i \in I : srv[s].st[i].p \notin {NoE, Unk}
    /\ srv' = IF Bug = "DamageAsAbsent"
              THEN [srv EXCEPT ![s].st = [i \in Idx |-> IF i \in I THEN NoEntry ELSE @[i]]]
              ELSE [srv EXCEPT ![s].st = [i \in Idx |-> IF i \in I THEN UnkEntry ELSE @[i]], ![s].dk = TRUE]
    /\ faults' = [faults EXCEPT !.disk = @ + 1]
    /\ crashed' = TRUE
    /\ action' = [a |-> "ServerCorrupt", s |-> s, i |-> I]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, vcAfterCrash>>

(* A damaged or wiped server reads the promise, fence and trim point of a  *)
(* majority of its set not counting itself (its own promise may be the    *)
(* lost one: a majority including it could miss the one server that       *)
(* promised a later view, and it would accept that view's predecessor's   *)
(* writes), as a read of their current state (as HighestOfMajority reads). *)
(* In a 3-server set that is both others, up and not damaged themselves.   *)
(* That is not enough (TLC, RingWorld_disk_fast): its seal reply of a view *)
(* u sent before the wipe may still be counted by u's coordinator while   *)
(* no other server has promised u yet; relearning a lower promise, it     *)
(* would then ack a write of a view below u that commits where u's choice *)
(* cannot see it.  So it also reads the highest view every live switch    *)
(* knows of (SeenView: its promise, its coordination, what it heard): the  *)
(* coordinator of u is among them while it may still use that reply (a   *)
(* crashed coordinator's replies are never used: replies name its         *)
(* incarnation).  Its promise rises to the max of all these (ballot       *)
(* unknown, pi = -1, as after a recovery); it takes the highest fence and *)
(* trim point (entries below are trimmed).  Then it acknowledges again    *)
(* (entries stay unknown).  Planted bug RelearnServersOnly: it reads the  *)
(* servers' promises only.                                                *)
ServerRelearn(s) ==
    /\ srv[s].up /\ srv[s].dk
    /\ LET O == {t \in RSet(SetOf(s)) \ {s} : srv[t].up /\ ~srv[t].dk}
           pv2 == Max({srv[s].pv} \cup {srv[t].pv : t \in O} \cup {SeenView(x) : x \in {y \in Switches : sw[y].up /\ Bug # "RelearnServersOnly"}})
           vs2 == (CHOOSE f \in {srv[s].vs} \cup {srv[t].vs : t \in O} :
                     \A t \in O : srv[t].vs.v <= f.v /\ srv[s].vs.v <= f.v)
           tp2 == Max({srv[s].tp} \cup {srv[t].tp : t \in O})
       IN  /\ IsMajority(O, SetOf(s))
           /\ srv' = [srv EXCEPT ![s].pv = pv2, ![s].pi = -1, ![s].vs = vs2, ![s].tp = tp2, ![s].dk = FALSE,
                                  ![s].st = [i \in Idx |-> IF i < tp2 THEN NoEntry ELSE @[i]]]
           /\ action' = [a |-> "ServerRelearn", s |-> s, v |-> pv2]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* A relearned server repairs an unknown entry at an index a switch knows  *)
(* committed (below its known committed prefix kc): it reads the entries   *)
(* of a majority of its set not counting itself (both others) and copies   *)
(* the one of the highest view (checked by view, as a read below rf: every *)
(* copy at the committed view or later carries the committed payload).     *)
ServerRepair(s, i) ==
    /\ srv[s].up /\ ~srv[s].dk /\ srv[s].st[i].p = Unk /\ i >= srv[s].tp
    /\ \E x \in Switches : sw[x].up /\ i <= sw[x].kc
    /\ LET O == {t \in RSet(SetOf(s)) \ {s} : srv[t].up /\ srv[t].st[i].p # Unk}
       IN  /\ IsMajority(O, SetOf(s))
           /\ \E t \in O :
                /\ srv[t].st[i].p # NoE
                /\ \A q \in O : srv[q].st[i].v <= srv[t].st[i].v
                /\ srv' = [srv EXCEPT ![s].st[i] = srv[t].st[i]]
                /\ action' = [a |-> "ServerRepair", s |-> s, i |-> i, from |-> t]
    /\ UNCHANGED <<sw, co, msgs, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

LoseMessage(m) ==
    /\ faults.loss < MaxLoss /\ m \in msgs
    \* A coordinator's own seal reply is no message in the kernel (onSuspect counts it).
    /\ ~(m.t = "ss" /\ m.x = Coord(m.v))
    /\ msgs' = msgs \ {m}
    /\ faults' = [faults EXCEPT !.loss = @ + 1]
    /\ action' = [a |-> "LoseMessage", m |-> m.t]
    /\ UNCHANGED <<sw, co, srv, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>
-----------------------------------------------------------------------------
(* Issue 19 (docs/design.md): actions of RingWorld's Next19 only, each     *)
(* disabled unless the model switches its definition on.                   *)

(* Item 2: the coordinator asks server s for the page after m (its last   *)
(* page from s, nx > 0), and s answers, in one step (the request's loss is *)
(* the answer's: m stays in msgs, so the coordinator asks again).  The     *)
(* server answers only while it is still promised to the coordinator's    *)
(* ballot (view and incarnation): since the promise it has accepted       *)
(* nothing of a lower view, and nothing of this view (its rewrite comes    *)
(* after the choice), so every page reads the state the promise fixed,    *)
(* as if it had been taken at the promise (a higher promise or a recovery, *)
(* pi = -1, ends the paging: the coordinator counts s as not replied).     *)
(* The coordinator asks while it still collects replies of that ballot.    *)
ServerSealPage(s, m) ==
    /\ SealEntriesMax > 0
    /\ m.t = "sr" /\ m.s = s /\ m.nx > 0
    /\ LET c == Coord(m.v)
       IN  sw[c].up /\ sw[c].inc = m.inc /\ co[c].v = m.v /\ co[c].ph = "seal"
    /\ srv[s].up /\ Vouches(s) /\ srv[s].pv = m.v /\ srv[s].pi = m.inc
    /\ \E r \in {SealPage(s, m.v, m.inc, m.nx, m.ents)} :
         /\ r \notin msgs
         /\ msgs' = msgs \cup {r}
         /\ action' = [a |-> "ServerSealPage", s |-> s, v |-> m.v, inc |-> m.inc, from |-> m.nx, pg |-> r.pg]
    /\ UNCHANGED <<sw, co, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* Item 3 (ii): rejoining without a view change.  A live switch outside   *)
(* the ring of an installed view (left out because its seal reply came     *)
(* after the coordinator's grace, or restarted), which may not start a     *)
(* view change (the pre-vote is refused: the ring works), asks to join     *)
(* (kernel Join, announced to every switch): one request per incarnation. *)
JoinMsg(y) == [t |-> "jreq", x |-> y, inc |-> sw[y].inc]
JoinRequest(y) ==
    /\ Rejoin
    /\ sw[y].up /\ ~Active(y) /\ ~Coordinating(y)
    /\ JoinMsg(y) \notin msgs
    /\ msgs' = msgs \cup {JoinMsg(y)}
    /\ action' = [a |-> "JoinRequest", x |-> y, inc |-> sw[y].inc]
    /\ UNCHANGED <<sw, co, srv, toks, apps, tails, reads, trimPt, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* The first member x of an installed ring, holding its view's token at   *)
(* the round boundary (before its visit), adds switch y of request m to    *)
(* the token's ring, after its last member (jn): y sequences from the next *)
(* round on and leads nothing in this view (Leader reads the view's ring   *)
(* only, so the leader of every index, handed out or not, is unchanged,    *)
(* and no index needs a second leader map); the next view change makes it *)
(* a leader.  The token carries the new ring round from x's visit: the    *)
(* spec updates every member of the view at once, which only its own      *)
(* later visits read (PassToken, TrimR1Done; a round-1 trim now waits for  *)
(* y's visit too).  y installs the view as a member does (MemberInstall:   *)
(* start, rf, its known committed prefix start - 1, the trim points x      *)
(* knows and the token carries; it is not the minter), in the same step:  *)
(* the admission's message to y is abstracted as a token pass is.  y must *)
(* be reachable, in the incarnation that asked, not promised to a later   *)
(* view, and not coordinating.  Planted bug NoRejoin: no admission.        *)
AdmitSwitch(x, m) ==
    /\ Rejoin /\ Bug # "NoRejoin"
    /\ m.t = "jreq"
    /\ Active(x) /\ sw[x].ring[1] = x
    /\ \E t \in toks :
         /\ t.at = x /\ t.v = sw[x].view
         /\ LET y == m.x
                v == sw[x].view
            IN  /\ y # x /\ sw[y].up /\ sw[y].inc = m.inc /\ ~CutApart(x, y)
                /\ y \notin Range(RingAll(sw[x]))
                /\ sw[y].pv <= v /\ sw[y].view < v /\ ~Coordinating(y)
                /\ \E adm \in {[v |-> v, ring |-> sw[x].ring, start |-> sw[x].start, rf |-> sw[x].rf,
                                tp |-> Max2(sw[x].tp, t.tp), td |-> Max2(sw[x].td, t.td)]} :
                   \E jn2 \in {sw[x].jn \o << y >>} :
                   /\ sw' = [z \in Switches |->
                               IF z = y THEN [MemberInstall(y, adm) EXCEPT !.jn = jn2]
                               ELSE IF sw[z].up /\ sw[z].view = v /\ RingAll(sw[z]) = RingAll(sw[x])
                               THEN [sw[z] EXCEPT !.jn = jn2]
                               ELSE sw[z]]
                   /\ trimPt' = Max2(trimPt, adm.td)
                   /\ action' = [a |-> "AdmitSwitch", x |-> x, y |-> y, v |-> v, ring |-> RingAll(sw[x]) \o << y >>]
    /\ UNCHANGED <<co, srv, msgs, toks, apps, tails, reads, faults, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

(* The partition of item 3 (i): switch y is cut off from the other         *)
(* switches, not from the servers (CutFaults bounds it, as MaxFaults the   *)
(* crashes; at most one cut, which may heal).  Messages between y and      *)
(* another switch are not delivered while it lasts (SwitchSeal,            *)
(* InstallView, InstallIgnored, a switch's refusal in AbandonViewChange,   *)
(* AdmitSwitch).  It cuts off a switch that no live switch's ring holds,   *)
(* at a quiet moment (every other live switch active, no view change       *)
(* running): the switch that keeps timing out outside a working ring.  (A *)
(* cut ring member breaks the ring: a view change is then due, whichever  *)
(* side starts it; the token's moves are not modelled as messages, so the *)
(* spec does not cut a ring.)                                              *)
SwitchCut(y) ==
    /\ CutFaults > 0 /\ faults.cut = 0
    /\ sw[y].up /\ ~Coordinating(y)
    /\ \A x \in Switches \ {y} : sw[x].up => Active(x) /\ y \notin Range(RingAll(sw[x])) /\ ~Coordinating(x)
    /\ faults' = [faults EXCEPT !.cut = y]
    /\ action' = [a |-> "SwitchCut", x |-> y]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

SwitchHeal(y) ==
    /\ IsCut(y)
    /\ faults' = [faults EXCEPT !.cut = -1]
    /\ action' = [a |-> "SwitchHeal", x |-> y]
    /\ UNCHANGED <<sw, co, srv, msgs, toks, apps, tails, reads, trimPt, asg, commits,
                   maxA, curV, resv, crashed, vcAfterCrash>>

-----------------------------------------------------------------------------
(* Standalone check (ViewChange_fast.cfg): view changes over servers with  *)
(* preloaded entries: index 1 committed in view 0 with payload 1 on two    *)
(* servers, index 2 holding payload 2 on the third server only (not        *)
(* committed).  The view-0 token <0, 2, 1> sits at switch 1 (which handed  *)
(* out 1 and 2, seeing h = 2, c = 0; switch 2 passed it on with c = 1).   *)
(* No clients.                                                             *)
\* (CHOOSE picks the servers: no SYMMETRY in this model.)
PreA == CHOOSE s \in RS0 : TRUE
PreB == CHOOSE s \in RS0 \ {PreA} : TRUE
PreC == CHOOSE s \in RS0 \ {PreA, PreB} : TRUE
VCInit ==
    /\ sw = [x \in Switches |-> [BootSwitch(x) EXCEPT !.hs = 2, !.kc = IF x = 1 THEN 0 ELSE 1]]
    /\ co = [x \in Switches |-> IdleCo]
    /\ msgs = {}
    /\ tails = [g \in TailOps |-> [st |-> "idle", at |-> 0, tv |-> -1, h |-> -1, res |-> 0,
                                   seen |-> {}, cover |-> 0, floor |-> 0]]
    /\ reads = [r \in ReadOps |-> [st |-> "idle", i |-> 0, at |-> 0, res |-> RNone, beyond |-> FALSE,
                                   ck |-> "none", cv |-> -1]]
    /\ trimPt = 1
    /\ faults = [crash |-> 0, loss |-> 0, disk |-> 0, cut |-> 0]
    /\ curV = 0
    /\ crashed = FALSE
    /\ vcAfterCrash = FALSE
    /\ action = [a |-> "Init"]
    /\ srv = [s \in Servers |->
               [up |-> TRUE, pv |-> 0, pi |-> -1, vs |-> [v |-> 0, start |-> 1], tp |-> 1, dk |-> FALSE,
                st |-> [i \in Idx |->
                          IF i = 1 /\ s \in {PreA, PreB} THEN [v |-> 0, p |-> 1]
                          ELSE IF i = 2 /\ s = PreC THEN [v |-> 0, p |-> 2]
                          ELSE NoEntry]]]
    /\ toks = {[v |-> 0, h |-> 2, c |-> 1, rm |-> 1, at |-> 1, tp |-> 1, td |-> 1]}
    /\ apps = [p \in Payloads |-> IF p = 1 THEN [st |-> "done", at |-> 1, idx |-> 1]
                                  ELSE [st |-> "pend", at |-> 1, idx |-> 0]]
    /\ asg = {[v |-> 0, i |-> 1, p |-> 1], [v |-> 0, i |-> 2, p |-> 2]}
    /\ commits = {[v |-> 0, i |-> 1, p |-> 1]}
    /\ maxA = 2
    /\ resv = [i \in Idx |-> IF i = 1 THEN {1, 2} ELSE {2}]

VCNext ==
    \/ \E x \in Switches :
         \/ StartViewChange(x) \/ ChooseEntries(x) \/ InstallViewCoord(x)
         \/ AbandonViewChange(x) \/ SwitchCrash(x) \/ SwitchRestart(x)
    \/ \E x \in Switches, m \in msgs : SwitchSeal(x, m) \/ InstallView(x, m) \/ InstallIgnored(x, m)
    \/ \E s \in Servers, m \in msgs : ServerSeal(s, m) \/ ServerRewrite(s, m)
    \/ \E s \in Servers : ServerCrash(s) \/ ServerRecover(s)
    \/ \E m \in msgs : LoseMessage(m)

VCSpec == VCInit /\ [][VCNext]_vars

(* Issue 19, item 2 (ViewChange_pages_fast.cfg): bounded seal replies over *)
(* servers preloaded with two committed indices, 1 and 2, on two servers   *)
(* (two entries each: more than one page of SealEntriesMax = 1), the third *)
(* empty.  The view-0 token <0, 2, 2> is at switch 1; switch 1 knows no    *)
(* committed prefix (kc = 0, as after a restart), switch 2 knows both.     *)
VCPagesInit ==
    /\ co = [x \in Switches |-> IdleCo]
    /\ msgs = {}
    /\ tails = [g \in TailOps |-> [st |-> "idle", at |-> 0, tv |-> -1, h |-> -1, res |-> 0,
                                   seen |-> {}, cover |-> 0, floor |-> 0]]
    /\ reads = [r \in ReadOps |-> [st |-> "idle", i |-> 0, at |-> 0, res |-> RNone, beyond |-> FALSE,
                                   ck |-> "none", cv |-> -1]]
    /\ trimPt = 1
    /\ faults = [crash |-> 0, loss |-> 0, disk |-> 0, cut |-> 0]
    /\ curV = 0
    /\ crashed = FALSE
    /\ vcAfterCrash = FALSE
    /\ action = [a |-> "Init"]
    /\ srv = [s \in Servers |->
               [up |-> TRUE, pv |-> 0, pi |-> -1, vs |-> [v |-> 0, start |-> 1], tp |-> 1, dk |-> FALSE,
                st |-> [i \in Idx |-> IF s \in {PreA, PreB} THEN [v |-> 0, p |-> i] ELSE NoEntry]]]
    /\ sw = [x \in Switches |-> [BootSwitch(x) EXCEPT !.hs = 2, !.kc = IF x = 1 THEN 0 ELSE 2]]
    /\ toks = {[v |-> 0, h |-> 2, c |-> 2, rm |-> 2, at |-> 1, tp |-> 1, td |-> 1]}
    /\ apps = [p \in Payloads |-> [st |-> "done", at |-> 1, idx |-> p]]
    /\ asg = {[v |-> 0, i |-> i, p |-> i] : i \in Idx}
    /\ commits = {[v |-> 0, i |-> i, p |-> i] : i \in Idx}
    /\ maxA = 2
    /\ resv = [i \in Idx |-> {}]
VCPagesNext == VCNext \/ \E m \in msgs : \E s \in Servers : ServerSealPage(s, m)
VCPagesSpec == VCPagesInit /\ [][VCPagesNext]_vars
=============================================================================
