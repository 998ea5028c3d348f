#include "chain/block.hpp"

#include "core/rlp.hpp"

namespace plexus::chain {
namespace {

void append_list(Bytes& out, const Bytes& payload) {
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

Result<Withdrawal> decode_withdrawal(const rlp::Item& item) {
  PLEXUS_TRY(auto f, rlp::list_items(item));
  if (!item.is_list || f.size() != 4 || f[2].is_list || f[2].payload.size() != Address::size())
    return fail(Errc::kDecode, "block: a withdrawal must be [index, validator, address, amount]");
  Withdrawal w;
  PLEXUS_TRY(w.index, rlp::to_uint64(f[0]));
  PLEXUS_TRY(w.validator_index, rlp::to_uint64(f[1]));
  w.address = Address::right_aligned(f[2].payload);
  PLEXUS_TRY(w.amount_gwei, rlp::to_uint64(f[3]));
  return w;
}

}  // namespace

Bytes encode_withdrawal(const Withdrawal& w) {
  Bytes payload;
  rlp::append_uint(payload, w.index);
  rlp::append_uint(payload, w.validator_index);
  rlp::append_string(payload, w.address.view());
  rlp::append_uint(payload, w.amount_gwei);
  Bytes out;
  append_list(out, payload);
  return out;
}

Result<Bytes> encode_block(const Block& block) {
  if (block.withdrawals.has_value() != block.header.withdrawals_root.has_value())
    return fail(Errc::kInvalidArgument,
                "block: withdrawals must be present exactly when the "
                "header has a withdrawals root");
  PLEXUS_TRY(Bytes header, encode_header(block.header));
  Bytes payload = std::move(header);
  Bytes txs;
  for (const Bytes& tx : block.transactions) {
    if (tx.empty()) return fail(Errc::kInvalidArgument, "block: empty transaction");
    // Legacy transactions are embedded as the list they are; typed ones as a byte string.
    if (tx[0] >= 0xc0)
      txs.insert(txs.end(), tx.begin(), tx.end());
    else
      rlp::append_string(txs, tx);
  }
  append_list(payload, txs);
  rlp::append_list_header(payload, 0);  // no ommers after the merge
  if (block.withdrawals) {
    Bytes ws;
    for (const Withdrawal& w : *block.withdrawals) {
      const Bytes e = encode_withdrawal(w);
      ws.insert(ws.end(), e.begin(), e.end());
    }
    append_list(payload, ws);
  }
  Bytes out;
  append_list(out, payload);
  return out;
}

Result<Block> decode_block(BytesView encoded) {
  PLEXUS_TRY(rlp::Item item, rlp::decode(encoded));
  if (!item.is_list) return fail(Errc::kDecode, "block: not a list");
  PLEXUS_TRY(auto parts, rlp::list_items(item));
  if (parts.size() != 3 && parts.size() != 4)
    return fail(Errc::kDecode, "block: expected [header, transactions, ommers, withdrawals?]");
  Block block;
  PLEXUS_TRY(block.header, decode_header(parts[0].encoded));
  if (!parts[1].is_list || !parts[2].is_list)
    return fail(Errc::kDecode, "block: transactions and ommers must be lists");
  if (!parts[2].payload.empty()) return fail(Errc::kDecode, "block: ommers are not supported");
  PLEXUS_TRY(auto txs, rlp::list_items(parts[1]));
  for (const rlp::Item& tx : txs) {
    if (!tx.is_list && (tx.payload.empty() || tx.payload[0] >= 0x80))
      return fail(Errc::kDecode, "block: malformed typed transaction");
    block.transactions.push_back(to_bytes(tx.is_list ? tx.encoded : tx.payload));
  }
  if ((parts.size() == 4) != block.header.withdrawals_root.has_value())
    return fail(Errc::kDecode, "block: withdrawals do not match the header");
  if (parts.size() == 4) {
    if (!parts[3].is_list) return fail(Errc::kDecode, "block: withdrawals must be a list");
    PLEXUS_TRY(auto ws, rlp::list_items(parts[3]));
    block.withdrawals.emplace();
    for (const rlp::Item& w : ws) {
      PLEXUS_TRY(Withdrawal withdrawal, decode_withdrawal(w));
      block.withdrawals->push_back(withdrawal);
    }
  }
  return block;
}

}  // namespace plexus::chain
