#include "consensus/snowman/replica.hpp"

#include <algorithm>

#include "consensus/snowman/sampler.hpp"

namespace plexus::consensus::snowman {
namespace {

// Blocks kept as choices at one height, and blocks remembered as invalid there: a byzantine
// proposer cannot make a node verify without end.
constexpr std::size_t kMaxCandidates = 64;
constexpr std::size_t kMaxInvalid = 1024;
// Blocks kept to check again once this node's platform chain reaches the height they name, and
// how often they are tried.
constexpr std::size_t kMaxUnverified = 16;
constexpr Nanos kRetryUnverified = std::chrono::milliseconds(20);
// Polls that push the preferred block's bytes along, at each height.
constexpr std::uint64_t kPushedPolls = 2;

// The stake a node may ask: every validator's but its own.
std::vector<std::uint64_t> others_of(std::vector<std::uint64_t> weights,
                                     std::optional<std::size_t> self) {
  if (self && *self < weights.size()) weights[*self] = 0;
  return weights;
}

std::size_t staked(const std::vector<std::uint64_t>& weights) {
  return static_cast<std::size_t>(
      std::count_if(weights.begin(), weights.end(), [](std::uint64_t w) { return w > 0; }));
}

}  // namespace

Replica::Replica(std::vector<std::uint64_t> weights, std::optional<std::size_t> self, Params params,
                 std::uint64_t seed, Application& app, ReplicaIo& io)
    : weights_(std::move(weights)),
      self_(self),
      base_(params),
      others_(others_of(weights_, self_)),
      params_(params.for_set(staked(others_))),
      random_(seed),
      app_(app),
      io_(io) {}

void Replica::start(Nanos now) {
  started_ = true;
  now_ = now;
  head_ = app_.head();
  enter_height(now);
}

void Replica::set_validators(std::vector<std::uint64_t> weights, std::optional<std::size_t> self) {
  weights_ = std::move(weights);
  self_ = self;
  others_ = others_of(weights_, self_);
  params_ = base_.for_set(staked(others_));
  order_ = proposer_order(weights_, head_.digest, head_.height + 1);
  polls_.clear();
  snowball_.emplace(params_.alpha_preference, params_.alpha_confidence, params_.beta);
  for (const auto& [digest, candidate] : candidates_) snowball_->add(digest);
}

void Replica::enter_height(Nanos now) {
  entered_at_ = now;
  order_ = proposer_order(weights_, head_.digest, head_.height + 1);
  built_ = false;
  next_idle_poll_ = now;
  polls_at_height_ = 0;
  candidates_.clear();
  invalid_.clear();
  unverified_.clear();
  polls_.clear();  // late chits of the height decided are ignored
  snowball_.emplace(params_.alpha_preference, params_.alpha_confidence, params_.beta);
}

std::optional<Hash256> Replica::preference() const {
  if (!snowball_) return std::nullopt;
  return snowball_->preference([this](const Hash256& digest) {
    const auto it = candidates_.find(digest);
    return it != candidates_.end() && it->second.eligible_at <= now_;
  });
}

const Replica::Candidate* Replica::candidate(const std::optional<Hash256>& digest) const {
  if (!digest) return nullptr;
  const auto it = candidates_.find(*digest);
  return it == candidates_.end() ? nullptr : &it->second;
}

std::optional<Hash256> Replica::learn(const Offered& offered, Nanos now) {
  auto info = app_.describe(offered.block);
  if (!info) {
    io_.report(offered.from, info.error());
    return std::nullopt;
  }
  if (info->height != head_.height + 1 || info->parent != head_.digest) return std::nullopt;
  // A signature is checked once per block (a BLS verification costs milliseconds): when the
  // block is new, or known only unsigned.
  const auto signed_by = [&]() -> std::optional<std::size_t> {
    if (offered.signature.empty() || offered.proposer >= weights_.size() ||
        weights_[offered.proposer] == 0 ||
        !io_.proposer_signed(offered.proposer, *info, offered.signature))
      return std::nullopt;
    return offered.proposer;
  };
  if (const auto known = candidates_.find(info->digest); known != candidates_.end()) {
    Candidate& c = known->second;
    if (c.signature.empty() && !offered.signature.empty()) {
      if (const auto proposer = signed_by()) {
        c.eligible_at = std::min(c.eligible_at, window_opens(proposer));
        c.proposer = *proposer;
        c.signature = to_bytes(offered.signature);
      }
    }
    return info->digest;
  }
  if (invalid_.contains(info->digest) || candidates_.size() >= kMaxCandidates) return std::nullopt;
  const std::optional<std::size_t> proposer = signed_by();
  const Nanos eligible_at = window_opens(proposer);
  if (auto verified = app_.verify(offered.block); !verified) {
    const Errc code = verified.error().code;
    if ((code == Errc::kValidation || code == Errc::kDecode) && invalid_.size() < kMaxInvalid)
      invalid_.insert(info->digest);
    if (code == Errc::kNotFound) {
      // Not the sender's fault: this node is behind on the platform chain. Checked again later.
      if (unverified_.size() < kMaxUnverified)
        unverified_.try_emplace(info->digest, offered.from, to_bytes(offered.block));
      return std::nullopt;
    }
    io_.report(offered.from, verified.error());
    return std::nullopt;
  }
  unverified_.erase(info->digest);
  Candidate c{*info, to_bytes(offered.block), proposer ? offered.proposer : 0,
              proposer ? to_bytes(offered.signature) : Bytes{}, eligible_at};
  candidates_.emplace(info->digest, std::move(c));
  snowball_->add(info->digest);
  (void)now;
  return info->digest;
}

Nanos Replica::window_opens(std::optional<std::size_t> proposer) const {
  auto rank = static_cast<std::ptrdiff_t>(order_.size());
  if (proposer) {
    const auto it = std::find(order_.begin(), order_.end(), *proposer);
    if (it == order_.end()) return Nanos::max();
    rank = it - order_.begin();
  }
  return entered_at_ + params_.proposer_window * rank;
}

void Replica::on_message(std::size_t from, const Message& message, Nanos now) {
  if (!started_ || stopped_) return;
  now_ = std::max(now_, now);
  if (const auto* proposal = std::get_if<Proposal>(&message)) {
    if (proposal->height == head_.height + 1)
      (void)learn({from, proposal->block, proposal->proposer, proposal->signature}, now);
  } else if (const auto* request = std::get_if<Poll>(&message)) {
    answer(from, *request, now);
  } else if (const auto* chits = std::get_if<Chits>(&message)) {
    on_chits(from, *chits, now);
  }
  if (!stopped_) poll(now);
}

void Replica::on_transactions(Nanos now) {
  pool_empty_ = false;
  on_time(now);
}

void Replica::on_time(Nanos now) {
  if (!started_ || stopped_) return;
  now_ = std::max(now_, now);
  std::vector<std::uint64_t> due;
  for (auto& [id, open] : polls_) {
    if (open.answers.size() == open.asked.size()) {
      due.push_back(id);
    } else if (open.deadline <= now) {
      // Once, the validators that have not answered are asked again (a lost message need not
      // fail the poll: on a small set every answer counts); then the poll ends with what it has.
      if (open.asked_again) {
        due.push_back(id);
        continue;
      }
      open.asked_again = true;
      open.deadline = now + params_.poll_timeout / 2;
      for (const std::size_t v : open.asked)
        if (!open.answers.contains(v)) io_.send(v, open.request);
    }
  }
  for (const std::uint64_t id : due)
    if (polls_.contains(id) && !stopped_) finish(id, now);
  if (stopped_) return;
  retry_unverified(now);
  try_build(now);
  poll(now);
}

Nanos Replica::build_at() const {
  if (!self_ || built_ || pool_empty_ || !candidates_.empty()) return Nanos::max();
  return window_opens(*self_);
}

void Replica::retry_unverified(Nanos now) {
  if (unverified_.empty() || now < retry_unverified_at_) return;
  retry_unverified_at_ = now + kRetryUnverified;
  auto waiting = std::move(unverified_);
  unverified_.clear();
  for (auto& [digest, block] : waiting) (void)learn({block.first, block.second, 0, {}}, now);
}

void Replica::try_build(Nanos now) {
  if (now < build_at()) return;
  auto built = app_.build(head_, false);
  if (!built) {
    // The platform chain not final that far yet (kNotFound) passes; a chain that cannot build
    // on its own head cannot go on.
    if (built.error().code != Errc::kNotFound) fatal(built.error());
    pool_empty_ = true;  // tried again when transactions arrive
    return;
  }
  if (!*built) {
    pool_empty_ = true;  // again when transactions arrive
    return;
  }
  auto info = app_.describe(**built);
  if (!info) return fatal(info.error());
  built_ = true;
  Bytes signature = io_.sign_proposal(*info);
  candidates_.emplace(info->digest, Candidate{*info, **built, *self_, signature, now});
  snowball_->add(info->digest);
  const Proposal proposal{info->height, **built, *self_, std::move(signature)};
  for (std::size_t v = 0; v < weights_.size(); ++v)
    if (v != *self_ && weights_[v] > 0) io_.send(v, proposal);
}

void Replica::poll(Nanos now) {
  if (!started_ || stopped_) return;
  while (polls_.size() < params_.concurrent_polls) {
    const std::optional<Hash256> preference = this->preference();
    if (!preference) {
      // Nothing to vote on: ask now and then what the others prefer (or have finalized).
      if (!polls_.empty() || now < next_idle_poll_) return;
      next_idle_poll_ = now + params_.idle_poll;
    }
    const std::vector<std::size_t> asked = sample(others_, params_.k, random_);
    if (asked.empty()) {
      // Nobody to ask: a validator alone decides its own block; anyone else waits for a set.
      if (preference && self_ && *self_ < weights_.size() && weights_[*self_] > 0)
        decide(*preference, now);
      return;
    }
    const std::uint64_t id = next_request_++;
    OpenPoll open;
    open.height = head_.height + 1;
    open.deadline = now + params_.poll_timeout;
    Poll request{id, open.height, preference, {}, 0, {}};
    if (const Candidate* c = candidate(preference); c && polls_at_height_ < kPushedPolls) {
      request.block = c->bytes;
      request.proposer = c->proposer;
      request.signature = c->signature;
    }
    ++polls_at_height_;
    for (const std::size_t v : asked) {
      open.asked.insert(v);
      io_.send(v, request);
    }
    open.request = std::move(request);
    polls_.emplace(id, std::move(open));
    if (!preference) return;  // one idle poll at a time
  }
}

void Replica::answer(std::size_t from, const Poll& request, Nanos now) {
  if (!self_) return;  // only validators vote
  Chits chits;
  chits.request_id = request.request_id;
  chits.height = request.height;
  if (request.height <= head_.height) {
    auto final_block = app_.final_block(request.height);
    if (!final_block) return fatal(final_block.error());
    if (!*final_block) return;
    auto info = app_.describe((*final_block)->block);
    if (!info) return fatal(info.error());
    chits.preference = info->digest;
    chits.final = true;
    if (request.preference != info->digest) chits.block = (*final_block)->block;
  } else if (request.height == head_.height + 1) {
    if (!request.block.empty()) {
      const auto pushed = learn({from, request.block, request.proposer, request.signature}, now);
      if (pushed && pushed != request.preference)
        io_.report(from, Error{Errc::kDecode,
                               "snowman: a poll pushed another block than it "
                               "names"});
    }
    chits.preference = preference();
    if (const Candidate* c = candidate(chits.preference);
        c && chits.preference != request.preference) {
      chits.block = c->bytes;
      chits.proposer = c->proposer;
      chits.signature = c->signature;
    }
  }  // a poll of a height this node has not reached: no preference
  io_.send(from, chits);
}

void Replica::on_chits(std::size_t from, const Chits& chits, Nanos now) {
  const auto it = polls_.find(chits.request_id);
  if (it == polls_.end()) return;  // late: the poll ended or its height is decided
  OpenPoll& open = it->second;
  if (!open.asked.contains(from) || open.answers.contains(from)) {
    io_.report(from, Error{Errc::kValidation,
                           "snowman: chits from a validator not asked, or "
                           "twice"});
    return;
  }
  if (chits.height != open.height) {
    io_.report(from, Error{Errc::kValidation,
                           "snowman: chits for height " + std::to_string(chits.height) +
                               " answer a poll of height " + std::to_string(open.height)});
    return;
  }
  Answer answer{chits.preference, chits.final};
  if (!chits.block.empty()) {
    const auto learned = learn({from, chits.block, chits.proposer, chits.signature}, now);
    if (learned != chits.preference) answer = Answer{};  // a block that is not one counts nothing
  }
  open.answers.emplace(from, answer);
  if (open.answers.size() == open.asked.size()) finish(chits.request_id, now);
}

void Replica::finish(std::uint64_t id, Nanos now) {
  auto node = polls_.extract(id);
  const OpenPoll& open = node.mapped();
  if (open.height != head_.height + 1) return;
  ++polls_done_;
  std::map<Hash256, std::size_t> votes;
  std::map<Hash256, std::size_t> finals;
  for (const auto& [validator, answer] : open.answers) {
    if (!candidate(answer.preference)) continue;  // unknown or invalid blocks count nothing
    ++votes[*answer.preference];
    if (answer.final) ++finals[*answer.preference];
  }
  // final_answers answers that say a block is final include an honest node's unless the
  // sample holds more byzantine validators than the parameters tolerate (params.hpp): the
  // block is final, and a node catching up decides a height a poll.
  for (const auto& [digest, count] : finals)
    if (count >= params_.final_answers) return decide(digest, now);
  const auto best = std::max_element(
      votes.begin(), votes.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best == votes.end() || best->second < params_.alpha_preference) {
    ++polls_failed_;
    // The block most answers named, if its lead is more than the faulty answers the parameters
    // tolerate could make up: the honest validators prefer it (snowball.hpp).
    std::optional<Hash256> most;
    if (best != votes.end()) {
      std::size_t second = 0;
      for (const auto& [digest, count] : votes)
        if (digest != best->first) second = std::max(second, count);
      const std::size_t tolerated = open.asked.size() > params_.alpha_confidence
                                        ? open.asked.size() - params_.alpha_confidence
                                        : 0;
      if (best->second - second > tolerated) most = best->first;
    }
    snowball_->record_failure(most);
    return;
  }
  snowball_->record_poll(best->second, best->first);
  if (const auto decided = snowball_->decided()) decide(*decided, now);
}

void Replica::decide(const Hash256& digest, Nanos now) {
  const BlockInfo info = candidates_.at(digest).info;
  for (const auto& [other, candidate] : candidates_)
    if (other != digest) app_.drop(other);  // the losing branches
  if (auto committed = app_.commit(digest, 0, std::nullopt); !committed)
    return fatal(committed.error());
  head_ = info;
  io_.on_final(info);
  enter_height(now);
}

void Replica::fatal(const Error& why) {
  if (stopped_) return;
  stopped_ = true;
  io_.on_fatal(why);
}

Nanos Replica::deadline() const noexcept {
  if (!started_ || stopped_) return Nanos::max();
  Nanos due = build_at();
  if (!unverified_.empty()) due = std::min(due, retry_unverified_at_);
  // A block becoming eligible may become the preference: poll then.
  for (const auto& [digest, c] : candidates_)
    if (c.eligible_at > now_) due = std::min(due, c.eligible_at);
  for (const auto& [id, open] : polls_)
    due = std::min(due, open.answers.size() == open.asked.size() ? Nanos{0} : open.deadline);
  if (polls_.size() < params_.concurrent_polls && (preference() || polls_.empty()))
    due = std::min(due, preference() ? Nanos{0} : next_idle_poll_);
  return due;
}

ReplicaStatus Replica::status() const {
  ReplicaStatus out;
  out.head = head_;
  out.candidates = candidates_.size();
  out.confidence = snowball_ ? snowball_->confidence() : 0;
  out.polls = polls_done_;
  out.failed_polls = polls_failed_;
  return out;
}

}  // namespace plexus::consensus::snowman
