#include "node/blob_methods.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "da/blob_proof.hpp"
#include "platform/blobs.hpp"
#include "rpc/params.hpp"

namespace plexus::node {
namespace {

using rpc::json;

// A final block's square, rebuilt from its blobs.
struct BlockSquare {
  platform::PlatformBlock block;
  std::vector<da::Blob> blobs;
  std::vector<Hash256> commitments;
  da::OriginalSquare original;
  da::ExtendedSquare eds;
  da::DataAvailabilityHeader dah;
};

class SquareCache {
 public:
  explicit SquareCache(const platform::PlatformRegistry& registry) : registry_(registry) {}

  Result<std::shared_ptr<const BlockSquare>> at(std::uint64_t height) {
    {
      std::lock_guard lock(mutex_);
      if (const auto it = squares_.find(height); it != squares_.end()) return it->second;
    }
    if (height > registry_.height())
      return fail(Errc::kNotFound, "platform: no block at height " + std::to_string(height));
    PLEXUS_TRY(platform::PlatformBlock block, registry_.block_at(height));
    std::vector<da::Blob> blobs = platform::blobs_of(block.ops);
    PLEXUS_TRY(da::OriginalSquare original,
               platform::blob_square(blobs, registry_.params().max_square_size));
    PLEXUS_TRY(da::ExtendedSquare eds,
               da::ExtendedSquare::extend(da::square_bytes(original.shares)));
    PLEXUS_TRY(da::DataAvailabilityHeader dah, eds.header());
    std::vector<Hash256> commitments;
    for (const da::Blob& b : blobs) {
      PLEXUS_TRY(const Hash256 c, da::share_commitment(b));
      commitments.push_back(c);
    }
    auto square = std::make_shared<const BlockSquare>(
        BlockSquare{std::move(block), std::move(blobs), std::move(commitments), std::move(original),
                    std::move(eds), std::move(dah)});
    std::lock_guard lock(mutex_);
    squares_[height] = square;
    // The lowest heights go first: at most kKept squares, and past kMaxBytes of extended squares
    // only the newest (a 512 x 512 square extends to 512 MiB).
    const auto bytes = [&] {
      std::size_t total = 0;
      for (const auto& [h, sq] : squares_) total += sq->eds.bytes().size();
      return total;
    };
    while (squares_.size() > 1 && (squares_.size() > kKept || bytes() > kMaxBytes))
      squares_.erase(squares_.begin());
    return square;
  }

