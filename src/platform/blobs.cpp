#include "platform/blobs.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "da/square.hpp"
#include "platform/transition.hpp"

namespace plexus::platform {

namespace {

std::string too_wide(std::size_t max_width) {
  return "the blobs need a data square wider than the network's maximum square size " +
         std::to_string(max_width);
}

}  // namespace

const Hash256& empty_data_root() {
  static const Hash256 root = [] {
    const da::OriginalSquare square = da::build_square({}, 1).value();
    const da::ExtendedSquare extended =
        da::ExtendedSquare::extend(da::square_bytes(square.shares)).value();
    return extended.header().value().hash();
  }();
  return root;
}

da::Blob to_da_blob(const BlobData& blob) {
  da::Blob out;
  if (blob.ns.size() == da::kNamespaceSize)
    std::memcpy(out.ns.data(), blob.ns.data(), da::kNamespaceSize);
  out.data = blob.data;
  return out;
}

std::vector<da::Blob> blobs_of(std::span<const SignedOperation> ops) {
  std::vector<da::Blob> out;
  for (const SignedOperation& op : ops)
    if (const auto* submit = std::get_if<SubmitBlobs>(&op.operation))
      for (const BlobData& blob : submit->blobs) out.push_back(to_da_blob(blob));
  return out;
}

Result<da::OriginalSquare> blob_square(std::span<const da::Blob> blobs, std::size_t max_width) {
  da::SquareContent content;
  content.blobs.assign(blobs.begin(), blobs.end());
  auto square = da::build_square(content, max_width);
  if (!square && square.error().code == Errc::kLimitExceeded)
    return fail(Errc::kLimitExceeded, too_wide(max_width));
  return square;
}

std::vector<BlobShape> shapes_of(const SubmitBlobs& op) {
  std::vector<BlobShape> out;
  for (const BlobData& blob : op.blobs) out.emplace_back(to_da_blob(blob).ns, blob.data.size());
  return out;
}

std::size_t square_width_needed(std::span<const BlobShape> blobs) {
  std::vector<std::size_t> order(blobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return blobs[a].first < blobs[b].first; });
  std::size_t cursor = 0;
  for (const std::size_t i : order) {
    const std::size_t shares = da::sparse_shares_needed(blobs[i].second);
    cursor = da::next_share_index(cursor, shares) + shares;
  }
  std::size_t k = 1;
  while (k * k < cursor) k *= 2;
  return k;
}

Result<Hash256> blob_data_root(std::span<const da::Blob> blobs, std::size_t max_width) {
  if (blobs.empty()) return empty_data_root();
  PLEXUS_TRY(const da::OriginalSquare square, blob_square(blobs, max_width));
  PLEXUS_TRY(const da::ExtendedSquare extended,
             da::ExtendedSquare::extend(da::square_bytes(square.shares)));
  PLEXUS_TRY(const da::DataAvailabilityHeader header, extended.header());
  return header.hash();
}

std::size_t blob_bytes(const SubmitBlobs& op) {
  std::size_t total = 0;
  for (const BlobData& blob : op.blobs) total += blob.data.size();
  return total;
}

Result<void> check_blobs(const SubmitBlobs& op, const PlatformParams& params) {
  if (op.blobs.empty() || op.blobs.size() > kMaxBlobsPerOperation)
    return refuse("a blob submission carries 1 to " + std::to_string(kMaxBlobsPerOperation) +
                  " blobs, not " + std::to_string(op.blobs.size()));
  for (std::size_t i = 0; i < op.blobs.size(); ++i) {
    const BlobData& blob = op.blobs[i];
    const std::string which = "blob " + std::to_string(i) + ": ";
    if (blob.ns.size() != da::kNamespaceSize)
      return refuse(which + "a namespace is 29 bytes, not " + std::to_string(blob.ns.size()));
    if (auto valid = da::validate_blob_namespace(to_da_blob(blob).ns); !valid)
      return refuse(which + valid.error().message);
    if (blob.data.empty()) return refuse(which + "empty blob (a blob holds at least one byte)");
    if (blob.data.size() > params.max_blob_size)
      return refuse(which + std::to_string(blob.data.size()) +
                    " bytes exceed the maximum blob size of " +
                    std::to_string(params.max_blob_size));
  }
  if (op.fee_per_byte < params.min_blob_fee_per_byte)
    return refuse("blob fee per byte " + op.fee_per_byte.str() +
                  " is below the network's minimum of " + params.min_blob_fee_per_byte.str());
  if (square_width_needed(shapes_of(op)) > params.max_square_size)
    return refuse(too_wide(params.max_square_size));
  return {};
}

}  // namespace plexus::platform
