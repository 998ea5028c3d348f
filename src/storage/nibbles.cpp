#include "storage/nibbles.hpp"

#include <algorithm>

namespace plexus::trie {

Nibbles to_nibbles(BytesView key) {
  Nibbles out;
  out.reserve(key.size() * 2);
  for (Byte b : key) {
    out.push_back(b >> 4);
    out.push_back(b & 0x0f);
  }
  return out;
}

Result<Bytes> from_nibbles(NibblesView path) {
  if (path.size() % 2 != 0) return fail(Errc::kInvalidArgument, "trie: odd-length nibble path");
  Bytes out(path.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<Byte>((path[2 * i] << 4) | path[2 * i + 1]);
  return out;
}

Bytes compact_encode(NibblesView path, bool is_leaf) {
  const bool odd = path.size() % 2 != 0;
  const Byte flag = static_cast<Byte>((is_leaf ? 2 : 0) + (odd ? 1 : 0));
  Bytes out;
  out.reserve(path.size() / 2 + 1);
  std::size_t i = 0;
  if (odd) {
    out.push_back(static_cast<Byte>((flag << 4) | path[0]));
    i = 1;
  } else {
    out.push_back(static_cast<Byte>(flag << 4));
  }
  for (; i < path.size(); i += 2) out.push_back(static_cast<Byte>((path[i] << 4) | path[i + 1]));
  return out;
}

Result<CompactPath> compact_decode(BytesView encoded) {
  if (encoded.empty()) return fail(Errc::kDecode, "trie: empty hex-prefix path");
  const Byte flag = encoded[0] >> 4;
  if (flag > 3) return fail(Errc::kDecode, "trie: bad hex-prefix flag");
  CompactPath out;
  out.is_leaf = (flag & 2) != 0;
  if (flag & 1) {
    out.path.push_back(encoded[0] & 0x0f);
  } else if ((encoded[0] & 0x0f) != 0) {
    return fail(Errc::kDecode, "trie: non-zero hex-prefix padding");
  }
  for (std::size_t i = 1; i < encoded.size(); ++i) {
    out.path.push_back(encoded[i] >> 4);
    out.path.push_back(encoded[i] & 0x0f);
  }
  return out;
}

std::size_t common_prefix(NibblesView a, NibblesView b) noexcept {
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return static_cast<std::size_t>(ia - a.begin());
}

}  // namespace plexus::trie
