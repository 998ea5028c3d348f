#include "platform/history.hpp"

#include <algorithm>

#include "platform/fields.hpp"

namespace plexus::platform {
namespace {

constexpr Byte kSnapshotPrefix = 'S';
constexpr std::string_view kWhat = "platform: stored validator set";

Bytes snapshot_key(std::string_view subnet, std::uint64_t height) {
  Bytes key = kv::prefixed_key(kSnapshotPrefix, as_bytes(subnet));
  key.push_back(0);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<Byte>(height >> shift));
  return key;
}

Bytes member(const Validator& v, std::uint64_t weight) {
  const Bytes f[] = {rlp::encode_string(v.node_id.view()), rlp::encode_uint(weight),
                     fields::bytes(v.bls_key)};
  return rlp::encode_list(f);
}

Bytes encode_snapshot(const PlatformData& data, std::string_view subnet, std::uint64_t timestamp) {
  std::vector<Bytes> members;
  if (subnet == kPrimaryNetwork) {
    for (const auto& [node, v] : data.validators)
      if (v.start_time <= timestamp) members.push_back(member(v, primary_weight(v)));
  } else if (const auto it = data.subnets.find(subnet); it != data.subnets.end()) {
    // A subnet validator is always a primary validator: expiry removes it from every subnet.
    for (const auto& [node, m] : it->second.validators)
      if (m.start_time <= timestamp) members.push_back(member(data.validators.at(node), m.weight));
  }
  return rlp::encode_list(members);
}

Result<ValidatorSet> decode_snapshot(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  PLEXUS_TRY(const auto members, fields::items(list, kWhat));
  ValidatorSet out;
  for (const rlp::Item& item : members) {
    PLEXUS_TRY(const auto f, fields::items(item, kWhat));
    if (f.size() != 3) return fail(Errc::kCorruption, std::string(kWhat));
    ValidatorSetEntry entry;
    PLEXUS_TRY(entry.node_id, fields::read_address(f[0], kWhat));
    PLEXUS_TRY(entry.weight, rlp::to_uint64(f[1]));
    PLEXUS_TRY(entry.bls_key, fields::read_bytes(f[2], kWhat));
    out.push_back(std::move(entry));
  }
  // Encoded from an ordered map: already sorted by node id.
  return out;
}

}  // namespace

ValidatorSet in_certificate_order(ValidatorSet set) {
  std::sort(set.begin(), set.end(), [](const ValidatorSetEntry& a, const ValidatorSetEntry& b) {
    return std::lexicographical_compare(a.bls_key.begin(), a.bls_key.end(), b.bls_key.begin(),
                                        b.bls_key.end());
  });
  return set;
}

Result<ValidatorHistory> ValidatorHistory::load(const kv::ReadView& store) {
  ValidatorHistory history;
  auto cursor = store.scan(Bytes{kSnapshotPrefix});
  for (; cursor->valid(); cursor->next()) {
    const BytesView key = cursor->key();
    if (key.size() < 10 || key[key.size() - 9] != 0)
      return fail(Errc::kCorruption, "platform: validator set key");
    std::uint64_t height = 0;
    for (const Byte b : key.last(8)) height = (height << 8) | b;
    const std::string subnet(key.begin() + 1, key.end() - 9);
    history.heights_[subnet].push_back(height);  // the scan is in key order: ascending heights
  }
  PLEXUS_CHECK(cursor->status());
  return history;
}

void ValidatorHistory::stage(std::uint64_t height, std::uint64_t timestamp,
                             const PlatformData& data, const SetNames& changed,
                             kv::WriteBatch& batch) {
  for (const std::string& subnet : changed)
    batch.put(snapshot_key(subnet, height), encode_snapshot(data, subnet, timestamp));
}

void ValidatorHistory::note(std::uint64_t height, const SetNames& changed) {
  for (const std::string& subnet : changed) heights_[subnet].push_back(height);
}

Result<ValidatorSet> ValidatorHistory::at(const kv::ReadView& store, std::string_view subnet,
                                          std::uint64_t height) const {
  const auto it = heights_.find(subnet);
  const auto not_found = [&] {
    return fail(Errc::kNotFound, "platform: no subnet " + std::string(subnet) + " at height " +
                                     std::to_string(height));
  };
  if (it == heights_.end()) return not_found();
  const auto& heights = it->second;
  const auto after = std::upper_bound(heights.begin(), heights.end(), height);
  if (after == heights.begin()) return not_found();
  PLEXUS_TRY(const auto stored, store.get(snapshot_key(subnet, *std::prev(after))));
  if (!stored) return fail(Errc::kCorruption, "platform: a validator set snapshot is missing");
  return decode_snapshot(*stored);
}

Result<std::optional<std::uint64_t>> ValidatorHistory::first_active(const kv::ReadView& store,
                                                                    std::string_view subnet) const {
  const auto it = heights_.find(subnet);
  if (it == heights_.end()) return std::optional<std::uint64_t>{};
  for (const std::uint64_t height : it->second) {
    PLEXUS_TRY(const ValidatorSet set, at(store, subnet, height));
    if (!set.empty()) return std::optional<std::uint64_t>(height);
  }
  return std::optional<std::uint64_t>{};
}

}  // namespace plexus::platform
