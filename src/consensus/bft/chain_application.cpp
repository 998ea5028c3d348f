#include "consensus/bft/chain_application.hpp"

#include "chain/block.hpp"
#include "chain/block_header.hpp"
#include "core/hex.hpp"

namespace plexus::consensus::bft {
namespace {

Bytes final_key(std::uint64_t height) {
  Bytes key = {'Q', 'f', 'i', 'n', 'a', 'l'};
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<Byte>(height >> shift));
  return key;
}

// Blocks a peer that syncs may be sent past a block without its own certificate, at most.
constexpr std::uint64_t kMaxUncertifiedRun = 256;

}  // namespace

ChainApplication::ChainApplication(BlockSource& blocks, kv::KvStore& store, Address proposer,
                                   Bytes epoch_tag,
                                   std::function<void(const chain::BlockRecord&)> on_final)
    : blocks_(blocks),
      store_(store),
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
  Bytes body;
  rlp::append_uint(body, round);
  if (certificate) append_quorum_cert(body, *certificate); else rlp::append_string(body, {});
  Bytes value;
  append_list(value, body);
  PLEXUS_CHECK(store_.put(final_key(height), value, kv::Durability::kSync));
  PLEXUS_TRY(const chain::BlockRecord record, blocks_.commit_pending(digest));
  PLEXUS_CHECK(blocks_.finalize(record.block.header.number));
  if (on_final_) on_final_(record);
  return {};
}

void ChainApplication::drop(const Hash256& digest) { (void)blocks_.drop_pending(digest); }

Result<std::optional<std::pair<std::uint64_t, std::optional<QuorumCert>>>> ChainApplication::record(
    std::uint64_t height) const {
  using Record = std::pair<std::uint64_t, std::optional<QuorumCert>>;
  PLEXUS_TRY(const auto stored, store_.get(final_key(height)));
  if (!stored) return std::optional<Record>{};
  const auto corrupt = [&](const std::string& what) {
    return fail(Errc::kCorruption, "bft final record " + std::to_string(height) + ": " + what);
  };
  auto item = rlp::decode(*stored);
  if (!item || !item->is_list) return corrupt("not a list");
  auto fields = rlp::list_items(*item);
  if (!fields || fields->size() != 2) return corrupt("expected [round, certificate]");
  auto round = rlp::to_uint64((*fields)[0]);
  if (!round) return corrupt(round.error().message);
  Record out{*round, std::nullopt};
  if ((*fields)[1].is_list) {
    auto cert = read_quorum_cert((*fields)[1]);
    if (!cert) return corrupt(cert.error().message);
    out.second = std::move(*cert);
  }
  return std::optional<Record>(std::move(out));
}

Result<std::optional<FinalBlock>> ChainApplication::final_block(std::uint64_t height) const {
  if (height > blocks_.heads().latest.number) return std::optional<FinalBlock>{};
  PLEXUS_TRY(const auto block, blocks_.block_at(height));
  if (!block) return std::optional<FinalBlock>{};
  PLEXUS_TRY(Bytes encoded, chain::encode_block(*block));
  PLEXUS_TRY(auto stored, record(height));
  if (!stored) {
    // Genesis, or a block written before this chain ran bft: final, with no certificate.
    return std::optional<FinalBlock>(FinalBlock{std::move(encoded), 0, std::nullopt});
  }
  return std::optional<FinalBlock>(
      FinalBlock{std::move(encoded), stored->first, std::move(stored->second)});
}

Result<std::optional<ChainApplication::Finality>> ChainApplication::finality(
    std::uint64_t height) const {
  const std::uint64_t head = blocks_.heads().latest.number;
  for (std::uint64_t h = height; h <= head && h < height + kMaxUncertifiedRun; ++h) {
    PLEXUS_TRY(auto stored, record(h));
    if (stored && stored->second)
      return std::optional<Finality>(Finality{h, stored->first, std::move(*stored->second)});
  }
  return std::optional<Finality>{};
}

}  // namespace plexus::consensus::bft
