#pragma once
// Never signing twice (docs/CONSENSUS.md): what this validator signed in its latest round,
// written with an fsync before the vote may leave the node. A validator killed between the
// write and the send has only promised itself not to sign otherwise; one killed before the write
// has signed nothing anyone saw. Either way, after a restart it cannot contradict a vote it sent.
#include <optional>

#include "consensus/bft/vote.hpp"
#include "storage/kv.hpp"

namespace plexus::consensus::bft {

struct SignRecord {
  std::uint64_t epoch = 0;
  std::uint64_t round = 0;
  std::optional<Vote> notarized;  // the round's notarize vote, if signed
  bool skipped = false;
  std::optional<Vote> finalized;  // the round's finalize vote, if signed
  bool any = false;               // false before the first vote ever
};

class SignGuard {
 public:
  // Reads the record kept under `key` in `store` (which must outlive the guard).
  [[nodiscard]] static Result<SignGuard> open(kv::KvStore& store, Bytes key);

  // Records `vote` as signed and persists it (kSync) if rules R1 and R3 allow it after
  // everything signed before; else kValidation saying which vote it would contradict. Signing
  // the very same vote again is allowed (a rebroadcast).
  [[nodiscard]] Result<void> allow(const Vote& vote);
  [[nodiscard]] const SignRecord& last() const noexcept { return record_; }

 private:
  SignGuard(kv::KvStore& store, Bytes key, SignRecord record)
      : store_(&store), key_(std::move(key)), record_(std::move(record)) {}
  [[nodiscard]] Result<void> persist(const SignRecord& record);

  kv::KvStore* store_;
  Bytes key_;
  SignRecord record_;
};

}  // namespace plexus::consensus::bft
