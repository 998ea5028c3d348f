#include "consensus/bft/chain_application.hpp"

#include <algorithm>

#include "chain/block.hpp"
#include "chain/block_header.hpp"
#include "chain/header_rules.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::bft {

ChainApplication::ChainApplication(BlockSource& blocks, FinalRecords& records, Address proposer,
                                   EpochInfo epoch,
                                   std::function<std::uint64_t()> final_platform_height,
                                   std::function<void(const chain::BlockRecord&)> on_final)
    : blocks_(blocks),
      records_(records),
      proposer_(proposer),
      epoch_(epoch),
      final_platform_height_(std::move(final_platform_height)),
      on_final_(std::move(on_final)),
      tail_(epoch_, records) {}

Result<EpochInfo> ChainApplication::current_epoch(const chain::Block& head, std::uint64_t length,
                                                  std::uint64_t first_platform_height) {
  const std::uint64_t epoch = epoch_after(head.header.number, length);
  if (head.header.number == 0) return epoch_info(0, first_platform_height, length);
  PLEXUS_TRY(const EpochTag tag, decode_epoch_tag(chain::engine_data(head.header)));
  if (tag.next_platform_height) return epoch_info(epoch, *tag.next_platform_height, length);
  return epoch_info(epoch, tag.platform_height, length);
}

EpochTag ChainApplication::tag_for(std::uint64_t height) const {
  EpochTag tag{epoch_.epoch, epoch_.platform_height, std::nullopt};
  if (height == epoch_.last_height)
    tag.next_platform_height = std::max(
        epoch_.platform_height, height_to_name_ ? height_to_name_() : final_platform_height_());
  return tag;
}

Result<void> ChainApplication::check_epoch_tag(const chain::Block& block, const EpochInfo& epoch,
                                               std::uint64_t final_platform_height) {
  const std::uint64_t height = block.header.number;
  const std::string name = "block " + std::to_string(height);
  PLEXUS_TRY(const EpochTag tag, decode_epoch_tag(chain::engine_data(block.header)));
  if (tag.epoch != epoch.epoch || tag.platform_height != epoch.platform_height)
    return fail(Errc::kValidation,
                name + ": tagged epoch " + std::to_string(tag.epoch) + " at platform height " +
                    std::to_string(tag.platform_height) + ", this is epoch " +
                    std::to_string(epoch.epoch) + " at " + std::to_string(epoch.platform_height));
  if (height != epoch.last_height) {
    if (tag.next_platform_height)
      return fail(Errc::kValidation, name + ": only the epoch's last block (" +
                                         std::to_string(epoch.last_height) +
                                         ") names the next platform height");
    return {};
  }
  if (!tag.next_platform_height)
    return fail(Errc::kValidation,
                name + ": the epoch's last block names the next platform height");
  if (*tag.next_platform_height < epoch.platform_height)
    return fail(Errc::kValidation, name + ": the next platform height goes back");
  if (*tag.next_platform_height > final_platform_height)
    return fail(Errc::kNotFound, name + ": platform height " +
                                     std::to_string(*tag.next_platform_height) +
                                     " is not final here yet");
  return {};
}

Result<void> ChainApplication::check_tag(const chain::Block& block) const {
  PLEXUS_CHECK(check_epoch_tag(block, epoch_, final_platform_height_()));
  if (tail_.past_end(block.header.number) && !block.transactions.empty())
    return fail(Errc::kValidation, "block " + std::to_string(block.header.number) +
                                       ": past the epoch's last block, blocks are empty");
  return {};
}

BlockInfo ChainApplication::head() const {
  const chain::ChainHead head = blocks_.heads().latest;
  return BlockInfo{head.hash, {}, head.number};
}

Result<BlockInfo> ChainApplication::describe(BytesView block) const {
  PLEXUS_TRY(const chain::Block decoded, chain::decode_block(block));
  PLEXUS_TRY(const Hash256 hash, chain::header_hash(decoded.header));
  return BlockInfo{hash, decoded.header.parent_hash, decoded.header.number};
}

Result<void> ChainApplication::verify(BytesView block) { return verify_decoded(block, {}); }

Result<void> ChainApplication::verify_certified(BytesView block, BytesView senders) {
  if (senders.size() % Address::size() != 0)
    return fail(Errc::kValidation, "bft: a sender list of " + std::to_string(senders.size()) +
                                       " bytes is not 20 bytes a sender");
  std::vector<Address> list(senders.size() / Address::size());
  for (std::size_t i = 0; i < list.size(); ++i)
    list[i] = Address::right_aligned(senders.subspan(i * Address::size(), Address::size()));
  return verify_decoded(block, list);
}

