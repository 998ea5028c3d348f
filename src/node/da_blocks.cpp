#include "node/da_blocks.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::node {
namespace {

const chain::BlockOptions kRebuiltBlock{
    .allow_empty = true, .final_on_commit = true, .proposer = {}};

std::string number(std::uint64_t n) { return std::to_string(n); }

DaRebuild::Outcome skip(std::size_t imported, std::string why) {
  return DaRebuild::Outcome{imported, std::move(why)};
}

Result<void> check_block_count(std::size_t count) {
  if (count == 0 || count > kMaxBlocksPerBlob)
    return fail(Errc::kInvalidArgument, "a subnet blob carries 1 to " + number(kMaxBlocksPerBlob) +
                                            " blocks, not " + number(count));
  return {};
}

Bytes with_magic(std::string_view magic, const Bytes& list) {
  Bytes out(magic.begin(), magic.end());
  out.insert(out.end(), list.begin(), list.end());
  return out;
}

}  // namespace

Result<Bytes> encode_subnet_blob(std::span<const chain::Block> blocks) {
  PLEXUS_CHECK(check_block_count(blocks.size()));
  std::vector<Bytes> items;
  items.reserve(blocks.size());
  for (const chain::Block& block : blocks) {
    PLEXUS_TRY(Bytes encoded, chain::encode_block(block));
    items.push_back(std::move(encoded));
  }
  return with_magic(kSubnetBlobMagic, rlp::encode_list(items));
}

Result<Bytes> encode_certified_subnet_blob(std::span<const PostedBlock> blocks) {
  PLEXUS_CHECK(check_block_count(blocks.size()));
  std::vector<Bytes> items;
  items.reserve(blocks.size());
  for (const PostedBlock& posted : blocks) {
    PLEXUS_TRY(Bytes encoded, chain::encode_block(posted.block));
    const Bytes pair[] = {std::move(encoded),
                          posted.finality.empty() ? rlp::encode_string({}) : posted.finality};
    items.push_back(rlp::encode_list(pair));
  }
  return with_magic(kCertifiedSubnetBlobMagic, rlp::encode_list(items));
}

Result<std::vector<PostedBlock>> read_subnet_blob(BytesView blob) {
  const auto refuse = [](std::string rule) {
    return fail(Errc::kDecode, "subnet blob: " + std::move(rule));
  };
  const auto magic = [&](std::string_view m) {
    return blob.size() >= m.size() && std::equal(m.begin(), m.end(), blob.begin());
  };
  const bool certified = magic(kCertifiedSubnetBlobMagic);
  if (!certified && !magic(kSubnetBlobMagic)) return refuse("no PXS1 or PXS2 magic");
  auto list = rlp::decode(blob.subspan(kSubnetBlobMagic.size()));
  if (!list) return refuse("not an RLP list of blocks: " + list.error().message);
  auto items = rlp::list_items(*list);
  if (!items) return refuse("not an RLP list of blocks: " + items.error().message);
  if (items->empty() || items->size() > kMaxBlocksPerBlob)
    return refuse("carries 1 to " + number(kMaxBlocksPerBlob) + " blocks, not " +
                  number(items->size()));
  std::vector<PostedBlock> blocks;
  blocks.reserve(items->size());
  for (const rlp::Item& item : *items) {
    const std::string which = "block " + number(blocks.size()) + ": ";
    BytesView block_bytes = item.encoded;
    Bytes finality;
    if (certified) {
      auto pair = rlp::list_items(item);
      if (!item.is_list || !pair || pair->size() != 2)
        return refuse(which + "not a [block, finality] pair");
      block_bytes = (*pair)[0].encoded;
      // A final record is a list; "" stands for none.
      if ((*pair)[1].is_list) {
        finality = to_bytes((*pair)[1].encoded);
      } else if (!(*pair)[1].payload.empty()) {
        return refuse(which + "finality is neither a record nor empty");
      }
    }
    auto block = chain::decode_block(block_bytes);
    if (!block) return refuse(which + block.error().message);
    if (!blocks.empty() && block->header.number != blocks.back().block.header.number + 1)
      return refuse("block numbers are not consecutive (" +
                    number(blocks.back().block.header.number) + " then " +
                    number(block->header.number) + ")");
    blocks.push_back(PostedBlock{std::move(*block), std::move(finality)});
  }
  return blocks;
}

