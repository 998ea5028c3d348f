// Data square input: share parsing and proof verification. The first byte picks the mode.
//   0: the rest as 512-byte shares (the last one zero-padded) through the sparse and compact
//      parsers; they may refuse, with a message, but never crash.
//   1: a blob (namespace id from the input, share version 0 or 1) split into shares and parsed
//      back: the data must come back unchanged.
//   2: the rest decoded as a share proof and checked against the data root of a fixed square.
//   3: a valid proof of that square with the rest XORed into its encoding: whenever the result
//      still verifies, it must prove the very share the square holds at its position (no forgery).
//   4 (a first byte of 0xF0 or more): the rest decoded as a blob proof and as a namespace proof
//      and checked against that square's root; a blob proof that verifies holds the square's
//      own shares at its positions.
#include <vector>

#include "da/blob_proof.hpp"
#include "da/proof.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace plexus;
using namespace plexus::da;

struct Fixed {
  ExtendedSquare eds;
  Hash256 root;
  std::vector<Bytes> proofs;
};

const Fixed& fixed() {
  static const Fixed f = [] {
    Bytes ods(16 * kShareSize);
    for (std::size_t i = 0; i < ods.size(); ++i) ods[i] = static_cast<Byte>(i * 31 + 7);
    for (std::size_t i = 0; i < 16; ++i) {
      Byte* s = ods.data() + i * kShareSize;
      std::fill(s, s + kNamespaceSize, Byte{0});
      s[kNamespaceSize - 1] = static_cast<Byte>(i + 1);
    }
    auto eds = *ExtendedSquare::extend(ods);
    const auto dah = *eds.header();
    std::vector<Bytes> proofs;
    for (std::size_t r = 0; r < 8; ++r)
      for (std::size_t c = 0; c < 8; ++c) proofs.push_back(encode_share_proof(*prove_share(eds, dah, r, c)));
    const Hash256 root = dah.hash();
    return Fixed{std::move(eds), root, std::move(proofs)};
  }();
  return f;
}

void check_verdict(const Result<void>& r, const ShareProof& p) {
  if (!r) {
    FUZZ_CHECK(!r.error().message.empty());
    return;
  }
  const BytesView held = fixed().eds.share(p.row, p.col);
  FUZZ_CHECK(std::equal(held.begin(), held.end(), p.share.bytes.begin()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Cursor in(fuzz::input_view(data, size));
  const std::uint8_t first = in.byte();
  const std::uint8_t mode = first >= 0xF0 ? 4 : first % 4;
  if (mode == 4) {
    const BytesView rest = in.rest();
    if (const auto blob = decode_blob_proof(rest)) {
      if (verify_shares(fixed().root, *blob)) {
        FUZZ_CHECK(blob->width == fixed().eds.width());
        const std::size_t k = blob->width / 2;
        for (std::size_t i = 0; i < blob->shares.size(); ++i) {
          const std::size_t at = blob->start + i;
          const BytesView held = fixed().eds.share(at / k, at % k);
          FUZZ_CHECK(std::equal(held.begin(), held.end(), blob->shares[i].bytes.begin()));
        }
      }
    }
    if (const auto ns = decode_namespace_proof(rest)) {
      const auto verdict = verify_namespace(fixed().root, *ns);
      if (!verdict) FUZZ_CHECK(!verdict.error().message.empty());
    }
  } else if (mode == 0) {
    const BytesView rest = in.rest();
    std::vector<Share> shares((rest.size() + kShareSize - 1) / kShareSize);
    for (std::size_t i = 0; i < rest.size(); ++i) shares[i / kShareSize][i % kShareSize] = rest[i];
    const auto sparse = parse_sparse_shares(shares);
    if (!sparse) FUZZ_CHECK(!sparse.error().message.empty());
    const auto compact = parse_compact_shares(shares);
    if (!compact) FUZZ_CHECK(!compact.error().message.empty());
  } else if (mode == 1) {
    Blob b;
    b.ns = namespace_v0(in.take(10));
    b.share_version = in.byte() % 2;
    if (b.share_version == kShareVersionOne) b.signer = to_bytes(in.take(kSignerSize)), b.signer.resize(kSignerSize);
    b.data = to_bytes(in.rest());
    const auto shares = blob_shares(b);
    FUZZ_CHECK(shares.has_value());
    FUZZ_CHECK(shares->size() == sparse_shares_needed(b.data.size(), b.share_version == kShareVersionOne));
    const auto back = parse_sparse_shares(*shares);
    FUZZ_CHECK(back && back->size() == 1 && (*back)[0].data == b.data && (*back)[0].signer == b.signer);
  } else if (mode == 2) {
    const auto proof = decode_share_proof(in.rest());
    if (!proof) {
      FUZZ_CHECK(!proof.error().message.empty());
      return 0;
    }
    check_verdict(verify_share(fixed().root, *proof), *proof);
  } else {
    const Fixed& f = fixed();
    Bytes encoded = f.proofs[in.byte() % f.proofs.size()];
    const std::size_t at = in.u16();
    const BytesView flips = in.rest();
    for (std::size_t i = 0; i < flips.size(); ++i) encoded[(at + i) % encoded.size()] ^= flips[i];
    const auto proof = decode_share_proof(encoded);
    if (!proof) return 0;
    check_verdict(verify_share(f.root, *proof), *proof);
  }
  return 0;
}
