// Four validators in one process (node::LocalCluster: full nodes over real TLS on loopback):
// transactions sent to one node are final on all four with a certificate; a 2|2 split finalizes
// nothing until it heals and then goes on; with one validator stopped the other three stay
// live; restarted on its stores, it catches up and nobody has seen it vote twice.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "consensus/bft/equivocation.hpp"
#include "core/bls/bls.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "node/local_cluster.hpp"
#include "signed_transfer.hpp"

namespace plexus::node {
namespace {

using namespace std::chrono_literals;

class BftNetwork : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = LocalCluster::start(
        ClusterConfig{.validators = 4,
                      .leader_timeout = 300ms,
                      .dir = std::filesystem::temp_directory_path() /
                             ("plexus-bft-cluster-" + std::to_string(::getpid())),
                      .rocksdb = false,
                      .sync_writes = false,
                      .delay = {},
                      .accounts = 10,
                      .epoch_length = 8});  // short epochs: every test crosses several
    ASSERT_TRUE(started) << started.error().message;
    cluster = std::move(*started);
  }

  std::uint64_t final_height(std::size_t i) {
    return cluster->evm(i).chain->heads().finalized.number;
  }
  void send(std::size_t i, std::uint64_t nonce) {
    ASSERT_TRUE(cluster->submit(i, testing::signed_transfer(keys[0], nonce, Address{})));
  }
  bool all_final(std::initializer_list<std::size_t> nodes, std::uint64_t height,
                 std::chrono::milliseconds limit = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      bool done = true;
      for (const std::size_t i : nodes) done = done && final_height(i) >= height;
      if (done) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // Whether node `at` holds node `who` in the primary network's set.
  bool primary_validator(std::size_t at, std::size_t who) {
    for (const auto& v : cluster->node(at).platform().validators())
      if (v.node_id == cluster->id(who)) return true;
    return false;
  }

  // Each running node's final height, round and pending blocks, for failure messages.
  std::string describe() {
    std::string out;
    for (std::size_t i = 0; i < cluster->size(); ++i) {
      if (!cluster->running(i)) continue;
      const auto s = cluster->evm(i).bft->status();
      out += "node " + std::to_string(i) + ": final " + std::to_string(final_height(i)) +
             " round " + std::to_string(s.round) + " pending " + std::to_string(s.pending_blocks) +
             " skipped " + std::to_string(s.skipped_rounds) + " epoch " +
             std::to_string(cluster->evm(i).bft->epoch().epoch) + " platform " +
             std::to_string(cluster->node(i).platform().height()) + "\n";
    }
    return out;
  }

  std::unique_ptr<LocalCluster> cluster;
  const std::vector<secp256k1::PrivateKey> keys = hd::dev_account_keys(hd::kDevMnemonic, 1).value();
};

TEST_F(BftNetwork, FinalizesSplitsHealsAndSurvivesAStoppedValidator) {
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(cluster->evm(i).bft->validating()) << i;
  send(1, 0);
  ASSERT_TRUE(all_final({0, 1, 2, 3}, 3)) << "blocks are final everywhere";
  const auto cert = cluster->evm(2).bft->finality(1);
  ASSERT_TRUE(cert && *cert);
  EXPECT_GE((*cert)->signers.size(), 3u);

  cluster->split({{0, 1}, {2, 3}});    // each half below a quorum
  std::this_thread::sleep_for(500ms);  // what was in flight lands
  std::array<std::uint64_t, 4> at_split{};
  std::uint64_t frozen = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    at_split[i] = final_height(i);
    frozen = std::max(frozen, at_split[i]);
  }
  std::this_thread::sleep_for(2s);  // more than six leader timeouts
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(final_height(i), at_split[i]) << "node " << i << " finalized during a 2|2 split";
  cluster->heal();
  EXPECT_TRUE(all_final({0, 1, 2, 3}, frozen + 3)) << "progress after the split heals\n"
                                                   << describe();

  cluster->stop(3);  // three of four are a quorum
  const std::uint64_t before = std::max({final_height(0), final_height(1), final_height(2)});
  send(0, 1);
  EXPECT_TRUE(all_final({0, 1, 2}, before + 3)) << "live with one validator down\n" << describe();
  ASSERT_TRUE(cluster->restart(3));
  EXPECT_TRUE(all_final({3}, final_height(0))) << "the restarted validator caught up\n"
                                               << describe();
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(cluster->evm(i).bft->evidence_count(), 0u) << "node " << i << " saw a double vote";
}

