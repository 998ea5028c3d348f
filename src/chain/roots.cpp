#include "chain/roots.hpp"

#include "core/rlp.hpp"
#include "storage/trie_root.hpp"

namespace plexus::chain {
namespace {

template <typename T, typename Encode>
Hash256 indexed_root(std::span<const T> items, Encode encode) {
  std::vector<std::pair<Bytes, Bytes>> entries;
  entries.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    entries.emplace_back(rlp::encode_uint(i), encode(items[i]));
  return trie_root(std::move(entries));
}

}  // namespace

Hash256 encoded_items_root(std::span<const Bytes> items) {
  return indexed_root(items, [](const Bytes& item) { return item; });
}

Hash256 transactions_root(std::span<const Bytes> transactions) {
  return encoded_items_root(transactions);
}

Hash256 receipts_root(std::span<const Receipt> receipts) {
  return indexed_root(receipts, [](const Receipt& r) { return encode_receipt(r); });
}

Hash256 withdrawals_root(std::span<const Withdrawal> withdrawals) {
  return indexed_root(withdrawals, [](const Withdrawal& w) { return encode_withdrawal(w); });
}

}  // namespace plexus::chain
