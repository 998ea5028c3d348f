// A subnet rebuilt from DA with the platform chain replayed under it (node/da_replay.hpp). A live
// side is driven by hand, as a bft node would run it: a platform chain (each block built from
// signed operations), a subnet chain whose blocks carry epoch tags and take governance changes at
// each epoch's start (apply_governance), and its blocks posted as SubmitBlobs. The rebuild then
// reads the platform blocks in order and must end at the live head: for a subnet created after
// genesis, across a governance change, and for a block delivering a message signed by a set that
// only exists at a later platform height. The rebuild as it was (the platform state of block 0)
// refuses each of them.
#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

#include "consensus/bft/epoch.hpp"
#include "consensus/bft/equivocation.hpp"
#include "consensus/bft/final_records.hpp"
#include "consensus/certificate.hpp"
#include "core/bls/bls.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "messaging/message.hpp"
#include "messaging/verify.hpp"
#include "net/subnet_relay.hpp"
#include "node/da_poster.hpp"
#include "node/da_replay.hpp"
#include "node/message_receiving.hpp"
#include "node/subnet_config.hpp"
#include "node/subnet_governance.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace plexus::node {
namespace {

using namespace std::chrono_literals;
constexpr std::uint64_t kGenesisTime = 1'700'000'000;
constexpr std::uint64_t kEpochLength = 4;

class DaReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.accounts = 3;
    config_.log_blocks = false;
    config_.genesis_timestamp = kGenesisTime;
    config_.consensus = platform::ConsensusKind::kBft;
    config_.epoch_length = kEpochLength;
    config_.da_subnets = {"evm"};
    keys_ = hd::dev_account_keys(config_.mnemonic, config_.accounts).value();
    platform::PlatformConfig platform_config;
    platform_config.check_evidence = consensus::bft::check_equivocation_report;
    live_ = platform::PlatformRegistry::open(live_platform_store_,
                                             dev_platform_genesis(config_, keys_), platform_config)
                .value();
    // Dev account 0 is the genesis subnets' one validator, with this BLS key.
    signers_ = {bls::SecretKey::key_gen(keys_[0].secret().view()).value()};
  }

  // One platform block holding `op`, signed by dev account `issuer`.
  void platform_block(platform::Operation op, std::size_t issuer) {
    const auto signed_op = platform::sign_operation(std::move(op), config_.network_id,
                                                    live_->nonce(keys_[issuer].address()),
                                                    std::span(&keys_[issuer], 1));
    const auto pooled = live_->submit(signed_op);
    ASSERT_TRUE(pooled) << pooled.error().message;
    platform_time_ += 1;
    const platform::BuiltBlock built = live_->build(live_->head_state(), {}, platform_time_);
    ASSERT_TRUE(built.dropped.empty()) << built.dropped.front().reason.message;
    ASSERT_TRUE(live_->apply_final(built.block));
  }

  // The live node starts the subnet's chain (once it has validators).
  void start_subnet(const std::string& name) {
    const platform::Subnet subnet = *live_->subnet(name);
    auto config = subnet_chain_config(config_, subnet, keys_, *live_, clock_);
    ASSERT_TRUE(config) << config.error().message;
    live_chain_ = chain::SubnetChain::open(live_store_, std::move(*config)).value();
    subnet_ = name;
    first_platform_height_ = live_->first_active_height(name).value().value();
    chain_id_ = subnet.spec.chain_id;
    ns_ = subnet.spec.genesis.da_namespace;
  }

  // The next final block as a bft node makes it: the epoch's governance first, then the block
  // with its epoch tag (the epoch's last names the platform head as P_{e+1}).
  chain::Block next_block(const std::vector<Bytes>& txs = {}) {
    const std::uint64_t number = live_chain_->head().number + 1;
    const std::uint64_t epoch = (number - 1) / kEpochLength;
    if (!epoch_ || epoch_->epoch != epoch) {
      epoch_ = consensus::bft::epoch_info(
          epoch, epoch_ ? next_platform_height_ : first_platform_height_, kEpochLength);
      consensus::bft::BftParams timing;
      EXPECT_TRUE(apply_governance(*live_chain_, *live_, subnet_, *epoch_, timing));
    }
    consensus::bft::EpochTag tag{epoch, epoch_->platform_height, std::nullopt};
    if (number == epoch_->last_height) {
      next_platform_height_ = live_->height();
      tag.next_platform_height = next_platform_height_;
    }
    for (const Bytes& tx : txs) EXPECT_TRUE(live_chain_->submit(tx));
    clock_.advance(1s);
    // As the bft engine builds and commits a block (pending, then final).
    const auto built = live_chain_->build_pending(
        live_chain_->head().hash, chain::BlockOptions{.allow_empty = true,
                                                      .final_on_commit = true,
                                                      .proposer = {},
                                                      .extra_data = encode_epoch_tag(tag)});
    EXPECT_TRUE(built && *built);
    const chain::Block block = **built;
    EXPECT_TRUE(live_chain_->commit_pending(chain::header_hash(block.header).value()));
    records_[number] = final_record(block, signers_);
    return block;
  }

  // The final record a bft node keeps for `block` of the current epoch: a finalization
  // certificate signed by `signers` (validators of the set at P_e, by secret key).
  Bytes final_record(const chain::Block& block, const std::vector<bls::SecretKey>& signers,
                     consensus::bft::VoteKind kind = consensus::bft::VoteKind::kFinalize) const {
    const auto order =
        consensus::certificate_order(live_->validator_set(subnet_, epoch_->platform_height).value())
            .value();
    const consensus::bft::Vote vote{kind, epoch_->epoch, 0, block.header.number,
                                    chain::header_hash(block.header).value()};
    const Bytes message = consensus::bft::signing_message(
        vote, Hash256::right_aligned(net::subnet_id(subnet_).view()));
    consensus::bft::QuorumCert cert{vote, Bytes((order.size() + 7) / 8, 0), {}};
    std::vector<bls::Signature> signatures;
    for (const bls::SecretKey& key : signers) {
      std::size_t i = 0;
      while (i < order.size() &&
             to_hex(order[i].key.to_bytes().view()) != to_hex(key.public_key().to_bytes().view()))
        ++i;
      if (i == order.size()) continue;  // not in this epoch's set
      cert.signers[i / 8] = static_cast<Byte>(cert.signers[i / 8] | (1u << (i % 8)));
      signatures.push_back(bls::sign(key, message));
    }
    cert.signature = to_bytes(bls::aggregate(signatures).value().to_bytes().view());
    return consensus::bft::FinalRecords::encode({.round = 0, .certificate = cert});
  }
  std::vector<chain::Block> next_blocks(std::size_t count) {
    std::vector<chain::Block> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(next_block());
    return out;
  }
  chain::Block genesis_block() const { return live_chain_->blocks().by_number(0).value()->block; }

  // The blocks with the records the live node keeps, as a blob a validator posts.
  Bytes certified_blob(const std::vector<chain::Block>& blocks) const {
    std::vector<PostedBlock> posted;
    for (const chain::Block& block : blocks) {
      const auto record = records_.find(block.header.number);
      posted.push_back({block, record == records_.end() ? Bytes{} : record->second});
    }
    return encode_certified_subnet_blob(posted).value();
  }
  // The blocks as one blob of the subnet's namespace, in a platform block of its own.
  void post(const std::vector<chain::Block>& blocks) { post_blob(certified_blob(blocks)); }
  void post_blob(Bytes blob) {
    platform::SubmitBlobs submit;
    submit.blobs.push_back({ns_, std::move(blob)});
    submit.fee_per_byte = live_->params().min_blob_fee_per_byte;
    platform_block(std::move(submit), 1);
  }

  // The blobs of `ns` in platform block `height`, in block order.
  std::vector<Bytes> blobs_at(std::uint64_t height, const Bytes& ns) const {
    std::vector<Bytes> out;
    const platform::PlatformBlock block = live_->block_at(height).value();
    for (const auto& op : block.ops)
      if (const auto* submit = std::get_if<platform::SubmitBlobs>(&op.operation))
        for (const auto& blob : submit->blobs)
          if (blob.ns == ns) out.push_back(blob.data);
    return out;
  }

  // A rebuild as plexus da rebuild drives it: each platform block applied, then its blobs in the
  // namespace offered. The reasons blobs were skipped, in order.
  std::vector<std::string> replay(const std::string& name) {
    if (auto opened = open_replay(name); !opened) return {opened.error().message};
    return replay_platform(1, live_->height());
  }
  // A replay over `platform_store` (nullptr: its own, in memory) and rebuilt_store_; a resumed
  // one (platform state and chain already there) opens the chain at `genesis_timestamp`.
  Result<void> open_replay(const std::string& name, kv::KvStore* platform_store = nullptr,
                           std::uint64_t genesis_timestamp = 0) {
    replay_.reset();
    PLEXUS_TRY(
        replay_,
        DaReplay::open({.network = config_,
                        .subnet = name,
                        .genesis_timestamp = 0,
                        .open_store = [this]() -> Result<kv::KvStore*> { return chain_store_; },
                        .platform_store = platform_store},
                       clock_));
    PLEXUS_CHECK(replay_->look_for_subnet());
    if (genesis_timestamp != 0) PLEXUS_CHECK(replay_->resume(genesis_timestamp));
    return {};
  }
  std::vector<std::string> replay_platform(std::uint64_t from, std::uint64_t to) {
    std::vector<std::string> skipped;
    for (std::uint64_t h = from; h <= to; ++h) {
      if (auto applied = replay_->apply_platform_block(live_->block_at(h).value()); !applied)
        return {applied.error().message};
      if (!replay_->ns()) continue;
      for (const Bytes& blob : blobs_at(h, to_bytes(replay_->ns()->view()))) {
        const DaRebuild::Outcome outcome = replay_->offer(blob).value();
        if (!outcome.skipped.empty()) skipped.push_back(outcome.skipped);
      }
    }
    return skipped;
  }

  // The rebuild as it was before the platform chain was replayed: the subnet's configuration
  // and every platform read from the state of block 0. The reasons blobs were skipped.
  std::vector<std::string> rebuild_at_genesis() {
    kv::MemoryStore platform_store;
    auto genesis =
        platform::PlatformRegistry::open(platform_store, dev_platform_genesis(config_, keys_))
            .value();
    const auto subnet = genesis->subnet(subnet_);
    if (!subnet) return {"no subnet " + subnet_ + " in the network's genesis"};
    const chain::ChainConfig config =
        subnet_chain_config(config_, *subnet, keys_, *genesis, clock_).value();
    kv::MemoryStore chain_store;
    DaRebuild rebuild(config, [&](std::uint64_t timestamp) {
      chain::ChainConfig with_time = config;
      with_time.genesis_timestamp = timestamp;
      return chain::SubnetChain::open(chain_store, std::move(with_time));
    });
    std::vector<std::string> skipped;
    for (std::uint64_t h = 1; h <= live_->height(); ++h)
      for (const Bytes& blob : blobs_at(h, ns_)) {
        const DaRebuild::Outcome outcome = rebuild.offer(blob).value();
        if (!outcome.skipped.empty()) skipped.push_back(outcome.skipped);
      }
    if (rebuild.chain() != nullptr) genesis_rebuild_head_ = rebuild.chain()->head();
    return skipped;
  }

  // A bft subnet "late" posting to DA, created now with dev account 0 its one validator.
  void create_late_subnet(std::uint64_t chain_id) {
    platform::CreateSubnet create{.name = "late",
                                  .vms = {platform::VmKind::kEvm},
                                  .chain_id = chain_id,
                                  .consensus = platform::ConsensusKind::kBft,
                                  .owners = {keys_[0].address()},
                                  .threshold = 1,
                                  .voting = {.voting_period = 10, .timelock = 0}};
    create.genesis.da_namespace = subnet_da_namespace("late").value();
    platform_block(create, 0);
    platform_block(platform::AddSubnetValidator{"late", keys_[0].address(), 1}, 0);
  }

  // Blocks 0..2 posted; the owner proposes a gas limit of kNewGasLimit from block 10 and votes
  // (the tally comes after the vote), so block 8 names the platform height where it is scheduled.
  static constexpr std::uint64_t kNewGasLimit = 31'000'000;
  void post_genesis_and_pass_gas_limit() {
    std::vector<chain::Block> blocks = {genesis_block()};
    for (const chain::Block& block : next_blocks(2)) blocks.push_back(block);
    post(blocks);
    platform_block(
        platform::Propose{
            .subnet = "evm",
            .action = platform::SetChainParam{platform::ChainParam::kGasLimit, kNewGasLimit},
            .effective_height = 10},
        0);
    platform_block(platform::Vote{"evm", 0, true}, 0);
    platform_time_ += 20;
    platform_block(platform::Transfer{keys_[2].address(), platform::plx(1)}, 0);
    ASSERT_EQ(live_->scheduled_changes("evm").size(), 1u);
  }

  // The rebuilt chain ends at the live head with its state root.
  void expect_live_head() {
    ASSERT_NE(replay_->rebuild(), nullptr);
    const chain::SubnetChain* rebuilt = replay_->rebuild()->chain();
    ASSERT_NE(rebuilt, nullptr);
    const std::uint64_t head = live_chain_->head().number;
    EXPECT_EQ(rebuilt->head().number, head);
    EXPECT_EQ(rebuilt->head().hash, live_chain_->head().hash);
    EXPECT_EQ(rebuilt->blocks().header_of(head).value()->state_root,
              live_chain_->blocks().header_of(head).value()->state_root);
  }

  static bool any_starts_with(const std::vector<std::string>& lines, const std::string& prefix) {
    for (const std::string& line : lines)
      if (line.rfind(prefix, 0) == 0) return true;
    return false;
  }
  static std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += line + "\n";
    return out;
  }

  DevNetworkConfig config_;
  std::vector<secp256k1::PrivateKey> keys_;
  ManualClock clock_{kGenesisTime + 1'000};
  std::uint64_t platform_time_ = kGenesisTime;
  kv::MemoryStore live_platform_store_;
  std::unique_ptr<platform::PlatformRegistry> live_;
  kv::MemoryStore live_store_;
  std::unique_ptr<chain::SubnetChain> live_chain_;
  std::string subnet_;
  std::uint64_t chain_id_ = 0;
  Bytes ns_;
  std::uint64_t first_platform_height_ = 0;
  std::optional<consensus::bft::EpochInfo> epoch_;
  std::uint64_t next_platform_height_ = 0;
  kv::MemoryStore rebuilt_store_;
  kv::MemoryStore scratch_store_;
  kv::KvStore* chain_store_ = &rebuilt_store_;  // where a replay writes the rebuilt chain
  std::unique_ptr<DaReplay> replay_;
  std::optional<chain::ChainHead> genesis_rebuild_head_;  // where rebuild_at_genesis ended
  std::vector<bls::SecretKey> signers_;                   // who signs the live blocks' certificates
  std::map<std::uint64_t, Bytes> records_;                // the live blocks' final records
};

