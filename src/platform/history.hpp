#pragma once
// Validator sets at past primary-network heights. Each block that changes a set (of a subnet or
// of the primary network) writes a snapshot of that set under
//   'S' ++ subnet name ++ 0x00 ++ big-endian height
// in the block's batch. The heights of all snapshots are kept in memory, so the set at any
// height is one lookup plus one read, whatever the number of blocks since. Snapshots rather
// than diffs: sets are small (a subnet has at most its governance's max_validators).
//
// A snapshot holds the members active after the block: those whose period has started by the
// block's time (the ended ones left in that block or earlier).
#include <map>
#include <set>
#include <string>

#include "platform/records.hpp"
#include "storage/kv.hpp"

namespace plexus::platform {

struct ValidatorSetEntry {
  Address node_id{};
  std::uint64_t weight = 0;  // subnet: as added; primary network: stake in whole PLX
  Bytes bls_key{};
  friend bool operator==(const ValidatorSetEntry&, const ValidatorSetEntry&) = default;
};
// Sorted by node id, ascending.
using ValidatorSet = std::vector<ValidatorSetEntry>;

// The same entries sorted by BLS public key (the bytes of the compressed key, ascending): the
// order quorum certificates and PlatformBlock::signers index into.
[[nodiscard]] ValidatorSet in_certificate_order(ValidatorSet set);

using SetNames = std::set<std::string, std::less<>>;

class ValidatorHistory {
 public:
  [[nodiscard]] static Result<ValidatorHistory> load(const kv::ReadView& store);

  // Adds to `batch` the snapshots of the `changed` sets as they are in `data` after the block
  // at `height` and time `timestamp`; note() them once the batch is written.
  static void stage(std::uint64_t height, std::uint64_t timestamp, const PlatformData& data,
                    const SetNames& changed, kv::WriteBatch& batch);
  void note(std::uint64_t height, const SetNames& changed);

  // kNotFound if the subnet did not exist at `height`. The caller checks that `height` was
  // reached.
  [[nodiscard]] Result<ValidatorSet> at(const kv::ReadView& store, std::string_view subnet,
                                        std::uint64_t height) const;
  // The first height at which the subnet's set had a member; nullopt if it never had one.
  [[nodiscard]] Result<std::optional<std::uint64_t>> first_active(const kv::ReadView& store,
                                                                  std::string_view subnet) const;

 private:
  std::map<std::string, std::vector<std::uint64_t>, std::less<>> heights_;  // ascending
};

}  // namespace plexus::platform
