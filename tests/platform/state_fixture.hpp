#pragma once
// Shared by the platform tests: a PlatformState on a memory store, dev keys by seed byte, and
// blocks built from operations signed with those keys.
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <utility>

#include "core/bls/bls.hpp"
#include "platform/state.hpp"
#include "storage/memory_store.hpp"

namespace plexus::platform::testing {

inline constexpr std::uint64_t kNetwork = 1337;
inline constexpr std::uint64_t kGenesisTime = 1000;
// Test validators stake until this time by default (blocks are one second apart).
inline constexpr std::uint64_t kEnd = kGenesisTime + 100'000;

// The default parameters, but with periods short enough for tests.
inline PlatformConfig test_config() {
  PlatformConfig config;
  config.min_staking_period = 10;
  config.max_staking_period = 1'000'000;
  config.min_voting_period = 1;
  return config;
}
inline const uint256& fee() {
  static const uint256 value = PlatformParams{}.operation_fee;
  return value;
}
// fee() times n.
inline uint256 fees(std::uint64_t n) { return fee() * uint256(n); }

inline secp256k1::PrivateKey key(Byte seed) {
  return secp256k1::PrivateKey::from_seed(Bytes{seed});
}
inline Address addr(Byte seed) { return key(seed).address(); }

// A BLS key per seed, and its proof of possession (cached: proving costs a hash to the curve).
inline const bls::SecretKey& bls_secret(Byte seed) {
  static std::map<Byte, bls::SecretKey> keys;
  auto it = keys.find(seed);
  if (it == keys.end()) it = keys.emplace(seed, bls::SecretKey::key_gen(Bytes(32, seed)).value()).first;
  return it->second;
}
inline Bytes bls_key(Byte seed) {
  const auto bytes = bls_secret(seed).public_key().to_bytes();
  return Bytes(bytes.bytes.begin(), bytes.bytes.end());
}
inline Bytes bls_pop(Byte seed) {
  static std::map<Byte, Bytes> pops;
  auto it = pops.find(seed);
  if (it == pops.end()) {
    const auto bytes = bls::pop_prove(bls_secret(seed)).to_bytes();
    it = pops.emplace(seed, Bytes(bytes.bytes.begin(), bytes.bytes.end())).first;
  }
  return it->second;
}

// Signed by the keys of `signers`; the first is the issuer.
inline SignedOperation sign(Operation op, std::initializer_list<Byte> signers,
                            std::uint64_t nonce) {
  std::vector<secp256k1::PrivateKey> keys;
  for (const Byte b : signers) keys.push_back(key(b));
  return sign_operation(std::move(op), kNetwork, nonce, keys);
}

inline CreateSubnet subnet_spec(std::string name, std::uint64_t chain_id,
                                std::uint32_t threshold = 1) {
  return CreateSubnet{.name = std::move(name),
                      .vms = {VmKind::kWasm, VmKind::kEvm},
                      .chain_id = chain_id,
                      .consensus = ConsensusKind::kBft,
                      .consensus_params = encode_engine_timing({100, 1000}),
                      .owners = {addr(1), addr(2)},
                      .threshold = threshold,
                      .governance = {.max_validators = 2, .min_weight = 10, .max_weight = 1000}};
}

// Validator node addr(seed) with BLS key `seed`, staking 2,000 PLX; sign it with any issuer.
inline AddValidator validator_op(Byte seed, std::uint64_t start = 0, std::uint64_t end = kEnd) {
  return AddValidator{.node_id = addr(seed),
                      .stake = plx(2000),
                      .start_time = start,
                      .end_time = end,
                      .bls_key = bls_key(seed),
                      .bls_pop = bls_pop(seed)};
}

// Accounts 1..4 hold 10,000 PLX, account 5 holds 100.
inline PlatformGenesis test_genesis() {
  PlatformGenesis g{.network_id = kNetwork, .timestamp = kGenesisTime};
  for (Byte b = 1; b <= 4; ++b) g.balances.emplace_back(addr(b), plx(10'000));
  g.balances.emplace_back(addr(5), plx(100));
  return g;
}

// Every key and value in a store: "nothing changed" is this staying equal.
inline std::vector<std::pair<Bytes, Bytes>> dump(const kv::ReadView& store) {
  std::vector<std::pair<Bytes, Bytes>> out;
  for (auto c = store.scan({}); c->valid(); c->next())
    out.emplace_back(to_bytes(c->key()), to_bytes(c->value()));
  return out;
}

inline std::string outcome(const Result<Hash256>& r) { return r ? "ok" : r.error().message; }

class StateTest : public ::testing::Test {
 protected:
  void open(PlatformConfig config = test_config()) {
    state_ = PlatformState::open(store_, genesis_, std::move(config)).value();
  }
  // A new network with `config` on the emptied store (a store keeps the parameters it was
  // created with).
  void open_new(PlatformConfig config) {
    state_.reset();
    kv::WriteBatch wipe;
    for (const auto& [key, value] : dump(store_)) wipe.erase(key);
    ASSERT_TRUE(store_.write(wipe, kv::Durability::kSync));
    open(std::move(config));
  }
  // The next block on the head, `seconds` later, with `ops`.
  [[nodiscard]] PlatformBlock next_block(std::vector<SignedOperation> ops,
                                         std::uint64_t seconds = 1) const {
    return PlatformBlock{state_->height() + 1, state_->head_hash(),
                         state_->head_timestamp() + seconds, std::move(ops), {}};
  }
  Result<Hash256> apply(std::vector<SignedOperation> ops) {
    return state_->apply_block(next_block(std::move(ops)));
  }
  // An empty block at time `timestamp`, with the uptime bitset `signers`.
  Result<Hash256> apply_at(std::uint64_t timestamp, Bytes signers = {}) {
    return state_->apply_block(PlatformBlock{state_->height() + 1, state_->head_hash(), timestamp,
                                             {}, UptimeRecord{std::move(signers)}});
  }
  // Signed with the issuer's current nonce.
  [[nodiscard]] SignedOperation op(Operation operation, std::initializer_list<Byte> signers) const {
    return sign(std::move(operation), signers, state_->account(addr(*signers.begin())).nonce);
  }

  // `signed_op` alone in the next block is refused with `message` (after the block and operation
  // prefix), and nothing changes: root, head, data or store.
  void expect_refused(const SignedOperation& signed_op, const std::string& message,
                      Errc code = Errc::kValidation) {
    const auto before = dump(store_);
    const Hash256 root = state_->root();
    const std::uint64_t height = state_->height();
    const PlatformData data = state_->data();
    const auto refused = apply({signed_op});
    ASSERT_FALSE(refused) << message;
    EXPECT_EQ(refused.error().message,
              "block " + std::to_string(height + 1) + ", op 0: " + message);
    EXPECT_EQ(refused.error().code, code);
    EXPECT_EQ(state_->root(), root);
    EXPECT_EQ(state_->height(), height);
    EXPECT_TRUE(state_->data() == data);
    EXPECT_EQ(dump(store_), before);
  }

  PlatformGenesis genesis_ = test_genesis();
  kv::MemoryStore store_;
  std::unique_ptr<PlatformState> state_;
};

}  // namespace plexus::platform::testing
