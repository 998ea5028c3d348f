#include "core/hash.hpp"

#include <cryptopp/keccak.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>

namespace plexus {
namespace {

template <typename Algorithm, std::size_t N>
FixedBytes<N> digest(BytesView data) noexcept {
  static_assert(Algorithm::DIGESTSIZE == N);
  FixedBytes<N> out;
  Algorithm hasher;
  hasher.CalculateDigest(out.data(), data.data(), data.size());
  return out;
}

}  // namespace

Hash256 keccak256(BytesView data) noexcept { return digest<CryptoPP::Keccak_256, 32>(data); }
Hash256 sha256(BytesView data) noexcept { return digest<CryptoPP::SHA256, 32>(data); }
FixedBytes<20> ripemd160(BytesView data) noexcept {
  return digest<CryptoPP::RIPEMD160, 20>(data);
}

}  // namespace plexus
