#include "da/square.hpp"

#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "da/leopard.hpp"
#include "da/merkle.hpp"

namespace plexus::da {
namespace {

std::string cell(std::size_t row, std::size_t col) {
  // Appended piece by piece: GCC 12 reports a false -Wrestrict on "(" + std::to_string(...).
  std::string out = "(";
  out += std::to_string(row);
  out += ", ";
  out += std::to_string(col);
  out += ")";
  return out;
}

// Nodes of a perfect tree, reduced level by level in place, two parents at a time.
NmtNode reduce(std::vector<NmtNode>& level) {
  std::size_t n = level.size();
  for (; n >= 4; n /= 2)
    for (std::size_t i = 0; i < n / 2; i += 2)
      nmt_parent_pair(level[2 * i], level[2 * i + 1], level[2 * i + 2], level[2 * i + 3], level[i],
                      level[i + 1]);
  if (n == 2) level[0] = nmt_parent(level[0], level[1]);
  return level[0];
}

// A 512 x 512 square is 512 MiB. On 4 KiB pages its first touch costs 131,072 page faults, which
// measured longer than the whole Reed-Solomon extension on a virtual machine; on transparent
// huge pages (2 MiB, asked for with madvise) it is 256.
Byte* allocate_square(std::size_t bytes) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  if (bytes >= kHugePage) {
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    if (void* p = std::aligned_alloc(kHugePage, rounded)) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      (void)madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without it, plain pages
#endif
      return static_cast<Byte*>(p);
    }
  }
  auto* p = static_cast<Byte*>(std::malloc(bytes));
  if (!p) throw std::bad_alloc();
  return p;
}

}  // namespace

void ExtendedSquare::Release::operator()(Byte* p) const noexcept { std::free(p); }

Hash256 DataAvailabilityHeader::hash() const {
  std::vector<FixedBytes<kNmtNodeSize>> encoded;
  encoded.reserve(row_roots.size() + column_roots.size());
  for (const NmtNode& n : row_roots) encoded.push_back(n.serialize());
  for (const NmtNode& n : column_roots) encoded.push_back(n.serialize());
  std::vector<BytesView> leaves;
  for (const auto& e : encoded) leaves.push_back(e.view());
  return merkle_root(leaves);
}

Result<std::size_t> original_width_of(std::size_t bytes) {
  if (bytes == 0 || bytes % kShareSize != 0)
    return fail(Errc::kInvalidArgument, "square: " + std::to_string(bytes) +
                                            " bytes is not a whole, non-zero number of 512-byte shares");
  const std::size_t shares = bytes / kShareSize;
  for (std::size_t k = 1; k <= kMaxOriginalWidth; k *= 2)
    if (k * k == shares) return k;
  return fail(Errc::kInvalidArgument, "square: " + std::to_string(shares) +
                                          " shares is not k^2 for k a power of two up to 512");
}

ExtendedSquare::ExtendedSquare(std::size_t k) : k_(k), data_(allocate_square(4 * k * k * kShareSize)) {}

Result<ExtendedSquare> ExtendedSquare::extend(BytesView original) {
  PLEXUS_TRY(const std::size_t k, original_width_of(original.size()));
  ExtendedSquare eds(k);
  for (std::size_t r = 0; r < k; ++r)
    std::memcpy(eds.at(r, 0), original.data() + r * k * kShareSize, k * kShareSize);
  eds.fill_parity();
  return eds;
}

Result<ExtendedSquare> ExtendedSquare::from_extended(BytesView extended) {
  if (extended.size() % (4 * kShareSize) != 0)
    return fail(Errc::kInvalidArgument, "extended square: " + std::to_string(extended.size()) +
                                            " bytes is not 4k^2 shares");
  PLEXUS_TRY(const std::size_t k, original_width_of(extended.size() / 4));
  ExtendedSquare eds(k);
  const std::size_t w = 2 * k;
  for (std::size_t r = 0; r < k; ++r)
    std::memcpy(eds.at(r, 0), extended.data() + r * w * kShareSize, k * kShareSize);
  eds.fill_parity();
  for (std::size_t r = 0; r < w; ++r)
    for (std::size_t c = 0; c < w; ++c)
      if (std::memcmp(eds.at(r, c), extended.data() + (r * w + c) * kShareSize, kShareSize) != 0)
        return fail(Errc::kValidation, "extended square: the parity share at " + cell(r, c) +
                                           " is not the extension of the original quarter");
  return eds;
}

