// 0x01 ecrecover, 0x02 sha256, 0x03 ripemd160 and 0x04 identity.
#include <algorithm>

#include "core/hash.hpp"
#include "core/secp256k1.hpp"
#include "evm/precompiles/builtin.hpp"

namespace plexus::evm::precompiles::builtin {

Result<Bytes> ecrecover(BytesView input) {
  // Input is hash || v || r || s, 32 bytes each, zero-padded when short. Any invalid signature
  // is a successful call with empty output, never a failure.
  std::array<Byte, 128> in{};
  std::copy_n(input.begin(), std::min(input.size(), in.size()), in.begin());
  const BytesView padded(in);
  const auto word = [&](std::size_t i) {
    return FixedBytes<32>::right_aligned(padded.subspan(32 * i, 32));
  };
  const FixedBytes<32> v = word(1);
  const bool v_high_zero =
      std::all_of(v.bytes.begin(), v.bytes.end() - 1, [](Byte b) { return b == 0; });
  if (!v_high_zero || (v[31] != 27 && v[31] != 28)) return Bytes{};
  const secp256k1::RecoverableSignature sig{word(2), word(3),
                                            static_cast<std::uint8_t>(v[31] - 27)};
  // Unlike transactions, the precompile accepts any s in [1, n-1].
  const auto addr = secp256k1::recover_address(word(0), sig, secp256k1::SRule::kAnyS);
  if (!addr) return Bytes{};
  Bytes out(32, 0);
  std::copy(addr->bytes.begin(), addr->bytes.end(), out.begin() + 12);
  return out;
}

Result<Bytes> sha256(BytesView input) { return to_bytes(plexus::sha256(input).view()); }

Result<Bytes> ripemd160(BytesView input) {
  // The 20-byte digest is returned left-padded to a 32-byte word.
  return to_bytes(FixedBytes<32>::right_aligned(plexus::ripemd160(input).view()).view());
}

Result<Bytes> identity(BytesView input) { return to_bytes(input); }

}  // namespace plexus::evm::precompiles::builtin
