#include "chain/block_store.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::chain {
namespace {

Bytes number_bytes(std::uint64_t n) {
  Bytes out(8);
  for (int i = 7; i >= 0; --i, n >>= 8) out[static_cast<std::size_t>(i)] = static_cast<Byte>(n);
  return out;
}

std::uint64_t read_number(BytesView bytes) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < 8; ++i) n = (n << 8) | bytes[i];
  return n;
}

Bytes encode_receipts(const BlockRecord& record, std::span<const Bytes> encoded_receipts) {
  std::vector<Bytes> items;
  items.reserve(record.receipts.size());
  for (std::size_t i = 0; i < record.receipts.size(); ++i) {
    const TxMeta& meta = record.meta[i];
    const Bytes fields[] = {
        rlp::encode_string(encoded_receipts.empty() ? encode_receipt(record.receipts[i])
                                                    : encoded_receipts[i]),
        rlp::encode_string(meta.from.view()),
        rlp::encode_string(meta.contract_address ? meta.contract_address->view() : BytesView{}),
        rlp::encode_uint(meta.gas_used),
        rlp::encode_string(to_minimal_be(meta.effective_gas_price)),
    };
    items.push_back(rlp::encode_list(fields));
  }
  return rlp::encode_list(items);
}

Result<void> decode_receipts(BytesView encoded, BlockRecord& record) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  PLEXUS_TRY(const auto items, rlp::list_items(list));
  for (const rlp::Item& item : items) {
    PLEXUS_TRY(const auto fields, rlp::list_items(item));
    if (fields.size() != 5 || fields[1].payload.size() != 20)
      return fail(Errc::kCorruption, "stored receipt: bad fields");
    PLEXUS_TRY(Receipt receipt, decode_receipt(fields[0].payload));
    TxMeta meta;
    meta.from = Address::right_aligned(fields[1].payload);
    if (fields[2].payload.size() == 20)
      meta.contract_address = Address::right_aligned(fields[2].payload);
    PLEXUS_TRY(meta.gas_used, rlp::to_uint64(fields[3]));
    PLEXUS_TRY(const BytesView price, rlp::to_uint_bytes(fields[4], 32));
    meta.effective_gas_price = load_be(price);
    record.receipts.push_back(std::move(receipt));
    record.meta.push_back(meta);
  }
  if (record.receipts.size() != record.block.transactions.size())
    return fail(Errc::kCorruption, "stored receipts do not match the block");
  return {};
}

}  // namespace

Result<void> BlockStore::stage(const BlockRecord& record, kv::WriteBatch& batch,
                               std::span<const Bytes> encoded_receipts) const {
  if (!encoded_receipts.empty() && encoded_receipts.size() != record.receipts.size())
    return fail(Errc::kInternal, "block store: encoded receipts do not match the receipts");
  const std::uint64_t number = record.block.header.number;
  const Bytes num = number_bytes(number);
  PLEXUS_TRY(const Bytes block, encode_block(record.block));
  batch.put(kv::prefixed_key('B', record.hash.view()), block);
  batch.put(kv::prefixed_key('R', record.hash.view()), encode_receipts(record, encoded_receipts));
  batch.put(kv::prefixed_key('N', num), record.hash.view());
  for (std::size_t i = 0; i < record.block.transactions.size(); ++i) {
    Bytes location = num;
    for (int shift = 24; shift >= 0; shift -= 8) location.push_back(static_cast<Byte>(i >> shift));
    batch.put(kv::prefixed_key('T', record.tx_hashes[i].view()), location);
  }
  batch.put(Bytes{'H'}, concat(num, record.hash.view()));
  return {};
}

Result<std::optional<ChainHead>> BlockStore::head() const { return head_record('H'); }

void BlockStore::stage_finalized(const ChainHead& head, kv::WriteBatch& batch) {
  batch.put(Bytes{'F'}, concat(number_bytes(head.number), head.hash.view()));
}

Result<std::optional<ChainHead>> BlockStore::finalized() const { return head_record('F'); }

Result<std::optional<ChainHead>> BlockStore::head_record(Byte key) const {
  PLEXUS_TRY(const auto stored, store_.get(Bytes{key}));
  if (!stored) return std::optional<ChainHead>{};
  if (stored->size() != 40) return fail(Errc::kCorruption, "chain head record");
  return std::optional<ChainHead>{
      ChainHead{read_number(*stored), Hash256::right_aligned(BytesView(*stored).subspan(8))}};
}

Result<std::optional<Hash256>> BlockStore::hash_of(std::uint64_t number) const {
  PLEXUS_TRY(const auto stored, store_.get(kv::prefixed_key('N', number_bytes(number))));
  if (!stored) return std::optional<Hash256>{};
  if (stored->size() != 32) return fail(Errc::kCorruption, "block number index");
  return std::optional<Hash256>{Hash256::right_aligned(*stored)};
}

Result<std::optional<BlockRecord>> BlockStore::by_hash(const Hash256& hash) const {
  PLEXUS_TRY(const auto block, store_.get(kv::prefixed_key('B', hash.view())));
  if (!block) return std::optional<BlockRecord>{};
  BlockRecord record;
  record.hash = hash;
  PLEXUS_TRY(record.block, decode_block(*block));
  for (const Bytes& tx : record.block.transactions) record.tx_hashes.push_back(keccak256(tx));
  PLEXUS_TRY(const auto receipts, store_.get(kv::prefixed_key('R', hash.view())));
  if (!receipts) return fail(Errc::kCorruption, "block without receipts");
  PLEXUS_CHECK(decode_receipts(*receipts, record));
  return std::optional<BlockRecord>{std::move(record)};
}

Result<std::optional<BlockRecord>> BlockStore::by_number(std::uint64_t number) const {
  PLEXUS_TRY(const auto hash, hash_of(number));
  if (!hash) return std::optional<BlockRecord>{};
  return by_hash(*hash);
}

Result<std::optional<BlockHeader>> BlockStore::header_of(std::uint64_t number) const {
  PLEXUS_TRY(const auto hash, hash_of(number));
  if (!hash) return std::optional<BlockHeader>{};
  PLEXUS_TRY(const auto block, store_.get(kv::prefixed_key('B', hash->view())));
  if (!block) return fail(Errc::kCorruption, "indexed block is missing");
  // The header is the block list's first item.
  PLEXUS_TRY(const rlp::Item list, rlp::decode(*block));
  BytesView rest = list.payload;
  PLEXUS_TRY(const rlp::Item header, rlp::read_item(rest));
  PLEXUS_TRY(BlockHeader decoded, decode_header(header.encoded));
  return std::optional<BlockHeader>{std::move(decoded)};
}

Result<std::optional<TxLocation>> BlockStore::locate(const Hash256& tx_hash) const {
  PLEXUS_TRY(const auto stored, store_.get(kv::prefixed_key('T', tx_hash.view())));
  if (!stored) return std::optional<TxLocation>{};
  if (stored->size() != 12) return fail(Errc::kCorruption, "transaction index record");
  std::uint32_t index = 0;
  for (std::size_t i = 8; i < 12; ++i) index = (index << 8) | (*stored)[i];
  return std::optional<TxLocation>{TxLocation{read_number(*stored), index}};
}

}  // namespace plexus::chain
