// The replica's votes, certificates, rounds and timers. See replica.hpp and docs/CONSENSUS.md
// (the rule names R1-R5 below are the document's).
#include "consensus/bft/replica.hpp"

#include <algorithm>

namespace plexus::consensus::bft {
Replica::Replica(std::uint64_t epoch, std::uint32_t self, const Committee& committee,
                 BftParams params, Application& app, SignGuard& guard, ReplicaIo& io)
    : epoch_(epoch),
      self_(self),
      committee_(committee),
      params_(params),
      app_(app),
      guard_(guard),
      io_(io),
      head_(app.head()) {}

void Replica::start(Nanos now) {
  head_ = app_.head();
  head_round_.reset();
  if (head_.height > 0) {
    auto final_head = app_.final_block(head_.height);
    if (!final_head || !*final_head)
      return fatal(final_head ? Error{Errc::kCorruption, "bft: the head block is not stored"}
                              : final_head.error());
    head_round_ = (*final_head)->round;
  }
  std::uint64_t round = head_round_ ? *head_round_ + 1 : 0;
  // Back in the round it last signed in: the guard then holds it to what it signed there.
  if (const SignRecord& last = guard_.last(); last.any && last.epoch == epoch_)
    round = std::max(round, last.round);
  round_ = round;
  entered_at_ = now;
  timeout_at_ = now + timing().skip_after();
  try_propose(now);
}

void Replica::on_message(std::size_t from, const Message& message, Nanos now) {
  if (stopped_ || from == self_) return;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Proposal>) on_proposal(from, m, now);
        else if constexpr (std::is_same_v<T, SignedVote>) on_vote(from, m, now);
        else if constexpr (std::is_same_v<T, QuorumCert>) on_certificate(from, m, now);
        else if constexpr (std::is_same_v<T, BlockRequest>) on_block_request(from, m);
        else if constexpr (std::is_same_v<T, BlockReply>) on_block_reply(from, m, now);
        else if constexpr (std::is_same_v<T, SyncRequest>) on_sync_request(from, m);
        else if constexpr (std::is_same_v<T, SyncReply>) on_sync_reply(from, m, now);
        else on_evidence_message(from, m);
      },
      message);
  if (!stopped_) try_propose(now);
}

void Replica::on_transactions(Nanos now) {
  if (!stopped_) try_propose(now);
}

Nanos Replica::deadline() const noexcept {
  Nanos due = timeout_at_;
  const auto it = rounds_.find(round_);
  const bool proposed = it != rounds_.end() && it->second.proposed;
  const Nanos empty_at = entered_at_ + timing().empty_block_after;
  if (committee_.leader(round_) == self_ && !proposed && empty_at > last_time_)
    due = std::min(due, empty_at);
  return due;
}

ReplicaStatus Replica::status() const {
  return ReplicaStatus{round_, head_, blocks_.size(), skipped_rounds_};
}

void Replica::on_time(Nanos now) {
  if (stopped_) return;
  last_time_ = now;
  try_propose(now);
  if (stopped_ || now < timeout_at_) return;
  const std::uint64_t round = round_;
  const Round* state = find_round(round);
  // R3: skip only a round whose notarization this validator has not seen.
  if (!state || (!state->notarization && !state->finalization)) {
    round_state(round, true)->voted = true;
    (void)sign_and_send(Vote{VoteKind::kSkip, epoch_, round, 0, {}}, now);
  }
  if (stopped_) return;
  resend(now);
  timeout_at_ = now + timing().leader_timeout;
}

void Replica::resend(Nanos now) {
  if (round_ > 0) {
    if (const Round* previous = find_round(round_ - 1)) {
      if (previous->notarization) io_.broadcast(*previous->notarization);
      if (previous->skip) io_.broadcast(*previous->skip);
    }
  }
  if (latest_finalization_) io_.broadcast(*latest_finalization_);
  if (const Round* current = find_round(round_)) {
    if (current->proposed && my_proposal_ && my_proposal_->vote.vote.round == round_)
      io_.broadcast(*my_proposal_);
    if (const auto mine = current->votes.find(self_); mine != current->votes.end()) {
      for (const auto* vote : {&mine->second.notarize, &mine->second.skip, &mine->second.finalize})
        if (*vote) io_.broadcast((*vote)->vote);
    }
  }
  // What a lossy network may have eaten: blocks asked for, and a sync that never came back.
  for (const auto& [digest, asked] : wanted_) io_.broadcast(BlockRequest{digest});
  if (latest_finalization_ && latest_finalization_->vote.height > head_.height + 1) {
    sync_asked_at_.reset();  // the last one went unanswered: ask another peer
    finalization_from_ = (finalization_from_ + 1) % committee_.size();
    request_sync(now);
  }
}

