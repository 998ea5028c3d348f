#include "node/message_methods.hpp"

#include "chain/log_filter.hpp"
#include "core/hex.hpp"
#include "messaging/messenger_vm.hpp"
#include "rpc/params.hpp"

namespace plexus::node {
namespace {

using rpc::json;

// abi.encode(bytes) in a MessageSent log's data: the bytes.
std::optional<BytesView> abi_bytes(BytesView data) {
  if (data.size() < 64) return std::nullopt;
  std::uint64_t size = 0;
  for (std::size_t i = 56; i < 64; ++i) size = (size << 8) | data[i];
  if (size > data.size() - 64) return std::nullopt;
  return data.subspan(64, size);
}

json message_json(BytesView unsigned_bytes, const chain::BlockRecord& record, std::size_t tx,
                  const chain::ChainHead& finalized) {
  const auto message = messaging::decode_unsigned(unsigned_bytes);
  if (!message) return nullptr;
  const auto call = messaging::decode_addressed_call(message->payload);
  if (!call) return nullptr;
  const std::uint64_t number = record.block.header.number;
  return {{"id", to_hex(messaging::message_id(*message))},
          // Delivery is not built yet (docs/MESSAGING.md, Status): a message is sent, in a block,
          // and final with it.
          {"status", "sent"},
          {"final", number <= finalized.number},
          {"networkId", rpc::quantity(std::uint64_t{message->network_id})},
          {"source", to_hex(message->source)},
          {"nonce", rpc::quantity(call->nonce)},
          {"sender", checksum_address(call->sender)},
          {"destination", to_hex(call->destination)},
          {"receiver", checksum_address(call->receiver)},
          {"body", to_hex(call->body)},
          {"message", to_hex(unsigned_bytes)},
          {"blockNumber", rpc::quantity(number)},
          {"blockHash", to_hex(record.hash)},
          {"transactionHash", to_hex(record.tx_hashes[tx])}};
}

// The messages of blocks [from, to] that match `filter` (the messenger's MessageSent, maybe one
// id), newest block first when `newest_first`; stops after `limit`.
Result<json> scan(const chain::SubnetChain& chain, const chain::LogFilter& filter,
                  std::uint64_t from, std::uint64_t to, bool newest_first, std::size_t limit) {
  json out = json::array();
  const chain::ChainHead finalized = chain.heads().finalized;
  for (std::uint64_t i = 0; i <= to - from && out.size() < limit; ++i) {
    const std::uint64_t n = newest_first ? to - i : from + i;
    PLEXUS_TRY(const auto header, chain.blocks().header_of(n));
    if (!header || !chain::bloom_may_match(filter, header->logs_bloom)) continue;
    PLEXUS_TRY(const auto record, chain.blocks().by_number(n));
    if (!record) continue;
    for (std::size_t tx = 0; tx < record->receipts.size(); ++tx)
      for (const chain::Log& log : record->receipts[tx].logs) {
        if (!chain::log_matches(filter, log)) continue;
        if (const auto bytes = abi_bytes(log.data))
          out.push_back(message_json(*bytes, *record, tx, finalized));
      }
  }
  return out;
}

chain::LogFilter message_filter(std::optional<Hash256> id) {
  chain::LogFilter filter;
  filter.addresses = {exec::kMessenger};
  filter.topics = {{messaging::message_sent_topic()}};
  if (id) filter.topics.push_back({*id});
  return filter;
}

}  // namespace

void add_message_methods(rpc::Dispatcher& d, const chain::SubnetChain& chain) {
  const chain::SubnetChain* c = &chain;
  d.add("plexus_getMessage", [c](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
    PLEXUS_TRY(const Hash256 id, rpc::hash_value(*raw, 0));
    const std::uint64_t head = c->head().number;
    const std::uint64_t from = head > kMessageLookback ? head - kMessageLookback : 0;
    PLEXUS_TRY(json found, scan(*c, message_filter(id), from, head, true, 1));
    return found.empty() ? json(nullptr) : found[0];
  });
  d.add("plexus_getMessagesBySubnet", [c](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    const std::uint64_t head = c->head().number;
    const auto bound = [&](std::size_t index, std::uint64_t absent) -> Result<std::uint64_t> {
      if (params.size() <= index || params[index].is_null()) return absent;
      return rpc::quantity_u64(params[index], index);
    };
    PLEXUS_TRY(const std::uint64_t to, bound(1, head));
    PLEXUS_TRY(const std::uint64_t from,
               bound(0, to >= kMessageRange - 1 ? to - (kMessageRange - 1) : 0));
    if (from > to || to > head)
      return fail(Errc::kInvalidArgument, "block range " + std::to_string(from) + ".." +
                                              std::to_string(to) + " is not within 0.." +
                                              std::to_string(head));
    if (to - from >= kMessageRange)
      return fail(Errc::kLimitExceeded,
                  "block range greater than " + std::to_string(kMessageRange) + " blocks");
    return scan(*c, message_filter(std::nullopt), from, to, false, kMessageRange);
  });
}

}  // namespace plexus::node
