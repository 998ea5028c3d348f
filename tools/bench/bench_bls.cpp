// `plexus-bench bls [iterations]`: time per call of the BLS signature operations (core/bls):
// hash-to-G2, sign, verify, 100-signer fast-aggregate-verify, and the surrounding operations.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "bench_registry.hpp"
#include "core/bls/bls.hpp"
#include "core/curves/hash_to_curve.hpp"
#include "per_call_timer.hpp"

namespace plexus::bench {
namespace {

constexpr std::size_t kSigners = 100;

int run(const std::vector<std::string>& args) {
  const int iterations = args.empty() ? 0 : std::stoi(args[0]);
  const Bytes message(32, 0xab);  // a 32-byte root, as consensus messages are
  const std::string_view dst = bls::kSignatureDst;
  const Bytes dst_bytes(dst.begin(), dst.end());

  std::vector<bls::SecretKey> sks;
  std::vector<bls::PublicKey> pks;
  std::vector<bls::Signature> sigs;
  for (std::size_t i = 0; i < kSigners; ++i) {
    Bytes ikm(32, static_cast<Byte>(i));
    ikm[0] = 0x5a;
    sks.push_back(bls::SecretKey::key_gen(ikm).value());
    pks.push_back(sks.back().public_key());
    sigs.push_back(bls::sign(sks.back(), message));
  }
  const bls::Signature aggregate = bls::aggregate(sigs).value();
  if (!bls::verify(pks[0], message, sigs[0]) ||
      !bls::fast_aggregate_verify(pks, message, aggregate)) {
    std::fprintf(stderr, "bls: benchmark signatures do not verify\n");
    return 1;
  }
  const auto sig_bytes = sigs[0].to_bytes();
  const auto pk_bytes = pks[0].to_bytes();

  time_per_call("hash_to_g2", iterations,
                [&] { (void)curves::bls12_381::hash_to_g2(message, dst_bytes); });
  time_per_call("sign", iterations, [&] { (void)bls::sign(sks[0], message); });
  time_per_call("verify", iterations, [&] { (void)bls::verify(pks[0], message, sigs[0]); });
  time_per_call("fast_aggregate_verify_100", iterations,
                [&] { (void)bls::fast_aggregate_verify(pks, message, aggregate); });
  time_per_call("aggregate_100_signatures", iterations, [&] { (void)bls::aggregate(sigs); });
  time_per_call("decode_signature", iterations,
                [&] { (void)bls::Signature::from_bytes(sig_bytes.view()); });
  time_per_call("decode_public_key", iterations,
                [&] { (void)bls::PublicKey::from_bytes(pk_bytes.view()); });
  time_per_call("public_key_from_secret", iterations, [&] { (void)sks[0].public_key(); });
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(bls, "BLS12-381 signatures: hash-to-G2, sign, verify, 100-signer aggregate", run);

}  // namespace plexus::bench
