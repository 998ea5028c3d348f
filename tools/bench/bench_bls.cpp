// `plexus-bench bls [iterations]`: time per call of the BLS signature operations (core/bls):
// hash-to-G2, sign, verify, 100-signer fast-aggregate-verify, and the surrounding operations.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "core/bls/bls.hpp"
#include "core/curves/hash_to_curve.hpp"
#include "per_call_timer.hpp"

namespace plexus::bench {
namespace {

constexpr std::size_t kSigners = 100;

// Messages signed and verified in turn: core/bls keeps each thread's last few message hashes
// (bft hashes every vote twice), so one message over and over would time the cache, and peers
// such as blst have none. More messages than it keeps, in a cycle, always miss it.
constexpr std::size_t kMessages = 8;

int run(const std::vector<std::string>& args) {
  int iterations = 0;
  CLI::App app{
      "BLS12-381 signatures (src/core/bls): hash-to-G2, sign, verify, 100-signer "
      "aggregate; time per call"};
  app.name("plexus-bench bls");
  app.add_option("iterations", iterations, "calls per measure (0: as many as fit in the time)")
      ->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  std::vector<Bytes> messages;  // 32-byte roots, as consensus messages are
  for (std::size_t m = 0; m < kMessages; ++m)
    messages.emplace_back(32, static_cast<Byte>(0xa0 + m));
  const std::string_view dst = bls::kSignatureDst;
  const Bytes dst_bytes(dst.begin(), dst.end());

  std::vector<bls::SecretKey> sks;
  std::vector<bls::PublicKey> pks;
  std::vector<std::vector<bls::Signature>> sigs(kMessages);  // [message][signer]
  for (std::size_t i = 0; i < kSigners; ++i) {
    Bytes ikm(32, static_cast<Byte>(i));
    ikm[0] = 0x5a;
    sks.push_back(bls::SecretKey::key_gen(ikm).value());
    pks.push_back(sks.back().public_key());
    for (std::size_t m = 0; m < kMessages; ++m)
      sigs[m].push_back(bls::sign(sks.back(), messages[m]));
  }
  std::vector<bls::Signature> aggregates;
  for (std::size_t m = 0; m < kMessages; ++m) {
    aggregates.push_back(bls::aggregate(sigs[m]).value());
    if (!bls::verify(pks[0], messages[m], sigs[m][0]) ||
        !bls::fast_aggregate_verify(pks, messages[m], aggregates[m])) {
      std::fprintf(stderr, "bls: benchmark signatures do not verify\n");
      return 1;
    }
  }
  const auto sig_bytes = sigs[0][0].to_bytes();
  const auto pk_bytes = pks[0].to_bytes();
  std::size_t turn = 0;
  const auto next = [&] { return turn++ % kMessages; };

  time_per_call("hash_to_g2", iterations,
                [&] { (void)curves::bls12_381::hash_to_g2(messages[next()], dst_bytes); });
  time_per_call("sign", iterations, [&] { (void)bls::sign(sks[0], messages[next()]); });
  time_per_call("verify", iterations, [&] {
    const std::size_t m = next();
    (void)bls::verify(pks[0], messages[m], sigs[m][0]);
  });
  time_per_call("fast_aggregate_verify_100", iterations, [&] {
    const std::size_t m = next();
    (void)bls::fast_aggregate_verify(pks, messages[m], aggregates[m]);
  });
  time_per_call("aggregate_100_signatures", iterations, [&] { (void)bls::aggregate(sigs[0]); });
  time_per_call("decode_signature", iterations,
                [&] { (void)bls::Signature::from_bytes(sig_bytes.view()); });
  time_per_call("decode_public_key", iterations,
                [&] { (void)bls::PublicKey::from_bytes(pk_bytes.view()); });
  time_per_call("public_key_from_secret", iterations, [&] { (void)sks[0].public_key(); });
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(bls, "BLS12-381 signatures: hash-to-G2, sign, verify, 100-signer aggregate",
                   run);

}  // namespace plexus::bench
