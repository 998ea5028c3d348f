#pragma once
// One validator running the bft protocol (docs/CONSENSUS.md): a deterministic state machine. It
// sees the world only through its inputs (start, messages, time) and acts only through the
// Application, its SignGuard and ReplicaIo, so the same code runs in the node and, bit for bit
// reproducibly, in the seeded simulation. Not thread-safe: the caller serialises every call.
//
// Files: replica.cpp (votes, certificates, rounds, time), replica_blocks.cpp (proposals,
// verification, finalization, fetching and sync).
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "consensus/bft/application.hpp"
#include "consensus/bft/committee.hpp"
#include "consensus/bft/messages.hpp"
#include "consensus/bft/sign_guard.hpp"

namespace plexus::consensus::bft {

using Nanos = std::chrono::nanoseconds;

struct BftParams {
  // How long a validator waits in a round for a notarization before it votes to skip it; also
  // how often it sends again what a lossy network may have lost.
  Nanos leader_timeout = std::chrono::milliseconds(1000);
  // How long a leader waits for transactions before it proposes an empty block, so that rounds
  // keep finalizing (and a chain at rest shows liveness) without a skip vote each round.
  Nanos empty_block_after = std::chrono::milliseconds(500);
  // Votes and proposals further ahead of the current round are ignored (memory bound);
  // certificates are taken from any round, since they prove progress.
  std::uint64_t max_rounds_ahead = 64;
  // Per-subnet governance (docs/PLATFORM.md, Governance): new timings from a block height on.
  // A round uses those in force at the height after the final head.
  struct TimingChange {
    std::optional<Nanos> leader_timeout{};
    std::optional<Nanos> empty_block_after{};
  };
  std::map<std::uint64_t, TimingChange> timing_changes{};
  // The timings in force at `height`: the changes at or below it applied in height order.
  struct Timing {
    Nanos leader_timeout;
    Nanos empty_block_after;
    // How long a validator waits in a round before it votes to skip: the leader timeout, or
    // longer when the block time is: a leader at rest waits the block time before it proposes,
    // and then its proposal needs time to arrive (half a leader timeout is allowed for that).
    [[nodiscard]] Nanos skip_after() const {
      return std::max(leader_timeout, empty_block_after + leader_timeout / 2);
    }
  };
  [[nodiscard]] Timing at(std::uint64_t height) const {
    Timing out{leader_timeout, empty_block_after};
    for (const auto& [from, change] : timing_changes) {
      if (from > height) break;
      if (change.leader_timeout) out.leader_timeout = *change.leader_timeout;
      if (change.empty_block_after) out.empty_block_after = *change.empty_block_after;
    }
    return out;
  }
};

// Where the replica's messages go; `validator` indexes the set in certificate order. A peer that
// is not a validator (an observer asking for blocks) has an index of the caller's choosing at or
// above the set's size; the replica only answers it.
class ReplicaIo {
 public:
  virtual ~ReplicaIo() = default;
  virtual void broadcast(const Message& message) = 0;
  virtual void send(std::size_t validator, const Message& message) = 0;
  // `validator` sent something that breaks a rule (logged once per kind by the caller).
  virtual void report(std::size_t validator, const Error& why) = 0;
  virtual void on_final(const BlockInfo& block, std::uint64_t round) = 0;
  virtual void on_evidence(const Evidence& evidence) = 0;
  // The replica cannot go on (its store failed, or a final block does not verify).
  virtual void on_fatal(const Error& why) = 0;
};

struct ReplicaStatus {
  std::uint64_t round = 0;
  BlockInfo head;
  std::size_t pending_blocks = 0;
  std::uint64_t skipped_rounds = 0;  // rounds this replica saw skipped since it started
};

class Replica {
 public:
  // `self` for a node that follows the chain without a validator key: it never signs or
  // leads, and learns final blocks from certificates and sync like a validator that was away.
  static constexpr std::uint32_t kObserver = 0xffffffff;

  Replica(std::uint64_t epoch, std::uint32_t self, const Committee& committee, BftParams params,
          Application& app, SignGuard& guard, ReplicaIo& io);

  // Enters the round after what it last signed or finalized.
  void start(Nanos now);
  void on_message(std::size_t from, const Message& message, Nanos now);
  // Time passed: proposes, votes to skip or sends again what is due.
  void on_time(Nanos now);
  // A final height heard of that this epoch's committee cannot check: a later epoch's
  // certificate, or what the previous epoch's replica heard of. Blocks up to there are synced,
  // reply after reply, rather than one reply a resend.
  // `from`: the peer that told, asked to sync.
  void hear_final_height(std::uint64_t height, std::size_t from, Nanos now);
  [[nodiscard]] std::uint64_t heard_final_height() const;
  // The peer a sync request goes to (the last one to send a finalization).
  [[nodiscard]] std::size_t sync_peer() const noexcept { return finalization_from_; }
  // Transactions arrived: a leader waiting for them proposes.
  void on_transactions(Nanos now);
  // When on_time() next has something to do.
  [[nodiscard]] Nanos deadline() const noexcept;
  [[nodiscard]] ReplicaStatus status() const;