 private:
  static constexpr std::size_t kKept = 8;
  static constexpr std::size_t kMaxBytes = 64 << 20;
  const platform::PlatformRegistry& registry_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<const BlockSquare>> squares_;
};

Result<da::Namespace> namespace_param(const json& params, std::size_t index) {
  PLEXUS_TRY(const json* value, rpc::param_at(params, index));
  PLEXUS_TRY(const Bytes bytes, rpc::data_bytes(*value, index));
  auto ns = parse_namespace(bytes);
  if (!ns)
    return fail(Errc::kInvalidArgument,
                "param " + std::to_string(index) + ": " + ns.error().message);
  return ns;
}

// A height, row or column: a quantity ("0x1f") or a plain JSON number.
Result<std::uint64_t> u64_param(const json& params, std::size_t index) {
  PLEXUS_TRY(const json* value, rpc::param_at(params, index));
  if (value->is_number_unsigned()) return value->get<std::uint64_t>();
  return rpc::quantity_u64(*value, index);
}

Result<Hash256> hash_param(const json& params, std::size_t index) {
  PLEXUS_TRY(const json* value, rpc::param_at(params, index));
  return rpc::hash_value(*value, index);
}

json blob_json(const BlockSquare& sq, std::size_t i) {
  const da::Blob& b = sq.blobs[i];
  return {{"namespace", to_hex(b.ns.view())},
          {"data", to_hex(b.data)},
          {"shareVersion", b.share_version},
          {"commitment", to_hex(sq.commitments[i])},
          {"id", to_hex(blob_id(sq.block.height, sq.commitments[i]))},
          {"index", sq.original.blobs[i].start},
          {"shares", sq.original.blobs[i].shares}};
}

// The first blob of `ns` with `commitment` (equal blobs have equal commitments).
std::optional<std::size_t> find_blob(const BlockSquare& sq, const da::Namespace& ns,
                                     const Hash256& commitment) {
  for (std::size_t i = 0; i < sq.blobs.size(); ++i)
    if (sq.blobs[i].ns == ns && sq.commitments[i] == commitment) return i;
  return std::nullopt;
}

// Params [height, namespace, commitment, ...]: the block's square and where the blob is in it.
struct Located {
  std::shared_ptr<const BlockSquare> square;
  da::Namespace ns;
  Hash256 commitment;
  std::optional<std::size_t> index;
};

Result<Located> locate(SquareCache& cache, const json& params, std::size_t at_most) {
  PLEXUS_CHECK(rpc::expect_at_most(params, at_most));
  PLEXUS_TRY(const std::uint64_t height, u64_param(params, 0));
  Located out;
  PLEXUS_TRY(out.ns, namespace_param(params, 1));
  PLEXUS_TRY(out.commitment, hash_param(params, 2));
  PLEXUS_TRY(out.square, cache.at(height));
  out.index = find_blob(*out.square, out.ns, out.commitment);
  return out;
}

void add_submission_methods(rpc::Dispatcher& d, const platform::PlatformRegistry& registry,
                            PlatformSubmitter submit) {
  d.add("platform_submitBlobs",
        [&registry, submit = std::move(submit)](const json& params) -> Result<json> {
          PLEXUS_CHECK(rpc::expect_at_most(params, 1));
          PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
          PLEXUS_TRY(const Bytes bytes, rpc::data_bytes(*raw, 0));
          PLEXUS_TRY(const platform::SignedOperation op, platform::decode_signed(bytes));
          const auto* blobs = std::get_if<platform::SubmitBlobs>(&op.operation);
          if (blobs == nullptr)
            return fail(Errc::kInvalidArgument,
                        "platform_submitBlobs: the operation is not a blob submission");
          PLEXUS_CHECK(platform::check_blobs(*blobs, registry.params()));
          PLEXUS_TRY(const Hash256 hash, submit(op));
          PLEXUS_TRY(const auto height, registry.height_of_blobs(hash));
          json commitments = json::array();
          json ids = json::array();
          for (const platform::BlobData& b : blobs->blobs) {
            PLEXUS_TRY(const Hash256 c, da::share_commitment(platform::to_da_blob(b)));
            commitments.push_back(to_hex(c));
            if (height) ids.push_back(to_hex(blob_id(*height, c)));
          }
          return json{{"hash", to_hex(hash)},
                      {"height", height ? json(rpc::quantity(*height)) : json(nullptr)},
                      {"commitments", std::move(commitments)},
                      {"ids", height ? std::move(ids) : json(nullptr)}};
        });
  d.add("platform_getBlobHeight", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const Hash256 hash, hash_param(params, 0));
    PLEXUS_TRY(const auto height, registry.height_of_blobs(hash));
    return height ? json(rpc::quantity(*height)) : json(nullptr);
  });
}

}  // namespace

Bytes blob_id(std::uint64_t height, const Hash256& commitment) {
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<Byte>(height >> (8 * i)));
  out.insert(out.end(), commitment.bytes.begin(), commitment.bytes.end());
  return out;
}

Result<std::pair<std::uint64_t, Hash256>> parse_blob_id(BytesView id) {
  if (id.size() != 40)
    return fail(Errc::kInvalidArgument,
                "a blob id is 40 bytes (8-byte little-endian height and "
                "32-byte commitment), not " +
                    std::to_string(id.size()));
  std::uint64_t height = 0;
  for (int i = 7; i >= 0; --i) height = (height << 8) | id[static_cast<std::size_t>(i)];
  return std::pair{height, Hash256::right_aligned(id.subspan(8))};
}

Result<da::Namespace> parse_namespace(BytesView bytes) {
  if (bytes.size() == da::kNamespaceSize) {
    da::Namespace ns;
    std::copy(bytes.begin(), bytes.end(), ns.bytes.begin());
    return ns;
  }
  if (!bytes.empty() && bytes.size() <= da::kNamespaceSize - da::kVersionZeroPrefixSize - 1)
    return da::namespace_v0(bytes);
  return fail(Errc::kInvalidArgument,
              "a namespace is 29 bytes, or 1 to 10 bytes of a version-0 id, not " +
                  std::to_string(bytes.size()));
}

