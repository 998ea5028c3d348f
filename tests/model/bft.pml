/* A spin model of the bft engine's voting and finalization rules, as docs/CONSENSUS.md states them
   (rule names R1-R5, Propose, Advance, Final are the document's). It checks safety only: no two
   finalized blocks conflict. tests/model/check_model.sh runs it for CTest; docs/CONSENSUS.md,
   "Model checking", has the results and how to run it by hand.

   WHAT IS MODELLED
   - N = 4 validators of equal weight, indexed in node-id order; leader(r) = r mod 4. BYZANTINE
     of them (default 1) are byzantine; which ones is chosen nondeterministically at the start,
     every choice explored, since the leader schedule tells validators apart.
   - Rounds 0 .. ROUNDS-1 of one epoch (default ROUNDS = 2). An honest leader proposes one block
     in its round, a byzantine leader two (it equivocates). Block b<r>.<s> is candidate s of
     round r; its parent is genesis (the epoch's last final block) or a block of an earlier round.
   - Quorum: 3 of 4 signers (3w > 2W). A notarization, skip or finalization exists exactly when a
     quorum of distinct validators has signed the vote.
   - Honest validator v is in round cur[v]. Its steps, each taken at any time its guard holds:
     Propose (leader of cur, on a parent that passes R2, with its own notarize vote);
     notarize a candidate of cur (R1, R2); skip cur, i.e. its timer fires (R1, R3); on a
     notarization of round r >= cur, the finalize vote (R4, if R3 allows it) and round r+1;
     on a skip certificate of round r >= cur, round r+1 (Advance). It never signs in a round
     before cur (the document's "Never signing twice").
   - Safety, asserted after every step: of two finalized blocks, the one of the earlier round is
     an ancestor of the other; two finalized blocks of one round are equal.

   ABSTRACTIONS, AND WHY EACH IS SOUND (loses no behaviour that could break safety)
   A1 One global set of signed votes instead of messages and channels. Under asynchrony a
      validator may have received any subset of the votes signed so far, and certificates are
      just quorums of those votes (forwarding them only changes who has which subset). Every
      guard of an honest step grows with the set: a certificate that exists in a subset exists
      in the whole. So a step that some view allows is allowed on the whole set, and the whole
      set is itself a possible view (everything delivered). The one negative condition, R3's
      "before it has seen a notarization of round r", never blocks a timeout: the validator may
      not have received it yet. Guards therefore read the whole set.
   A2 Each step is one d_step. A step reads the set and adds the validator's own votes; reading
      an older, smaller set is covered by A1, so no interleaving inside a step matters.
   A3 Byzantine validators have signed every vote (notarize, skip and finalize, every block and
      round) from the start, and have no other state. Extra votes only make more certificates
      and enable more honest steps (A1), so this covers every byzantine voting strategy,
      equivocation included.
   A4 A byzantine leader's two candidates are fixed at the start, each on any block of an earlier
      round (notarized or not) or on genesis, every choice explored, and appear as soon as their
      parent exists. A block's existence only enables steps, so earlier is never less harmful.
      Blocks of a non-leader are not modelled: R2 has honest validators ignore them. Every block
      "verifies"; an invalid one is never voted, the same as no block.
   A5 An honest leader may build on any parent that passes R2, a superset of "the tip of its
      notarized chain".
   A6 An honest validator may take a certificate of a later round and jump ahead (the document
      does not say it must not; allowing it only adds behaviours).
   Derived sets (blocks, notar, final, skips) and the scratch variables add no states.
   Conversely, every step of the model is one a validator could really take, so a fork that spin
   finds (with a mutation) is a run of the protocol with that mutation.

   BOUNDS. ROUNDS = 2 is the smallest bound at which every mutation below forks: a fork needs a
   second round unless a single round can finalize two blocks (drop_r5, byzantine_2 fork within
   one round). With ROUNDS = 1 only those two fork. Two candidates per round suffice for
   equivocation. ROUNDS = 3 (50,418,094 states, no error; about 20 minutes with pan's -DMA=88
   store) is left out of the tests. ROUNDS up to 4 compiles.

   MUTATIONS (each must make spin find a fork; the tests check it)
   -DDROP_R1     R1 gone: an honest validator notarizes both candidates, and after its skip.
   -DDROP_R2     R2's parent condition gone (the leader check stays): notarize whatever the
                 leader built on.
   -DDROP_R3     R3 gone: finalize after having skipped the round. (Skipping after finalizing
                 cannot happen here anyway: the finalize vote moves the validator on.)
   -DDROP_R4     R4's condition gone: the finalize vote may go to any proposed block of the
                 round, notarized or not. Dropping the finalize vote itself would finalize
                 nothing, which is trivially safe, so the mutation keeps the vote and drops its
                 guard.
   -DDROP_R5     quorum of 2 of 4 (a half) instead of 3 of 4.
   -DBYZANTINE=2 two byzantine validators of four (f >= W/3).
   -DLAX_R2      R2 read the other way its text allows: "(or is the last final block)" exempt
                 from "every round strictly between skipped". Unsafe: a byzantine leader builds
                 on genesis next to a finalized block.
   And two readings that stay safe (the tests expect no error):
   -DR4_OWN_VOTE also finalize the block of one's own notarize vote, without its notarization.
                 R1 and quorum intersection still leave that block the only one of its round that
                 can be notarized, and R3 keeps the round from being skipped. So what R4 must
                 exclude is a finalize vote for a block other than the round's only possible
                 notarized one.
   -DLATE_FINALIZE a notarization of an earlier round still earns the finalize vote (if R3 allows
                 it and none was signed in that round), without a change of round. It reaches no
                 state the model does not reach anyway: the same validator could have received
                 that notarization before the certificate that moved it on.

   QUESTIONS ON THE DOCUMENT (the model does not change the rules; docs/CONSENSUS.md, "Model
   checking", lists them)
   - R2's "(or is the last final block)" can be read as exempt from the skipped-rounds condition;
     that reading forks (LAX_R2). The model uses the reading in which it is not exempt.
   - No rule limits an honest validator to one finalize vote per round; the Advance that follows
     the finalize vote does, as long as it never signs in an earlier round. The Evidence section
     nevertheless calls two finalize votes for different blocks forbidden by R1 or R3.
   - R4 and Advance leave open whether a certificate of a later round moves a validator there
     (the model allows it) and whether a notarization of an earlier round earns a finalize vote
     (the model does not, following "it never signs in an earlier round"; LATE_FINALIZE shows
     the other reading is as safe).
   - Step 3 of the safety argument uses that the finalized block is notarized, which is R4, but
     does not cite it.
*/

