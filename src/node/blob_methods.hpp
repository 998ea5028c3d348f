#pragma once
// Blob and data availability methods over the primary network's blocks (docs/RPC.md, Blobs):
//   platform_submitBlobs(op)                         -> {hash, height|null, commitments, ids}
//   platform_getBlobHeight(op hash)                  -> height of the block holding it, or null
//   platform_getDataHeader(height)                   -> {height, hash, parentHash, timestamp,
//                                                        dataRoot, width, blobs}
//   platform_getBlob(height, namespace, commitment)  -> blob or null
//   platform_getAllBlobs(height, namespace)          -> {blobs, proofs} (completeness proofs)
//   platform_getBlobProof(height, namespace, commitment) -> {proof} or null
//   platform_blobIncluded(height, namespace, commitment, proof) -> bool
//   platform_sampleShare(height, row, col)           -> {proof}: a light client's sample
// A blob's id is its height (8 bytes, little-endian) followed by its share commitment. Squares are
// rebuilt from the stored blocks; the last 8 are kept, within 64 MiB of extended squares.
#include "da/share.hpp"
#include "node/platform_methods.hpp"

namespace plexus::node {

void add_blob_methods(rpc::Dispatcher& dispatcher, const platform::PlatformRegistry& registry,
                      PlatformSubmitter submit);

// 8-byte little-endian height || 32-byte commitment.
[[nodiscard]] Bytes blob_id(std::uint64_t height, const Hash256& commitment);
[[nodiscard]] Result<std::pair<std::uint64_t, Hash256>> parse_blob_id(BytesView id);
// A namespace given as 29 bytes, or as up to 10 bytes of a version-0 id (right-aligned).
[[nodiscard]] Result<da::Namespace> parse_namespace(BytesView bytes);

}  // namespace plexus::node
