#pragma once
// The byte-level pieces the binary proof forms share (proof.cpp, blob_proof.cpp): a bounds-checked
// reader, big-endian integers, NMT nodes and a row root with its path to the data root.
#include <algorithm>
#include <string>

#include "da/proof.hpp"

namespace plexus::da::codec {

class Reader {
 public:
  Reader(BytesView in, std::string what) : in_(in), what_(std::move(what)) {}
  Result<BytesView> take(std::size_t n) {
    if (in_.size() - pos_ < n)
      return fail(Errc::kDecode, what_ + ": truncated (" + std::to_string(in_.size()) + " bytes)");
    const BytesView out = in_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  Result<std::uint32_t> uint(std::size_t bytes) {
    PLEXUS_TRY(const BytesView b, take(bytes));
    std::uint32_t v = 0;
    for (const Byte x : b) v = (v << 8) | x;
    return v;
  }
  Result<std::uint32_t> u8() { return uint(1); }
  Result<std::uint32_t> u16() { return uint(2); }
  Result<std::uint32_t> u32() { return uint(4); }
  Result<NmtNode> node() {
    PLEXUS_TRY(const BytesView b, take(kNmtNodeSize));
    return NmtNode::parse(b);
  }
  // The magic bytes that open the form.
  Result<void> expect(std::string_view magic) {
    PLEXUS_TRY(const BytesView b, take(magic.size()));
    if (!std::equal(b.begin(), b.end(), magic.begin()))
      return fail(Errc::kDecode, what_ + ": does not start with \"" + std::string(magic) + "\"");
    return {};
  }
  Result<void> finish() const {
    if (pos_ != in_.size()) return fail(Errc::kDecode, what_ + ": trailing bytes after the proof");
    return {};
  }

 private:
  BytesView in_;
  std::string what_;
  std::size_t pos_ = 0;
};

inline void put_uint(Bytes& out, std::uint32_t v, std::size_t bytes) {
  for (std::size_t i = bytes; i-- > 0;) out.push_back(static_cast<Byte>(v >> (8 * i)));
}
inline void put(Bytes& out, BytesView v) { out.insert(out.end(), v.begin(), v.end()); }

// A node count (u8) and the nodes.
void put_nodes(Bytes& out, std::span<const NmtNode> nodes);
[[nodiscard]] Result<std::vector<NmtNode>> read_nodes(Reader& in);
// The root, the path's index and total (u16), an aunt count (u8) and the aunts.
void put_root_proof(Bytes& out, const RootProof& proof);
[[nodiscard]] Result<RootProof> read_root_proof(Reader& in);

}  // namespace plexus::da::codec