#ifndef ROUNDS
#define ROUNDS 2
#endif
#ifndef BYZANTINE
#define BYZANTINE 1
#endif
#if ROUNDS < 1 || ROUNDS > 4
#error "ROUNDS must be 1..4 (block masks and the parent lists below are written for at most 4)"
#endif
#if BYZANTINE < 0 || BYZANTINE > 2
#error "BYZANTINE must be 0, 1 or 2"
#endif

#define N 4
#ifdef DROP_R5
#define QUORUM 2
#else
#define QUORUM 3
#endif
#if BYZANTINE >= QUORUM
#error "the byzantine validators alone would be a quorum: nothing left to check"
#endif

/* Blocks: id 0 is genesis, id 1 + 2r + s is candidate s (0 or 1) of round r. A parent always has a
   smaller id than its child, because it belongs to an earlier round. */
#define NB (1 + 2 * ROUNDS)
#define BLK(r, s) (1 + 2 * (r) + (s))
#define RND(id) (((id) - 1) / 2)
#define SLOT(id) (((id) - 1) % 2)
#define PRND(id) ((id) == 0 -> -1 : RND(id))
#define LEADER(r) ((r) % N)
#define BIT(m, i) (((m) >> (i)) & 1)
#define VI(v, r) ((v) * ROUNDS + (r))

bit byz[N];          /* chosen once, before the run */
byte cur[N];         /* an honest validator's round; ROUNDS once it is past the bound */
byte nv[N * ROUNDS]; /* bit s: validator v signed the notarize vote of candidate s in round r */
bit sk[N * ROUNDS];  /* validator v signed the skip vote of round r */
byte fv[N * ROUNDS]; /* bit s: validator v signed the finalize vote of candidate s in round r */
byte par[NB];        /* a candidate's parent, fixed when it is proposed */
bit pending[NB];     /* a byzantine candidate waiting for its parent to be proposed */