 private:
  struct Known {
    Bytes bytes;
    BlockInfo info;
    std::uint64_t round = 0;
    bool verified = false;
    bool invalid = false;
  };
  // A vote as received. Signatures are checked optimistically: a quorum's votes are aggregated
  // and checked once as a certificate, and one by one only if that fails (or before a vote
  // becomes evidence), which saves most pairings of a round.
  struct HeldVote {
    SignedVote vote;
    bool checked = false;
    std::size_t from = 0;  // who sent it, blamed if it turns out forged
  };
  struct SignerVotes {
    std::optional<HeldVote> notarize;
    std::optional<HeldVote> skip;
    std::optional<HeldVote> finalize;
    [[nodiscard]] std::optional<HeldVote>& slot(VoteKind kind) {
      return kind == VoteKind::kNotarize ? notarize : kind == VoteKind::kSkip ? skip : finalize;
    }
  };
  struct Round {
    std::optional<Hash256> proposal;  // the leader's first proposal
    std::size_t proposer = 0;         // who sent it to us
    std::map<std::uint32_t, SignerVotes> votes;
    std::optional<QuorumCert> notarization;
    std::optional<QuorumCert> skip;
    std::optional<QuorumCert> finalization;
    bool voted = false;  // this replica signed notarize or skip here
    bool proposed = false;
  };

  // ---- replica.cpp ----
  void on_vote(std::size_t from, const SignedVote& vote, Nanos now);
  void add_vote(const SignedVote& vote, bool checked, std::size_t from, Nanos now);
  // Checks a held vote's signature if not yet done; false (and the sender blamed) if forged.
  [[nodiscard]] bool check_held(HeldVote& held);
  void tally(std::uint64_t round, const Vote& vote, Nanos now);
  void on_certificate(std::size_t from, const QuorumCert& cert, Nanos now);
  void take_certificate(std::size_t from, const QuorumCert& cert, Nanos now);
  void on_evidence_message(std::size_t from, const Evidence& evidence);
  void record_evidence(const SignedVote& first, const SignedVote& second);
  // The guard's permission and this validator's signature; nullopt when the guard refuses.
  [[nodiscard]] std::optional<SignedVote> sign(const Vote& vote);
  [[nodiscard]] bool sign_and_send(const Vote& vote, Nanos now);
  [[nodiscard]] bool round_in_window(std::uint64_t round) const noexcept;
  void advance(std::uint64_t round, Nanos now);
  void resend(Nanos now);
  [[nodiscard]] Round* round_state(std::uint64_t round, bool create);
  [[nodiscard]] const Round* find_round(std::uint64_t round) const;
  [[nodiscard]] bool holds_notarization(const Hash256& digest, std::uint64_t round) const;

  // ---- replica_blocks.cpp ----
  void on_proposal(std::size_t from, const Proposal& proposal, Nanos now);
  [[nodiscard]] Known* learn_block(BytesView bytes, const BlockInfo& info, std::uint64_t round);
  void try_vote(Nanos now);
  void try_propose(Nanos now);
  // The tip of the notarized chain at `round` and the round it was notarized in (nullopt for
  // genesis); nullopt when the certificates held do not show one.
  struct Tip {
    BlockInfo block;
    std::optional<std::uint64_t> round;
  };
  [[nodiscard]] std::optional<Tip> notarized_tip(std::uint64_t round) const;
  // Rule R2 for a block of `round` whose parent is `parent`.
  [[nodiscard]] bool parent_justified(const Hash256& parent, std::uint64_t round) const;
  // Verifies `block` and its unverified ancestors; false if one is missing (asked for) or bad.
  [[nodiscard]] bool ensure_verified(const Hash256& digest, std::size_t ask);
  void want(const Hash256& digest, std::size_t ask);
  void try_finalize(Nanos now);
  // Whether every block from `digest` down to the head is known.
  [[nodiscard]] bool chain_known(const Hash256& digest) const;
  void request_sync(Nanos now);
  void commit_chain(const Hash256& digest, const QuorumCert& cert);
  // The application's attestation of a final block (Application::note_attestation).
  void attest(const BlockInfo& block, std::uint64_t round) const;
  void prune();
  void on_block_request(std::size_t from, const BlockRequest& request);
  void on_block_reply(std::size_t from, const BlockReply& reply, Nanos now);
  void on_sync_request(std::size_t from, const SyncRequest& request);
  void on_sync_reply(std::size_t from, const SyncReply& reply, Nanos now);
  void fatal(const Error& why);

  std::uint64_t epoch_;
  std::uint32_t self_;
  const Committee& committee_;
  BftParams params_;
  [[nodiscard]] BftParams::Timing timing() const { return params_.at(head_.height + 1); }
  Application& app_;
  SignGuard& guard_;
  ReplicaIo& io_;

  bool stopped_ = false;  // after a fatal error
  std::uint64_t round_ = 0;
  Nanos entered_at_{0};
  Nanos timeout_at_{0};
  Nanos last_time_{-1};  // the last on_time(): a leader's empty-block moment is due once
  std::optional<Proposal> my_proposal_;   // sent again while its round lasts
  std::size_t finalization_from_ = 0;     // who sent the latest finalization: asked to sync
  std::optional<Nanos> sync_asked_at_;    // a sync request in flight
  std::uint64_t sync_asked_from_ = 0;     // the first height it asked for
  std::uint64_t heard_final_height_ = 0;  // see hear_final_height()
  BlockInfo head_;
  std::optional<std::uint64_t> head_round_;  // nullopt while the head is genesis
  std::optional<QuorumCert> latest_finalization_;
  std::map<std::uint64_t, Round> rounds_;
  std::map<Hash256, Known> blocks_;        // known blocks above the head
  std::map<Hash256, std::size_t> wanted_;  // blocks asked for, and whom we asked
  std::set<std::pair<std::uint32_t, std::uint64_t>> evidence_seen_;  // (signer, round)
  std::uint64_t skipped_rounds_ = 0;
};

}  // namespace plexus::consensus::bft
