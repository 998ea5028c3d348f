// `plexus-bench messaging [iterations]`: a destination's check of a cross-subnet message signed
// by 100 validators (docs/MESSAGING.md; the target is 3 ms): decoding, the quorum, the 100-key
// aggregate and the pairing check, with the set's keys decoded once per platform height (as a
// node caches them), and the same when the 100 keys must be decompressed first.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_cli.hpp"
#include "bench_registry.hpp"
#include "core/hex.hpp"
#include "messaging/verify.hpp"
#include "per_call_timer.hpp"

namespace plexus::bench {
namespace {

constexpr std::size_t kValidators = 100;

int run(const std::vector<std::string>& args) {
  int iterations = 0;
  CLI::App app{"Checking a cross-subnet message signed by 100 validators"};
  app.name("plexus-bench messaging");
  app.add_option("iterations", iterations, "checks per measure (0: as many as fit in the time)")
      ->capture_default_str();
  if (const auto exit = parse_options(app, args)) return *exit;
  std::vector<bls::SecretKey> keys;
  std::vector<std::string> hex_keys;  // certificate order is by compressed key
  for (std::size_t i = 0; i < kValidators; ++i) {
    Bytes ikm(32, static_cast<Byte>(i));
    ikm[0] = 0x3c;
    keys.push_back(bls::SecretKey::key_gen(ikm).value());
  }
  std::sort(keys.begin(), keys.end(), [](const bls::SecretKey& a, const bls::SecretKey& b) {
    return to_hex(a.public_key().to_bytes().view()) < to_hex(b.public_key().to_bytes().view());
  });
  std::vector<consensus::CertificateSigner> set;
  std::vector<Bytes> compressed;
  for (const bls::SecretKey& key : keys) {
    set.push_back({key.public_key(), 1});
    compressed.push_back(to_bytes(key.public_key().to_bytes().view()));
  }
  messaging::SubnetKey source;
  source[0] = 1;
  messaging::SubnetKey destination;
  destination[0] = 2;
  messaging::AddressedCall call{.nonce = 1, .destination = destination, .body = Bytes(256, 7)};
  const messaging::UnsignedMessage m{
      .network_id = 1, .source = source, .payload = messaging::encode_addressed_call(call)};
  const Bytes signing = messaging::signing_bytes(messaging::message_id(m));
  std::vector<std::pair<std::size_t, bls::Signature>> shares;
  for (std::size_t i = 0; i < kValidators; ++i) shares.emplace_back(i, bls::sign(keys[i], signing));
  const Bytes bytes =
      messaging::encode_signed({m, 5, messaging::certify_message(shares, kValidators).value()});

  messaging::Destination cached;
  cached.network_id = 1;
  cached.subnet = destination;
  cached.validators = [&set](const messaging::SubnetKey&, std::uint64_t)
      -> Result<std::optional<std::vector<consensus::CertificateSigner>>> { return set; };
  cached.delivered = [](const messaging::SubnetKey&, std::uint64_t) { return false; };
  cached.platform_height = 5;  // the delivering block's: the certificate's own
  messaging::Destination cold = cached;
  cold.validators = [&compressed](const messaging::SubnetKey&, std::uint64_t)
      -> Result<std::optional<std::vector<consensus::CertificateSigner>>> {
    std::vector<consensus::CertificateSigner> out;
    for (const Bytes& key : compressed) out.push_back({bls::PublicKey::from_bytes(key).value(), 1});
    return out;
  };
  if (!messaging::accept_message(bytes, cached) || !messaging::accept_message(bytes, cold)) {
    std::fprintf(stderr, "messaging: the benchmark message does not verify\n");
    return 1;
  }
  time_per_call("accept_message_100_signers", iterations,
                [&] { (void)messaging::accept_message(bytes, cached); });
  time_per_call("accept_message_100_signers_keys_decoded", iterations,
                [&] { (void)messaging::accept_message(bytes, cold); });
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(messaging, "cross-subnet message check, 100 signers (target 3 ms)", run);

}  // namespace plexus::bench
