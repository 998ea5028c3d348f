#include "messaging/share_pool.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::messaging {
namespace {

std::unexpected<Error> refuse(std::string rule) {
  return fail(Errc::kValidation, "message share: " + std::move(rule));
}

}  // namespace

Bytes encode_shares(std::span<const MessageShare> shares) {
  std::vector<Bytes> items;
  for (const MessageShare& share : shares) {
    const Bytes fields[] = {
        rlp::encode_string(share.message), rlp::encode_uint(share.platform_height),
        rlp::encode_string(share.bls_key), rlp::encode_string(share.signature.to_bytes().view())};
    items.push_back(rlp::encode_list(fields));
  }
  return rlp::encode_list(items);
}

Result<std::vector<MessageShare>> decode_shares(BytesView payload, std::size_t max_payload) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(payload));
  if (!list.is_list) return fail(Errc::kDecode, "message shares: not a list");
  PLEXUS_TRY(const auto items, rlp::list_items(list));
  if (items.size() > kMaxSharesPerFrame)
    return fail(Errc::kDecode, "message shares: " + std::to_string(items.size()) +
                                   " in one frame, at most " + std::to_string(kMaxSharesPerFrame));
  std::vector<MessageShare> out;
  for (const rlp::Item& item : items) {
    if (!item.is_list) return fail(Errc::kDecode, "message share: not a list");
    PLEXUS_TRY(const auto f, rlp::list_items(item));
    if (f.size() != 4 || f[0].is_list || f[2].is_list || f[3].is_list)
      return fail(Errc::kDecode,
                  "message share: expected [message, platform height, BLS key, signature]");
    PLEXUS_CHECK(decode_unsigned(f[0].payload, max_payload));
    PLEXUS_TRY(const std::uint64_t height, rlp::to_uint64(f[1]));
    if (f[2].payload.size() != 48)
      return fail(Errc::kDecode, "message share: a BLS key has 48 bytes, got " +
                                     std::to_string(f[2].payload.size()));
    auto signature = bls::Signature::from_bytes(f[3].payload);
    if (!signature) return fail(Errc::kDecode, "message share: " + signature.error().message);
    out.push_back(MessageShare{to_bytes(f[0].payload), height, to_bytes(f[2].payload), *signature});
  }
  return out;
}

MessageShare sign_share(const bls::SecretKey& key, BytesView message,
                        std::uint64_t platform_height) {
  const Hash256 id = keccak256(message);
  return MessageShare{to_bytes(message), platform_height,
                      to_bytes(key.public_key().to_bytes().view()),
                      bls::sign(key, signing_bytes(id))};
}

Result<SharePool::Added> SharePool::add(const MessageShare& share) {
  PLEXUS_TRY(const UnsignedMessage message, decode_unsigned(share.message));
  PLEXUS_TRY(const AddressedCall call, decode_addressed_call(message.payload));
  const std::uint32_t quorum_bps = quorum_(call.destination);
  const Hash256 id = message_id(message);
  PLEXUS_TRY(const auto set, validators_(message.source, share.platform_height));
  if (!set)
    return refuse("platform height " + std::to_string(share.platform_height) +
                  " is not known here for subnet " + to_hex(message.source));
  const std::string key = to_hex(share.bls_key);
  std::size_t index = set->size();
  for (std::size_t i = 0; i < set->size(); ++i)
    if (to_hex((*set)[i].key.to_bytes().view()) == key) index = i;
  if (index == set->size())
    return refuse("key " + key + " is not a validator of subnet " + to_hex(message.source) +
                  " at platform height " + std::to_string(share.platform_height));
  std::lock_guard lock(mutex_);
  auto [it, fresh] = entries_.try_emplace(id);
  if (fresh) {
    it->second.message = share.message;
    order_.push_back(id);
    if (order_.size() > kMaxMessages) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }
  Entry& entry = it->second;
  // A certificate at this height or a later one is made: nothing more to gather here.
  if (entry.certified && entry.certified_height >= share.platform_height) return Added{id, {}};
  entry.shares[share.platform_height].insert_or_assign(index, share.signature);
  PLEXUS_TRY(auto certified,
             try_certify(id, entry, message.source, share.platform_height, quorum_bps));
  return Added{id, std::move(certified)};
}

Result<std::optional<Bytes>> SharePool::try_certify(const Hash256& id, Entry& entry,
                                                    const SubnetKey& source, std::uint64_t height,
                                                    std::uint32_t quorum_bps) {
  PLEXUS_TRY(const auto set, validators_(source, height));
  auto& shares = entry.shares[height];
  unsigned __int128 signed_weight = 0;
  unsigned __int128 total = 0;
  for (std::size_t i = 0; i < set->size(); ++i) {
    total += (*set)[i].weight;
    if (shares.contains(i)) signed_weight += (*set)[i].weight;
  }
  if (signed_weight * 10'000 < total * quorum_bps) return std::nullopt;
  std::vector<std::pair<std::size_t, bls::Signature>> list(shares.begin(), shares.end());
  PLEXUS_TRY(const consensus::Certificate certificate, certify_message(list, set->size()));
  const Bytes message_bytes = signing_bytes(id);
  const consensus::Quorum quorum{quorum_bps, 10'000, /*at_least=*/true};
  if (consensus::verify_certificate(certificate, message_bytes, *set, quorum)) {
    PLEXUS_TRY(const UnsignedMessage message, decode_unsigned(entry.message));
    entry.certified = encode_signed({message, height, certificate});
    entry.certified_height = height;
    return entry.certified;
  }
  // Some share is bad: find it, drop it, and say whose it was.
  std::string bad;
  for (auto it = shares.begin(); it != shares.end();) {
    if (bls::verify((*set)[it->first].key, message_bytes, it->second)) {
      ++it;
      continue;
    }
    bad += (bad.empty() ? "" : ", ") + to_hex((*set)[it->first].key.to_bytes().view());
    it = shares.erase(it);
  }
  return refuse("bad signature from " + bad);
}

std::optional<Bytes> SharePool::certified(const Hash256& id) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return it->second.certified;
}

}  // namespace plexus::messaging
