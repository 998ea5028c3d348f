#pragma once
// One node running the snowman protocol (docs/CONSENSUS.md, Snowman): a deterministic state
// machine, like bft::Replica. It sees the world only through its inputs (start, messages, time,
// transactions) and acts only through the Application (the same one the bft engine drives:
// blocks verified and kept pending with their state, committed when final, dropped when they
// lose) and ReplicaIo, so the same code runs in the node and in the seeded simulation. Every
// random choice comes from the seed it is given. Not thread-safe: the caller serialises calls.
//
// Heights are decided one at a time on the final head: the blocks known at head + 1 (its
// children, verified) are the choices of one Snowball. Validators build in proposer windows;
// each node keeps up to concurrent_polls polls of k validators in flight, counts the chits and
// finalizes after beta confident polls. A node that is behind hears final blocks in the chits
// and takes one as soon as alpha_confidence of one poll's answers say it is final (honest nodes
// only say so of what they finalized), a height per poll.
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "consensus/bft/application.hpp"
#include "consensus/snowman/messages.hpp"
#include "consensus/snowman/params.hpp"
#include "consensus/snowman/snowball.hpp"
#include "core/clock.hpp"

namespace plexus::consensus::snowman {

using bft::Application;
using bft::BlockInfo;

// Where the replica's messages go; `validator` indexes the set. A peer outside the set (a node
// that only follows) has an index at or above the set's size of the caller's choosing; the
// replica only answers it.
class ReplicaIo {
 public:
  virtual ~ReplicaIo() = default;
  virtual void send(std::size_t validator, const Message& message) = 0;
  // This node's signature over a block it built (empty when it holds no key).
  [[nodiscard]] virtual Bytes sign_proposal(const BlockInfo& block) = 0;
  // Whether `signature` is validator `proposer`'s over `block`.
  [[nodiscard]] virtual bool proposer_signed(std::size_t proposer, const BlockInfo& block,
                                             BytesView signature) = 0;
  // `validator` sent something that breaks a rule.
  virtual void report(std::size_t validator, const Error& why) = 0;
  virtual void on_final(const BlockInfo& block) = 0;
  // The replica cannot go on (its chain failed).
  virtual void on_fatal(const Error& why) = 0;
};

struct ReplicaStatus {
  BlockInfo head;
  std::size_t candidates = 0;  // blocks known at head + 1
  std::size_t confidence = 0;
  std::uint64_t polls = 0;  // polls finished since start
  std::uint64_t failed_polls = 0;
};

class Replica {
 public:
  // `self`: this node's index in the set, nullopt for a node that only follows (it polls, but
  // never builds or answers).
  Replica(std::vector<std::uint64_t> weights, std::optional<std::size_t> self, Params params,
          std::uint64_t seed, Application& app, ReplicaIo& io);

  void start(Nanos now);
  void on_message(std::size_t from, const Message& message, Nanos now);
  // Time passed: ends polls that timed out, builds in this node's window, starts polls.
  void on_time(Nanos now);
  // Transactions arrived: a proposer whose window is open builds.
  void on_transactions(Nanos now);
  // A new validator set (taken at once; polls in flight are forgotten).
  void set_validators(std::vector<std::uint64_t> weights, std::optional<std::size_t> self);
  [[nodiscard]] Nanos deadline() const noexcept;
  [[nodiscard]] ReplicaStatus status() const;
  [[nodiscard]] const BlockInfo& head() const noexcept { return head_; }
  [[nodiscard]] std::optional<Hash256> preference() const;

 private:
  struct Candidate {
    BlockInfo info;
    Bytes bytes;
    std::uint64_t proposer = 0;
    Bytes signature;       // empty when the proposer is not known
    Nanos eligible_at{0};  // when its proposer's window opened here: it may be voted for
  };
  // A block as a message offers it.
  struct Offered {
    std::size_t from = 0;
    BytesView block;
    std::uint64_t proposer = 0;
    BytesView signature;
  };
  struct Answer {
    std::optional<Hash256> preference;
    bool final = false;
  };
  struct OpenPoll {
    std::uint64_t height = 0;
    std::set<std::size_t> asked;
    std::map<std::size_t, Answer> answers;
    Nanos deadline{0};
    Poll request;  // as sent, to ask again
    bool asked_again = false;
  };

  void enter_height(Nanos now);
  // Verifies a block at this height and makes it a choice; nullopt if it is not one (another
  // height, another parent, or it fails verification: then never preferred).
  // Proposer windows: a block signed by a validator may be voted for once that validator's window
  // has opened here; an unsigned one (or one whose signature does not check) once every window
  // has. Until then it is known but not preferred, unless others' votes give it a success.
  std::optional<Hash256> learn(const Offered& offered, Nanos now);
  // When validator `proposer`'s window at this height opens here (after every window when it
  // proposes nothing here).
  [[nodiscard]] Nanos window_opens(std::optional<std::size_t> proposer) const;
  void try_build(Nanos now);
  void retry_unverified(Nanos now);
  void poll(Nanos now);
  void answer(std::size_t from, const Poll& request, Nanos now);
  void on_chits(std::size_t from, const Chits& chits, Nanos now);
  void finish(std::uint64_t id, Nanos now);
  void decide(const Hash256& digest, Nanos now);
  void fatal(const Error& why);
  [[nodiscard]] Nanos build_at() const;
  [[nodiscard]] const Candidate* candidate(const std::optional<Hash256>& digest) const;

  std::vector<std::uint64_t> weights_;
  std::optional<std::size_t> self_;
  Params base_;
  std::vector<std::uint64_t> others_;  // weights_ without this node's: whom it polls
  Params params_;                      // for this set's size
  SeededRandom random_;
  Application& app_;
  ReplicaIo& io_;

  Nanos now_{0};  // the latest time an input brought
  bool started_ = false;
  bool stopped_ = false;
  BlockInfo head_{};
  Nanos entered_at_{0};
  // Who may propose at head + 1, in turn (from the parent's hash and the set): computed when
  // the height or the set changes, read by every window check.
  std::vector<std::size_t> order_;
  bool built_ = false;
  bool pool_empty_ = false;  // the last build found nothing to include
  Nanos next_idle_poll_{0};
  std::uint64_t polls_at_height_ = 0;
  std::map<Hash256, Candidate> candidates_;
  std::set<Hash256> invalid_;  // failed verification at this height
  // Blocks at this height that could not be checked yet (kNotFound: the platform height they
  // name is not final here yet), by digest with their sender; tried again now and then.
  std::map<Hash256, std::pair<std::size_t, Bytes>> unverified_;
  Nanos retry_unverified_at_{0};
  std::optional<Snowball> snowball_;
  std::map<std::uint64_t, OpenPoll> polls_;
  std::uint64_t next_request_ = 1;
  std::uint64_t polls_done_ = 0;
  std::uint64_t polls_failed_ = 0;
};

}  // namespace plexus::consensus::snowman