Replica::Round* Replica::round_state(std::uint64_t round, bool create) {
  auto it = rounds_.find(round);
  if (it != rounds_.end()) return &it->second;
  if (!create) return nullptr;
  return &rounds_[round];
}

const Replica::Round* Replica::find_round(std::uint64_t round) const {
  const auto it = rounds_.find(round);
  return it == rounds_.end() ? nullptr : &it->second;
}

bool Replica::holds_notarization(const Hash256& digest, std::uint64_t round) const {
  if (digest == head_.digest && head_round_ == round) return true;
  const Round* state = find_round(round);
  if (!state) return false;
  return (state->notarization && state->notarization->vote.digest == digest) ||
         (state->finalization && state->finalization->vote.digest == digest);
}

std::optional<SignedVote> Replica::sign(const Vote& vote) {
  if (self_ == kObserver) return std::nullopt;
  if (auto allowed = guard_.allow(vote); !allowed) {
    if (allowed.error().code != Errc::kValidation) fatal(allowed.error());
    return std::nullopt;  // the guard keeps this validator from contradicting itself
  }
  return committee_.sign(vote, self_);
}

bool Replica::sign_and_send(const Vote& vote, Nanos now) {
  auto signed_vote = sign(vote);
  if (!signed_vote) return false;
  io_.broadcast(*signed_vote);
  add_vote(*signed_vote, /*checked=*/true, self_, now);
  return true;
}

bool Replica::round_in_window(std::uint64_t round) const noexcept {
  const std::uint64_t lowest = head_round_ ? *head_round_ : 0;
  return round >= lowest && round <= round_ + params_.max_rounds_ahead;
}

void Replica::on_vote(std::size_t from, const SignedVote& vote, Nanos now) {
  if (vote.vote.epoch != epoch_ || !round_in_window(vote.vote.round)) return;
  if (vote.signer >= committee_.size())
    return io_.report(from, Error{Errc::kValidation, "bft: a vote of an unknown signer"});
  if (const Round* state = find_round(vote.vote.round)) {
    if (const auto it = state->votes.find(vote.signer); it != state->votes.end()) {
      const SignerVotes& seen = it->second;
      for (const auto* held : {&seen.notarize, &seen.skip, &seen.finalize})
        if (*held && (*held)->vote == vote) return;  // a copy: gossip and resends make many
    }
  }
  add_vote(vote, /*checked=*/false, from, now);
}

bool Replica::check_held(HeldVote& held) {
  if (held.checked) return true;
  if (auto checked = committee_.check(held.vote); !checked) {
    io_.report(held.from, checked.error());
    return false;
  }
  held.checked = true;
  return true;
}

void Replica::add_vote(const SignedVote& vote, bool checked, std::size_t from, Nanos now) {
  SignerVotes& seen = round_state(vote.vote.round, true)->votes[vote.signer];
  HeldVote incoming{vote, checked, from};
  std::optional<HeldVote>& slot = seen.slot(vote.vote.kind);
  if (slot && slot->vote == vote) return;
  if (slot && slot->vote.vote == vote.vote) {
    // The same vote with another signature: one of them is forged. Keep a checked one.
    if (check_held(*slot) || !check_held(incoming)) return;
    slot = incoming;
    return tally(vote.vote.round, vote.vote, now);
  }
  for (auto* held : {&seen.notarize, &seen.skip, &seen.finalize}) {
    if (!*held || !conflicting((*held)->vote.vote, vote.vote)) continue;
    // Evidence must hold two real signatures; a forged one only costs its sender.
    if (!check_held(incoming)) return;
    if (!check_held(**held)) {
      held->reset();
      continue;
    }
    record_evidence((*held)->vote, vote);
    return;  // the second of two contradicting votes counts for nothing
  }
  slot = incoming;
  tally(vote.vote.round, vote.vote, now);
}

