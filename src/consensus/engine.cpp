#include "consensus/engine.hpp"

#include <string>

#include "consensus/dev_engine.hpp"

namespace plexus::consensus {

Result<void> Engine::mine_now() {
  return not_supported("mining on demand under the " +
                       std::string(platform::consensus_name(kind())) + " engine");
}

Result<void> Engine::on_block(const NodeId&, const chain::Block&) {
  return not_supported("blocks from peers under the " +
                       std::string(platform::consensus_name(kind())) + " engine");
}

void report_final_block(const EngineContext& context, const chain::BlockRecord& block) {
  if (context.on_accepted) context.on_accepted(block);
  if (context.on_finalized)
    context.on_finalized(chain::ChainHead{block.block.header.number, block.hash});
}

Result<void> check_engine_kind(platform::ConsensusKind kind) {
  if (kind == platform::ConsensusKind::kDev || kind == platform::ConsensusKind::kBft ||
      kind == platform::ConsensusKind::kSnowman)
    return {};
  return not_supported("consensus engine '" + std::string(platform::consensus_name(kind)) + "'");
}

Result<std::unique_ptr<Engine>> make_engine(platform::ConsensusKind kind, EngineContext context,
                                            const EngineConfig& config) {
  PLEXUS_CHECK(check_engine_kind(kind));
  if (kind == platform::ConsensusKind::kBft)  // it needs the validator set and this node's key
    return fail(Errc::kInvalidArgument, "the bft engine is made with bft::BftEngine::create");
  if (kind == platform::ConsensusKind::kSnowman)  // it needs the validator set too
    return fail(Errc::kInvalidArgument,
                "the snowman engine is made with snowman::SnowmanEngine::create");
  return std::make_unique<DevEngine>(std::move(context), config);
}

}  // namespace plexus::consensus
