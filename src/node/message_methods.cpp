#include "node/message_methods.hpp"

#include <algorithm>

#include "chain/log_filter.hpp"
#include "core/hex.hpp"
#include "messaging/abi_words.hpp"
#include "messaging/messenger_vm.hpp"
#include "node/message_receiving.hpp"
#include "rpc/params.hpp"

namespace plexus::node {
namespace {

using rpc::json;

const char* status_name(const MessageProgress& progress) {
  if (progress.delivery == messaging::DeliveryStatus::kDelivered) return "delivered";
  if (progress.delivery == messaging::DeliveryStatus::kFailed) return "failed";
  return progress.certificate ? "signed" : "sent";
}

// The status as far as this node knows it, and the certificate once there is one.
void add_progress(json& entry, const ProgressLookup& progress) {
  if (!progress || entry.is_null()) return;
  const auto id = from_hex(entry["id"].get<std::string>());
  const auto destination = from_hex(entry["destination"].get<std::string>());
  if (!id || !destination) return;
  const MessageProgress known =
      progress(Hash256::right_aligned(*id), messaging::SubnetKey::right_aligned(*destination));
  entry["status"] = status_name(known);
  entry["signedMessage"] = known.certificate ? json(to_hex(*known.certificate)) : json(nullptr);
}

json message_json(BytesView unsigned_bytes, const chain::BlockRecord& record, std::size_t tx,
                  const chain::ChainHead& finalized) {
  const auto message = messaging::decode_unsigned(unsigned_bytes);
  if (!message) return nullptr;
  const auto call = messaging::decode_addressed_call(message->payload);
  if (!call) return nullptr;
  const std::uint64_t number = record.block.header.number;
  return {{"id", to_hex(messaging::message_id(*message))},
          // Until the node's relayer says more (add_progress).
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
        if (const auto bytes = messaging::abi::bytes_at(log.data, 0))
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

// A validator's share of a message's certificate: only for a message in a final block of this
// chain, and only at a platform height whose set of the subnet holds this node's key. A message
// is a fact about a final block, so signing it again at any time is safe: there is nothing to
// contradict.
Result<json> sign_message(const chain::SubnetChain& chain, const MessageSigner& signer,
                          const Hash256& id, std::uint64_t platform_height) {
  if (!signer.key || signer.registry == nullptr)
    return not_supported("plexus_signMessage: this node has no validator key");
  const std::uint64_t head = chain.head().number;
  const std::uint64_t from = head > kMessageLookback ? head - kMessageLookback : 0;
  PLEXUS_TRY(const json found, scan(chain, message_filter(id), from, head, true, 1));
  if (found.empty() || found[0].is_null())
    return fail(Errc::kNotFound, "no message " + to_hex(id) + " in the last " +
                                     std::to_string(kMessageLookback) + " blocks of subnet " +
                                     signer.subnet);
  if (!found[0]["final"].get<bool>())
    return fail(Errc::kValidation, "message " + to_hex(id) + " is not final yet");
  if (platform_height > signer.registry->height())
    return fail(Errc::kInvalidArgument, "platform height " + std::to_string(platform_height) +
                                            " is above this node's final platform height " +
                                            std::to_string(signer.registry->height()));
  PLEXUS_TRY(const platform::ValidatorSet set,
             signer.registry->validator_set(signer.subnet, platform_height));
  const Bytes key = to_bytes(signer.key->public_key().to_bytes().view());
  const auto member = std::find_if(set.begin(), set.end(),
                                   [&](const auto& v) { return to_hex(v.bls_key) == to_hex(key); });
  if (member == set.end())
    return fail(Errc::kInvalidArgument, "this node is not a validator of subnet " + signer.subnet +
                                            " at platform height " +
                                            std::to_string(platform_height));
  const bls::Signature share = bls::sign(*signer.key, messaging::signing_bytes(id));
  return json{{"id", to_hex(id)},
              {"platformHeight", rpc::quantity(platform_height)},
              {"nodeId", checksum_address(member->node_id)},
              {"blsKey", to_hex(key)},
              {"signature", to_hex(share.to_bytes().view())}};
}

}  // namespace

void add_message_methods(rpc::Dispatcher& d, const chain::SubnetChain& chain,
                         MessageSigner signer) {
  const chain::SubnetChain* c = &chain;
  const ProgressLookup progress = signer.progress;
  const messaging::SubnetKey self = subnet_key(signer.subnet);
  d.add("plexus_signMessage", [c, signer = std::move(signer)](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
    PLEXUS_TRY(const Hash256 id, rpc::hash_value(*raw, 0));
    PLEXUS_TRY(const json* height, rpc::param_at(params, 1));
    PLEXUS_TRY(const std::uint64_t platform_height, rpc::quantity_u64(*height, 1));
    return sign_message(*c, signer, id, platform_height);
  });
  d.add("plexus_getMessage", [c, progress, self](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
    PLEXUS_TRY(const Hash256 id, rpc::hash_value(*raw, 0));
    const std::uint64_t head = c->head().number;
    const std::uint64_t from = head > kMessageLookback ? head - kMessageLookback : 0;
    PLEXUS_TRY(json found, scan(*c, message_filter(id), from, head, true, 1));
    if (!found.empty()) {
      add_progress(found[0], progress);
      return found[0];
    }
    // Not sent here: maybe received here.
    if (progress) {
      const MessageProgress known = progress(id, self);
      if (known.delivery && *known.delivery != messaging::DeliveryStatus::kNone)
        return json{{"id", to_hex(id)}, {"status", status_name(known)}, {"received", true}};
    }
    return json(nullptr);
  });
  d.add("plexus_getMessagesBySubnet", [c, progress](const json& params) -> Result<json> {
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
    PLEXUS_TRY(json found, scan(*c, message_filter(std::nullopt), from, to, false, kMessageRange));
    for (json& entry : found) add_progress(entry, progress);
    return found;
  });
}

}  // namespace plexus::node