void Replica::tally(std::uint64_t round, const Vote& vote, Nanos now) {
  Round* state = round_state(round, false);
  if (!state) return;
  const bool held = (vote.kind == VoteKind::kNotarize && state->notarization) ||
                    (vote.kind == VoteKind::kSkip && state->skip) ||
                    (vote.kind == VoteKind::kFinalize && state->finalization);
  if (held) return;
  std::vector<SignedVote> agreeing;
  std::vector<HeldVote*> unchecked;
  std::uint64_t weight = 0;
  for (auto& [signer, seen] : state->votes) {
    std::optional<HeldVote>& slot = seen.slot(vote.kind);
    if (!slot || slot->vote.vote != vote) continue;
    agreeing.push_back(slot->vote);
    if (!slot->checked) unchecked.push_back(&*slot);
    weight += committee_.weight(signer);
  }
  if (!committee_.is_quorum(weight)) return;  // R5
  auto cert = committee_.certify(vote, agreeing);
  if (!cert) return fatal(cert.error());
  if (!unchecked.empty()) {
    if (committee_.check(*cert)) {
      for (HeldVote* v : unchecked) v->checked = true;  // the aggregate vouches for each
    } else {
      // A forged vote among them: find it, drop it, and count again.
      for (auto& [signer, seen] : state->votes) {
        std::optional<HeldVote>& slot = seen.slot(vote.kind);
        if (slot && slot->vote.vote == vote && !check_held(*slot)) slot.reset();
      }
      return tally(round, vote, now);
    }
  }
  io_.broadcast(*cert);  // one validator's view becomes everyone's
  take_certificate(self_, *cert, now);
}

void Replica::on_certificate(std::size_t from, const QuorumCert& cert, Nanos now) {
  const Vote& vote = cert.vote;
  if (vote.epoch > epoch_) {
    // A later epoch's certificate (not checkable with this committee): the chain went on
    // without this replica. Final blocks come by sync, each checked against its own epoch.
    return hear_final_height(vote.height, from, now);
  }
  if (vote.epoch != epoch_) return;
  if (vote.round < (head_round_ ? *head_round_ : 0)) return;
  if (const Round* state = find_round(vote.round)) {
    const auto& slot = vote.kind == VoteKind::kNotarize ? state->notarization
                       : vote.kind == VoteKind::kSkip   ? state->skip
                                                        : state->finalization;
    if (slot) return;  // held already (one per round: R1 and the quorum make it unique)
  }
  if (auto checked = committee_.check(cert); !checked) return io_.report(from, checked.error());
  take_certificate(from, cert, now);
}

void Replica::take_certificate(std::size_t from, const QuorumCert& cert, Nanos now) {
  const Vote vote = cert.vote;
  Round& state = *round_state(vote.round, true);
  switch (vote.kind) {
    case VoteKind::kNotarize: {
      if (state.notarization) return;
      state.notarization = cert;
      if (const auto known = blocks_.find(vote.digest); known != blocks_.end()) {
        known->second.round = vote.round;  // the round it counts in, should it have come twice
      } else if (vote.height > head_.height) {
        want(vote.digest, from);
      }
      // R4, under R3 (the guard refuses a finalize vote after the round's skip vote).
      if (vote.round >= round_)
        (void)sign_and_send(Vote{VoteKind::kFinalize, epoch_, vote.round, vote.height,
                                 vote.digest},
                            now);
      break;
    }
    case VoteKind::kSkip:
      if (state.skip) return;
      state.skip = cert;
      ++skipped_rounds_;
      break;
    case VoteKind::kFinalize:
      if (state.finalization) return;
      state.finalization = cert;
      if (!latest_finalization_ || vote.round > latest_finalization_->vote.round) {
        latest_finalization_ = cert;
        finalization_from_ = from;
      }
      break;
  }
  if (stopped_) return;
  advance(vote.round + 1, now);
  try_vote(now);
  if (vote.kind == VoteKind::kFinalize) try_finalize(now);
}

void Replica::advance(std::uint64_t round, Nanos now) {
  if (round <= round_ || stopped_) return;
  round_ = round;
  entered_at_ = now;
  timeout_at_ = now + timing().skip_after();
  try_vote(now);
  try_propose(now);
}

void Replica::on_evidence_message(std::size_t from, const Evidence& evidence) {
  const SignedVote& a = evidence.first;
  const SignedVote& b = evidence.second;
  if (a.vote.epoch != epoch_) return;
  if (a.signer != b.signer || !conflicting(a.vote, b.vote))
    return io_.report(from, Error{Errc::kValidation, "bft: evidence of votes that agree"});
  if (evidence_seen_.contains({a.signer, a.vote.round})) return;
  for (const SignedVote* vote : {&a, &b})
    if (auto checked = committee_.check(*vote); !checked) return io_.report(from, checked.error());
  record_evidence(a, b);
}

void Replica::record_evidence(const SignedVote& first, const SignedVote& second) {
  if (!evidence_seen_.insert({first.signer, first.vote.round}).second) return;
  const Evidence evidence{first, second};
  io_.on_evidence(evidence);
  io_.broadcast(evidence);
}

void Replica::fatal(const Error& why) {
  if (stopped_) return;
  stopped_ = true;
  io_.on_fatal(why);
}

}  // namespace plexus::consensus::bft
