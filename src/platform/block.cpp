#include "platform/block.hpp"

#include "core/hash.hpp"
#include "platform/fields.hpp"

namespace plexus::platform {

Hash256 PlatformBlock::hash() const { return keccak256(encode_block(*this)); }

Bytes encode_block(const PlatformBlock& block) {
  std::vector<Bytes> ops;
  for (const SignedOperation& op : block.ops) ops.push_back(encode_signed(op));
  std::vector<Bytes> f = {rlp::encode_uint(block.height),
                          rlp::encode_string(block.parent_hash.view()),
                          rlp::encode_uint(block.timestamp), rlp::encode_list(ops),
                          fields::bytes(block.uptime.signers)};
  // Five fields without an attestation, so blocks made before it existed keep their hashes.
  const bool has_root = block.data_root != empty_data_root();
  if (!block.uptime.observed.empty() || !block.uptime.attestation.empty() ||
      !block.evidence.empty() || has_root) {
    f.push_back(fields::bytes(block.uptime.observed));
    f.push_back(fields::bytes(block.uptime.attestation));
  }
  if (!block.evidence.empty() || has_root) {
    std::vector<Bytes> reports;
    for (const Bytes& report : block.evidence) reports.push_back(fields::bytes(report));
    f.push_back(rlp::encode_list(reports));
  }
  if (has_root) f.push_back(rlp::encode_string(block.data_root.view()));
  return rlp::encode_list(f);
}

Result<PlatformBlock> decode_block(BytesView encoded) {
  constexpr std::string_view kWhat = "platform block";
  auto listed = fields::list(encoded, 5, kWhat);
  if (!listed) listed = fields::list(encoded, 7, kWhat);
  if (!listed) listed = fields::list(encoded, 8, kWhat);
  if (!listed) listed = fields::list(encoded, 9, kWhat);
  if (!listed) return fail(Errc::kDecode, "platform block: not a list of 5, 7, 8 or 9 fields");
  const std::vector<rlp::Item>& f = *listed;
  PlatformBlock block;
  PLEXUS_TRY(block.height, rlp::to_uint64(f[0]));
  PLEXUS_TRY(block.parent_hash, fields::read_hash(f[1], kWhat));
  PLEXUS_TRY(block.timestamp, rlp::to_uint64(f[2]));
  PLEXUS_TRY(const auto ops, fields::items(f[3], kWhat));
  for (const rlp::Item& op : ops) {
    PLEXUS_TRY(SignedOperation signed_op, decode_signed(op.encoded));
    block.ops.push_back(std::move(signed_op));
  }
  PLEXUS_TRY(block.uptime.signers, fields::read_bytes(f[4], kWhat));
  if (f.size() >= 7) {
    PLEXUS_TRY(block.uptime.observed, fields::read_bytes(f[5], kWhat));
    PLEXUS_TRY(block.uptime.attestation, fields::read_bytes(f[6], kWhat));
    if (f.size() == 7 && block.uptime.observed.empty() && block.uptime.attestation.empty())
      return fail(Errc::kDecode, "platform block: empty uptime fields must be left out");
  }
  if (f.size() >= 8) {
    PLEXUS_TRY(const auto reports, fields::items(f[7], kWhat));
    if ((f.size() == 8 && reports.empty()) || reports.size() > kMaxBlockEvidence)
      return fail(Errc::kDecode, "platform block: 1 to " + std::to_string(kMaxBlockEvidence) +
                                     " evidence reports, not " + std::to_string(reports.size()));
    for (const rlp::Item& report : reports) {
      PLEXUS_TRY(Bytes bytes, fields::read_bytes(report, kWhat));
      block.evidence.push_back(std::move(bytes));
    }
  }
  if (f.size() == 9) {
    PLEXUS_TRY(block.data_root, fields::read_hash(f[8], kWhat));
    if (block.data_root == empty_data_root())
      return fail(Errc::kDecode, "platform block: the empty square's data root must be left out");
  }
  return block;
}

}  // namespace plexus::platform
