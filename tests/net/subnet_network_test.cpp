// A subnet on a simulated network of four nodes: node 0 runs the dev engine, the others follow
// (consensus/follower_engine.hpp). Transactions are sent to a follower and gossiped to the
// producer; blocks are announced, lost, duplicated and delayed (seeded), and every node reaches
// the producer's head. A node cut off by a partition catches up once the partition heals.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "consensus/follower_engine.hpp"
#include "core/rlp.hpp"
#include "core/transaction.hpp"
#include "net/router.hpp"
#include "net/sim_network.hpp"
#include "net/subnet_relay.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::net {
namespace {

using namespace std::chrono_literals;

// SimNetwork runs on the thread that steps it; engines send from their own threads. Every call
// into the simulation goes through one recursive lock, which the stepping thread holds while
// handlers run (and send again).
class SerializedTransport final : public Transport {
 public:
  SerializedTransport(Transport& inner, std::recursive_mutex& lock) : inner_(inner), lock_(lock) {}
  const NodeId& self() const noexcept override { return inner_.self(); }
  void set_handlers(TransportHandlers handlers) override {
    std::lock_guard guard(lock_);
    inner_.set_handlers(std::move(handlers));
  }
  void connect(const Endpoint& endpoint) override {
    std::lock_guard guard(lock_);
    inner_.connect(endpoint);
  }
  using Transport::send;
  Result<void> send(const NodeId& peer, Message message, Priority priority) override {
    std::lock_guard guard(lock_);
    return inner_.send(peer, std::move(message), priority);
  }
  void disconnect(const NodeId& peer) override {
    std::lock_guard guard(lock_);
    inner_.disconnect(peer);
  }
  std::vector<NodeId> peers() const override {
    std::lock_guard guard(lock_);
    return inner_.peers();
  }

 private:
  Transport& inner_;
  std::recursive_mutex& lock_;
};

const secp256k1::PrivateKey& sender() {
  static const secp256k1::PrivateKey key = secp256k1::PrivateKey::from_seed(Bytes{0x5e});
  return key;
}

struct SimNode {
  SimNode(SimNetwork& net, const NodeId& id, std::recursive_mutex& lock, bool producer)
      : id(id), transport(net.add_node(id), lock) {
    chain::ChainConfig config;
    config.alloc = {{sender().address(), uint256(1'000'000'000'000'000'000ULL)}};
    config.genesis_timestamp = 1'700'000'000;
    chain = chain::SubnetChain::open(store, config).value();
    source = std::make_unique<consensus::SubnetBlockSource>(*chain);
    relay = std::make_unique<SubnetRelay>(transport, subnet_id("evm"), *chain, 2 * 1024 * 1024);
    router = std::make_unique<Router>(transport);
    router->add(*relay);
    const consensus::EngineContext context{
        .blocks = *source, .clock = clock, .on_accepted = {}, .on_finalized = {},
        .on_fatal = [](const Error& e) { ADD_FAILURE() << e.message; }, .outbox = relay.get()};
    if (producer) {
      engine = consensus::make_engine(platform::ConsensusKind::kDev, context, {}).value();
    } else {
      engine = std::make_unique<consensus::FollowerEngine>(
          context, consensus::FollowerConfig{.max_held_blocks = 256, .retry_after = 100ms});
    }
    relay->set_engine(engine.get());
    router->start();
    engine->start();
  }
  ~SimNode() { engine->stop(); }

  NodeId id;
  SerializedTransport transport;
  SystemClock clock;
  kv::MemoryStore store;
  std::unique_ptr<chain::SubnetChain> chain;
  std::unique_ptr<consensus::SubnetBlockSource> source;
  std::unique_ptr<SubnetRelay> relay;
  std::unique_ptr<Router> router;
  std::unique_ptr<consensus::Engine> engine;
};

class SubnetNetwork : public ::testing::Test {
 protected:
  void start(std::uint64_t seed, LinkFaults faults) {
    net_ = std::make_unique<SimNetwork>(seed, faults);
    for (std::size_t i = 0; i < 4; ++i) {
      NodeId id;
      id[19] = static_cast<Byte>(i + 1);
      nodes_.push_back(std::make_unique<SimNode>(*net_, id, lock_, i == 0));
    }
    std::lock_guard guard(lock_);
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      for (std::size_t j = i + 1; j < nodes_.size(); ++j)
        nodes_[i]->transport.connect(net_->endpoint_of(nodes_[j]->id));
    net_->run_for(50ms);
  }
  void TearDown() override { nodes_.clear(); }

  // A transfer sent to `node` as a client would (admitted there, then gossiped).
  void send_to(std::size_t node) {
    last_raw_ = plexus::testing::signed_transfer(sender(), next_nonce_++,
                                                 Address::right_aligned(Bytes{0x0b}));
    ASSERT_TRUE(nodes_[node]->chain->submit(last_raw_));
    // What the node's RPC endpoint does with an admitted transaction.
    nodes_[node]->relay->gossip_transaction(last_raw_);
    nodes_[node]->engine->on_transaction();
  }

