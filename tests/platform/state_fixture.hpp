#pragma once
// Shared by the platform tests: a PlatformState on a memory store, dev keys by seed byte, and
// blocks built from operations signed with those keys.
#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <utility>

#include "platform/state.hpp"
#include "storage/memory_store.hpp"

namespace plexus::platform::testing {

inline constexpr std::uint64_t kNetwork = 1337;

inline secp256k1::PrivateKey key(Byte seed) {
  return secp256k1::PrivateKey::from_seed(Bytes{seed});
}
inline Address addr(Byte seed) { return key(seed).address(); }

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
                      .consensus_params = Bytes{1, 2, 3},
                      .owners = {addr(1), addr(2)},
                      .threshold = threshold,
                      .governance = {.max_validators = 2, .min_weight = 10, .max_weight = 1000}};
}

inline AddValidator validator_op(Byte seed, std::uint64_t start = 1, std::uint64_t end = kNoEnd) {
  return AddValidator{
      .node_id = addr(seed), .stake = plx(2000), .start_height = start, .end_height = end};
}

// Accounts 1..4 hold 10,000 PLX, account 5 holds 100.
inline PlatformGenesis test_genesis() {
  PlatformGenesis g{.network_id = kNetwork, .timestamp = 1000};
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
  void open(PlatformConfig config = {}) {
    state_ = PlatformState::open(store_, genesis_, std::move(config)).value();
  }
  // The next block on the head, one second later, with `ops`.
  [[nodiscard]] PlatformBlock next_block(std::vector<SignedOperation> ops) const {
    return PlatformBlock{state_->height() + 1, state_->head_hash(), state_->head_timestamp() + 1,
                         std::move(ops)};
  }
  Result<Hash256> apply(std::vector<SignedOperation> ops) {
    return state_->apply_block(next_block(std::move(ops)));
  }
  // Signed with the issuer's current nonce.
  [[nodiscard]] SignedOperation op(Operation operation, std::initializer_list<Byte> signers) const {
    return sign(std::move(operation), signers, state_->account(addr(*signers.begin())).nonce);
  }

  PlatformGenesis genesis_ = test_genesis();
  kv::MemoryStore store_;
  std::unique_ptr<PlatformState> state_;
};

}  // namespace plexus::platform::testing