// A node started later, with the other validators stopped, fetches the whole final chain from the
// one left (across several epochs: each sync reply ends with a certificate, the next asked for as
// soon as one checks) and ends with the same blocks and the same senders.
TEST_F(BftNetwork, ALateNodeSyncsTheFinalChainFromOneValidator) {
  for (std::uint64_t nonce = 0; nonce < 20; ++nonce) send(nonce % 4, nonce);
  ASSERT_TRUE(all_final({0, 1, 2, 3}, 3 * 8 + 1, 30s)) << "three epochs go by\n" << describe();
  for (std::size_t i = 1; i < 4; ++i) cluster->stop(i);
  const chain::ChainHead target = cluster->evm(0).chain->heads().finalized;
  const auto observer = cluster->add_observer();
  ASSERT_TRUE(observer) << observer.error().message;
  ASSERT_TRUE(all_final({*observer}, target.number, 30s)) << describe();
  const auto& synced = *cluster->evm(*observer).chain;
  EXPECT_EQ(synced.blocks().hash_of(target.number).value(), target.hash);
  std::size_t transfers = 0;
  for (std::uint64_t n = 1; n <= target.number; ++n) {
    const auto here = synced.blocks().by_number(n).value().value();
    const auto there = cluster->evm(0).chain->blocks().by_number(n).value().value();
    EXPECT_EQ(here.meta, there.meta) << "block " << n;  // senders, gas, created addresses
    transfers += here.block.transactions.size();
  }
  EXPECT_EQ(transfers, 20u);
  EXPECT_FALSE(cluster->evm(*observer).bft->validating());
}

// The primary network's chain runs bft on the same validators: an operation submitted to one
// node is in every node's pool, then final on all four with a certificate, and every node holds
// the same platform blocks.
TEST_F(BftNetwork, ReplicatesThePrimaryNetworksChain) {
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_NE(cluster->node(i).replicated_platform(), nullptr) << i;
    EXPECT_TRUE(cluster->node(i).replicated_platform()->engine().validating()) << i;
  }
  const Address to = Address::right_aligned(Bytes{0x42});
  const std::uint64_t nonce = cluster->node(0).platform().nonce(keys[0].address());
  const auto op =
      platform::sign_operation(platform::Transfer{to, platform::plx(7)},
                               cluster->node(0).config().network_id, nonce, std::span(&keys[0], 1));
  const auto hash = cluster->node(1).submit_platform_operation(op);
  ASSERT_TRUE(hash) << hash.error().message;
  const auto again = cluster->node(1).submit_platform_operation(op);
  EXPECT_FALSE(again) << "the same operation, pooled or applied, is refused";
  const auto stale = platform::sign_operation(platform::Transfer{to, platform::plx(1)},
                                              cluster->node(0).config().network_id, nonce + 5,
                                              std::span(&keys[0], 1));
  const auto refused = cluster->node(3).submit_platform_operation(stale);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("nonce"), std::string::npos) << refused.error().message;

  const auto deadline = std::chrono::steady_clock::now() + 15s;
  bool everywhere = false;
  while (!everywhere && std::chrono::steady_clock::now() < deadline) {
    everywhere = true;
    for (std::size_t i = 0; i < 4; ++i)
      everywhere = everywhere && cluster->node(i).platform().balance(to) == platform::plx(7);
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(everywhere) << "the transfer is final on every node";
  std::uint64_t common = ~std::uint64_t{0};
  for (std::size_t i = 0; i < 4; ++i)
    common = std::min(common, cluster->node(i).platform().height());
  ASSERT_GE(common, 1u);
  const auto block = cluster->node(0).platform().block_at(common);
  ASSERT_TRUE(block);
  for (std::size_t i = 1; i < 4; ++i)
    EXPECT_EQ(cluster->node(i).platform().block_at(common).value().hash(), block->hash()) << i;
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(cluster->node(i).platform().nonce(keys[0].address()), nonce + 1) << i;
    EXPECT_EQ(cluster->node(i).platform().pool_size(), 0u) << i;
  }
  const auto cert = cluster->node(3).replicated_platform()->engine().finality(1);
  ASSERT_TRUE(cert && *cert) << "platform block 1 has a finality certificate";
  EXPECT_GE((*cert)->signers.size(), 3u);
}

