// `plexus-bench txcrypto`: time per operation of signature recovery, transaction decoding and
// validation, and the precompiles that do real work. Each case repeats until 0.3 s have passed.
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/secp256k1.hpp"
#include "core/transaction.hpp"
#include "evm/precompiles/precompiles.hpp"

namespace plexus::bench {
namespace {

double ns_per_op(const std::function<void()>& op) {
  using Clock = std::chrono::steady_clock;
  const auto budget = std::chrono::milliseconds(300);
  std::uint64_t iterations = 0;
  const auto start = Clock::now();
  auto now = start;
  while (now - start < budget) {
    for (int i = 0; i < 16; ++i) op();
    iterations += 16;
    now = Clock::now();
  }
  return std::chrono::duration<double, std::nano>(now - start).count() /
         static_cast<double>(iterations);
}

Address precompile(Byte n) {
  Address a;
  a[19] = n;
  return a;
}

int run(const std::vector<std::string>&) {
  const auto key = secp256k1::PrivateKey::from_seed(as_bytes("bench"));
  const Hash256 hash = keccak256(as_bytes("bench message"));
  const auto sig = secp256k1::sign(hash, key);

  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = 1;
  t.max_fee_per_gas = 100;
  t.max_priority_fee_per_gas = 1;
  t.gas_limit = 100000;
  t.to = key.address();
  t.data = Bytes(100, 0x42);
  tx::sign(t, key);
  const Bytes raw = tx::encode(t);

  Bytes blake(213, 0);
  blake[3] = 12;  // 12 rounds, as BLAKE2b itself
  // 32-byte base, exponent and modulus (the EIP-198 Fermat example).
  const Bytes modexp = hex_or_throw(
      "0x000000000000000000000000000000000000000000000000000000000000002000000000000000000000"
      "00000000000000000000000000000000000000000020000000000000000000000000000000000000000000"
      "000000000000000000000020" +
      std::string(64, '3') + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e" +
      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
  const Bytes kilobyte(1024, 0x5a);

  struct Case {
    const char* name;
    std::function<void()> op;
  };
  std::vector<Case> cases{
      {"secp256k1 sign", [&] { (void)secp256k1::sign(hash, key); }},
      {"secp256k1 recover",
       [&] { (void)secp256k1::recover_address(hash, sig, secp256k1::SRule::kLowS); }},
      {"tx decode (type 2, 100 B data)", [&] { (void)tx::decode(raw); }},
      {"tx decode + validate (recovers sender)",
       [&] { (void)tx::validate(*tx::decode(raw), tx::Fork::kCancun, 1); }},
      {"precompile sha256 1 KiB",
       [&] { (void)evm::precompiles::execute(precompile(2), kilobyte, 1 << 20); }},
      {"precompile modexp 32-byte operands",
       [&] { (void)evm::precompiles::execute(precompile(5), modexp, 1 << 20); }},
      {"precompile blake2f 12 rounds",
       [&] { (void)evm::precompiles::execute(precompile(9), blake, 1 << 20); }},
  };
  for (const Case& c : cases) std::printf("%-40s %10.0f ns/op\n", c.name, ns_per_op(c.op));
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(txcrypto, "signatures, transaction validation, precompiles", run);

}  // namespace plexus::bench