void add_blob_methods(rpc::Dispatcher& d, const platform::PlatformRegistry& registry,
                      PlatformSubmitter submit) {
  add_submission_methods(d, registry, std::move(submit));
  auto cache = std::make_shared<SquareCache>(registry);
  d.add("platform_getDataHeader", [cache](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const std::uint64_t height, u64_param(params, 0));
    PLEXUS_TRY(const auto sq, cache->at(height));
    return json{{"height", rpc::quantity(height)},
                {"hash", to_hex(sq->block.hash())},
                {"parentHash", to_hex(sq->block.parent_hash)},
                {"timestamp", rpc::quantity(sq->block.timestamp)},
                {"dataRoot", to_hex(sq->block.data_root)},
                {"width", sq->eds.width()},
                {"blobs", sq->blobs.size()}};
  });
  d.add("platform_getBlob", [cache](const json& params) -> Result<json> {
    PLEXUS_TRY(const Located at, locate(*cache, params, 3));
    return at.index ? blob_json(*at.square, *at.index) : json(nullptr);
  });
  d.add("platform_getAllBlobs", [cache](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const std::uint64_t height, u64_param(params, 0));
    PLEXUS_TRY(const da::Namespace ns, namespace_param(params, 1));
    PLEXUS_TRY(const auto sq, cache->at(height));
    json blobs = json::array();
    for (std::size_t i = 0; i < sq->blobs.size(); ++i)
      if (sq->blobs[i].ns == ns) blobs.push_back(blob_json(*sq, i));
    PLEXUS_TRY(const auto proofs, da::prove_namespace(sq->eds, sq->dah, ns));
    json encoded = json::array();
    for (const da::NamespaceProof& p : proofs)
      encoded.push_back(to_hex(da::encode_namespace_proof(p)));
    return json{{"dataRoot", to_hex(sq->block.data_root)},
                {"blobs", std::move(blobs)},
                {"proofs", std::move(encoded)}};
  });
  d.add("platform_getBlobProof", [cache](const json& params) -> Result<json> {
    PLEXUS_TRY(const Located at, locate(*cache, params, 3));
    if (!at.index) return json(nullptr);
    const BlockSquare& sq = *at.square;
    const da::BlobPlacement& placed = sq.original.blobs[*at.index];
    PLEXUS_TRY(const da::BlobProof proof,
               da::prove_shares(sq.eds, sq.dah, placed.start, placed.shares));
    return json{{"dataRoot", to_hex(sq.block.data_root)},
                {"proof", to_hex(da::encode_blob_proof(proof))}};
  });
  d.add("platform_blobIncluded", [cache](const json& params) -> Result<json> {
    PLEXUS_TRY(const Located at, locate(*cache, params, 4));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 3));
    PLEXUS_TRY(const Bytes bytes, rpc::data_bytes(*raw, 3));
    auto proof = da::decode_blob_proof(bytes);
    if (!proof) return json(false);
    return json(
        da::verify_blob(at.square->block.data_root, *proof, at.ns, at.commitment).has_value());
  });
  d.add("platform_sampleShare", [cache](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 3));
    PLEXUS_TRY(const std::uint64_t height, u64_param(params, 0));
    PLEXUS_TRY(const std::uint64_t row, u64_param(params, 1));
    PLEXUS_TRY(const std::uint64_t col, u64_param(params, 2));
    PLEXUS_TRY(const auto sq, cache->at(height));
    const std::size_t width = sq->eds.width();
    if (row >= width || col >= width)
      return fail(Errc::kInvalidArgument,
                  "sample (" + std::to_string(row) + ", " + std::to_string(col) +
                      ") is outside the " + std::to_string(width) + "x" + std::to_string(width) +
                      " extended square of block " + std::to_string(height));
    PLEXUS_TRY(const da::ShareProof proof, da::prove_share(sq->eds, sq->dah, row, col));
    return json{{"proof", to_hex(da::encode_share_proof(proof))}};
  });
}

}  // namespace plexus::node