// A validator the subnet's owners remove leaves its set at the next epoch: it follows as an
// observer, and the three others go on.
// Uptime: platform blocks attest earlier blocks with every notarize vote received for them, so
// with all four up everyone signs (nearly) every counted block; a stopped validator's count
// stops while the blocks it misses are still counted for it.
TEST_F(BftNetwork, UptimeIsCountedFromAttestations) {
  const auto uptime = [&](std::size_t observer, std::size_t who) {
    for (const platform::Validator& v : cluster->node(observer).platform().validators())
      if (v.node_id == cluster->id(who)) return std::pair{v.observed, v.signed_blocks};
    return std::pair<std::uint64_t, std::uint64_t>{0, 0};
  };
  const auto reach = [&](std::size_t node, std::uint64_t height) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (cluster->node(node).platform().height() < height &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    return cluster->node(node).platform().height() >= height;
  };
  ASSERT_TRUE(reach(0, 20)) << describe();
  bool attested = false;
  for (std::uint64_t h = 1; h <= 20; ++h)
    attested =
        attested || !cluster->node(0).platform().block_at(h).value().uptime.attestation.empty();
  EXPECT_TRUE(attested) << "platform blocks carry attestations";
  for (std::size_t who = 0; who < 4; ++who) {
    const auto [observed, signed_blocks] = uptime(0, who);
    EXPECT_GE(observed, 8u) << who;
    EXPECT_GE(signed_blocks * 10, observed * 9) << who << ": " << signed_blocks << "/" << observed;
  }
  cluster->stop(3);
  const auto [observed_before, signed_before] = uptime(0, 3);
  ASSERT_TRUE(reach(0, cluster->node(0).platform().height() + 20)) << describe();
  const auto [observed_after, signed_after] = uptime(0, 3);
  EXPECT_GE(observed_after, observed_before + 10) << "its missed blocks are counted";
  EXPECT_LE(signed_after, signed_before + 6) << "it signs nothing while stopped";
}

