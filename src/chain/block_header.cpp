#include "chain/block_header.hpp"

#include <vector>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::chain {
namespace {

constexpr std::size_t kBaseFields = 15;
constexpr std::size_t kMaxFields = 21;

void append_uint256(Bytes& out, const uint256& v) { rlp::append_string(out, to_minimal_be(v)); }

// How many of the six optional fields the header carries, or an error if they are not a prefix.
Result<std::size_t> optional_count(const BlockHeader& h) {
  const bool present[] = {h.base_fee_per_gas.has_value(),
                          h.withdrawals_root.has_value(),
                          h.blob_gas_used.has_value(),
                          h.excess_blob_gas.has_value(),
                          h.parent_beacon_block_root.has_value(),
                          h.requests_hash.has_value()};
  std::size_t count = 0;
  while (count < std::size(present) && present[count]) ++count;
  for (std::size_t i = count; i < std::size(present); ++i)
    if (present[i])
      return fail(Errc::kInvalidArgument,
                  "header: a fork field is set while an earlier one is not");
  return count;
}

template <std::size_t N>
Result<FixedBytes<N>> fixed_field(const rlp::Item& item, const char* name) {
  if (item.is_list || item.payload.size() != N)
    return fail(Errc::kDecode,
                std::string("header: ") + name + " must be " + std::to_string(N) + " bytes");
  return FixedBytes<N>::right_aligned(item.payload);
}

Result<uint256> uint256_field(const rlp::Item& item) {
  PLEXUS_TRY(BytesView raw, rlp::to_uint_bytes(item, 32));
  return load_be(raw);
}

}  // namespace

const Hash256& empty_ommers_hash() noexcept {
  static const Hash256 kHash = [] {
    const Byte empty_list = 0xc0;
    return keccak256(BytesView(&empty_list, 1));
  }();
  return kHash;
}

Result<Bytes> encode_header(const BlockHeader& h) {
  PLEXUS_TRY(std::size_t optional, optional_count(h));
  Bytes body;
  body.reserve(600);
  rlp::append_string(body, h.parent_hash.view());
  rlp::append_string(body, h.ommers_hash.view());
  rlp::append_string(body, h.coinbase.view());
  rlp::append_string(body, h.state_root.view());
  rlp::append_string(body, h.transactions_root.view());
  rlp::append_string(body, h.receipts_root.view());
  rlp::append_string(body, h.logs_bloom.view());
  append_uint256(body, h.difficulty);
  rlp::append_uint(body, h.number);
  rlp::append_uint(body, h.gas_limit);
  rlp::append_uint(body, h.gas_used);
  rlp::append_uint(body, h.timestamp);
  rlp::append_string(body, h.extra_data);
  rlp::append_string(body, h.mix_hash.view());
  rlp::append_string(body, h.nonce.view());
  if (optional > 0) append_uint256(body, *h.base_fee_per_gas);
  if (optional > 1) rlp::append_string(body, h.withdrawals_root->view());
  if (optional > 2) rlp::append_uint(body, *h.blob_gas_used);
  if (optional > 3) rlp::append_uint(body, *h.excess_blob_gas);
  if (optional > 4) rlp::append_string(body, h.parent_beacon_block_root->view());
  if (optional > 5) rlp::append_string(body, h.requests_hash->view());
  Bytes out;
  out.reserve(body.size() + 4);
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Result<BlockHeader> decode_header(BytesView encoded) {
  PLEXUS_TRY(rlp::Item item, rlp::decode(encoded));
  if (!item.is_list) return fail(Errc::kDecode, "header: not a list");
  PLEXUS_TRY(std::vector<rlp::Item> f, rlp::list_items(item));
  if (f.size() < kBaseFields || f.size() > kMaxFields)
    return fail(Errc::kDecode, "header: expected 15 to 21 fields, got " + std::to_string(f.size()));
  BlockHeader h;
  PLEXUS_TRY(h.parent_hash, fixed_field<32>(f[0], "parent hash"));
  PLEXUS_TRY(h.ommers_hash, fixed_field<32>(f[1], "ommers hash"));
  PLEXUS_TRY(h.coinbase, fixed_field<20>(f[2], "coinbase"));
  PLEXUS_TRY(h.state_root, fixed_field<32>(f[3], "state root"));
  PLEXUS_TRY(h.transactions_root, fixed_field<32>(f[4], "transactions root"));
  PLEXUS_TRY(h.receipts_root, fixed_field<32>(f[5], "receipts root"));
  PLEXUS_TRY(h.logs_bloom, fixed_field<256>(f[6], "logs bloom"));
  PLEXUS_TRY(h.difficulty, uint256_field(f[7]));
  PLEXUS_TRY(h.number, rlp::to_uint64(f[8]));
  PLEXUS_TRY(h.gas_limit, rlp::to_uint64(f[9]));
  PLEXUS_TRY(h.gas_used, rlp::to_uint64(f[10]));
  PLEXUS_TRY(h.timestamp, rlp::to_uint64(f[11]));
  if (f[12].is_list) return fail(Errc::kDecode, "header: extra data must be a string");
  h.extra_data = to_bytes(f[12].payload);
  PLEXUS_TRY(h.mix_hash, fixed_field<32>(f[13], "mix hash"));
  PLEXUS_TRY(h.nonce, fixed_field<8>(f[14], "nonce"));
  // PLEXUS_TRY expands to several statements, hence the braces.
  if (f.size() > 15) {
    PLEXUS_TRY(h.base_fee_per_gas, uint256_field(f[15]));
  }
  if (f.size() > 16) {
    PLEXUS_TRY(h.withdrawals_root, fixed_field<32>(f[16], "withdrawals root"));
  }
  if (f.size() > 17) {
    PLEXUS_TRY(h.blob_gas_used, rlp::to_uint64(f[17]));
  }
  if (f.size() > 18) {
    PLEXUS_TRY(h.excess_blob_gas, rlp::to_uint64(f[18]));
  }
  if (f.size() > 19) {
    PLEXUS_TRY(h.parent_beacon_block_root, fixed_field<32>(f[19], "parent beacon block root"));
  }
  if (f.size() > 20) {
    PLEXUS_TRY(h.requests_hash, fixed_field<32>(f[20], "requests hash"));
  }
  return h;
}

Result<Hash256> header_hash(const BlockHeader& header) {
  PLEXUS_TRY(Bytes encoded, encode_header(header));
  return keccak256(encoded);
}

}  // namespace plexus::chain
