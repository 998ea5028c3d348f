#include "bft_sim.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::bft::sim {
namespace {

using namespace std::chrono_literals;

Hash256 secret_of(std::size_t signer) {
  Bytes seed = {'s', 'i', 'm', ' ', 'k', 'e', 'y'};
  rlp::append_uint(seed, signer);
  return keccak256(seed);
}

constexpr std::size_t kSimSignatureBytes = 32;

}  // namespace

// ---- signatures ----

Bytes HashCrypto::signature_of(std::size_t signer, BytesView message) {
  Bytes input = to_bytes(secret_of(signer).view());
  input.insert(input.end(), message.begin(), message.end());
  return to_bytes(keccak256(input).view());
}

Bytes HashCrypto::sign(BytesView message) const { return signature_of(self_, message); }

bool HashCrypto::verify(std::size_t signer, BytesView message, BytesView signature) const {
  const Bytes expected = signature_of(signer, message);
  return signature.size() == expected.size() &&
         std::equal(expected.begin(), expected.end(), signature.begin());
}

Result<Bytes> HashCrypto::aggregate(std::span<const BytesView> signatures) const {
  // Side by side would outgrow a BLS aggregate's 96 bytes past 3 signers: fold them instead.
  Bytes out(kSimSignatureBytes, 0);
  for (const BytesView s : signatures) {
    if (s.size() != kSimSignatureBytes) return fail(Errc::kValidation, "sim: bad signature");
    for (std::size_t i = 0; i < kSimSignatureBytes; ++i) out[i] ^= s[i];
  }
  return out;
}

bool HashCrypto::verify_aggregate(std::span<const std::size_t> signers, BytesView message,
                                  BytesView aggregate) const {
  if (signers.empty() || aggregate.size() != kSimSignatureBytes) return false;
  Bytes expected(kSimSignatureBytes, 0);
  for (const std::size_t signer : signers) {
    const Bytes s = signature_of(signer, message);
    for (std::size_t i = 0; i < kSimSignatureBytes; ++i) expected[i] ^= s[i];
  }
  return std::equal(expected.begin(), expected.end(), aggregate.begin());
}

}  // namespace plexus::consensus::bft::sim
