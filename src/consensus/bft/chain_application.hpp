#pragma once
// The bft protocol's Application over a subnet's chain (consensus::BlockSource): blocks are the
// chain's blocks, named by their header hash, verified and built as pending blocks (executed,
// not written) and written only when final, each after its FinalRecords entry.
#include <functional>

#include "consensus/block_source.hpp"
#include "consensus/bft/application.hpp"
#include "consensus/bft/final_records.hpp"

namespace plexus::consensus::bft {

class ChainApplication final : public Application {
 public:
  // `on_final` is told of each block written (in order). Every block of the epoch records
  // `epoch_tag` (rlp([epoch, platform height of its validator set])) in its header's extra data:
  // a block of another epoch, or one that does not say, does not verify.
  ChainApplication(BlockSource& blocks, FinalRecords& records, Address proposer, Bytes epoch_tag,
                   std::function<void(const chain::BlockRecord&)> on_final);

  // The extra data of a block of `epoch` whose set was read at `platform_height`.
  [[nodiscard]] static Bytes epoch_tag(std::uint64_t epoch, std::uint64_t platform_height);

  [[nodiscard]] BlockInfo head() const override;
  [[nodiscard]] Result<BlockInfo> describe(BytesView block) const override;
  [[nodiscard]] Result<void> verify(BytesView block) override;
  [[nodiscard]] Result<std::optional<Bytes>> build(const BlockInfo& parent,
                                                   bool allow_empty) override;
  [[nodiscard]] Result<void> commit(const Hash256& digest, std::uint64_t round,
                                    const std::optional<QuorumCert>& certificate) override;
  void drop(const Hash256& digest) override;
  [[nodiscard]] Result<std::optional<FinalBlock>> final_block(std::uint64_t height) const override;

 private:
  BlockSource& blocks_;
  FinalRecords& records_;
  Address proposer_;
  Bytes epoch_tag_;
  std::function<void(const chain::BlockRecord&)> on_final_;
};

}  // namespace plexus::consensus::bft
