#pragma once
// What the bft engine keeps of each final block beside the chain it orders, in that chain's
// store: the round the block was notarized in and its own finalization certificate, if it has
// one (a block finalized through a descendant's certificate has none).
//   'Q' "final" ++ height (8 bytes, big-endian) -> rlp([round, certificate or "", tail?])
// The last block of an epoch finalized through a block past the epoch's end (epoch.hpp) keeps
// that block's certificate and the blocks between as its tail: [[round, block], ...].
// An application writes the record with an fsync before the block itself, so a final block
// always has its record (a record without its block, after a crash between the two writes, is
// rewritten when the block is final again).
#include <cstdint>
#include <optional>

#include "consensus/bft/vote.hpp"
#include "storage/kv.hpp"

namespace plexus::consensus::bft {

class FinalRecords {
 public:
  explicit FinalRecords(kv::KvStore& store) : store_(store) {}

  struct Record {
    std::uint64_t round = 0;
    std::optional<QuorumCert> certificate;
    std::vector<std::pair<std::uint64_t, Bytes>> tail{};  // the certificate names the last
  };
  [[nodiscard]] Result<void> write(std::uint64_t height, const Record& record);
  // nullopt: no record (genesis, or a block written before the chain ran bft).
  [[nodiscard]] Result<std::optional<Record>> read(std::uint64_t height) const;
  // The record as stored, for those that carry it elsewhere (a subnet's blocks on DA).
  [[nodiscard]] Result<std::optional<Bytes>> read_encoded(std::uint64_t height) const;
  [[nodiscard]] static Bytes encode(const Record& record);
  // kDecode naming what is malformed.
  [[nodiscard]] static Result<Record> decode(BytesView encoded);

  // The certificate that makes block `height` final: its own, or that of the first descendant
  // up to `head` that has one (with that descendant's height); nullopt if none does.
  struct Finality {
    std::uint64_t certified_height = 0;
    std::uint64_t round = 0;
    QuorumCert certificate;
  };
  [[nodiscard]] Result<std::optional<Finality>> finality(std::uint64_t height,
                                                         std::uint64_t head) const;

 private:
  kv::KvStore& store_;
};

}  // namespace plexus::consensus::bft
