// A subnet on DA: plexus dev with the evm subnet posting its blocks, the blobs read back from the
// platform chain and the chain rebuilt from them alone; the blob format and every rule a rebuild
// skips a blob by; who posts which block.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "node/da_blocks.hpp"
#include "node/da_poster.hpp"
#include "node/da_rebuild_progress.hpp"
#include "node/dev_config.hpp"
#include "node/dev_network.hpp"
#include "node/network_genesis.hpp"
#include "node/subnet_config.hpp"
#include "storage/env.hpp"
#include "storage/memory_store.hpp"

namespace plexus::node {
namespace {

using namespace std::chrono_literals;

class DaSubnetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DevNetworkConfig c;
    c.data_dir = std::filesystem::temp_directory_path() / "plexus-da-subnet-test-unused";
    c.rpc_port = 0;
    c.accounts = 2;
    c.log_blocks = false;
    c.da_subnets = {"evm"};
    config_ = c;
    auto net = DevNetwork::start(config_, kv::Env{clock_, random_, stores_});
    ASSERT_TRUE(net) << net.error().message;
    net_ = std::move(*net);
    evm_ = net_->subnet("evm");
    ASSERT_NE(evm_, nullptr);
    for (int i = 0; i < 3; ++i) {
      clock_.advance(10s);
      ASSERT_TRUE(evm_->engine->mine_now());
    }
    ASSERT_EQ(evm_->chain->head().number, 3u);
    for (std::uint64_t n = 0; n <= 3; ++n)
      blocks_.push_back(evm_->chain->blocks().by_number(n).value()->block);
  }
  void TearDown() override {
    if (net_) net_->stop();
  }

  // Every blob in the evm subnet's namespace, in platform order.
  std::vector<Bytes> posted() const {
    const Bytes ns = subnet_da_namespace("evm").value();
    std::vector<Bytes> out;
    for (std::uint64_t h = 1; h <= net_->platform().height(); ++h) {
      const platform::PlatformBlock block = net_->platform().block_at(h).value();
      for (const auto& op : block.ops)
        if (const auto* submit = std::get_if<platform::SubmitBlobs>(&op.operation))
          for (const auto& blob : submit->blobs)
            if (blob.ns == ns) out.push_back(blob.data);
    }
    return out;
  }

  // A rebuild into a memory store, under the live node's configuration.
  std::unique_ptr<DaRebuild> rebuild() {
    const auto accounts = hd::dev_account_keys(config_.mnemonic, config_.accounts).value();
    const platform::Subnet subnet = *net_->platform().subnet("evm");
    chain::ChainConfig config =
        subnet_chain_config(config_, subnet, accounts, net_->platform(), clock_).value();
    config.genesis_timestamp = pinned_time_;
    return std::make_unique<DaRebuild>(config, [this, config](std::uint64_t timestamp) {
      chain::ChainConfig with_time = config;
      with_time.genesis_timestamp = timestamp;
      return chain::SubnetChain::open(rebuilt_store_, std::move(with_time));
    });
  }

  Bytes blob(std::vector<chain::Block> blocks) const { return encode_subnet_blob(blocks).value(); }