  // Steps the simulation (5 ms of simulated time per round, letting the engine threads work in
  // between) until every node holds all sent transactions in one head, or the bound runs out.
  bool converge(const std::vector<std::size_t>& among) {
    for (int round = 0; round < 2000; ++round) {
      {
        std::lock_guard guard(lock_);
        net_->run_for(5ms);
        // The node's timer: every 250 ms of simulated time (the real node: every second).
        if (round % 50 == 49)
          for (const auto& node : nodes_) node->relay->tick();
      }
      std::this_thread::sleep_for(1ms);
      const chain::ChainHead head = nodes_[0]->chain->head();
      const auto mined = nodes_[0]->chain->account(sender().address(), std::nullopt)->nonce;
      bool done = mined == next_nonce_;
      for (const std::size_t i : among) done = done && nodes_[i]->chain->head().hash == head.hash;
      if (done) return true;
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      ADD_FAILURE() << "node " << i << ": head " << nodes_[i]->chain->head().number << ", pool "
                    << nodes_[i]->chain->pending_count() << ", nonce "
                    << nodes_[i]->chain->account(sender().address(), std::nullopt)->nonce
                    << " of " << next_nonce_;
    return false;
  }

  std::recursive_mutex lock_;
  std::unique_ptr<SimNetwork> net_;
  std::vector<std::unique_ptr<SimNode>> nodes_;
  std::uint64_t next_nonce_ = 0;
  Bytes last_raw_;
};

TEST_F(SubnetNetwork, EveryNodeReachesTheHeadThroughLossDelayAndDuplicates) {
  start(1205, LinkFaults{.drop = 0.1, .duplicate = 0.05, .min_delay = 1ms, .max_delay = 20ms});
  for (int i = 0; i < 30; ++i) {
    send_to(3);  // a follower: the transaction reaches the producer by gossip
    if (i % 10 == 9) {
      ASSERT_TRUE(converge({0}));
    }
  }
  ASSERT_TRUE(converge({0, 1, 2, 3})) << "seed 1205";
  for (const auto& node : nodes_) {
    EXPECT_EQ(node->chain->account(sender().address(), std::nullopt)->nonce, 30u);
    EXPECT_EQ(node->chain->heads().finalized.number, nodes_[0]->chain->head().number);
  }
}

TEST_F(SubnetNetwork, APartitionedNodeCatchesUpAfterHealing) {
  start(77, LinkFaults{.drop = 0.0, .duplicate = 0.0, .min_delay = 1ms, .max_delay = 5ms});
  {
    std::lock_guard guard(lock_);
    net_->partition({{nodes_[3]->id}});
  }
  for (int i = 0; i < 12; ++i) {
    send_to(1);
    ASSERT_TRUE(converge({0, 1, 2}));
  }
  EXPECT_LT(nodes_[3]->chain->head().number, nodes_[0]->chain->head().number);
  {
    std::lock_guard guard(lock_);
    net_->heal();
  }
  send_to(2);  // the next block's announcement shows node 3 the gap
  ASSERT_TRUE(converge({0, 1, 2, 3})) << "seed 77";
  EXPECT_EQ(nodes_[3]->chain->account(sender().address(), std::nullopt)->nonce, 13u);
}

// A peer that sends garbage, a block that fails verification, or floods duplicates: the first two
// are disconnected, duplicates cost a lookup each and are not passed on again; the others go on.
TEST_F(SubnetNetwork, MisbehavingPeersAreCutOffAndDuplicatesAreCheap) {
  start(5, LinkFaults{.drop = 0.0, .duplicate = 0.0, .min_delay = 1ms, .max_delay = 1ms});
  send_to(1);
  ASSERT_TRUE(converge({0, 1, 2, 3}));
  const auto peers_of = [&](std::size_t node) {
    std::lock_guard guard(lock_);
    return nodes_[node]->transport.peers();
  };
  const auto connected = [&](std::size_t a, std::size_t b) {
    const auto peers = peers_of(a);
    return std::find(peers.begin(), peers.end(), nodes_[b]->id) != peers.end();
  };
  ASSERT_TRUE(connected(0, 3));
  {
    std::lock_guard guard(lock_);
    ASSERT_TRUE(nodes_[3]->transport.send(
        nodes_[0]->id, Message{.kind = MessageKind::kTransactions, .subnet = subnet_id("evm"),
                               .payload = Bytes{0xde, 0xad}}));
    net_->run_for(20ms);
  }
  EXPECT_FALSE(connected(0, 3));
  EXPECT_EQ(nodes_[0]->relay->stats().bad_messages, 1u);

  // A forged block from node 2 reaches follower 1, which reports it; node 2 is cut off there.
  chain::Block forged = nodes_[0]->source->block_at(1)->value();
  forged.header.number = 2;
  forged.header.parent_hash = nodes_[0]->chain->head().hash;
  {
    std::lock_guard guard(lock_);
    ASSERT_TRUE(nodes_[2]->transport.send(
        nodes_[1]->id, Message{.kind = MessageKind::kBlockAnnounce, .subnet = subnet_id("evm"),
                               .payload = chain::encode_block(forged).value()}));
  }
  for (int i = 0; i < 200 && connected(1, 2); ++i) {
    {
      std::lock_guard guard(lock_);
      net_->run_for(5ms);
    }
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_FALSE(connected(1, 2));

  // The same transaction a hundred times from a peer: one lookup each, nothing admitted or
  // passed on again, and no penalty (duplicates are what gossip looks like).
  send_to(0);
  ASSERT_TRUE(converge({0, 2}));
  const SubnetRelay::Stats before = nodes_[2]->relay->stats();
  const Bytes items[] = {rlp::encode_string(last_raw_)};
  {
    std::lock_guard guard(lock_);
    for (int i = 0; i < 100; ++i)
      ASSERT_TRUE(nodes_[0]->transport.send(
          nodes_[2]->id, Message{.kind = MessageKind::kTransactions, .subnet = subnet_id("evm"),
                                 .payload = rlp::encode_list(items)}));
    net_->run_for(20ms);
  }
  const SubnetRelay::Stats after = nodes_[2]->relay->stats();
  EXPECT_EQ(after.transactions_duplicate - before.transactions_duplicate, 100u);
  EXPECT_EQ(after.transactions_admitted, before.transactions_admitted);
  EXPECT_TRUE(connected(2, 0));
}

}  // namespace
}  // namespace plexus::net
