#pragma once
// Blocks, receipts and the transaction index of one subnet in the KV store:
//   "H"                -> head: number (8 bytes BE) ++ hash
//   "N" ++ number (BE) -> block hash
//   "B" ++ hash        -> the encoded block (header and transactions)
//   "R" ++ hash        -> the block's receipts with what receipts RPCs need beyond the consensus
//                         encoding (sender, created address, gas used, effective gas price)
//   "T" ++ tx hash     -> block number ++ index
//   "F"                -> the finalized head: number (8 bytes BE) ++ hash (absent: genesis)
// A block's records and its head update go into one batch with its state (see SubnetChain), so a
// reader never sees a head whose block, receipts or state are missing.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chain/block.hpp"
#include "chain/receipt.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/uint256.hpp"
#include "storage/kv.hpp"

namespace plexus::chain {

struct TxMeta {
  Address from;
  std::optional<Address> contract_address;
  std::uint64_t gas_used = 0;
  uint256 effective_gas_price = 0;
  friend bool operator==(const TxMeta&, const TxMeta&) = default;
};

struct BlockRecord {
  Block block;
  Hash256 hash;
  std::vector<Hash256> tx_hashes;  // keccak256 of each transaction, computed once
  std::vector<Receipt> receipts;
  std::vector<TxMeta> meta;
};

struct ChainHead {
  std::uint64_t number = 0;
  Hash256 hash;
};

struct TxLocation {
  std::uint64_t block_number = 0;
  std::uint32_t index = 0;
};

class BlockStore {
 public:
  explicit BlockStore(const kv::KvStore& store) : store_(store) {}

  // Adds the block, its receipts, its transaction index entries and the new head to `batch`.
  // `encoded_receipts`, if not empty, are encode_receipt() of record.receipts, already made for
  // the receipts root.
  [[nodiscard]] Result<void> stage(const BlockRecord& record, kv::WriteBatch& batch,
                                   std::span<const Bytes> encoded_receipts = {}) const;

  [[nodiscard]] Result<std::optional<ChainHead>> head() const;
  // The finalized head goes into the batch of the block that became final, or a batch of its own.
  static void stage_finalized(const ChainHead& head, kv::WriteBatch& batch);
  [[nodiscard]] Result<std::optional<ChainHead>> finalized() const;
  [[nodiscard]] Result<std::optional<Hash256>> hash_of(std::uint64_t number) const;
  [[nodiscard]] Result<std::optional<BlockRecord>> by_hash(const Hash256& hash) const;
  [[nodiscard]] Result<std::optional<BlockRecord>> by_number(std::uint64_t number) const;
  // Only the header: what log range scans read first.
  [[nodiscard]] Result<std::optional<BlockHeader>> header_of(std::uint64_t number) const;
  [[nodiscard]] Result<std::optional<TxLocation>> locate(const Hash256& tx_hash) const;

 private:
  [[nodiscard]] Result<std::optional<ChainHead>> head_record(Byte key) const;

  const kv::KvStore& store_;
};

}  // namespace plexus::chain
