#include "rpc/block_tag.hpp"

#include "rpc/params.hpp"

namespace plexus::rpc {
namespace {

std::unexpected<Error> header_not_found() { return fail(Errc::kNotFound, "header not found"); }

}  // namespace

Result<std::uint64_t> resolve_block(const json* tag, const chain::SubnetChain& chain,
                                    std::size_t index) {
  const chain::ChainHeads heads = chain.heads();
  const std::uint64_t head = heads.latest.number;
  if (tag == nullptr) return head;
  if (tag->is_object()) {
    if (const auto hash = tag->find("blockHash"); hash != tag->end()) {
      PLEXUS_TRY(const Hash256 h, hash_value(*hash, index));
      PLEXUS_TRY(const auto record, chain.blocks().by_hash(h));
      if (!record) return header_not_found();
      return record->block.header.number;
    }
    if (const auto number = tag->find("blockNumber"); number != tag->end())
      return resolve_block(&*number, chain, index);
    return fail(Errc::kInvalidArgument, "invalid argument " + std::to_string(index) +
                                            ": expected blockNumber or blockHash");
  }
  if (tag->is_string()) {
    const std::string& name = tag->get_ref<const std::string&>();
    if (name == "latest" || name == "pending") return head;
    if (name == "safe") return heads.safe.number;
    if (name == "finalized") return heads.finalized.number;
    if (name == "earliest") return std::uint64_t{0};
  }
  PLEXUS_TRY(const std::uint64_t number, quantity_u64(*tag, index));
  if (number > head) return header_not_found();
  return number;
}

Result<std::optional<std::uint64_t>> state_block(const json* tag, const chain::SubnetChain& chain,
                                                 std::size_t index) {
  PLEXUS_TRY(const std::uint64_t number, resolve_block(tag, chain, index));
  if (number >= chain.head().number) return std::optional<std::uint64_t>{};
  PLEXUS_CHECK(chain.check_history(number));
  return std::optional<std::uint64_t>{number};
}

}  // namespace plexus::rpc
