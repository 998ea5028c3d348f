#include "platform/block.hpp"

#include "core/hash.hpp"
#include "platform/fields.hpp"

namespace plexus::platform {

Hash256 PlatformBlock::hash() const { return keccak256(encode_block(*this)); }

Bytes encode_block(const PlatformBlock& block) {
  std::vector<Bytes> ops;
  for (const SignedOperation& op : block.ops) ops.push_back(encode_signed(op));
  const Bytes f[] = {rlp::encode_uint(block.height), rlp::encode_string(block.parent_hash.view()),
                     rlp::encode_uint(block.timestamp), rlp::encode_list(ops),
                     fields::bytes(block.signers)};
  return rlp::encode_list(f);
}

Result<PlatformBlock> decode_block(BytesView encoded) {
  constexpr std::string_view kWhat = "platform block";
  PLEXUS_TRY(const auto f, fields::list(encoded, 5, kWhat));
  PlatformBlock block;
  PLEXUS_TRY(block.height, rlp::to_uint64(f[0]));
  PLEXUS_TRY(block.parent_hash, fields::read_hash(f[1], kWhat));
  PLEXUS_TRY(block.timestamp, rlp::to_uint64(f[2]));
  PLEXUS_TRY(const auto ops, fields::items(f[3], kWhat));
  for (const rlp::Item& op : ops) {
    PLEXUS_TRY(SignedOperation signed_op, decode_signed(op.encoded));
    block.ops.push_back(std::move(signed_op));
  }
  PLEXUS_TRY(block.signers, fields::read_bytes(f[4], kWhat));
  return block;
}

}  // namespace plexus::platform
