// The replica's blocks: proposals and rule R2, verification, finalization in order, and getting
// blocks it lacks (by hash from the peer that named them, or final ones in bulk by sync).
#include <algorithm>

#include "consensus/bft/replica.hpp"

namespace plexus::consensus::bft {
namespace {

// Known blocks above the head that a replica keeps at most (memory bound against a flood of
// certified but useless blocks; a correct network has a handful).
constexpr std::size_t kMaxKnownBlocks = 1024;

}  // namespace

Replica::Known* Replica::learn_block(BytesView bytes, const BlockInfo& info, std::uint64_t round) {
  if (info.height <= head_.height) return nullptr;  // final already, or on a dead branch
  auto it = blocks_.find(info.digest);
  if (it != blocks_.end()) return &it->second;
  if (blocks_.size() >= kMaxKnownBlocks) return nullptr;
  wanted_.erase(info.digest);
  return &blocks_.emplace(info.digest, Known{to_bytes(bytes), info, round, false, false})
              .first->second;
}

void Replica::on_proposal(std::size_t from, const Proposal& proposal, Nanos now) {
  const Vote& vote = proposal.vote.vote;
  if (vote.epoch != epoch_ || !round_in_window(vote.round)) return;
  if (proposal.vote.signer != committee_.leader(vote.round))
    return io_.report(from, Error{Errc::kValidation, "bft: proposal for " + describe(vote) +
                                                         " not signed by the round's leader"});
  if (const Round* state = find_round(vote.round); state && state->proposal == vote.digest)
    return;  // a copy
  // A proposal straight from its leader is authenticated by the connection it came over; its
  // signature is then checked with the round's other notarize votes, as one aggregate. One
  // passed on by anyone else is checked before its block is executed.
  const bool from_leader = from == proposal.vote.signer;
  if (!from_leader) {
    if (auto checked = committee_.check(proposal.vote); !checked)
      return io_.report(from, checked.error());
  }
  auto info = app_.describe(proposal.block);
  if (!info) return io_.report(from, info.error());
  if (info->digest != vote.digest || info->height != vote.height)
    return io_.report(from,
                      Error{Errc::kValidation, "bft: the proposal's vote does not name its block"});
  for (const QuorumCert& cert : proposal.justification) {
    on_certificate(from, cert, now);
    if (stopped_) return;
  }
  (void)learn_block(proposal.block, *info, vote.round);
  Round& state = *round_state(vote.round, true);
  if (!state.proposal) {
    state.proposal = vote.digest;
    state.proposer = from;
  }
  add_vote(proposal.vote, /*checked=*/!from_leader, from, now);  // a second one is evidence
  try_vote(now);
}

void Replica::try_vote(Nanos now) {
  if (stopped_) return;
  Round* state = round_state(round_, false);
  if (!state || !state->proposal || state->voted) return;
  const SignRecord& signed_so_far = guard_.last();
  if (signed_so_far.any && signed_so_far.epoch == epoch_ && signed_so_far.round == round_ &&
      (signed_so_far.notarized || signed_so_far.skipped)) {
    state->voted = true;  // R1, as signed before a restart
    return;
  }
  const auto known = blocks_.find(*state->proposal);
  if (known == blocks_.end() || known->second.invalid) return;
  const BlockInfo info = known->second.info;
  if (!parent_justified(info.parent, round_)) return;  // R2: wait for the certificates
  if (!ensure_verified(info.digest, state->proposer)) return;
  state->voted = true;
  (void)sign_and_send(Vote{VoteKind::kNotarize, epoch_, round_, info.height, info.digest}, now);
}

bool Replica::parent_justified(const Hash256& parent, std::uint64_t round) const {
  std::optional<std::uint64_t> parent_round;
  if (parent == head_.digest) {
    parent_round = head_round_;
  } else {
    bool found = false;
    for (auto it = rounds_.lower_bound(round); it != rounds_.begin();) {
      --it;
      if (holds_notarization(parent, it->first)) {
        parent_round = it->first;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  const std::uint64_t first_between = parent_round ? *parent_round + 1 : 0;
  if (parent_round && *parent_round >= round) return false;
  for (std::uint64_t q = first_between; q < round; ++q) {
    const Round* state = find_round(q);
    if (!state || !state->skip) return false;
  }
  return true;
}

void Replica::want(const Hash256& digest, std::size_t ask) {
  if (wanted_.size() >= kMaxKnownBlocks || !wanted_.emplace(digest, ask).second) return;
  if (ask != self_)
    io_.send(ask, BlockRequest{digest});
  else
    io_.broadcast(BlockRequest{digest});
}

bool Replica::ensure_verified(const Hash256& digest, std::size_t ask) {
  std::vector<Known*> path;
  for (Hash256 at = digest; at != head_.digest;) {
    const auto it = blocks_.find(at);
    if (it == blocks_.end()) {
      want(at, ask);
      return false;
    }
    if (it->second.invalid) return false;
    if (it->second.verified) break;
    path.push_back(&it->second);
    at = it->second.info.parent;
  }
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    Known& block = **it;
    if (auto verified = app_.verify(block.bytes); !verified) {
      // kNotFound: what the block refers to is not here yet (a platform height); later.
      if (verified.error().code == Errc::kNotFound) return false;
      if (verified.error().code != Errc::kValidation && verified.error().code != Errc::kDecode) {
        fatal(verified.error());
        return false;
      }
      block.invalid = true;  // never voted for, never built on
      io_.report(ask, verified.error());
      return false;
    }
    block.verified = true;
  }
  return true;
}

std::optional<Replica::Tip> Replica::notarized_tip(std::uint64_t round) const {
  for (std::uint64_t q = round; q-- > 0;) {
    if (head_round_ && q <= *head_round_) return Tip{head_, head_round_};
    const Round* state = find_round(q);
    if (!state) return std::nullopt;
    const std::optional<QuorumCert>& cert =
        state->notarization ? state->notarization : state->finalization;
    if (cert) {
      // The same block may come back in a later round (an empty block built again on the same
      // parent within the same second has the same hash): it may be final already.
      if (cert->vote.digest == head_.digest) return Tip{head_, q};
      const auto it = blocks_.find(cert->vote.digest);
      if (it == blocks_.end()) return std::nullopt;
      return Tip{it->second.info, q};
    }
    if (!state->skip) return std::nullopt;
  }
  return Tip{head_, head_round_};
}

void Replica::try_propose(Nanos now) {
  if (stopped_ || committee_.leader(round_) != self_) return;
  Round* state = round_state(round_, true);
  if (state->proposed || state->voted) return;
  const auto tip = notarized_tip(round_);
  if (!tip) {
    // The certificates will come, or the round will be skipped; a notarized block this leader
    // lacks is asked for now, so that it can lead next time.
    for (auto it = rounds_.rbegin(); it != rounds_.rend(); ++it) {
      if (!it->second.notarization) continue;
      const Vote& v = it->second.notarization->vote;
      if (v.height > head_.height && !blocks_.contains(v.digest))
        want(v.digest, committee_.leader(v.round));
      break;
    }
    return;
  }
  if (tip->block.digest != head_.digest &&
      !ensure_verified(tip->block.digest, committee_.leader(*tip->round)))
    return;
  const bool allow_empty = now >= entered_at_ + timing().empty_block_after;
  auto built = app_.build(tip->block, allow_empty);
  if (!built) {
    if (built.error().code == Errc::kIo || built.error().code == Errc::kInternal)
      fatal(built.error());
    return;
  }
  if (!*built) return;  // nothing to include yet
  auto info = app_.describe(**built);
  if (!info) return fatal(info.error());
  if (Known* block = learn_block(**built, *info, round_)) block->verified = true;
  Proposal proposal;
  // R2's evidence for validators that missed it: the parent's certificate, the skipped rounds.
  if (tip->round) {
    const Round* parent_round = find_round(*tip->round);
    if (parent_round && parent_round->notarization)
      proposal.justification.push_back(*parent_round->notarization);
    else if (parent_round && parent_round->finalization)
      proposal.justification.push_back(*parent_round->finalization);
  }
  for (std::uint64_t q = tip->round ? *tip->round + 1 : 0; q < round_; ++q)
    if (const Round* skipped = find_round(q); skipped && skipped->skip)
      proposal.justification.push_back(*skipped->skip);
  if (proposal.justification.size() > kMaxJustification)
    proposal.justification.erase(
        proposal.justification.begin(),
        proposal.justification.end() - static_cast<std::ptrdiff_t>(kMaxJustification));
  state->proposed = true;
  state->voted = true;
  auto vote = sign(Vote{VoteKind::kNotarize, epoch_, round_, info->height, info->digest});
  if (!vote) return;
  proposal.vote = *vote;
  proposal.block = std::move(**built);
  state->proposal = info->digest;
  state->proposer = self_;
  io_.broadcast(proposal);
  my_proposal_ = std::move(proposal);
  add_vote(*vote, /*checked=*/true, self_, now);
}

void Replica::try_finalize(Nanos now) {
  if (stopped_ || !latest_finalization_) return;
  const QuorumCert cert = *latest_finalization_;
  if (cert.vote.height <= head_.height) return;
  if (!chain_known(cert.vote.digest)) {
    // Blocks final elsewhere are written there and asked for by height, in bulk.
    return request_sync(now);
  }
  if (!ensure_verified(cert.vote.digest, finalization_from_)) {
    const auto it = blocks_.find(cert.vote.digest);
    if (it != blocks_.end() && it->second.invalid)
      fatal(Error{Errc::kInternal, "bft: a finalized block does not verify: " +
                                       describe(cert.vote) + " (more than 1/3 byzantine?)"});
    return;
  }
  commit_chain(cert.vote.digest, cert);
}

bool Replica::chain_known(const Hash256& digest) const {
  for (Hash256 at = digest; at != head_.digest;) {
    const auto it = blocks_.find(at);
    if (it == blocks_.end()) return false;
    at = it->second.info.parent;
  }
  return true;
}

void Replica::hear_final_height(std::uint64_t height, std::size_t from, Nanos now) {
  finalization_from_ = from;
  heard_final_height_ = std::max(heard_final_height_, height);
  if (heard_final_height_ > head_.height) request_sync(now);
}

std::uint64_t Replica::heard_final_height() const {
  const bool latest_here = latest_finalization_ && latest_finalization_->vote.epoch == epoch_;
  return std::max(heard_final_height_, latest_here ? latest_finalization_->vote.height : 0);
}

void Replica::request_sync(Nanos now) {
  // One request in flight; another if no answer came within a quarter of the leader timeout.
  if (sync_asked_at_ && now < *sync_asked_at_ + timing().leader_timeout / 4) return;
  sync_asked_at_ = now;
  sync_asked_from_ = head_.height + 1;
  std::size_t peer = finalization_from_;
  if (peer == self_) peer = (self_ + 1) % committee_.size();
  io_.send(peer, SyncRequest{head_.height + 1});
}

void Replica::commit_chain(const Hash256& digest, const QuorumCert& cert) {
  std::vector<Hash256> path;
  for (Hash256 at = digest; at != head_.digest; at = blocks_.at(at).info.parent) path.push_back(at);
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    Known block = blocks_.at(*it);
    const bool certified = *it == digest;
    if (certified) block.round = cert.vote.round;
    if (auto committed = app_.commit(*it, block.round,
                                     certified ? std::optional<QuorumCert>(cert) : std::nullopt);
        !committed)
      return fatal(committed.error());
    // The block before is attested now rather than when it became final: the votes that came
    // late (a validator just slower than the quorum) have had a round to arrive.
    if (app_.wants_attestations() && head_round_) attest(head_, *head_round_);
    head_ = block.info;
    head_round_ = block.round;
    blocks_.erase(*it);
    io_.on_final(block.info, block.round);
  }
  prune();
}

void Replica::attest(const BlockInfo& block, std::uint64_t round) const {
  const Round* state = find_round(round);
  if (!state) return;  // it came by sync: no votes were seen
  std::vector<QuorumCert> certs;
  for (const VoteKind kind : {VoteKind::kNotarize, VoteKind::kFinalize}) {
    const Vote vote{kind, epoch_, round, block.height, block.digest};
    std::vector<SignedVote> agreeing;
    std::uint64_t weight = 0;
    bool checked = true;
    for (const auto& [signer, seen] : state->votes) {
      const std::optional<HeldVote>& held =
          kind == VoteKind::kNotarize ? seen.notarize : seen.finalize;
      if (!held || held->vote.vote != vote) continue;
      agreeing.push_back(held->vote);
      checked = checked && held->checked;
      weight += committee_.weight(signer);
    }
    if (!committee_.is_quorum(weight)) continue;
    auto cert = committee_.certify(vote, agreeing);
    // A late vote not checked yet that spoils the aggregate: no certificate rather than a bad one.
    if (!cert || (!checked && !committee_.check(*cert))) continue;
    certs.push_back(std::move(*cert));
  }
  if (!certs.empty()) app_.note_attestation(certs);
}

void Replica::prune() {
  // Rounds before the head's can no longer matter: nothing may be built below a final block.
  rounds_.erase(rounds_.begin(), rounds_.lower_bound(head_round_ ? *head_round_ : 0));
  // Blocks that do not descend from the head lost; the application forgets them.
  std::vector<Hash256> losers;
  for (const auto& [digest, block] : blocks_) {
    Hash256 at = digest;
    bool descends = false;
    for (std::size_t steps = 0; steps <= blocks_.size(); ++steps) {
      if (at == head_.digest) {
        descends = true;
        break;
      }
      const auto it = blocks_.find(at);
      if (it == blocks_.end() || it->second.info.height <= head_.height) break;
      at = it->second.info.parent;
    }
    if (!descends) losers.push_back(digest);
  }
  for (const Hash256& digest : losers) {
    if (blocks_.at(digest).verified) app_.drop(digest);
    blocks_.erase(digest);
  }
  // Requests are made again by whatever still needs a block; those for blocks that lost or are
  // final would otherwise be sent on every resend.
  wanted_.clear();
}

void Replica::on_block_request(std::size_t from, const BlockRequest& request) {
  const auto it = blocks_.find(request.digest);
  if (it == blocks_.end()) {
    // The block just finalized here is the one a peer most likely lacks.
    if (request.digest != head_.digest || head_.height == 0) return;
    auto head = app_.final_block(head_.height);
    if (head && *head && (*head)->certificate)
      io_.send(from, BlockReply{(*head)->block, *(*head)->certificate});
    return;
  }
  const Round* state = find_round(it->second.round);
  if (!state) return;
  for (const auto* cert : {&state->finalization, &state->notarization})
    if (*cert && (*cert)->vote.digest == request.digest)
      return io_.send(from, BlockReply{it->second.bytes, **cert});
}

void Replica::on_block_reply(std::size_t from, const BlockReply& reply, Nanos now) {
  const Vote& vote = reply.certificate.vote;
  if (!wanted_.contains(vote.digest) || vote.epoch != epoch_) return;  // unasked: not kept
  auto info = app_.describe(reply.block);
  if (!info) return io_.report(from, info.error());
  if (info->digest != vote.digest || info->height != vote.height)
    return io_.report(
        from, Error{Errc::kValidation, "bft: a block reply's certificate names another block"});
  if (auto checked = committee_.check(reply.certificate); !checked)
    return io_.report(from, checked.error());
  wanted_.erase(vote.digest);
  (void)learn_block(reply.block, *info, vote.round);
  on_certificate(from, reply.certificate, now);
  try_vote(now);
  try_finalize(now);
}

void Replica::on_sync_request(std::size_t from, const SyncRequest& request) {
  if (request.from_height == 0 || request.from_height > head_.height) return;
  // As many final blocks as fit, up to the last one with a certificate of the same epoch: that
  // certificate covers every block before it through their parent hashes, so the peer checks one
  // signature for the whole reply, not one a block.
  SyncReply reply;
  std::size_t covered = 0;  // blocks of `reply` up to its certificate
  std::size_t bytes = 0;
  const std::uint64_t last = std::min(head_.height, request.from_height + kMaxSyncBlocks - 1);
  for (std::uint64_t h = request.from_height; h <= last; ++h) {
    auto final_block = app_.final_block(h);
    if (!final_block) return fatal(final_block.error());
    if (!*final_block) break;
    FinalBlock& block = **final_block;
    bytes += block.block.size() + block.senders.size();
    for (const auto& tail : block.tail) bytes += tail.second.size();
    if (covered > 0 && bytes > kMaxSyncReplyBytes) break;
    if (covered > 0 && block.certificate &&
        block.certificate->vote.epoch != reply.certificate.vote.epoch)
      break;  // the next epoch's set signs it: the peer asks again once it is there
    reply.blocks.emplace_back(block.round, std::move(block.block));
    reply.senders.push_back(std::move(block.senders));
    for (auto& tail : block.tail) {
      reply.blocks.push_back(std::move(tail));
      reply.senders.emplace_back();  // blocks past an epoch's end are empty
    }
    if (block.certificate) {
      reply.certificate = *block.certificate;
      covered = reply.blocks.size();
      if (!block.tail.empty()) break;  // an epoch's end
    }
  }
  if (covered == 0) return;
  reply.blocks.resize(covered);
  reply.senders.resize(covered);
  io_.send(from, reply);
}

void Replica::on_sync_reply(std::size_t from, const SyncReply& reply, Nanos now) {
  const QuorumCert& cert = reply.certificate;
  if (cert.vote.epoch != epoch_ || cert.vote.height <= head_.height) return;  // stale
  std::vector<BlockInfo> infos;
  Hash256 parent = head_.digest;
  for (const auto& [round, block] : reply.blocks) {
    auto info = app_.describe(block);
    if (!info) return io_.report(from, info.error());
    if (info->parent != parent || info->height != head_.height + infos.size() + 1)
      return;  // not a continuation of this replica's head: a reply to an older request
    parent = info->digest;
    infos.push_back(*info);
  }
  if (infos.back().digest != cert.vote.digest || infos.back().height != cert.vote.height)
    return io_.report(
        from, Error{Errc::kValidation, "bft: a sync reply's certificate names another block"});
  if (auto checked = committee_.check(cert); !checked) return io_.report(from, checked.error());
  // Far behind: ask the same peer for what follows now, so that it reads and sends the next
  // blocks while these run here.
  const std::uint64_t known_final = heard_final_height();
  if (known_final > cert.vote.height) {
    sync_asked_at_ = now;
    sync_asked_from_ = cert.vote.height + 1;
    io_.send(from, SyncRequest{sync_asked_from_});
  }
  bool complete = true;
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const auto& [round, block] = reply.blocks[i];
    const auto known = blocks_.find(infos[i].digest);
    if (known == blocks_.end() || !known->second.verified) {
      // The certificate checked above covers this block (its descendants link to it), so the
      // senders the peer lists may stand in for recovering them. Senders that do not match are
      // the peer's fault, not the block's: it is verified again the usual way.
      const bool with_senders = i < reply.senders.size() && !reply.senders[i].empty();
      Result<void> verified =
          with_senders ? app_.verify_certified(block, reply.senders[i]) : app_.verify(block);
      if (with_senders && !verified && verified.error().code != Errc::kNotFound) {
        io_.report(from, verified.error());
        verified = app_.verify(block);
      }
      if (!verified) {
        if (verified.error().code == Errc::kNotFound) {  // not checkable yet: sync again later
          complete = false;
          break;
        }
        return fatal(Error{Errc::kInternal,
                           "bft: a finalized block does not verify: " + verified.error().message});
      }
    }
    const bool certified = i + 1 == infos.size();
    if (auto committed =
            app_.commit(infos[i].digest, round, certified ? std::optional(cert) : std::nullopt);
        !committed)
      return fatal(committed.error());
    head_ = infos[i];
    head_round_ = round;
    blocks_.erase(infos[i].digest);
    io_.on_final(infos[i], round);
  }
  prune();
  if (!complete) return;
  if (sync_asked_from_ != head_.height + 1) sync_asked_at_.reset();  // none ahead in flight
  on_certificate(from, cert, now);  // as a certificate: it moves the round on
  if (!latest_finalization_ || cert.vote.round > latest_finalization_->vote.round)
    latest_finalization_ = cert;
  advance(cert.vote.round + 1, now);
  try_finalize(now);
  if (head_.height < known_final) request_sync(now);  // more of the chain to fetch
}

}  // namespace plexus::consensus::bft