void ExtendedSquare::fill_parity() {
  auto codec = leopard::Codec::for_width(k_);  // k_ was checked: a power of two up to 512
  const leopard::Codec& rs = **codec;
  std::vector<const Byte*> in(k_);
  std::vector<Byte*> out(k_);
  const auto encode_row = [&](std::size_t r) {
    for (std::size_t c = 0; c < k_; ++c) {
      in[c] = at(r, c);
      out[c] = at(r, k_ + c);
    }
    rs.encode(in.data(), out.data(), kShareSize);
  };
  for (std::size_t r = 0; r < k_; ++r) encode_row(r);  // Q1
  // Q2, a column at a time through a contiguous copy: the shares of a column lie one row
  // (2k * 512 bytes, a power of two) apart, so in place they all fall into the same cache sets
  // and the encoder ran twenty times slower.
  Bytes column(2 * k_ * kShareSize);
  for (std::size_t i = 0; i < k_; ++i) {
    in[i] = column.data() + i * kShareSize;
    out[i] = column.data() + (k_ + i) * kShareSize;
  }
  for (std::size_t c = 0; c < k_; ++c) {
    for (std::size_t r = 0; r < k_; ++r) std::memcpy(column.data() + r * kShareSize, at(r, c), kShareSize);
    rs.encode(in.data(), out.data(), kShareSize);
    for (std::size_t r = 0; r < k_; ++r) std::memcpy(at(k_ + r, c), out[r], kShareSize);
  }
  for (std::size_t r = k_; r < 2 * k_; ++r) encode_row(r);  // Q3
}

Result<Share> ExtendedSquare::sample(std::size_t row, std::size_t col) const {
  if (row >= width() || col >= width())
    return fail(Errc::kInvalidArgument, "sample " + cell(row, col) + " is outside the " +
                                            std::to_string(width()) + "x" + std::to_string(width()) +
                                            " extended square");
  return share_from(share(row, col));
}

Namespace ExtendedSquare::leaf_namespace(std::size_t row, std::size_t col) const {
  if (!in_original_quarter(row, col, width())) return parity_namespace();
  Namespace ns;
  std::memcpy(ns.data(), share(row, col).data(), kNamespaceSize);
  return ns;
}

NmtNode ExtendedSquare::leaf(std::size_t row, std::size_t col) const {
  return nmt_leaf(leaf_namespace(row, col), share(row, col));
}

std::vector<NmtNode> ExtendedSquare::row_leaves(std::size_t row) const {
  std::vector<NmtNode> out;
  out.reserve(width());
  for (std::size_t c = 0; c < width(); ++c) out.push_back(leaf(row, c));
  return out;
}

Result<DataAvailabilityHeader> ExtendedSquare::header() const {
  const std::size_t w = width();
  for (std::size_t a = 0; a < k_; ++a)
    for (std::size_t b = 1; b < k_; ++b) {
      if (leaf_namespace(a, b) < leaf_namespace(a, b - 1))
        return fail(Errc::kValidation, "square: row " + std::to_string(a) + " is not in namespace order at column " +
                                           std::to_string(b) + " (namespaced Merkle trees need it)");
      if (leaf_namespace(b, a) < leaf_namespace(b - 1, a))
        return fail(Errc::kValidation, "square: column " + std::to_string(a) + " is not in namespace order at row " +
                                           std::to_string(b) + " (namespaced Merkle trees need it)");
    }
  // Every leaf digest once, for its row and its column; in the square's kind of buffer (no
  // clearing, huge pages) since at k = 512 it is 32 MiB.
  const std::unique_ptr<Byte[], Release> digests(allocate_square(w * w * 32));
  const Namespace parity = parity_namespace();
  const auto leaf_at = [&](std::size_t r, std::size_t c, const Namespace& ns) {
    NmtNode n{ns, ns, {}};
    std::memcpy(n.digest.data(), digests.get() + (r * w + c) * 32, 32);
    return n;
  };
  DataAvailabilityHeader dah;
  dah.row_roots.reserve(w);
  dah.column_roots.reserve(w);
  std::vector<NmtNode> level(w);
  for (std::size_t r = 0; r < w; ++r) {
    for (std::size_t c = 0; c < w; c += 2) {  // w is even
      const Namespace na = in_original_quarter(r, c, w) ? leaf_namespace(r, c) : parity;
      const Namespace nb = in_original_quarter(r, c + 1, w) ? leaf_namespace(r, c + 1) : parity;
      level[c] = NmtNode{na, na, {}};
      level[c + 1] = NmtNode{nb, nb, {}};
      nmt_leaf_digest_pair(na, share(r, c), nb, share(r, c + 1), level[c].digest, level[c + 1].digest);
      std::memcpy(digests.get() + (r * w + c) * 32, level[c].digest.data(), 32);
      std::memcpy(digests.get() + (r * w + c + 1) * 32, level[c + 1].digest.data(), 32);
    }
    dah.row_roots.push_back(reduce(level));
  }
  for (std::size_t c = 0; c < w; ++c) {
    for (std::size_t r = 0; r < w; ++r)
      level[r] = leaf_at(r, c, in_original_quarter(r, c, w) ? leaf_namespace(r, c) : parity);
    dah.column_roots.push_back(reduce(level));
  }
  return dah;
}

}  // namespace plexus::da