Result<std::vector<chain::Block>> decode_subnet_blob(BytesView blob) {
  PLEXUS_TRY(std::vector<PostedBlock> posted, read_subnet_blob(blob));
  std::vector<chain::Block> blocks;
  blocks.reserve(posted.size());
  for (PostedBlock& p : posted) blocks.push_back(std::move(p.block));
  return blocks;
}

std::uint64_t DaRebuild::next() const { return chain_ ? chain_->head().number + 1 : 0; }

Result<DaRebuild::Outcome> DaRebuild::offer(BytesView blob) {
  auto blocks = read_subnet_blob(blob);
  if (!blocks) return skip(0, "junk: " + blocks.error().message);
  PLEXUS_TRY(Outcome outcome, apply(std::move(*blocks)));
  if (outcome.imported > 0) PLEXUS_CHECK(retry_held(outcome));
  return outcome;
}

// Block 0 is not imported but rebuilt: the configuration makes it, given its timestamp, and
// the blob's must be the same block.
Result<DaRebuild::Outcome> DaRebuild::start(std::vector<PostedBlock> blocks) {
  if (blocks.front().block.header.number != 0) {
    const std::uint64_t first = blocks.front().block.header.number;
    if (held_.size() >= kMaxHeld)
      return skip(0, "ahead of the head: starts at block " + number(first) +
                         " before any block 0 (dropped: " + number(kMaxHeld) + " already held)");
    held_.push_back(std::move(blocks));
    return skip(
        0, "ahead of the head: starts at block " + number(first) + " before any block 0 (held)");
  }
  const chain::BlockHeader& genesis = blocks.front().block.header;
  PLEXUS_TRY(const Hash256 posted, chain::header_hash(genesis));
  const std::uint64_t timestamp = genesis.timestamp;
  if (config_.genesis_timestamp != 0 && timestamp != config_.genesis_timestamp)
    return skip(0, "wrong genesis: block 0 has timestamp " + number(timestamp) +
                       ", the network's genesis time is " + number(config_.genesis_timestamp));
  // Probed in memory first, so a junk block 0 leaves nothing behind.
  kv::MemoryStore probe_store;
  chain::ChainConfig probe_config = config_;
  probe_config.genesis_timestamp = timestamp;
  if (probe_config.genesis_timestamp == 0)
    return skip(0, "wrong genesis: block 0 with timestamp 0");
  PLEXUS_TRY(auto probe, chain::SubnetChain::open(probe_store, std::move(probe_config)));
  if (probe->head().hash != posted)
    return skip(0, "wrong genesis: block 0 is " + to_hex(posted) +
                       ", this configuration's genesis at that timestamp is " +
                       to_hex(probe->head().hash));
  probe.reset();
  PLEXUS_TRY(chain_, open_(timestamp));
  // The store may already hold a chain from this block 0 on (a rebuild stopped before it noted
  // the chain's genesis time): the blocks past it are then compared like known ones.
  PLEXUS_TRY(const auto genesis_hash, chain_->blocks().hash_of(0));
  if (!genesis_hash || *genesis_hash != posted)
    return fail(Errc::kCorruption, "the rebuilt chain's genesis is not the probed one");
  blocks.erase(blocks.begin());
  if (blocks.empty()) return skip(1, "");
  PLEXUS_TRY(Outcome rest, apply(std::move(blocks)));
  rest.imported += 1;
  return rest;
}