TEST_F(BftNetwork, ARemovedValidatorObservesFromTheNextEpoch) {
  const net::NodeId removed = cluster->id(2);
  const std::uint64_t nonce = cluster->node(0).platform().nonce(keys[0].address());
  const auto op =
      platform::sign_operation(platform::RemoveSubnetValidator{"evm", removed},
                               cluster->node(0).config().network_id, nonce, std::span(&keys[0], 1));
  ASSERT_TRUE(cluster->node(0).submit_platform_operation(op));
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (cluster->evm(2).bft->validating() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_FALSE(cluster->evm(2).bft->validating()) << describe();
  EXPECT_GE(cluster->evm(2).bft->epoch().epoch, 1u);
  for (const std::size_t i : {0, 1, 3}) EXPECT_TRUE(cluster->evm(i).bft->validating()) << i;
  EXPECT_TRUE(cluster->node(2).replicated_platform()->engine().validating())
      << "still a primary validator";
  send(0, 0);
  const std::uint64_t target = final_height(0) + 3;
  EXPECT_TRUE(all_final({0, 1, 2, 3}, target)) << "the observer follows\n" << describe();
  const auto cert = cluster->evm(0).bft->finality(target);
  ASSERT_TRUE(cert && *cert);
  for (const auto& signer : (*cert)->signers) EXPECT_NE(signer, removed);
}

// A subnet created on the running network (a Move subnet under bft, validated by three of the
// four) starts on every node without a restart: on its validators, which finalize blocks, and
// on the fourth as an observer that follows them. Its first epoch's set is the first the
// platform chain gave it (the validators may arrive in separate platform blocks); from the next
// epoch on, all three vote.
TEST_F(BftNetwork, ASubnetCreatedOnTheRunningNetworkStarts) {
  std::uint64_t nonce = cluster->node(0).platform().nonce(keys[0].address());
  const auto submit = [&](platform::Operation op) {
    const auto signed_op = platform::sign_operation(
        std::move(op), cluster->node(0).config().network_id, nonce++, std::span(&keys[0], 1));
    const auto hash = cluster->node(1).submit_platform_operation(signed_op);
    ASSERT_TRUE(hash) << hash.error().message;
  };
  submit(platform::CreateSubnet{.name = "tokens",
                                .vms = {platform::VmKind::kMove},
                                .chain_id = 424242,
                                .consensus = platform::ConsensusKind::kBft,
                                .owners = {keys[0].address()},
                                .threshold = 1});
  for (const std::size_t i : {0, 1, 2})
    submit(platform::AddSubnetValidator{"tokens", cluster->id(i), 1});
  const auto tokens_final = [&](std::size_t i) -> std::uint64_t {
    const RunningSubnet* tokens = cluster->node(i).subnet("tokens");
    return tokens == nullptr ? 0 : tokens->chain->heads().finalized.number;
  };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  bool going = false;
  while (!going && std::chrono::steady_clock::now() < deadline) {
    going = true;
    for (std::size_t i = 0; i < 4; ++i) going = going && tokens_final(i) >= 8 + 3;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(going) << describe();
  for (const std::size_t i : {0, 1, 2})
    EXPECT_TRUE(cluster->node(i).subnet("tokens")->bft->validating()) << i;
  EXPECT_FALSE(cluster->node(3).subnet("tokens")->bft->validating()) << "not in its set";
  EXPECT_EQ(cluster->node(3).subnet("tokens")->chain->config().chain_id, 424242u);
}

// Evidence that validator 3 signed two blocks in one round (its own key signs both votes, as a
// validator that equivocates would) slashes it on the platform chain: it leaves the primary
// network and every subnet on every node, the same evidence cannot be used twice, and a report
// whose votes another key signed is refused. Handed to a node, the report goes into a platform
// block by itself (no account, no fee). The other three go on.
TEST_F(BftNetwork, AnEquivocatorIsSlashedByItsEvidence) {
  using consensus::bft::Vote;
  using consensus::bft::VoteKind;
  const auto key = bls::SecretKey::key_gen(Bytes(32, 4)).value();  // the cluster's node 3
  const auto other = bls::SecretKey::key_gen(Bytes(32, 9)).value();
  const Hash256 chain = Hash256::right_aligned(net::subnet_id("evm").view());
  const auto signed_vote = [&](const bls::SecretKey& by, Byte block) {
    Hash256 digest;
    digest[31] = block;
    const Vote vote{VoteKind::kNotarize, 0, 10'000, 5, digest};
    return consensus::bft::SignedVote{
        vote, 0,
        to_bytes(bls::sign(by, consensus::bft::signing_message(vote, chain)).to_bytes().view())};
  };
  const Bytes public_key = to_bytes(key.public_key().to_bytes().view());
  const Bytes report = consensus::bft::encode_equivocation_report(
      chain, public_key, {signed_vote(key, 1), signed_vote(key, 2)});
  const Bytes forged = consensus::bft::encode_equivocation_report(
      chain, public_key, {signed_vote(key, 1), signed_vote(other, 2)});
  const auto reporter = hd::dev_account_keys(hd::kDevMnemonic, 2).value()[1];
  std::uint64_t nonce = cluster->node(0).platform().nonce(reporter.address());
  const auto op = [&](const Bytes& evidence) {
    return platform::sign_operation(platform::ReportEquivocation{evidence},
                                    cluster->node(0).config().network_id, nonce,
                                    std::span(&reporter, 1));
  };
  const auto refused = cluster->node(1).submit_platform_operation(op(forged));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("does not verify"), std::string::npos)
      << refused.error().message;
  // Handed to a node, the report needs no account: the node's next platform block carries it.
  const auto forged_evidence = cluster->node(1).submit_evidence(forged);
  ASSERT_FALSE(forged_evidence);
  EXPECT_NE(forged_evidence.error().message.find("does not verify"), std::string::npos);
  ASSERT_TRUE(cluster->node(1).submit_evidence(report));
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() < deadline) {
    gone = true;
    for (std::size_t i = 0; i < 4; ++i) gone = gone && !primary_validator(i, 3);
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(gone) << "slashed on every node";
  EXPECT_FALSE(cluster->node(0).platform().subnet("evm")->validators.contains(cluster->id(3)));
  const auto again = cluster->node(2).submit_platform_operation(op(report));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("evidence already used"), std::string::npos)
      << again.error().message;
  const auto until_observing = std::chrono::steady_clock::now() + 30s;
  while (cluster->evm(3).bft->validating() && std::chrono::steady_clock::now() < until_observing)
    std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(cluster->evm(3).bft->validating()) << "out of the evm set from the next epoch";
  send(0, 0);
  EXPECT_TRUE(all_final({0, 1, 2, 3}, final_height(0) + 3)) << describe();
}

// The same, found by the engines themselves: validator 3's key signs two notarize votes for one
// round and sends both to its peers, as a validator that equivocates would. The other nodes'
// replicas hold both, record the evidence, and their nodes pool it for the platform chain, whose
// next block slashes validator 3 on every node. Nothing is handed over by hand.
TEST_F(BftNetwork, AnEquivocationTheEnginesSeeReachesAPlatformBlock) {
  using consensus::bft::Vote;
  using consensus::bft::VoteKind;
  std::vector<Bytes> keys;  // the cluster's node i has key_gen(32 bytes of i + 1)
  for (Byte seed = 1; seed <= 4; ++seed)
    keys.push_back(
        to_bytes(bls::SecretKey::key_gen(Bytes(32, seed)).value().public_key().to_bytes().view()));
  const auto key = bls::SecretKey::key_gen(Bytes(32, 4)).value();
  std::vector<std::string> order;  // certificate order: by compressed key
  for (const Bytes& k : keys) order.push_back(to_hex(k));
  std::sort(order.begin(), order.end());
  const auto signer = static_cast<std::uint32_t>(
      std::find(order.begin(), order.end(), to_hex(keys[3])) - order.begin());
  const Hash256 chain = Hash256::right_aligned(net::subnet_id("evm").view());
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() < deadline) {
    // Two blocks of one round a little ahead; sent again while an epoch change drops them.
    if (cluster->evm(0).bft->evidence_count() == 0) {
      const auto status = cluster->evm(3).bft->status();
      const std::uint64_t epoch = cluster->evm(3).bft->epoch().epoch;
      for (const Byte block : {Byte{0xa1}, Byte{0xb2}}) {
        Hash256 digest;
        digest[31] = block;
        const Vote vote{VoteKind::kNotarize, epoch, status.round + 2, status.head.height + 1,
                        digest};
        const consensus::bft::SignedVote signed_vote{
            vote, signer,
            to_bytes(
                bls::sign(key, consensus::bft::signing_message(vote, chain)).to_bytes().view())};
        cluster->evm(3).relay->send_consensus(
            nullptr, consensus::bft::encode_message(consensus::bft::Message{signed_vote}));
      }
    }
    std::this_thread::sleep_for(500ms);
    gone = true;
    for (std::size_t i = 0; i < 4; ++i) gone = gone && !primary_validator(i, 3);
  }
  ASSERT_TRUE(gone) << "slashed on every node; evidence held by node 0: "
                    << cluster->evm(0).bft->evidence_count() << "\n"
                    << describe();
  EXPECT_GE(cluster->evm(1).bft->evidence_count() + cluster->evm(2).bft->evidence_count(), 1u);
  EXPECT_FALSE(cluster->node(0).platform().subnet("evm")->validators.contains(cluster->id(3)));
  send(0, 0);
  EXPECT_TRUE(all_final({0, 1, 2}, final_height(0) + 3)) << describe();
}

