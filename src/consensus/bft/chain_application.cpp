#include "consensus/bft/chain_application.hpp"

#include "chain/block.hpp"
#include "chain/block_header.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::bft {

ChainApplication::ChainApplication(BlockSource& blocks, FinalRecords& records, Address proposer,
                                   Bytes epoch_tag,
                                   std::function<void(const chain::BlockRecord&)> on_final)
    : blocks_(blocks),
      records_(records),
      proposer_(proposer),
      epoch_tag_(std::move(epoch_tag)),
      on_final_(std::move(on_final)) {}

Bytes ChainApplication::epoch_tag(std::uint64_t epoch, std::uint64_t platform_height) {
  Bytes body;
  rlp::append_uint(body, epoch);
  rlp::append_uint(body, platform_height);
  Bytes out;
  append_list(out, body);
  return out;
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

Result<void> ChainApplication::verify(BytesView block) {
  PLEXUS_TRY(const chain::Block decoded, chain::decode_block(block));
  if (decoded.header.extra_data != epoch_tag_)
    return fail(Errc::kValidation,
                "block " + std::to_string(decoded.header.number) + ": extra data " +
                    to_hex(decoded.header.extra_data) + " does not name this epoch (" +
                    to_hex(epoch_tag_) + ": rlp([epoch, platform height]))");
  PLEXUS_CHECK(blocks_.add_pending(decoded));
  return {};
}

Result<std::optional<Bytes>> ChainApplication::build(const BlockInfo& parent, bool allow_empty) {
  PLEXUS_TRY(auto built, blocks_.build_pending(
                             parent.digest, chain::BlockOptions{.allow_empty = allow_empty,
                                                                .final_on_commit = true,
                                                                .proposer = proposer_,
                                                                .extra_data = epoch_tag_}));
  if (!built) return std::optional<Bytes>{};
  PLEXUS_TRY(Bytes encoded, chain::encode_block(*built));
  return std::optional<Bytes>(std::move(encoded));
}

Result<void> ChainApplication::commit(const Hash256& digest, std::uint64_t round,
                                      const std::optional<QuorumCert>& certificate) {
  const std::uint64_t height = blocks_.heads().latest.number + 1;
  PLEXUS_CHECK(records_.write(height, {round, certificate}));
  PLEXUS_TRY(const chain::BlockRecord record, blocks_.commit_pending(digest));
  PLEXUS_CHECK(blocks_.finalize(record.block.header.number));
  if (on_final_) on_final_(record);
  return {};
}

void ChainApplication::drop(const Hash256& digest) { (void)blocks_.drop_pending(digest); }

Result<std::optional<FinalBlock>> ChainApplication::final_block(std::uint64_t height) const {
  if (height > blocks_.heads().latest.number) return std::optional<FinalBlock>{};
  PLEXUS_TRY(const auto block, blocks_.block_at(height));
  if (!block) return std::optional<FinalBlock>{};
  PLEXUS_TRY(Bytes encoded, chain::encode_block(*block));
  PLEXUS_TRY(auto stored, records_.read(height));
  if (!stored) {
    // Genesis, or a block written before this chain ran bft: final, with no certificate.
    return std::optional<FinalBlock>(FinalBlock{std::move(encoded), 0, std::nullopt});
  }
  return std::optional<FinalBlock>(
      FinalBlock{std::move(encoded), stored->round, std::move(stored->certificate)});
}

}  // namespace plexus::consensus::bft
