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

std::string checksum_address(const Address& address) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string lower;
  for (const Byte b : address.bytes) {
    lower.push_back(kDigits[b >> 4]);
    lower.push_back(kDigits[b & 15]);
  }
  const Hash256 hash =
      keccak256(BytesView(reinterpret_cast<const Byte*>(lower.data()), lower.size()));
  std::string out = "0x";
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 15;
    const char c = lower[i];
    out.push_back(nibble >= 8 && c >= 'a' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}
Hash256 sha256(BytesView data) noexcept { return digest<CryptoPP::SHA256, 32>(data); }
FixedBytes<20> ripemd160(BytesView data) noexcept {
  return digest<CryptoPP::RIPEMD160, 20>(data);
}

}  // namespace plexus
