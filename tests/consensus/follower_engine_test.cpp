// A network of one producing node (dev engine) and followers, wired by an in-memory outbox that
// loses and reorders announcements: every follower verifies and accepts the producer's blocks in
// order, fetches what it missed, reports a peer that sends a bad block, and ends at the same head.
#include "consensus/follower_engine.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "consensus/dev_engine.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::consensus {
namespace {

using namespace std::chrono_literals;

const NodeId kProducer = NodeId::right_aligned(Bytes{1});
const NodeId kLiar = NodeId::right_aligned(Bytes{0x66});

struct Node {
  explicit Node(const secp256k1::PrivateKey& key) {
    chain::ChainConfig config;
    config.alloc = {{key.address(), uint256(1'000'000'000'000'000'000ULL)}};
    config.genesis_timestamp = 1'700'000'000;  // every node must start from the same genesis
    chain = chain::SubnetChain::open(store, config).value();
    source = std::make_unique<SubnetBlockSource>(*chain);
  }
  kv::MemoryStore store;
  std::unique_ptr<chain::SubnetChain> chain;
  std::unique_ptr<SubnetBlockSource> source;
  std::unique_ptr<Engine> engine;
};

// Hands announcements from the producer to the followers, losing some (seeded), and serves the
// followers' requests from the producer's chain.
class Hub {
 public:
  Hub(Node& producer, double loss) : producer_(producer), loss_(loss) {}

  class Endpoint final : public Outbox {
   public:
    explicit Endpoint(Hub& hub) : hub_(hub) {}
    void serve(FollowerEngine* self) { self_ = self; }
    void announce_block(const chain::Block& block) override {
      for (FollowerEngine* follower : hub_.followers_)
        if (!hub_.lose()) (void)follower->on_block(kProducer, block);
    }
    void request_blocks(std::uint64_t first, std::uint64_t last) override {
      for (std::uint64_t n = first; n <= last; ++n)
        if (auto block = hub_.producer_.source->block_at(n); block && *block)
          (void)self_->on_block(kProducer, **block);
    }
    void report_peer(const NodeId& peer, const Error& why) override {
      std::lock_guard lock(hub_.mutex_);
      hub_.reports_.emplace_back(peer, why.message);
    }

   private:
    Hub& hub_;
    FollowerEngine* self_ = nullptr;  // the follower whose requests this endpoint answers
  };

  bool lose() {
    std::lock_guard lock(mutex_);
    return random_.below(1000) < static_cast<std::uint64_t>(loss_ * 1000);
  }
  std::vector<std::pair<NodeId, std::string>> reports() {
    std::lock_guard lock(mutex_);
    return reports_;
  }

  Node& producer_;
  double loss_;
  std::vector<FollowerEngine*> followers_;
  std::mutex mutex_;
  SeededRandom random_{20261205};
  std::vector<std::pair<NodeId, std::string>> reports_;
};

class FollowerNetwork : public ::testing::Test {
 protected:
  FollowerNetwork() : key_(secp256k1::PrivateKey::from_seed(from_hex("01").value())) {}

