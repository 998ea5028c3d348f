#pragma once
// The one shape of every consensus engine. An engine decides which blocks a subnet's chain
// accepts and when they are final; it reaches the chain only through a BlockSource, time through
// the Env's clock and (with the peer-to-peer layer) peers through the transport, so the node can
// run any engine a subnet's record names, and tests can run engines deterministically.
//
// Kinds (platform::ConsensusKind): dev (one node decides alone; blocks final at once), bft
// (bft/bft_engine.hpp: validators vote in rounds; made with the validator set by
// bft::BftEngine::create) and snowman (snowman/snowman_engine.hpp: validators poll samples of
// each other until confident; made by snowman::SnowmanEngine::create). Under the dev kind, the
// other nodes of a network run a FollowerEngine (follower_engine.hpp): they verify and accept
// what the producing node announces.
#include <chrono>
#include <functional>
#include <memory>

#include "chain/block.hpp"
#include "chain/block_store.hpp"
#include "consensus/block_source.hpp"
#include "consensus/outbox.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "platform/operations.hpp"

namespace plexus::consensus {

// Called on the engine's threads, in block order: keep them quick.
using BlockListener = std::function<void(const chain::BlockRecord&)>;
using FinalityListener = std::function<void(const chain::ChainHead&)>;
// Called once if the engine cannot go on (the store failed); it stops producing.
using FatalListener = std::function<void(const Error&)>;

struct EngineContext {
  BlockSource& blocks;
  const Clock& clock;
  BlockListener on_accepted;
  FinalityListener on_finalized;  // optional
  FatalListener on_fatal;
  Outbox* outbox = nullptr;  // the network; null for a node on its own (plexus dev)
};

struct EngineConfig {
  // dev: 0 makes a block as soon as transactions wait; otherwise one block per interval.
  std::chrono::milliseconds block_time{0};
  // dev, instant mode: the least time between the end of one block and the start of the next.
  std::chrono::microseconds min_gap{2000};
  // dev: what each block records in its header's extra data (the node: the platform height it
  // is built at, which its messages are checked against); unset: nothing.
  std::function<Bytes()> block_tag{};
};

class Engine {
 public:
  virtual ~Engine() = default;
  [[nodiscard]] virtual platform::ConsensusKind kind() const noexcept = 0;
  virtual void start() = 0;
  // Finishes the block in progress, then returns. Idempotent.
  virtual void stop() = 0;
  // A transaction entered the subnet's pool.
  virtual void on_transaction() = 0;
  // Makes a block now, empty if need be, and waits for it (evm_mine).
  [[nodiscard]] virtual Result<void> mine_now();
  // A block a peer announced or sent in answer to Outbox::request_blocks.
  [[nodiscard]] virtual Result<void> on_block(const NodeId& from, const chain::Block& block);
  // An engine message from a peer (Outbox::send_consensus on its side); ignored by engines that
  // send none.
  virtual void on_consensus_message(const NodeId& from, BytesView payload) {
    (void)from;
    (void)payload;
  }
};

// Whether engines of `kind` exist; kNotSupported ("not supported: consensus engine '<kind>'")
// for a kind not implemented.
[[nodiscard]] Result<void> check_engine_kind(platform::ConsensusKind kind);

// Tells `context`'s listeners that `block` was written and, as under the dev and follower
// engines, is final.
void report_final_block(const EngineContext& context, const chain::BlockRecord& block);

// The engine of `kind` over `context`; check_engine_kind's error for a kind not implemented yet.
[[nodiscard]] Result<std::unique_ptr<Engine>> make_engine(platform::ConsensusKind kind,
                                                          EngineContext context,
                                                          const EngineConfig& config);

}  // namespace plexus::consensus