/* Functions of the variables above, updated by the steps that change them: they add no states. */
short blocks;        /* bit id: block id has been proposed (genesis always) */
short notar;         /* bit id: a quorum signed the notarize vote of block id */
short final;         /* bit id: a quorum signed the finalize vote of block id */
byte skips;          /* bit r: a quorum signed the skip vote of round r */
byte m_i, m_j, m_k, m_n; /* scratch, zeroed at the end of every step that uses it */

/* R1: one notarize vote in a round, none after the round's skip vote. Without it, a validator
   still signs each vote once (a repeat would change nothing). */
#ifdef DROP_R1
#define R1_OK(v, r, s) (!BIT(nv[VI(v, r)], s))
#else
#define R1_OK(v, r, s) (nv[VI(v, r)] == 0 && !sk[VI(v, r)])
#endif

/* R2: the parent is notarized in a round p < r, or is genesis (the last final block of the
   epoch, p = -1), and every round strictly between p and r is skipped. */
#define BETWEEN(a, r) (((1 << (r)) - 1) & ~((1 << ((a) + 1)) - 1))
#define GAP_SKIPPED(p, r) ((skips & BETWEEN(PRND(p), r)) == BETWEEN(PRND(p), r))
#define STRICT_PARENT(p, r) (PRND(p) < (r) && ((p) == 0 || BIT(notar, p)) && GAP_SKIPPED(p, r))
#if defined(DROP_R2)
#define R2_OK(p, r) 1
#elif defined(LAX_R2)
/* The other reading of "(or is the last final block)": a final parent needs no skipped gap. */
#define R2_OK(p, r) (STRICT_PARENT(p, r) || (PRND(p) < (r) && ((p) == 0 || BIT(final, p))))
#else
#define R2_OK(p, r) STRICT_PARENT(p, r)
#endif

/* R3: skip only if the round's finalize vote is not signed, finalize only if its skip vote is
   not. (The "before it has seen a notarization" part of the timeout needs no guard: under
   asynchrony the validator may not have received one yet.) */
#ifdef DROP_R3
#define R3_SKIP_OK(v, r) 1
#define R3_FIN_OK(v, r) 1
#else
#define R3_SKIP_OK(v, r) (fv[VI(v, r)] == 0)
#define R3_FIN_OK(v, r) (!sk[VI(v, r)])
#endif

/* R4: the finalize vote is for a notarized block. DROP_R4 keeps the vote (dropping the vote
   itself would leave nothing final, trivially safe) but lets it go to any proposed block.
   R4_OWN_VOTE is the weaker rule that also finalizes the block of one's own notarize vote. */
#if defined(DROP_R4)
#define R4_OK(v, id) BIT(blocks, id)
#elif defined(R4_OWN_VOTE)
#define R4_OK(v, id) (BIT(notar, id) || BIT(nv[VI(v, RND(id))], SLOT(id)))
#else
#define R4_OK(v, id) BIT(notar, id)
#endif

/* The scratch variables are zero between steps, so they add no states (and BFS, which the
   tests use for the shortest counterexample, does not allow hidden variables). */
inline clear() { m_i = 0; m_j = 0; m_k = 0; m_n = 0 }

/* Replays (spin -T -t) print a block as b<round>.<candidate>. */
inline print_block(id) {
  if :: (id) == 0 -> printf("genesis") :: else -> printf("b%d.%d", RND(id), SLOT(id)) fi
}

/* The quorums a step may have completed. A count includes every byzantine validator, which has
   signed every vote (see top). Certificates only appear, so a bit once set stays set. */
inline count_notarize(id) {
  m_n = 0;
  for (m_j : 0 .. N - 1) { m_n = m_n + (byz[m_j] | BIT(nv[VI(m_j, RND(id))], SLOT(id))) };
  if :: BIT(blocks, id) && m_n >= QUORUM -> notar = notar | (1 << (id)) :: else fi
}
inline count_finalize(id) {
  m_n = 0;
  for (m_j : 0 .. N - 1) { m_n = m_n + (byz[m_j] | BIT(fv[VI(m_j, RND(id))], SLOT(id))) };
  if :: BIT(blocks, id) && m_n >= QUORUM -> final = final | (1 << (id)) :: else fi
}
inline count_skip(r) {
  m_n = 0;
  for (m_j : 0 .. N - 1) { m_n = m_n + (byz[m_j] | sk[VI(m_j, r)]) };
  if :: m_n >= QUORUM -> skips = skips | (1 << (r)) :: else fi
}