  EngineContext context(Node& node, Outbox* outbox) {
    return EngineContext{.blocks = *node.source, .clock = clock_, .on_accepted = {},
                         .on_finalized = {},
                         .on_fatal = [](const Error& e) { FAIL() << e.message; },
                         .outbox = outbox};
  }
  void start(double loss, std::size_t followers) {
    hub_ = std::make_unique<Hub>(producer_, loss);
    producer_outbox_ = std::make_unique<Hub::Endpoint>(*hub_);
    for (std::size_t i = 0; i < followers; ++i) {
      auto& node = followers_.emplace_back(std::make_unique<Node>(key_));
      Hub::Endpoint& outbox = *outboxes_.emplace_back(std::make_unique<Hub::Endpoint>(*hub_));
      auto engine = std::make_unique<FollowerEngine>(context(*node, &outbox), FollowerConfig{});
      outbox.serve(engine.get());
      hub_->followers_.push_back(engine.get());
      node->engine = std::move(engine);
    }
    producer_.engine =
        make_engine(platform::ConsensusKind::kDev, context(producer_, producer_outbox_.get()), {})
            .value();
    for (auto& node : followers_) node->engine->start();
    producer_.engine->start();
  }
  Bytes transfer(std::uint64_t nonce) const {
    return plexus::testing::signed_transfer(key_, nonce, Address::right_aligned(Bytes{0xbb}));
  }
  // Bounded: a follower that never catches up fails the test instead of hanging it.
  bool all_at(const chain::ChainHead& head) {
    for (int i = 0; i < 1000; ++i) {
      bool done = true;
      for (auto& node : followers_) done = done && node->chain->head().hash == head.hash;
      if (done) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  secp256k1::PrivateKey key_;
  SystemClock clock_;
  Node producer_{key_};
  std::unique_ptr<Hub> hub_;
  std::unique_ptr<Hub::Endpoint> producer_outbox_;
  std::vector<std::unique_ptr<Hub::Endpoint>> outboxes_;
  std::vector<std::unique_ptr<Node>> followers_;
};

TEST_F(FollowerNetwork, FollowersReachTheProducersHeadThroughLossAndGaps) {
  start(0.3, 3);
  for (std::uint64_t nonce = 0; nonce < 40; ++nonce) {
    ASSERT_TRUE(producer_.chain->submit(transfer(nonce)));
    producer_.engine->on_transaction();
    if (nonce % 7 == 0) std::this_thread::sleep_for(5ms);  // several blocks, not one
  }
  for (int i = 0; i < 1000 && producer_.chain->pending_count() > 0; ++i)
    std::this_thread::sleep_for(5ms);
  producer_.engine->stop();
  const chain::ChainHead head = producer_.chain->head();
  ASSERT_GT(head.number, 1u);
  // A status message: the head once more, without loss, so that a follower that missed the last
  // announcements asks for them.
  for (FollowerEngine* follower : hub_->followers_)
    ASSERT_TRUE(follower->on_block(kProducer, producer_.source->block_at(head.number)->value()));
  ASSERT_TRUE(all_at(head));
  for (auto& node : followers_) {
    EXPECT_EQ(node->chain->heads().finalized.number, head.number);
    EXPECT_EQ(node->chain->account(key_.address(), std::nullopt)->nonce, 40u);
  }
  EXPECT_TRUE(hub_->reports().empty());
}

TEST_F(FollowerNetwork, ABadBlockIsReportedAndTheRightOneStillLands) {
  start(0.0, 1);
  ASSERT_TRUE(producer_.chain->submit(transfer(0)));
  producer_.engine->stop();  // no announcements: the test hands the blocks over itself
  ASSERT_TRUE(producer_.chain->produce_block(false).value().has_value());
  chain::Block real = producer_.source->block_at(1)->value();
  chain::Block forged = real;
  forged.header.state_root.bytes[0] ^= 1;
  FollowerEngine& follower = *hub_->followers_[0];
  ASSERT_TRUE(follower.on_block(kLiar, forged));
  ASSERT_TRUE(follower.on_block(kProducer, real));
  ASSERT_TRUE(all_at(producer_.chain->head()));
  const auto reports = hub_->reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].first, kLiar);
  EXPECT_NE(reports[0].second.find("state root"), std::string::npos) << reports[0].second;
}

TEST(FollowerEngine, RefusesMoreWaitingBlocksThanItHolds) {
  kv::MemoryStore store;
  auto chain = chain::SubnetChain::open(store, chain::ChainConfig{}).value();
  SubnetBlockSource source(*chain);
  SystemClock clock;
  FollowerEngine engine(EngineContext{.blocks = source, .clock = clock, .on_accepted = {},
                                      .on_finalized = {}, .on_fatal = {}, .outbox = nullptr},
                        FollowerConfig{.max_held_blocks = 4});
  // Not started: nothing takes blocks off the queue.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(engine.on_block(kProducer, chain::Block{}));
  const auto refused = engine.on_block(kProducer, chain::Block{});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kLimitExceeded);
}

}  // namespace
}  // namespace plexus::consensus