// A passed proposal raises the evm subnet's gas limit at the height it names, on every node at
// once: the blocks before it keep 30M, the blocks from it on carry 40M everywhere. Another sets
// the block time: from its height on, an idle chain makes a block a second instead of one
// every 150 ms.
TEST_F(BftNetwork, APassedProposalChangesTheGasLimitAtItsHeight) {
  std::uint64_t nonce = cluster->node(0).platform().nonce(keys[0].address());
  const auto submit = [&](platform::Operation op) {
    const auto signed_op = platform::sign_operation(
        std::move(op), cluster->node(0).config().network_id, nonce++, std::span(&keys[0], 1));
    const auto hash = cluster->node(2).submit_platform_operation(signed_op);
    ASSERT_TRUE(hash) << hash.error().message;
  };
  // Far enough for the vote (10 s) and the next epoch's start to see the outcome.
  const std::uint64_t at = cluster->evm(0).chain->heads().latest.number + 100;
  submit(platform::Propose{
      "evm", platform::SetChainParam{platform::ChainParam::kGasLimit, 40'000'000}, at});
  submit(platform::Vote{"evm", 0, true});
  // And a block time of one second from at + 4 (idle blocks came every 150 ms until then).
  submit(platform::Propose{"evm", platform::SetChainParam{platform::ChainParam::kBlockTimeMs, 1000},
                           at + 4});
  submit(platform::Vote{"evm", 1, true});
  const auto blocks_in = [&](std::chrono::milliseconds window) {
    const std::uint64_t from = final_height(0);
    std::this_thread::sleep_for(window);
    return final_height(0) - from;
  };
  EXPECT_GE(blocks_in(2s), 8u) << "idle blocks every 150 ms before the change";
  ASSERT_TRUE(all_final({0, 1, 2, 3}, at + 5, 90s)) << describe();
  EXPECT_LE(blocks_in(3s), 5u) << "about one idle block a second after it";
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& blocks = cluster->evm(i).chain->blocks();
    EXPECT_EQ(blocks.by_number(at - 1).value()->block.header.gas_limit, 30'000'000u) << i;
    EXPECT_EQ(blocks.by_number(at).value()->block.header.gas_limit, 40'000'000u) << i;
    EXPECT_EQ(blocks.by_number(at + 1).value()->block.header.gas_limit, 40'000'000u) << i;
  }
  const auto proposal = cluster->node(1).platform().proposal("evm", 0);
  ASSERT_TRUE(proposal);
  EXPECT_EQ(platform::status_text(*proposal), "scheduled at height " + std::to_string(at));
}

}  // namespace
}  // namespace plexus::node
