#pragma once
// Epochs (docs/CONSENSUS.md, Epochs). A chain's validator set is fixed for an epoch of
// `length` blocks: epoch e holds heights e*length+1 .. (e+1)*length, and its set is the one the
// platform chain held at height P_e. The epoch's last block names P_{e+1}, a platform height
// final on its proposer and on every validator that votes for it; once that block is final the
// engine starts epoch e+1 on it with the set at P_{e+1}. A validator left out of the new set
// follows as an observer; one let in starts voting.
//
// A last block may become final through a block after it (Simplex finalizes ancestors): blocks
// past the epoch's end are allowed only empty, exist only to finalize the last block, and are
// never written; the last block's record keeps them and their certificate (its tail), so that a
// node catching up can check it. Every block of epoch e is tagged with [e, P_e] (a subnet's in
// its header's extra data), the last one with [e, P_e, P_{e+1}].
#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "consensus/bft/application.hpp"
#include "consensus/bft/committee.hpp"
#include "consensus/bft/final_records.hpp"

namespace plexus::consensus::bft {

struct EpochInfo {
  std::uint64_t epoch = 0;
  std::uint64_t platform_height = 0;  // P_e
  std::uint64_t last_height = 0;      // the epoch's last block: (epoch + 1) * length
  std::uint64_t length = 1;
  friend bool operator==(const EpochInfo&, const EpochInfo&) = default;
};

// The epoch after a final head at `head_height`.
[[nodiscard]] inline std::uint64_t epoch_after(std::uint64_t head_height, std::uint64_t length) {
  return head_height / length;
}
[[nodiscard]] inline EpochInfo epoch_info(std::uint64_t epoch, std::uint64_t platform_height,
                                          std::uint64_t length) {
  return EpochInfo{epoch, platform_height, (epoch + 1) * length, length};
}

struct EpochTag {
  std::uint64_t epoch = 0;
  std::uint64_t platform_height = 0;
  std::optional<std::uint64_t> next_platform_height{};  // the epoch's last block only
  friend bool operator==(const EpochTag&, const EpochTag&) = default;
};
[[nodiscard]] Bytes encode_epoch_tag(const EpochTag& tag);
[[nodiscard]] Result<EpochTag> decode_epoch_tag(BytesView bytes);

// An Application that knows its epoch: the engine asks it, after each step, whether the epoch's
// last block is final, and then makes the next epoch's application.
class EpochApplication : public Application {
 public:
  [[nodiscard]] virtual const EpochInfo& epoch() const = 0;
  // P_{e+1}, once the epoch's last block is final (and written).
  [[nodiscard]] virtual std::optional<std::uint64_t> next_platform_height() const = 0;
  // P_e of the epoch of final block `height` (whose certificate's signers index that set).
  [[nodiscard]] virtual Result<std::uint64_t> platform_height_at(std::uint64_t height) const = 0;
  // The epoch's committee and its members' node ids (certificate order), once the engine has
  // made them; they outlive the application.
  virtual void enter_committee(const Committee& /*committee*/, std::vector<Address> /*ids*/) {}
};

// What both applications do at the epoch's end: note P_{e+1} once the last block is written
// and refuse further blocks; remember the blocks past the end as they are verified or built,
// commit none of them, and when one comes with its certificate, record it and the blocks before
// it as the last block's tail.
class EpochTail {
 public:
  EpochTail(const EpochInfo& info, FinalRecords& records) : info_(info), records_(records) {}

  [[nodiscard]] bool past_end(std::uint64_t height) const { return height > info_.last_height; }
  // The epoch's last block is written; the next epoch's set is read at `next_platform_height`.
  void end(std::uint64_t next_platform_height) { next_ = next_platform_height; }
  [[nodiscard]] std::optional<std::uint64_t> next() const { return next_; }
  // kValidation once the epoch has ended: no block is built or verified in it any more.
  [[nodiscard]] Result<void> check_open() const;
  void remember(const Hash256& digest, std::uint64_t height, Bytes block);
  [[nodiscard]] bool holds(const Hash256& digest) const { return known_.contains(digest); }
  // A final block past the end. With its certificate: the last block's record gets the tail,
  // and the first tail block's digest is returned for the caller to drop (with the rest).
  [[nodiscard]] Result<std::optional<Hash256>> commit(
      const Hash256& digest, std::uint64_t round, const std::optional<QuorumCert>& certificate);

 private:
  const EpochInfo& info_;
  FinalRecords& records_;
  std::map<Hash256, std::pair<std::uint64_t, Bytes>> known_;  // digest -> (height, block)
  std::vector<std::pair<Hash256, std::uint64_t>> committed_;  // digest, round; in order
  std::optional<std::uint64_t> next_;
};

}  // namespace plexus::consensus::bft