/* The safety property for a pair of finalized blocks a < b: a is an ancestor of b. Ids grow with
   rounds, so walking up from b stops at the first id not above a; when a and b share a round the
   walk stops at once, below a. */
inline check_pair(a, b) {
  m_k = par[b];
  do :: m_k > (a) -> m_k = par[m_k] :: else -> break od;
  if
  :: m_k != (a) -> printf("FORK: b%d.%d and b%d.%d are finalized on different branches\n",
                           RND(a), SLOT(a), RND(b), SLOT(b))
  :: else
  fi;
  assert(m_k == (a))
}
inline check_finalized(x) {
  for (m_i : 1 .. NB - 1) {
    if
    :: m_i != (x) && BIT(final, m_i) && BIT(final, x) ->
      if :: m_i < (x) -> check_pair(m_i, x) :: else -> check_pair(x, m_i) fi
    :: else
    fi
  }
}

/* Byzantine candidates whose parent now exists appear (parents have smaller ids, so one pass
   suffices). They have no honest votes yet and the byzantine votes alone are no quorum, so no
   count changes. */
inline release() {
  for (m_i : 1 .. NB - 1) {
    if
    :: pending[m_i] && BIT(blocks, par[m_i]) -> blocks = blocks | (1 << m_i); pending[m_i] = 0
    :: else
    fi
  }
}

/* The steps of honest validator v, each one d_step: it reads the global set of signed votes and
   adds its own (abstractions A1 and A2 at the top). The printfs only show in replays. */

/* Propose: the leader of its round builds on a parent that passes R2 (the tip of its notarized
   chain is one such parent) and signs its own notarize vote with the proposal. */
#define PROPOSE(v, p) \
  :: d_step { !byz[v] && cur[v] < ROUNDS && LEADER(cur[v]) == v \
              && !BIT(blocks, BLK(cur[v], 0)) && R1_OK(v, cur[v], 0) \
              && BIT(blocks, p) && STRICT_PARENT(p, cur[v]) -> \
      par[BLK(cur[v], 0)] = p; blocks = blocks | (1 << BLK(cur[v], 0)); \
      nv[VI(v, cur[v])] = nv[VI(v, cur[v])] | 1; \
      printf("v%d proposes b%d.0 on ", v, cur[v]); print_block(p); printf("\n"); \
      count_notarize(BLK(cur[v], 0)); release(); clear() }

/* R1, R2: notarize vote for a candidate of the current round (only the leader's exist). */
#define NOTARIZE(v, s) \
  :: d_step { !byz[v] && cur[v] < ROUNDS && BIT(blocks, BLK(cur[v], s)) \
              && R1_OK(v, cur[v], s) && R2_OK(par[BLK(cur[v], s)], cur[v]) -> \
      nv[VI(v, cur[v])] = nv[VI(v, cur[v])] | (1 << (s)); \
      printf("v%d notarizes b%d.%d\n", v, cur[v], s); \
      count_notarize(BLK(cur[v], s)); clear() }

/* R3: the timer of the current round fires, at any time. */
#define SKIP(v) \
  :: d_step { !byz[v] && cur[v] < ROUNDS && !sk[VI(v, cur[v])] && R3_SKIP_OK(v, cur[v]) -> \
      sk[VI(v, cur[v])] = 1; printf("v%d skips round %d\n", v, cur[v]); \
      count_skip(cur[v]); clear() }

/* R4: a notarization of block id in the current round or a later one: the finalize vote (if R3
   allows it), then the next round. LATE_FINALIZE also takes one of an earlier round, the other
   reading of R4 (see top): the finalize vote if R3 allows it and none was signed in that round,
   and no change of round. */
#ifdef LATE_FINALIZE
#define LATE(v, id) \
  (RND(id) < cur[v] && fv[VI(v, RND(id))] == 0 && R3_FIN_OK(v, RND(id)))
