#pragma once
// A quorum certificate: validators of a set sign the same message with BLS, and the certificate
// carries their aggregate signature and a bitset naming them. The set is ordered by BLS public
// key (the bytes of the compressed key, ascending), so every node that reads the same validator
// set at the same platform height agrees on what bit i means. The BFT engine's finality
// certificates and cross-subnet messages share this encoding:
//   rlp([signers: bytes, signature: 96 bytes])
// where bit i of the signer bitset is bit (i mod 8) of byte (i / 8); no byte past the last
// validator's, and no bit past it set, so each set of signers has exactly one encoding and no
// signer can be named twice.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/bls/bls.hpp"
#include "core/error.hpp"
#include "platform/history.hpp"

namespace plexus::consensus {

struct CertificateSigner {
  bls::PublicKey key;
  std::uint64_t weight = 0;
};

// The validators of `set` that have a BLS key, in certificate order; kValidation if a key does not
// decode to a valid point.
[[nodiscard]] Result<std::vector<CertificateSigner>> certificate_order(
    const platform::ValidatorSet& set);

struct Certificate {
  Bytes signers;
  bls::Signature signature;
};

[[nodiscard]] Bytes encode_certificate(const Certificate& certificate);
[[nodiscard]] Result<Certificate> decode_certificate(BytesView encoded);

// Signed weight * denominator must exceed total weight * numerator: more than 2/3 by default,
// and a subnet may ask for more, never less. `at_least` accepts equality too (cross-subnet
// messages: at least 67% of the stake), which is allowed only for a ratio above 2/3.
struct Quorum {
  std::uint64_t numerator = 2;
  std::uint64_t denominator = 3;
  bool at_least = false;
};

// Checks that the signers exist in `set`, hold more than the quorum of its weight, and that the
// aggregate signature verifies over `message` with their keys; kValidation names what fails.
[[nodiscard]] Result<void> verify_certificate(const Certificate& certificate, BytesView message,
                                              std::span<const CertificateSigner> set,
                                              Quorum quorum = {});

// The certificate of the signatures given by index into `set` (in certificate order).
[[nodiscard]] Result<Certificate> make_certificate(
    std::span<const std::pair<std::size_t, bls::Signature>> signatures, std::size_t set_size);

}  // namespace plexus::consensus