  ManualClock clock_{1'800'000'000};
  SeededRandom random_{7};
  kv::MemoryStoreFactory stores_;
  kv::MemoryStore rebuilt_store_;
  DevNetworkConfig config_;
  std::uint64_t pinned_time_ = 0;  // the genesis time a rebuild is given (0: block 0's own)
  std::unique_ptr<DevNetwork> net_;
  const RunningSubnet* evm_ = nullptr;
  std::vector<chain::Block> blocks_;
};

TEST_F(DaSubnetTest, TheGenesisNamesTheNamespaceOfThePostingSubnetsOnly) {
  EXPECT_EQ(net_->platform().subnet("evm")->spec.genesis.da_namespace,
            subnet_da_namespace("evm").value());
  EXPECT_TRUE(net_->platform().subnet("wasm")->spec.genesis.da_namespace.empty());
  EXPECT_NE(evm_->da_poster, nullptr);
  EXPECT_EQ(net_->subnet("wasm")->da_poster, nullptr);
  EXPECT_FALSE(subnet_da_namespace("a-name-too-long"));
  EXPECT_TRUE(parse_dev_config(R"({"da_subnets": ["evm", "move"]})", {}));
  EXPECT_EQ(parse_dev_config(R"({"da_subnets": ["evm", "evm"]})", {}).error().message,
            "\"da_subnets\" must be a list of distinct genesis subnet names (evm, wasm, move)");
  // A network genesis carries it to every node (plexus localnet up --da-subnet).
  const NetworkGenesis genesis =
      parse_network_genesis(R"({"timestamp": 5, "da_subnets": ["wasm"]})").value();
  EXPECT_EQ(genesis.da_subnets, std::vector<std::string>{"wasm"});
  EXPECT_EQ(parse_network_genesis(genesis_json(genesis)).value().da_subnets, genesis.da_subnets);
  EXPECT_FALSE(parse_network_genesis(R"({"timestamp": 5, "da_subnets": ["other"]})"));
}

// The poster puts every final block on DA, and the chain rebuilt from those blobs alone ends at
// the live head and state root.
TEST_F(DaSubnetTest, EveryBlockIsPostedAndTheChainRebuildsFromTheBlobs) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (evm_->da_poster->stats().next_needed < 4 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_EQ(evm_->da_poster->stats().next_needed, 4u);
  EXPECT_EQ(evm_->da_poster->stats().failures, 0u);
  const std::vector<Bytes> blobs = posted();
  ASSERT_FALSE(blobs.empty());
  auto rebuilt = rebuild();
  std::size_t imported = 0;
  for (const Bytes& data : blobs) {
    const auto outcome = rebuilt->offer(data).value();
    EXPECT_EQ(outcome.skipped, "");
    imported += outcome.imported;
  }
  EXPECT_EQ(imported, 4u);  // block 0 included
  ASSERT_NE(rebuilt->chain(), nullptr);
  EXPECT_EQ(rebuilt->chain()->head().hash, evm_->chain->head().hash);
  EXPECT_EQ(rebuilt->chain()->blocks().header_of(3).value()->state_root,
            evm_->chain->blocks().header_of(3).value()->state_root);
}

// After a restart the poster resumes from the progress it kept (the platform blocks read and
// what they hold) after the last block posted: no platform block is read again, nothing already
// on DA is posted again, and the next block is.
TEST_F(DaSubnetTest, ARestartedPosterResumesAfterTheLastBlockOnDa) {
  const auto wait_for = [this](std::uint64_t next) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (evm_->da_poster->stats().next_needed < next &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    return evm_->da_poster->stats().next_needed;
  };
  ASSERT_EQ(wait_for(4), 4u);
  const std::size_t before = posted().size();
  net_->stop();
  net_.reset();
  auto net = DevNetwork::start(config_, kv::Env{clock_, random_, stores_});
  ASSERT_TRUE(net) << net.error().message;
  net_ = std::move(*net);
  evm_ = net_->subnet("evm");
  ASSERT_EQ(evm_->chain->head().number, 3u);
  ASSERT_EQ(wait_for(4), 4u);
  std::this_thread::sleep_for(1200ms);  // two more polls: any repost would have happened
  EXPECT_EQ(evm_->da_poster->stats().blobs_posted, 0u);
  // Its progress was kept: no platform block is read again.
  EXPECT_EQ(evm_->da_poster->stats().platform_blocks_read, 0u);
  EXPECT_EQ(posted().size(), before);
  clock_.advance(10s);
  ASSERT_TRUE(evm_->engine->mine_now());
  ASSERT_EQ(wait_for(5), 5u);
  EXPECT_EQ(evm_->da_poster->stats().blobs_posted, 1u);
  EXPECT_EQ(posted().size(), before + 1);
  EXPECT_EQ(evm_->da_poster->stats().platform_blocks_read, 1u);
}

// An empty block is posted like any other: the next block names it as parent and its header
// (timestamp, base fee) is part of what the next one is verified against. Its encoding is
// little more than the header.
TEST_F(DaSubnetTest, AnEmptyBlockIsItsHeader) {
  ASSERT_TRUE(blocks_[2].transactions.empty());
  const std::size_t size = chain::encode_block(blocks_[2]).value().size();
  const std::size_t header = chain::encode_header(blocks_[2].header).value().size();
  EXPECT_LE(size, header + 8) << "empty block " << size << " bytes, header " << header;
  std::printf("an empty block: %zu bytes encoded, its header %zu\n", size, header);
}

TEST_F(DaSubnetTest, TheBlobFormatRoundTripsAndRefusesMalformedBlobs) {
  EXPECT_EQ(decode_subnet_blob(blob({blocks_[1], blocks_[2]})).value(),
            (std::vector<chain::Block>{blocks_[1], blocks_[2]}));
  EXPECT_EQ(decode_subnet_blob(Bytes{'h', 'i'}).error().message,
            "subnet blob: no PXS1 or PXS2 magic");
  EXPECT_EQ(decode_subnet_blob(Bytes{'P', 'X', 'S', '1', 0x05})
                .error()
                .message.rfind("subnet blob: not an RLP list of blocks", 0),
            0u);
  EXPECT_EQ(decode_subnet_blob(Bytes{'P', 'X', 'S', '1', 0xc0}).error().message,
            "subnet blob: carries 1 to 256 blocks, not 0");
  EXPECT_EQ(decode_subnet_blob(blob({blocks_[1], blocks_[3]})).error().message,
            "subnet blob: block numbers are not consecutive (1 then 3)");
  EXPECT_FALSE(encode_subnet_blob(std::vector<chain::Block>{}));
}

// Each rule a rebuild skips a blob by; none of them stops it, and the honest blobs still rebuild
// the chain.
TEST_F(DaSubnetTest, ARebuildSkipsEachBadBlobWithItsRule) {
  pinned_time_ = blocks_[0].header.timestamp;  // as a network's genesis fixes it
  auto r = rebuild();
  const auto offer = [&](const Bytes& data) { return r->offer(data).value(); };
  EXPECT_EQ(offer(Bytes{'j', 'u', 'n', 'k'}).skipped, "junk: subnet blob: no PXS1 or PXS2 magic");
  // Before block 0, a later block is held.
  EXPECT_EQ(offer(blob({blocks_[2]})).skipped,
            "ahead of the head: starts at block 2 before any block 0 (held)");
  chain::Block other_genesis = blocks_[0];
  other_genesis.header.timestamp += 1;
  EXPECT_EQ(offer(blob({other_genesis})).skipped,
            "wrong genesis: block 0 has timestamp " + std::to_string(pinned_time_ + 1) +
                ", the network's genesis time is " + std::to_string(pinned_time_));
  chain::Block other_alloc = blocks_[0];
  other_alloc.header.state_root = Hash256{};
  EXPECT_EQ(offer(blob({other_alloc})).skipped.rfind("wrong genesis: block 0 is ", 0), 0u);
  EXPECT_EQ(r->chain(), nullptr);  // nothing written for a junk genesis
  EXPECT_EQ(offer(blob({blocks_[0]})).imported, 1u);
  // Block 1 brings the held block 2 in after it.
  EXPECT_EQ(offer(blob({blocks_[1]})).imported, 2u);
  EXPECT_EQ(r->held(), 0u);
  EXPECT_EQ(offer(blob({blocks_[1], blocks_[2]})).skipped,
            "duplicate: blocks 1..2 are already imported");
  chain::Block conflicting = blocks_[2];
  conflicting.header.gas_limit += 1;
  EXPECT_EQ(offer(blob({conflicting})).skipped.rfind("conflict: block 2 ", 0), 0u);
  chain::Block orphan = blocks_[3];
  orphan.header.parent_hash = Hash256{};
  EXPECT_EQ(offer(blob({orphan})).skipped.rfind("wrong parent: block 3 names 0x00", 0), 0u);
  chain::Block wrong_state = blocks_[3];
  wrong_state.header.state_root = Hash256{};
  const std::string refused = offer(blob({wrong_state})).skipped;
  EXPECT_EQ(refused.rfind("refused: block 3: ", 0), 0u) << refused;
  EXPECT_EQ(r->chain()->head().number, 2u);
  EXPECT_EQ(offer(blob({blocks_[3]})).imported, 1u);
  EXPECT_EQ(r->chain()->head().hash, evm_->chain->head().hash);
}

TEST(DaPosterTest, TurnsRotateOverTheValidatorsBySixteenBlocks) {
  const std::vector<Address> validators = {Address::right_aligned(Bytes{1}),
                                           Address::right_aligned(Bytes{2}),
                                           Address::right_aligned(Bytes{3})};
  EXPECT_EQ(DaPoster::poster_of(0, validators), validators[0]);
  EXPECT_EQ(DaPoster::poster_of(15, validators), validators[0]);
  EXPECT_EQ(DaPoster::poster_of(16, validators), validators[1]);
  EXPECT_EQ(DaPoster::poster_of(47, validators), validators[2]);
  EXPECT_EQ(DaPoster::poster_of(48, validators), validators[0]);
  EXPECT_EQ(DaPoster::poster_of(5, {}), Address{});
}

// A rebuild's directory keeps where it stands; one made for another subnet or network, or a
// non-empty directory that is no rebuild's, is refused with both named.
TEST(DaRebuildProgressTest, ADirectoryOfAnotherSubnetOrNetworkIsRefused) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "plexus-da-rebuild-progress-test";
  fs::remove_all(root);
  const fs::path dir = root / "rebuilt";
  EXPECT_EQ(read_rebuild_progress(dir).value(), std::nullopt);
  RebuildProgress progress{.subnet = "evm",
                           .platform_genesis = Hash256::right_aligned(Bytes{0x11}),
                           .genesis_timestamp = 1'700'000'000,
                           .platform_height = 12,
                           .held = {Bytes{1, 2, 3}}};
  ASSERT_TRUE(write_rebuild_progress(dir, progress));
  EXPECT_EQ(read_rebuild_progress(dir).value(), progress);
  EXPECT_FALSE(fs::exists(dir / "rebuild.json.new"));
  EXPECT_TRUE(check_rebuild_directory(dir, progress, "evm", progress.platform_genesis));
  EXPECT_EQ(
      check_rebuild_directory(dir, progress, "wasm", progress.platform_genesis).error().message,
      dir.string() + " holds a rebuild of subnet evm, not wasm");
  const Hash256 other = Hash256::right_aligned(Bytes{0x22});
  EXPECT_EQ(check_rebuild_directory(dir, progress, "evm", other).error().message,
            dir.string() + " holds a rebuild of the network whose platform block 0 is " +
                to_hex(progress.platform_genesis) + ", this configuration's is " + to_hex(other));
  const fs::path foreign = root / "foreign";
  fs::create_directories(foreign);
  { std::ofstream(foreign / "notes.txt") << "mine\n"; }
  EXPECT_EQ(read_rebuild_progress(foreign).error().message,
            foreign.string() +
                " is not empty and holds no rebuild.json: a rebuild starts in an empty directory "
                "or resumes in its own");
  { std::ofstream(dir / "rebuild.json") << "{\"subnet\": 5}\n"; }
  EXPECT_EQ(read_rebuild_progress(dir).error().message.rfind(
                (dir / "rebuild.json").string() + " is not a rebuild's progress: ", 0),
            0u);
  fs::remove_all(root);
}

}  // namespace
}  // namespace plexus::node