TEST_F(DaReplayTest, ASubnetCreatedAfterGenesisIsRebuilt) {
  platform_block(platform::Transfer{keys_[2].address(), platform::plx(1)}, 0);
  ASSERT_NO_FATAL_FAILURE(create_late_subnet(777'001));
  start_subnet("late");
  ASSERT_EQ(first_platform_height_, 3u);
  const Address to = Address::right_aligned(Bytes{0x77});
  const chain::Block first =
      next_block({testing::signed_transfer(keys_[1], 0, to, 4321, chain_id_)});
  ASSERT_EQ(first.transactions.size(), 1u);
  std::vector<chain::Block> blocks = {genesis_block(), first};
  for (const chain::Block& block : next_blocks(5)) blocks.push_back(block);
  post({blocks.begin(), blocks.begin() + 3});
  post({blocks.begin() + 3, blocks.end()});

  EXPECT_EQ(replay("late"), std::vector<std::string>{});
  expect_live_head();
  EXPECT_EQ(replay_->rebuild()->chain()->account(to, 6).value().balance, uint256(4321));
  // The rebuild as it was knew the genesis subnets only.
  EXPECT_EQ(rebuild_at_genesis(),
            std::vector<std::string>{"no subnet late in the network's genesis"});
}

TEST_F(DaReplayTest, AGovernanceChangeMidChainIsFollowed) {
  start_subnet("evm");
  ASSERT_NO_FATAL_FAILURE(post_genesis_and_pass_gas_limit());
  post(next_blocks(6));  // 3..8: block 8 names the platform height where it is scheduled
  post(next_blocks(4));  // 9..12: the change takes effect at 10
  ASSERT_EQ(live_chain_->blocks().header_of(9).value()->gas_limit, config_.block_gas_limit);
  ASSERT_EQ(live_chain_->blocks().header_of(10).value()->gas_limit, kNewGasLimit);

  EXPECT_EQ(replay("evm"), std::vector<std::string>{});
  expect_live_head();
  const auto before = rebuild_at_genesis();
  EXPECT_TRUE(any_starts_with(before, "refused: block 10: ")) << joined(before);
}

TEST_F(DaReplayTest, AMessageSignedByALaterSetIsDelivered) {
  start_subnet("evm");
  std::vector<chain::Block> blocks = {genesis_block()};
  blocks.push_back(next_block());
  post(blocks);
  // A new primary validator joins the wasm subnet with most of its weight: the set that signs.
  const bls::SecretKey key = bls::SecretKey::key_gen(Bytes(32, 0x44)).value();
  const Address node = Address::right_aligned(Bytes{0x4e, 0x01});
  platform_block(platform::AddValidator{.node_id = node,
                                        .stake = platform::min_validator_stake(),
                                        .bls_key = to_bytes(key.public_key().to_bytes().view()),
                                        .bls_pop = to_bytes(bls::pop_prove(key).to_bytes().view())},
                 1);
  platform_block(platform::AddSubnetValidator{"wasm", node, 10}, 0);
  const std::uint64_t signed_at = live_->height();

  messaging::AddressedCall call;
  call.sender = Address::right_aligned(Bytes{0x5e});
  call.destination = subnet_key("evm");
  call.receiver = Address::right_aligned(Bytes{0xbb});
  call.body = {1, 2, 3};
  const messaging::UnsignedMessage message{static_cast<std::uint32_t>(config_.network_id),
                                           subnet_key("wasm"),
                                           messaging::encode_addressed_call(call)};
  const auto signers =
      consensus::certificate_order(live_->validator_set("wasm", signed_at).value()).value();
  ASSERT_EQ(signers.size(), 2u);
  std::size_t index = 0;
  while (to_hex(signers[index].key.to_bytes().view()) != to_hex(key.public_key().to_bytes().view()))
    ++index;
  const std::pair<std::size_t, bls::Signature> share{
      index, bls::sign(key, messaging::signing_bytes(messaging::message_id(message)))};
  const Bytes signed_message = messaging::encode_signed(
      {message, signed_at,
       messaging::certify_message(std::span(&share, 1), signers.size()).value()});

  // The first block of the next epoch reads the platform at `signed_at` and delivers.
  blocks = next_blocks(3);  // 2..4: block 4 names the platform head
  tx::Transaction deliver;
  deliver.type = tx::Type::kDynamicFee;
  deliver.chain_id = chain_id_;
  deliver.max_fee_per_gas = uint256(10'000'000'000ULL);
  deliver.gas_limit = 1'000'000;
  deliver.to = exec::kMessenger;
  deliver.data = messaging::encode_deliver_call(signed_message);
  tx::sign(deliver, keys_[2]);
  blocks.push_back(next_block({tx::encode(deliver)}));
  ASSERT_EQ(blocks.back().transactions.size(), 1u);
  ASSERT_NE(delivery_status(*live_chain_, messaging::message_id(message)),
            messaging::DeliveryStatus::kNone)
      << "the live chain accepted the message";
  post(blocks);

  EXPECT_EQ(replay("evm"), std::vector<std::string>{});
  expect_live_head();
  EXPECT_NE(delivery_status(*replay_->rebuild()->chain(), messaging::message_id(message)),
            messaging::DeliveryStatus::kNone);
  const auto before = rebuild_at_genesis();
  EXPECT_TRUE(any_starts_with(before, "refused: block 5: ")) << joined(before);
}

// What the replayed platform state refuses before a block is executed: a tag that is not the
// epoch's, and a platform height the carrying platform block has not passed.
TEST_F(DaReplayTest, ABlockIsRefusedByTheTagRulesOfItsEpoch) {
  start_subnet("evm");
  std::vector<chain::Block> blocks = {genesis_block()};
  for (const chain::Block& block : next_blocks(2)) blocks.push_back(block);
  chain::Block wrong_epoch = next_block();
  chain::Block ahead = wrong_epoch;
  wrong_epoch.header.extra_data = consensus::bft::encode_epoch_tag({1, first_platform_height_, {}});
  ahead.header.extra_data = consensus::bft::encode_epoch_tag({0, 1'000, {}});
  post(blocks);
  post({wrong_epoch});
  post({ahead});
  post({live_chain_->blocks().by_number(3).value()->block});

  const std::vector<std::string> skipped = replay("evm");
  ASSERT_EQ(skipped.size(), 2u) << joined(skipped);
  EXPECT_EQ(skipped[0], "refused: block 3: tagged epoch 1 at platform height " +
                            std::to_string(first_platform_height_) + ", this is epoch 0 at " +
                            std::to_string(first_platform_height_));
  EXPECT_EQ(skipped[1],
            "refused: block 3 names platform height 1000, not below the platform "
            "block " +
                std::to_string(live_->height() - 1) + " that carries it");
  expect_live_head();
}

TEST_F(DaReplayTest, ASubnetThatDoesNotPostOrIsNotThereIsNamed) {
  platform_block(platform::Transfer{keys_[2].address(), platform::plx(1)}, 0);
  EXPECT_EQ(replay("wasm"), std::vector<std::string>{"subnet wasm does not post to DA"});
  EXPECT_EQ(replay("nowhere"), std::vector<std::string>{});
  EXPECT_EQ(replay_->rebuild(), nullptr);
  // A block that is not the next one is refused before any rule runs.
  EXPECT_EQ(replay_->apply_platform_block(live_->block_at(1).value()).error().message,
            "platform block 1 given after block 1");
}

// A block that re-executes correctly but that the validators did not finalize, posted before
// theirs, is skipped with the rule whatever it carries; the validators' block is taken. The
// rebuild without certificates took the first one.
TEST_F(DaReplayTest, AValidBlockTheValidatorsDidNotFinalizeIsSkipped) {
  start_subnet("evm");
  std::vector<chain::Block> blocks = {genesis_block()};
  for (const chain::Block& block : next_blocks(2)) blocks.push_back(block);
  post(blocks);
  const chain::Block real = next_block();
  // The same empty block a second later: valid, and another block.
  chain::Block other = real;
  other.header.timestamp += 1;
  const Hash256 other_hash = chain::header_hash(other.header).value();
  auto with_record = [](const chain::Block& block, Bytes record) {
    return encode_certified_subnet_blob(std::vector<PostedBlock>{{block, std::move(record)}})
        .value();
  };
  post_blob(encode_subnet_blob(std::vector<chain::Block>{other}).value());
  post_blob(with_record(other, {}));
  post_blob(with_record(other, records_.at(3)));  // the validators' certificate, for their block
  auto relabelled = consensus::bft::FinalRecords::decode(records_.at(3)).value();
  relabelled.certificate->vote.digest = other_hash;  // names it, but they did not sign that
  post_blob(with_record(other, consensus::bft::FinalRecords::encode(relabelled)));
  post_blob(with_record(other, final_record(other, signers_, consensus::bft::VoteKind::kNotarize)));
  post_blob(with_record(other, final_record(other, signers_, consensus::bft::VoteKind::kSkip)));
  post({real, next_block()});

  const std::vector<std::string> skipped = replay("evm");
  ASSERT_EQ(skipped.size(), 6u) << joined(skipped);
  EXPECT_EQ(skipped[0], "refused: block 3 has no finality certificate");
  EXPECT_EQ(skipped[1], "refused: block 3 has no finality certificate");
  EXPECT_EQ(skipped[2], "refused: block 3 is not final: its certificate is for block 3 " +
                            to_hex(chain::header_hash(real.header).value()) + ", not block 3 " +
                            to_hex(other_hash));
  EXPECT_EQ(skipped[3].rfind("refused: block 3 is not final: bft: certificate on epoch 0 round 0 "
                             "finalize block 3",
                             0),
            0u)
      << skipped[3];
  EXPECT_NE(skipped[3].find("the aggregate signature does not verify"), std::string::npos);
  EXPECT_EQ(skipped[4], "refused: block 3 is not final: its certificate is a notarize certificate");
  EXPECT_EQ(skipped[5],
            "refused: block 3 carries a malformed final record: bft: a skip vote names no block");
  expect_live_head();
  // Without the certificate rule the first valid block 3 was taken, and the chain ended there.
  (void)rebuild_at_genesis();
  ASSERT_TRUE(genesis_rebuild_head_);
  EXPECT_EQ(genesis_rebuild_head_->number, 3u);
  EXPECT_EQ(genesis_rebuild_head_->hash, other_hash);
}

// A block finalized through a descendant keeps no certificate of its own: a later block's in
// the same blob covers it, and at an epoch's end the blocks past it (the last block's tail).
TEST_F(DaReplayTest, ABlockFinalThroughADescendantIsTaken) {
  start_subnet("evm");
  std::vector<chain::Block> blocks = {genesis_block()};
  for (const chain::Block& block : next_blocks(4)) blocks.push_back(block);  // 4: epoch 0's last
  const Bytes no_certificate =
      consensus::bft::FinalRecords::encode({.round = 2, .certificate = std::nullopt});
  records_[1] = no_certificate;  // finalized by block 2's certificate
  records_[3] = no_certificate;  // no certified descendant in its blob: skipped
  // Block 4 final through a block past the epoch's end, never written: its record keeps it.
  chain::Block past_end = blocks[4];
  past_end.header.parent_hash = chain::header_hash(blocks[4].header).value();
  past_end.header.number = 5;
  auto tail = consensus::bft::FinalRecords::decode(final_record(past_end, signers_)).value();
  tail.tail = {{3, chain::encode_block(past_end).value()}};
  records_[4] = consensus::bft::FinalRecords::encode(tail);
  post({blocks[0], blocks[1], blocks[2]});
  post({blocks[3]});
  records_[3] = final_record(blocks[3], signers_);
  post({blocks[3], blocks[4]});
  // A tail that does not descend from the block is no proof.
  chain::Block stray = past_end;
  stray.header.parent_hash = Hash256{};
  auto bad_tail = tail;
  bad_tail.tail = {{3, chain::encode_block(stray).value()}};
  post_blob(
      encode_certified_subnet_blob(
          std::vector<PostedBlock>{{blocks[4], consensus::bft::FinalRecords::encode(bad_tail)}})
          .value());

  const std::vector<std::string> skipped = replay("evm");
  ASSERT_EQ(skipped.size(), 2u) << joined(skipped);
  EXPECT_EQ(skipped[0], "refused: block 3 has no finality certificate");
  EXPECT_EQ(skipped[1], "duplicate: blocks 4..4 are already imported");
  expect_live_head();
  EXPECT_EQ(replay_->rebuild()->chain()->head().number, 4u);
  // The stray tail, offered to another rebuild at block 2, is refused by rule.
  chain_store_ = &scratch_store_;
  ASSERT_TRUE(open_replay("evm"));
  EXPECT_EQ(replay_platform(1, live_->height() - 2),
            std::vector<std::string>{"refused: block 3 has no finality certificate"});
  const DaRebuild::Outcome outcome =
      replay_
          ->offer(encode_certified_subnet_blob(
                      std::vector<PostedBlock>{
                          {blocks[3], records_.at(3)},
                          {blocks[4], consensus::bft::FinalRecords::encode(bad_tail)}})
                      .value())
          .value();
  EXPECT_EQ(outcome.imported, 1u);
  EXPECT_EQ(outcome.skipped, "refused: block 4 carries a tail that does not descend from block 4");
}

// A certificate signed by too little of the epoch's weight does not make a block final.
TEST_F(DaReplayTest, ACertificateUnderTheQuorumIsRefused) {
  const bls::SecretKey key = bls::SecretKey::key_gen(Bytes(32, 0x45)).value();
  const Address node = Address::right_aligned(Bytes{0x4e, 0x02});
  platform_block(platform::AddValidator{.node_id = node,
                                        .stake = platform::min_validator_stake(),
                                        .bls_key = to_bytes(key.public_key().to_bytes().view()),
                                        .bls_pop = to_bytes(bls::pop_prove(key).to_bytes().view())},
                 1);
  ASSERT_NO_FATAL_FAILURE(create_late_subnet(777'003));
  start_subnet("late");
  platform_block(platform::AddSubnetValidator{"late", node, 1}, 0);
  signers_.push_back(key);
  std::vector<chain::Block> blocks = {genesis_block()};
  for (const chain::Block& block : next_blocks(4)) blocks.push_back(block);  // 4 names P_1
  post(blocks);
  const chain::Block real = next_block();  // epoch 1: both validators, weight 1 each
  chain::Block other = real;
  other.header.timestamp += 1;
  post_blob(encode_certified_subnet_blob(
                std::vector<PostedBlock>{{other, final_record(other, {signers_[0]})}})
                .value());
  post({real});

  const std::vector<std::string> skipped = replay("late");
  ASSERT_EQ(skipped.size(), 1u) << joined(skipped);
  EXPECT_EQ(skipped[0].rfind("refused: block 5 is not final: bft: certificate on epoch 1 ", 0), 0u)
      << skipped[0];
  EXPECT_NE(skipped[0].find("its signers hold 1 of 2 weight, not a quorum"), std::string::npos)
      << skipped[0];
  expect_live_head();
}

// A rebuild stopped part way and opened again over its stores (a new process) goes on from
// the platform height and subnet head it reached, and ends where one from scratch does, across
// an epoch whose governance change it applies after resuming.
TEST_F(DaReplayTest, AResumedRebuildEndsWhereOneFromScratchDoes) {
  start_subnet("evm");
  ASSERT_NO_FATAL_FAILURE(post_genesis_and_pass_gas_limit());
  post(next_blocks(6));  // 3..8
  const std::uint64_t stop_at = live_->height();
  post(next_blocks(4));  // 9..12: the change takes effect at 10
  ASSERT_EQ(live_chain_->blocks().header_of(10).value()->gas_limit, kNewGasLimit);

  kv::MemoryStore platform_store;
  ASSERT_TRUE(open_replay("evm", &platform_store));
  EXPECT_EQ(replay_platform(1, stop_at), std::vector<std::string>{});
  ASSERT_EQ(replay_->rebuild()->chain()->head().number, 8u);
  ASSERT_TRUE(open_replay("evm", &platform_store, genesis_block().header.timestamp));
  EXPECT_EQ(replay_->platform().height(), stop_at);
  EXPECT_EQ(replay_->rebuild()->chain()->head().number, 8u);
  EXPECT_EQ(replay_platform(stop_at + 1, live_->height()), std::vector<std::string>{});
  expect_live_head();
  // Stopped before the chain's genesis time was noted, a rebuild offers the blobs again from
  // platform block 1 (the state already has them applied) and takes up the chain in its store.
  ASSERT_TRUE(open_replay("evm", &platform_store));
  for (std::uint64_t h = 1; h <= live_->height(); ++h)
    for (const Bytes& blob : blobs_at(h, ns_)) ASSERT_TRUE(replay_->offer(blob));
  expect_live_head();

  chain_store_ = &scratch_store_;
  EXPECT_EQ(replay("evm"), std::vector<std::string>{});
  expect_live_head();
}

// A validator's poster in a network: its submissions wait in the platform pool, so a second one
// before the next platform block is signed with the pending nonce and accepted. What it posts
// under bft is each block with its final record, ending on a certified block, and a rebuild
// takes it.
TEST_F(DaReplayTest, APosterSignsWithThePendingNonceAndPostsCertifiedBlocks) {
  start_subnet("evm");
  const std::vector<chain::Block> blocks = next_blocks(3);
  records_[2] = consensus::bft::FinalRecords::encode(
      {.round = 1, .certificate = std::nullopt});  // final through block 3
  DaPoster poster(DaPoster::Config{
      .subnet = "evm",
      .ns = ns_,
      .chain = live_chain_.get(),
      .registry = live_.get(),
      .payer = keys_[0],
      .self = keys_[0].address(),
      .submit = [this](const platform::SignedOperation& op) { return live_->submit(op); },
      .final_record = [this](std::uint64_t n) -> Result<std::optional<Bytes>> {
        const auto found = records_.find(n);
        if (found == records_.end()) return std::optional<Bytes>{};
        return std::optional<Bytes>(found->second);
      },
      .late_after = 1h,
      .resubmit_after = 20ms,
      .poll = 5ms});
  poster.start();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (poster.stats().blobs_posted < 2 && poster.stats().failures == 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  poster.stop();
  EXPECT_EQ(poster.stats().failures, 0u);
  ASSERT_GE(poster.stats().blobs_posted, 2u);
  const std::vector<platform::SignedOperation> pooled = live_->pooled(2);
  ASSERT_EQ(pooled.size(), 2u);
  EXPECT_EQ(pooled[1].nonce, pooled[0].nonce + 1);
  const auto& submit = std::get<platform::SubmitBlobs>(pooled[0].operation);
  const std::vector<PostedBlock> posted = read_subnet_blob(submit.blobs.at(0).data).value();
  ASSERT_EQ(posted.size(), 4u);
  EXPECT_EQ(std::string(submit.blobs[0].data.begin(), submit.blobs[0].data.begin() + 4), "PXS2");
  EXPECT_EQ(posted[3].block, blocks[2]);
  EXPECT_EQ(posted[2].finality, records_.at(2));
  std::printf("a final record with its certificate: %zu bytes beside a block\n",
              posted[3].finality.size());
  platform_time_ += 1;
  ASSERT_TRUE(live_->apply_final(live_->build(live_->head_state(), {}, platform_time_).block));
  const std::vector<std::string> skipped = replay("evm");
  EXPECT_EQ(skipped, std::vector<std::string>{"duplicate: blocks 0..3 are already imported"});
  expect_live_head();
}

}  // namespace
}  // namespace plexus::node
