#pragma once
// The original square's layout (go-square's rules, without pay-for-blob transactions yet):
// transactions as compact shares in the transaction namespace first, then primary reserved
// padding up to the first blob, then the blobs sorted by namespace (stably: blobs of one namespace
// keep their order), each starting at the next multiple of its subtree width, the gaps filled
// with namespace padding shares of the blob before, and tail padding up to k^2 shares.
#include <vector>

#include "core/error.hpp"
#include "da/commitment.hpp"
#include "da/share.hpp"

namespace plexus::da {

struct SquareContent {
  std::vector<Bytes> transactions;
  std::vector<Blob> blobs;
};

struct BlobPlacement {
  std::size_t start = 0;   // share index in the original square (row-major)
  std::size_t shares = 0;  // the blob's share count
};

struct OriginalSquare {
  std::size_t width = 0;              // k
  std::vector<Share> shares;          // k^2, row-major
  std::vector<BlobPlacement> blobs;   // in the order of SquareContent::blobs
};

// The smallest square (k a power of two, at most max_width) holding the content. Rejects blobs in
// reserved namespaces and content that does not fit, naming the rule.
[[nodiscard]] Result<OriginalSquare> build_square(const SquareContent& content,
                                                  std::size_t max_width = 512,
                                                  std::size_t threshold = kSubtreeRootThreshold);

// The concatenated bytes of a square's shares (the `plexus da` file format).
[[nodiscard]] Bytes square_bytes(std::span<const Share> shares);

}  // namespace plexus::da
