// The handshake: decoding must accept only canonical encodings (they re-encode byte for byte),
// and verifying whatever decodes must refuse it cleanly, never crash: the input is signed by
// nobody we know.
#include "fuzz_check.hpp"
#include "net/handshake.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  static const net::Identity ours = *net::Identity::generate();
  static const net::CertificateKey key = *net::certificate_key(ours.certificate());

  const BytesView input = fuzz::input_view(data, size);
  auto handshake = net::decode_handshake(input);
  if (!handshake) {
    FUZZ_CHECK(!handshake.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(net::encode_handshake(*handshake) == to_bytes(input));
  const Bytes binding(net::kChannelBindingSize, 0);
  const net::HandshakeRules rules{.network_id = 1, .protocol_version = net::kProtocolVersion,
                                  .max_clock_skew_seconds = 60};
  auto verdict = net::verify_handshake(*handshake, key, rules, handshake->timestamp, binding);
  // Only a signature by `ours` could pass, and the fuzzer cannot forge one.
  FUZZ_CHECK(!verdict && !verdict.error().reason.empty());
  return 0;
}
