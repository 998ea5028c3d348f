#include "transition/state_root.hpp"

#include "core/hash.hpp"
#include "core/rlp.hpp"
#include "exec/commitment.hpp"
#include "storage/trie_root.hpp"

namespace plexus::transition {

Hash256 state_root(const exec::State& state) {
  std::vector<std::pair<Bytes, Bytes>> entries;
  entries.reserve(state.accounts().size());
  for (const auto& [addr, account] : state.accounts())
    entries.emplace_back(to_bytes(addr.view()),
                         exec::encode_account(exec::account_record(account, exec::storage_root(account))));
  return secure_trie_root(std::move(entries));
}

Hash256 logs_hash(const std::vector<exec::Log>& logs) {
  std::vector<Bytes> encoded;
  encoded.reserve(logs.size());
  for (const exec::Log& log : logs) {
    std::vector<Bytes> topics;
    topics.reserve(log.topics.size());
    for (const Bytes32& t : log.topics) topics.push_back(rlp::encode_string(t.view()));
    const Bytes fields[] = {rlp::encode_string(log.address.view()), rlp::encode_list(topics),
                            rlp::encode_string(log.data)};
    encoded.push_back(rlp::encode_list(fields));
  }
  return keccak256(rlp::encode_list(encoded));
}

}  // namespace plexus::transition
