#include "consensus/bft/sign_guard.hpp"

#include <string>

namespace plexus::consensus::bft {
namespace {

std::unexpected<Error> refuse(const Vote& vote, const std::string& why) {
  return fail(Errc::kValidation, "bft: would sign twice: " + describe(vote) + " " + why);
}

// rlp([epoch, round, flags, notarize vote or "", finalize vote or ""]), flags bit 0 = skipped.
Bytes encode(const SignRecord& r) {
  Bytes body;
  rlp::append_uint(body, r.epoch);
  rlp::append_uint(body, r.round);
  rlp::append_uint(body, r.skipped ? 1 : 0);
  if (r.notarized) append_vote(body, *r.notarized); else rlp::append_string(body, {});
  if (r.finalized) append_vote(body, *r.finalized); else rlp::append_string(body, {});
  Bytes out;
  append_list(out, body);
  return out;
}

Result<SignRecord> decode(BytesView bytes) {
  const auto corrupt = [](const std::string& what) {
    return fail(Errc::kCorruption, "bft sign record: " + what);
  };
  auto item = rlp::decode(bytes);
  if (!item || !item->is_list) return corrupt("not a list");
  auto f = rlp::list_items(*item);
  if (!f || f->size() != 5) return corrupt("expected 5 fields");
  SignRecord r;
  r.any = true;
  auto epoch = rlp::to_uint64((*f)[0]);
  auto round = rlp::to_uint64((*f)[1]);
  auto flags = rlp::to_uint64((*f)[2]);
  if (!epoch || !round || !flags || *flags > 1) return corrupt("bad epoch, round or flags");
  r.epoch = *epoch;
  r.round = *round;
  r.skipped = *flags == 1;
  for (int i : {3, 4}) {
    const rlp::Item& v = (*f)[i];
    if (!v.is_list) continue;
    auto vote = read_vote(v);
    if (!vote) return corrupt(vote.error().message);
    (i == 3 ? r.notarized : r.finalized) = *vote;
  }
  return r;
}

}  // namespace

Result<SignGuard> SignGuard::open(kv::KvStore& store, Bytes key) {
  PLEXUS_TRY(const auto stored, store.get(key));
  SignRecord record;
  if (stored) {
    PLEXUS_TRY(record, decode(*stored));
  }
  return SignGuard(store, std::move(key), std::move(record));
}

Result<void> SignGuard::persist(const SignRecord& record) {
  PLEXUS_CHECK(store_->put(key_, encode(record), kv::Durability::kSync));
  record_ = record;
  return {};
}

Result<void> SignGuard::allow(const Vote& vote) {
  const auto at = std::pair(vote.epoch, vote.round);
  const auto last = std::pair(record_.epoch, record_.round);
  if (record_.any && at < last)
    return refuse(vote, "after signing in round " + std::to_string(record_.round) + " of epoch " +
                            std::to_string(record_.epoch));
  SignRecord next = record_;
  if (!record_.any || at > last) next = SignRecord{vote.epoch, vote.round, {}, false, {}, true};
  switch (vote.kind) {
    case VoteKind::kNotarize:
      if (next.notarized == vote) return {};
      if (next.notarized) return refuse(vote, "after notarizing another block (R1)");
      if (next.skipped) return refuse(vote, "after the round's skip vote (R1)");
      next.notarized = vote;
      break;
    case VoteKind::kSkip:
      if (next.skipped) return {};
      if (next.finalized) return refuse(vote, "after the round's finalize vote (R3)");
      next.skipped = true;
      break;
    case VoteKind::kFinalize:
      if (next.finalized == vote) return {};
      if (next.finalized) return refuse(vote, "after finalizing another block");
      if (next.skipped) return refuse(vote, "after the round's skip vote (R3)");
      next.finalized = vote;
      break;
  }
  return persist(next);
}

}  // namespace plexus::consensus::bft