#else
#define LATE(v, id) 0
#endif
#define SEE_NOTARIZATION(v, id) \
  :: d_step { !byz[v] && (RND(id) >= cur[v] || LATE(v, id)) && R4_OK(v, id) -> \
      if \
      :: R3_FIN_OK(v, RND(id)) -> \
        fv[VI(v, RND(id))] = fv[VI(v, RND(id))] | (1 << SLOT(id)); \
        printf("v%d finalizes b%d.%d\n", v, RND(id), SLOT(id)); \
        count_finalize(id); check_finalized(id) \
      :: else \
      fi; \
      if \
      :: RND(id) >= cur[v] -> cur[v] = RND(id) + 1; printf("v%d enters round %d\n", v, cur[v]) \
      :: else \
      fi; \
      clear() }

/* Advance: a skip certificate of the current round or a later one. */
#define SEE_SKIP(v, r) \
  :: d_step { !byz[v] && (r) >= cur[v] && BIT(skips, r) -> \
      cur[v] = (r) + 1; printf("v%d enters round %d\n", v, cur[v]) }

#if ROUNDS == 1
#define EACH_BLOCK(M, v) M(v, 1) M(v, 2)
#define EACH_ROUND(M, v) M(v, 0)
#elif ROUNDS == 2
#define EACH_BLOCK(M, v) M(v, 1) M(v, 2) M(v, 3) M(v, 4)
#define EACH_ROUND(M, v) M(v, 0) M(v, 1)
#elif ROUNDS == 3
#define EACH_BLOCK(M, v) M(v, 1) M(v, 2) M(v, 3) M(v, 4) M(v, 5) M(v, 6)
#define EACH_ROUND(M, v) M(v, 0) M(v, 1) M(v, 2)
#else
#define EACH_BLOCK(M, v) M(v, 1) M(v, 2) M(v, 3) M(v, 4) M(v, 5) M(v, 6) M(v, 7) M(v, 8)
#define EACH_ROUND(M, v) M(v, 0) M(v, 1) M(v, 2) M(v, 3)
#endif

#define VALIDATOR(v) \
  PROPOSE(v, 0) EACH_BLOCK(PROPOSE, v) NOTARIZE(v, 0) NOTARIZE(v, 1) SKIP(v) \
  EACH_BLOCK(SEE_NOTARIZATION, v) EACH_ROUND(SEE_SKIP, v)

init {
  byte r, p;
  atomic {
    /* Which validators are byzantine: every choice, since the leader schedule tells them apart. */
#if BYZANTINE == 1
    if :: byz[0] = 1 :: byz[1] = 1 :: byz[2] = 1 :: byz[3] = 1 fi;
#elif BYZANTINE == 2
    if
    :: byz[0] = 1; byz[1] = 1 :: byz[0] = 1; byz[2] = 1 :: byz[0] = 1; byz[3] = 1
    :: byz[1] = 1; byz[2] = 1 :: byz[1] = 1; byz[3] = 1 :: byz[2] = 1; byz[3] = 1
    fi;
#endif
    /* A byzantine leader's two candidates, each on any block of an earlier round (notarized or
       not) or genesis; the order of the two slots does not matter, so p0 <= p1. Each is
       released as soon as its parent is proposed. */
    for (r : 0 .. ROUNDS - 1) {
      if
      :: byz[LEADER(r)] ->
        select (p : 0 .. BLK(r, 0) - 1);
        par[BLK(r, 0)] = p;
        select (p : p .. BLK(r, 0) - 1);
        par[BLK(r, 1)] = p;
        pending[BLK(r, 0)] = 1; pending[BLK(r, 1)] = 1
      :: else
      fi
    };
    r = 0; p = 0;
    blocks = 1
  };
  d_step {
    for (m_i : 0 .. N - 1) {
      if :: byz[m_i] -> printf("v%d is byzantine\n", m_i) :: else fi
    };
    for (m_i : 1 .. NB - 1) {
      if
      :: pending[m_i] ->
        printf("byzantine b%d.%d on ", RND(m_i), SLOT(m_i)); print_block(par[m_i]); printf("\n")
      :: else
      fi
    };
    release(); clear()
  };
end:
  do
  VALIDATOR(0) VALIDATOR(1) VALIDATOR(2) VALIDATOR(3)
  od
}
