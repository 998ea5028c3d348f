#pragma once
// Blobs on the primary network (docs/DA.md): the blobs of a block's SubmitBlobs operations, in
// block order, laid out in one data square (da::build_square, no transactions) whose data root the
// block header carries. The rules a SubmitBlobs must meet on its own are here too, so the
// transition, the builder and the node's RPC refuse the same blobs with the same reasons.
#include <span>

#include "da/layout.hpp"
#include "platform/config.hpp"

namespace plexus::platform {

// The blob as the data square holds it (share version 0, no signer).
[[nodiscard]] da::Blob to_da_blob(const BlobData& blob);
// Every blob of the operations' SubmitBlobs, in order.
[[nodiscard]] std::vector<da::Blob> blobs_of(std::span<const SignedOperation> ops);

// The original square of those blobs, at most `max_width` wide (the network's
// max_square_size); the rule broken otherwise.
[[nodiscard]] Result<da::OriginalSquare> blob_square(std::span<const da::Blob> blobs,
                                                     std::size_t max_width);
// A blob as the layout sees it: its namespace and data size.
using BlobShape = std::pair<da::Namespace, std::size_t>;
[[nodiscard]] std::vector<BlobShape> shapes_of(const SubmitBlobs& op);
// The width k of the square build_square lays `blobs` out in, counted without making any share
// (what the builder checks candidate after candidate).
[[nodiscard]] std::size_t square_width_needed(std::span<const BlobShape> blobs);
// The data root of the extended square of `blobs` (empty_data_root() without any).
[[nodiscard]] Result<Hash256> blob_data_root(std::span<const da::Blob> blobs,
                                             std::size_t max_width);

// The rules of one SubmitBlobs that need no state: 1..kMaxBlobsPerOperation blobs, each in a
// 29-byte namespace a blob may use, with 1..max_blob_size bytes, all of them fitting in one
// square of max_square_size, and a fee per byte of at least min_blob_fee_per_byte. kValidation
// "platform: blob i: <rule>" otherwise.
[[nodiscard]] Result<void> check_blobs(const SubmitBlobs& op, const PlatformParams& params);
// The data bytes the operation pays for.
[[nodiscard]] std::size_t blob_bytes(const SubmitBlobs& op);

}  // namespace plexus::platform