Result<void> DaRebuild::resume(std::uint64_t genesis_timestamp) {
  if (chain_) return fail(Errc::kInvalidArgument, "the rebuilt chain is already open");
  PLEXUS_TRY(chain_, open_(genesis_timestamp));
  return {};
}

Result<std::vector<Bytes>> DaRebuild::held_blobs() const {
  std::vector<Bytes> out;
  for (const std::vector<PostedBlock>& blocks : held_) {
    PLEXUS_TRY(Bytes blob, encode_certified_subnet_blob(blocks));
    out.push_back(std::move(blob));
  }
  return out;
}

Result<DaRebuild::Outcome> DaRebuild::apply(std::vector<PostedBlock> blocks) {
  if (!chain_) return start(std::move(blocks));
  const std::uint64_t first = blocks.front().block.header.number;
  const std::uint64_t last = blocks.back().block.header.number;
  // Blocks the chain already has must be the same blocks.
  std::size_t known = 0;
  const chain::ChainHead head = chain_->head();
  while (known < blocks.size() && blocks[known].block.header.number <= head.number) {
    const chain::BlockHeader& header = blocks[known].block.header;
    PLEXUS_TRY(const Hash256 hash, chain::header_hash(header));
    PLEXUS_TRY(const auto have, chain_->blocks().hash_of(header.number));
    if (!have || *have != hash)
      return skip(0, "conflict: block " + number(header.number) + " " + to_hex(hash) +
                         " is not the imported one");
    ++known;
  }
  if (known == blocks.size())
    return skip(
        0, "duplicate: blocks " + number(first) + ".." + number(last) + " are already imported");
  blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(known));
  if (blocks.front().block.header.number > head.number + 1) {
    const std::string where = "ahead of the head: starts at block " +
                              number(blocks.front().block.header.number) + ", the next is " +
                              number(head.number + 1);
    if (held_.size() >= kMaxHeld)
      return skip(0, where + " (dropped: " + number(kMaxHeld) + " already held)");
    held_.push_back(std::move(blocks));
    return skip(0, where + " (held until the gap fills)");
  }
  std::size_t imported = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const chain::Block& block = blocks[i].block;
    const chain::ChainHead tip = chain_->head();
    if (block.header.parent_hash != tip.hash)
      return skip(imported, "wrong parent: block " + number(block.header.number) + " names " +
                                to_hex(block.header.parent_hash) + ", the head is " +
                                to_hex(tip.hash));
    if (before_block_) {
      if (auto allowed = before_block_(*chain_, blocks, i); !allowed)
        return skip(imported, "refused: " + allowed.error().message);
    }
    auto verified = chain_->verify_block(block, kRebuiltBlock);
    if (!verified)
      return skip(imported, "refused: block " + number(block.header.number) + ": " +
                                verified.error().message);
    // A failed write means the store broke: the rebuild must stop.
    PLEXUS_CHECK(chain_->commit_block(std::move(*verified)));
    ++imported;
  }
  return skip(imported, "");
}

Result<void> DaRebuild::retry_held(Outcome& outcome) {
  for (bool progress = true; progress && !held_.empty();) {
    progress = false;
    std::sort(held_.begin(), held_.end(), [](const auto& a, const auto& b) {
      return a.front().block.header.number < b.front().block.header.number;
    });
    const std::uint64_t want = next();
    for (std::size_t i = 0; i < held_.size(); ++i) {
      if (held_[i].front().block.header.number > want) break;
      std::vector<PostedBlock> blocks = std::move(held_[i]);
      held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(i));
      PLEXUS_TRY(const Outcome retried, apply(std::move(blocks)));
      outcome.imported += retried.imported;
      if (!retried.skipped.empty()) outcome.held_skipped.push_back(retried.skipped);
      progress = true;  // one fewer held: look again from the new head
      break;
    }
  }
  return {};
}

}  // namespace plexus::node
