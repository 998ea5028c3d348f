#pragma once
// A chain on a memory store with one funded account (alice) and transaction signing, shared by
// the chain tests.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chain/subnet_chain.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "storage/memory_store.hpp"

namespace plexus::chain::test_support {

inline constexpr std::uint64_t kChainId = 31337;
inline const uint256 kEther = uint256(1'000'000'000'000'000'000ULL);

// Runtime: stores calldata word 0 in slot 0, logs it (LOG0) and returns it.
inline const char* const kStoreRuntime = "6000358060005560005260206000a060206000f3";
// Runtime that always reverts with the 4 bytes 0xdeadbeef.
inline const char* const kRevertRuntime = "63deadbeef6000526004601cfd";

inline Bytes hex(std::string_view text) { return from_hex(text).value(); }

inline Bytes initcode_for(std::string_view runtime_hex) {
  // PUSH1 len PUSH1 12 PUSH1 0 CODECOPY PUSH1 len PUSH1 0 RETURN, then the runtime.
  const std::string len = to_hex(Bytes{static_cast<Byte>(runtime_hex.size() / 2)}, false);
  return hex("60" + len + "600c600039" + "60" + len + "6000f3" + std::string(runtime_hex));
}

class SubnetChainTest : public ::testing::Test {
 protected:
  SubnetChainTest()
      : alice_(secp256k1::PrivateKey::from_seed(hex("a1"))),
        bob_(secp256k1::PrivateKey::from_seed(hex("b0"))) {}

  ChainConfig config() const {
    ChainConfig c;
    c.chain_id = kChainId;
    c.alloc = {{alice_.address(), kEther * uint256(100)}};
    c.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
    return c;
  }

  std::unique_ptr<SubnetChain> open() { return SubnetChain::open(store_, config()).value(); }

  Bytes signed_tx(std::optional<Address> to, const uint256& value, Bytes data,
                  std::uint64_t nonce, std::uint64_t gas = 100'000,
                  std::uint64_t chain_id = kChainId) const {
    return signed_tx_from(alice_, to, value, std::move(data), nonce, gas, chain_id);
  }
  // The same, signed by `key`.
  static Bytes signed_tx_from(const secp256k1::PrivateKey& key, std::optional<Address> to,
                              const uint256& value, Bytes data, std::uint64_t nonce,
                              std::uint64_t gas = 100'000, std::uint64_t chain_id = kChainId) {
    tx::Transaction t;
    t.type = tx::Type::kDynamicFee;
    t.chain_id = chain_id;
    t.nonce = nonce;
    t.max_fee_per_gas = uint256(10'000'000'000ULL);
    t.max_priority_fee_per_gas = uint256(1'000'000'000ULL);
    t.gas_limit = gas;
    t.to = to;
    t.value = value;
    t.data = std::move(data);
    tx::sign(t, key);
    return tx::encode(t);
  }

  kv::MemoryStore store_;
  secp256k1::PrivateKey alice_;
  secp256k1::PrivateKey bob_;
};

}  // namespace plexus::chain::test_support