Result<void> ChainApplication::verify_decoded(BytesView block, std::span<const Address> senders) {
  PLEXUS_CHECK(tail_.check_open());
  PLEXUS_TRY(const chain::Block decoded, chain::decode_block(block));
  PLEXUS_CHECK(check_tag(decoded));
  PLEXUS_TRY(const chain::ChainHead added, blocks_.add_pending(decoded, senders));
  if (tail_.past_end(decoded.header.number))
    tail_.remember(added.hash, decoded.header.number, to_bytes(block));
  return {};
}

Result<std::optional<Bytes>> ChainApplication::build(const BlockInfo& parent, bool allow_empty) {
  PLEXUS_CHECK(tail_.check_open());
  const std::uint64_t height = parent.height + 1;
  const bool past_end = tail_.past_end(height);
  PLEXUS_TRY(auto built,
             blocks_.build_pending(
                 parent.digest, chain::BlockOptions{.allow_empty = allow_empty,
                                                    .final_on_commit = true,
                                                    .proposer = proposer_,
                                                    .extra_data = encode_epoch_tag(tag_for(height)),
                                                    .no_transactions = past_end}));
  if (!built) return std::optional<Bytes>{};
  PLEXUS_TRY(Bytes encoded, chain::encode_block(*built));
  if (past_end) {
    PLEXUS_TRY(const Hash256 hash, chain::header_hash(built->header));
    tail_.remember(hash, height, encoded);
  }
  return std::optional<Bytes>(std::move(encoded));
}

Result<void> ChainApplication::commit(const Hash256& digest, std::uint64_t round,
                                      const std::optional<QuorumCert>& certificate) {
  if (tail_.holds(digest)) {
    PLEXUS_TRY(const auto done, tail_.commit(digest, round, certificate));
    if (done) (void)blocks_.drop_pending(*done);
    return {};
  }
  const std::uint64_t height = blocks_.heads().latest.number + 1;
  PLEXUS_CHECK(records_.write(height, {round, certificate}));
  PLEXUS_TRY(const chain::BlockRecord record, blocks_.commit_pending(digest));
  PLEXUS_CHECK(blocks_.finalize(record.block.header.number));
  if (height == epoch_.last_height) {
    PLEXUS_TRY(const EpochTag tag, decode_epoch_tag(chain::engine_data(record.block.header)));
    if (tag.next_platform_height) tail_.end(*tag.next_platform_height);
  }
  if (on_final_) on_final_(record);
  return {};
}

void ChainApplication::drop(const Hash256& digest) { (void)blocks_.drop_pending(digest); }

Result<std::uint64_t> ChainApplication::platform_height_at(std::uint64_t height) const {
  PLEXUS_TRY(const auto block, blocks_.block_at(height));
  if (!block) return fail(Errc::kNotFound, "no final block " + std::to_string(height));
  if (height == 0) return epoch_.epoch == 0 ? epoch_.platform_height : 0;
  PLEXUS_TRY(const EpochTag tag, decode_epoch_tag(chain::engine_data(block->header)));
  return tag.platform_height;
}

Result<std::optional<FinalBlock>> ChainApplication::final_block(std::uint64_t height) const {
  if (height > blocks_.heads().latest.number) return std::optional<FinalBlock>{};
  PLEXUS_TRY(const auto record, blocks_.record_at(height));
  if (!record) return std::optional<FinalBlock>{};
  PLEXUS_TRY(Bytes encoded, chain::encode_block(record->block));
  PLEXUS_TRY(auto stored, records_.read(height));
  if (!stored) {
    // Genesis, or a block written before this chain ran bft: final, with no certificate.
    return std::optional<FinalBlock>(FinalBlock{std::move(encoded), 0, std::nullopt});
  }
  Bytes senders;
  senders.reserve(record->meta.size() * Address::size());
  for (const chain::TxMeta& meta : record->meta)
    senders.insert(senders.end(), meta.from.bytes.begin(), meta.from.bytes.end());
  return std::optional<FinalBlock>(FinalBlock{std::move(encoded), stored->round,
                                              std::move(stored->certificate),
                                              std::move(stored->tail), std::move(senders)});
}

}  // namespace plexus::consensus::bft
