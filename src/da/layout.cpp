#include "da/layout.hpp"

#include <algorithm>
#include <numeric>

namespace plexus::da {

Result<OriginalSquare> build_square(const SquareContent& content, std::size_t max_width,
                                    std::size_t threshold) {
  if (max_width == 0 || (max_width & (max_width - 1)) != 0 || max_width > 512)
    return fail(Errc::kInvalidArgument, "square: the maximum width must be a power of two up to 512");
  if (threshold == 0) return fail(Errc::kInvalidArgument, "square: the subtree root threshold is 0");
  std::vector<std::vector<Share>> blob_share_lists(content.blobs.size());
  for (std::size_t i = 0; i < content.blobs.size(); ++i) {
    const auto valid = validate_blob_namespace(content.blobs[i].ns);
    if (!valid) return fail(valid.error().code, "blob " + std::to_string(i) + ": " + valid.error().message);
    PLEXUS_TRY(blob_share_lists[i], blob_shares(content.blobs[i]));
  }
  std::vector<std::size_t> order(content.blobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return content.blobs[a].ns < content.blobs[b].ns;
  });

  std::vector<Share> shares;
  if (!content.transactions.empty()) shares = compact_shares(tx_namespace(), content.transactions);
  OriginalSquare out;
  out.blobs.resize(content.blobs.size());
  std::size_t cursor = shares.size();
  for (std::size_t n = 0; n < order.size(); ++n) {
    const std::size_t i = order[n];
    const std::vector<Share>& blob = blob_share_lists[i];
    const std::size_t start = next_share_index(cursor, blob.size(), threshold);
    // Before the first blob the gap is primary reserved padding; after a blob it is padding in
    // that blob's namespace and share version.
    const Share pad = n == 0 ? padding_share(primary_padding_namespace())
                             : padding_share(content.blobs[order[n - 1]].ns,
                                             content.blobs[order[n - 1]].share_version);
    shares.insert(shares.end(), start - cursor, pad);
    shares.insert(shares.end(), blob.begin(), blob.end());
    out.blobs[i] = BlobPlacement{start, blob.size()};
    cursor = start + blob.size();
    if (cursor > max_width * max_width)
      return fail(Errc::kLimitExceeded, "square: the content needs more than " +
                                            std::to_string(max_width) + "x" + std::to_string(max_width) + " shares");
  }
  std::size_t k = 1;
  while (k * k < shares.size()) k *= 2;
  if (k > max_width)
    return fail(Errc::kLimitExceeded, "square: the content needs more than " + std::to_string(max_width) +
                                          "x" + std::to_string(max_width) + " shares");
  shares.resize(k * k, tail_padding_share());
  out.width = k;
  out.shares = std::move(shares);
  return out;
}

Bytes square_bytes(std::span<const Share> shares) {
  Bytes out;
  out.reserve(shares.size() * kShareSize);
  for (const Share& s : shares) out.insert(out.end(), s.bytes.begin(), s.bytes.end());
  return out;
}

}  // namespace plexus::da
