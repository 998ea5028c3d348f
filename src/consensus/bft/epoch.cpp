#include "consensus/bft/epoch.hpp"

#include "core/hex.hpp"

namespace plexus::consensus::bft {

Bytes encode_epoch_tag(const EpochTag& tag) {
  Bytes body;
  rlp::append_uint(body, tag.epoch);
  rlp::append_uint(body, tag.platform_height);
  if (tag.next_platform_height) rlp::append_uint(body, *tag.next_platform_height);
  Bytes out;
  append_list(out, body);
  return out;
}

Result<EpochTag> decode_epoch_tag(BytesView bytes) {
  const auto bad = [&] {
    return fail(Errc::kValidation, "extra data " + to_hex(bytes) +
                                       " is not an epoch tag (rlp([epoch, platform height, "
                                       "next platform height?]))");
  };
  auto item = rlp::decode(bytes);
  if (!item || !item->is_list) return bad();
  auto fields = rlp::list_items(*item);
  if (!fields || fields->size() < 2 || fields->size() > 3) return bad();
  EpochTag tag;
  auto epoch = rlp::to_uint64((*fields)[0]);
  auto height = rlp::to_uint64((*fields)[1]);
  if (!epoch || !height) return bad();
  tag.epoch = *epoch;
  tag.platform_height = *height;
  if (fields->size() == 3) {
    auto next = rlp::to_uint64((*fields)[2]);
    if (!next) return bad();
    tag.next_platform_height = *next;
  }
  return tag;
}

Result<void> EpochTail::check_open() const {
  if (next_) return fail(Errc::kValidation, "bft: epoch " + std::to_string(info_.epoch) + " ended");
  return {};
}

void EpochTail::remember(const Hash256& digest, std::uint64_t height, Bytes block) {
  known_.insert_or_assign(digest, std::pair{height, std::move(block)});
}

Result<std::optional<Hash256>> EpochTail::commit(const Hash256& digest, std::uint64_t round,
                                                 const std::optional<QuorumCert>& certificate) {
  if (!known_.contains(digest))
    return fail(Errc::kInternal, "bft: block " + to_hex(digest) + " past the epoch is unknown");
  committed_.emplace_back(digest, round);
  if (!certificate) return std::optional<Hash256>{};
  PLEXUS_TRY(auto last, records_.read(info_.last_height));
  FinalRecords::Record record = last.value_or(FinalRecords::Record{});
  record.certificate = certificate;
  record.tail.clear();
  for (const auto& [tail_digest, tail_round] : committed_)
    record.tail.emplace_back(tail_round, known_.at(tail_digest).second);
  PLEXUS_CHECK(records_.write(info_.last_height, record));
  const Hash256 first = committed_.front().first;
  committed_.clear();
  return std::optional<Hash256>(first);
}

}  // namespace plexus::consensus::bft
