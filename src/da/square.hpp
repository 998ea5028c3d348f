#pragma once
// The extended data square (rsmt2d's layout): the k x k original square Q0 in the top-left
// quarter, Q1 = each row of Q0 extended, Q2 = each column of Q0 extended, Q3 = each row of Q2
// extended (equal to extending the columns of Q1), all with the Leopard-compatible code. Row and
// column roots are namespaced Merkle roots; the data root is the RFC-6962 root over the 2k row
// roots followed by the 2k column roots (Celestia's DataAvailabilityHeader hash).
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "da/nmt.hpp"
#include "da/share.hpp"

namespace plexus::da {

// Original widths the square accepts: powers of two from 1 to 512 (Celestia's upper bound).
inline constexpr std::size_t kMaxOriginalWidth = 512;

struct DataAvailabilityHeader {
  std::vector<NmtNode> row_roots;
  std::vector<NmtNode> column_roots;

  [[nodiscard]] Hash256 hash() const;  // the data root
};

class ExtendedSquare {
 public:
  // Extends the k x k original square given as k^2 shares in row-major order.
  [[nodiscard]] static Result<ExtendedSquare> extend(BytesView original);
  // Takes a whole extended square (4k^2 shares, row-major) and checks its parity by extending its
  // original quarter again; a tampered parity share is named by row and column.
  [[nodiscard]] static Result<ExtendedSquare> from_extended(BytesView extended);

  [[nodiscard]] std::size_t width() const noexcept { return 2 * k_; }
  [[nodiscard]] std::size_t original_width() const noexcept { return k_; }
  [[nodiscard]] BytesView bytes() const noexcept { return BytesView(data_.get(), 4 * k_ * k_ * kShareSize); }
  // The share at (row, col); both below width().
  [[nodiscard]] BytesView share(std::size_t row, std::size_t col) const noexcept {
    return BytesView(data_.get() + (row * width() + col) * kShareSize, kShareSize);
  }
  // A sample request: the share, or an error when (row, col) lies outside the square.
  [[nodiscard]] Result<Share> sample(std::size_t row, std::size_t col) const;

  // The namespace the share at (row, col) is committed under.
  [[nodiscard]] Namespace leaf_namespace(std::size_t row, std::size_t col) const;
  [[nodiscard]] NmtNode leaf(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::vector<NmtNode> row_leaves(std::size_t row) const;

  // Every row and column root. Each share's leaf hash is computed once and shared by its row and
  // its column tree. Fails when a row or column of the original quarter is not in namespace order.
  [[nodiscard]] Result<DataAvailabilityHeader> header() const;

 private:
  explicit ExtendedSquare(std::size_t k);
  Byte* at(std::size_t row, std::size_t col) noexcept {
    return data_.get() + (row * width() + col) * kShareSize;
  }
  void fill_parity();

  std::size_t k_ = 0;
  struct Release {
    void operator()(Byte* p) const noexcept;
  };
  // Not zero-filled first: every byte is written by the copy or the extension. Large squares sit
  // on huge pages where the system offers them (see square.cpp).
  std::unique_ptr<Byte[], Release> data_;
};

// k for a buffer of `bytes` holding k^2 shares (k a power of two up to 512), or the rule broken.
[[nodiscard]] Result<std::size_t> original_width_of(std::size_t bytes);

}  // namespace plexus::da
