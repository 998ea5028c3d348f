// rlp([kind, fields...]) for each operation kind; kind is the Operation variant index.
#include "platform/fields.hpp"
#include "platform/governance.hpp"
#include "platform/operations.hpp"
#include "platform/subnet_spec.hpp"

namespace plexus::platform {
namespace {

constexpr std::string_view kWhat = "platform operation";

std::vector<Bytes> fields_of(const AddValidator& op) {
  return {rlp::encode_string(op.node_id.view()),
          fields::u256(op.stake),
          rlp::encode_uint(op.start_time),
          rlp::encode_uint(op.end_time),
          fields::bytes(op.bls_key),
          fields::bytes(op.bls_pop)};
}

std::vector<Bytes> fields_of(const CreateSubnet& op) {
  const Bytes voting[] = {
      rlp::encode_uint(static_cast<std::uint64_t>(op.voting.voters)),
      rlp::encode_uint(op.voting.quorum_bps), rlp::encode_uint(op.voting.threshold_bps),
      rlp::encode_uint(op.voting.voting_period), rlp::encode_uint(op.voting.timelock)};
  std::vector<Bytes> f{fields::text(op.name),
                       rlp::encode_uint(op.vms.bits()),
                       rlp::encode_uint(op.chain_id),
                       rlp::encode_uint(static_cast<std::uint64_t>(op.consensus)),
                       fields::bytes(op.consensus_params),
                       fields::addresses(op.owners),
                       rlp::encode_uint(op.threshold),
                       encode_requirements(op.governance),
                       rlp::encode_list(voting)};
  // Omitted when it is the default, so operations from before the field keep their bytes (and
  // signatures); a decoder refuses the default written out, so one operation has one encoding.
  if (op.genesis != SubnetGenesis{}) f.push_back(encode_subnet_genesis(op.genesis));
  return f;
}

std::vector<Bytes> fields_of(const AddSubnetValidator& op) {
  return {fields::text(op.subnet), rlp::encode_string(op.node_id.view()),
          rlp::encode_uint(op.weight), rlp::encode_uint(op.start_time),
          rlp::encode_uint(op.end_time)};
}

std::vector<Bytes> fields_of(const Transfer& op) {
  return {rlp::encode_string(op.to.view()), fields::u256(op.amount)};
}

std::vector<Bytes> fields_of(const RemoveSubnetValidator& op) {
  return {fields::text(op.subnet), rlp::encode_string(op.node_id.view())};
}

std::vector<Bytes> fields_of(const Delegate& op) {
  return {rlp::encode_string(op.node_id.view()), fields::u256(op.amount),
          rlp::encode_uint(op.end_time)};
}

std::vector<Bytes> fields_of(const ReportEquivocation& op) { return {fields::bytes(op.evidence)}; }

std::vector<Bytes> fields_of(const Propose& op) {
  return {fields::text(op.subnet), encode_action(op.action), rlp::encode_uint(op.effective_height)};
}

std::vector<Bytes> fields_of(const Vote& op) {
  return {fields::text(op.subnet), rlp::encode_uint(op.proposal), rlp::encode_uint(op.yes ? 1 : 0)};
}

std::vector<Bytes> fields_of(const SubmitBlobs& op) {
  std::vector<Bytes> blobs;
  for (const BlobData& blob : op.blobs) {
    const Bytes pair[] = {fields::bytes(blob.ns), fields::bytes(blob.data)};
    blobs.push_back(rlp::encode_list(pair));
  }
  return {rlp::encode_list(blobs), fields::u256(op.fee_per_byte)};
}

using Items = std::vector<rlp::Item>;

Result<Operation> decode_add_validator(const Items& f) {
  AddValidator op;
  PLEXUS_TRY(op.node_id, fields::read_address(f[1], kWhat));
  PLEXUS_TRY(op.stake, fields::read_u256(f[2]));
  PLEXUS_TRY(op.start_time, rlp::to_uint64(f[3]));
  PLEXUS_TRY(op.end_time, rlp::to_uint64(f[4]));
  PLEXUS_TRY(op.bls_key, fields::read_bytes(f[5], kWhat));
  PLEXUS_TRY(op.bls_pop, fields::read_bytes(f[6], kWhat));
  return op;
}

Result<Voting> decode_voting(const rlp::Item& item) {
  PLEXUS_TRY(const Items v, fields::items(item, kWhat));
  if (v.size() != 5) return fail(Errc::kDecode, "platform operation: voting");
  Voting out;
  PLEXUS_TRY(const std::uint64_t voters, rlp::to_uint64(v[0]));
  if (voters > 1) return fail(Errc::kDecode, "platform operation: unknown kind of voters");
  out.voters = static_cast<Voters>(voters);
  PLEXUS_TRY(out.quorum_bps, fields::read_u32(v[1], kWhat));
  PLEXUS_TRY(out.threshold_bps, fields::read_u32(v[2], kWhat));
  PLEXUS_TRY(out.voting_period, rlp::to_uint64(v[3]));
  PLEXUS_TRY(out.timelock, rlp::to_uint64(v[4]));
  return out;
}

Result<Operation> decode_create_subnet(const Items& f) {
  CreateSubnet op;
  PLEXUS_TRY(op.name, fields::read_text(f[1], kWhat));
  PLEXUS_TRY(const std::uint64_t vms, rlp::to_uint64(f[2]));
  PLEXUS_TRY(op.vms, VmSet::from_bits(vms));
  PLEXUS_TRY(op.chain_id, rlp::to_uint64(f[3]));
  PLEXUS_TRY(const std::uint64_t consensus, rlp::to_uint64(f[4]));
  if (consensus > 2) return fail(Errc::kDecode, "platform operation: unknown consensus");
  op.consensus = static_cast<ConsensusKind>(consensus);
  PLEXUS_TRY(op.consensus_params, fields::read_bytes(f[5], kWhat));
  PLEXUS_TRY(op.owners, fields::read_addresses(f[6], kWhat));
  PLEXUS_TRY(op.threshold, fields::read_u32(f[7], kWhat));
  PLEXUS_TRY(op.governance, decode_requirements(f[8]));
  PLEXUS_TRY(op.voting, decode_voting(f[9]));
  // Without a genesis field the defaults apply (see fields_of).
  if (f.size() > 10) {
    PLEXUS_TRY(op.genesis, decode_subnet_genesis(f[10]));
    if (op.genesis == SubnetGenesis{})
      return fail(Errc::kDecode, "platform operation: a default subnet genesis is left out");
  }
  return op;
}

Result<Operation> decode_add_subnet_validator(const Items& f) {
  AddSubnetValidator op;
  PLEXUS_TRY(op.subnet, fields::read_text(f[1], kWhat));
  PLEXUS_TRY(op.node_id, fields::read_address(f[2], kWhat));
  PLEXUS_TRY(op.weight, rlp::to_uint64(f[3]));
  PLEXUS_TRY(op.start_time, rlp::to_uint64(f[4]));
  PLEXUS_TRY(op.end_time, rlp::to_uint64(f[5]));
  return op;
}

Result<Operation> decode_transfer(const Items& f) {
  Transfer op;
  PLEXUS_TRY(op.to, fields::read_address(f[1], kWhat));
  PLEXUS_TRY(op.amount, fields::read_u256(f[2]));
  return op;
}

Result<Operation> decode_remove_subnet_validator(const Items& f) {
  RemoveSubnetValidator op;
  PLEXUS_TRY(op.subnet, fields::read_text(f[1], kWhat));
  PLEXUS_TRY(op.node_id, fields::read_address(f[2], kWhat));
  return op;
}

Result<Operation> decode_delegate(const Items& f) {
  Delegate op;
  PLEXUS_TRY(op.node_id, fields::read_address(f[1], kWhat));
  PLEXUS_TRY(op.amount, fields::read_u256(f[2]));
  PLEXUS_TRY(op.end_time, rlp::to_uint64(f[3]));
  return op;
}

Result<Operation> decode_report_equivocation(const Items& f) {
  ReportEquivocation op;
  PLEXUS_TRY(op.evidence, fields::read_bytes(f[1], kWhat));
  return op;
}

Result<Operation> decode_propose(const Items& f) {
  Propose op;
  PLEXUS_TRY(op.subnet, fields::read_text(f[1], kWhat));
  if (!f[2].is_list) return fail(Errc::kDecode, "platform operation: governance action");
  PLEXUS_TRY(op.action, decode_action(f[2].encoded));
  PLEXUS_TRY(op.effective_height, rlp::to_uint64(f[3]));
  return op;
}

Result<Operation> decode_vote(const Items& f) {
  Vote op;
  PLEXUS_TRY(op.subnet, fields::read_text(f[1], kWhat));
  PLEXUS_TRY(op.proposal, rlp::to_uint64(f[2]));
  PLEXUS_TRY(const std::uint64_t yes, rlp::to_uint64(f[3]));
  if (yes > 1) return fail(Errc::kDecode, "platform operation: a vote is 0 (no) or 1 (yes)");
  op.yes = yes == 1;
  return op;
}

Result<Operation> decode_submit_blobs(const Items& f) {
  SubmitBlobs op;
  PLEXUS_TRY(const Items blobs, fields::items(f[1], kWhat));
  for (const rlp::Item& item : blobs) {
    PLEXUS_TRY(const Items pair, fields::items(item, kWhat));
    if (pair.size() != 2)
      return fail(Errc::kDecode, "platform operation: a blob is [namespace, data]");
    BlobData blob;
    PLEXUS_TRY(blob.ns, fields::read_bytes(pair[0], kWhat));
    PLEXUS_TRY(blob.data, fields::read_bytes(pair[1], kWhat));
    op.blobs.push_back(std::move(blob));
  }
  PLEXUS_TRY(op.fee_per_byte, fields::read_u256(f[2]));
  return op;
}

struct KindCodec {
  std::size_t field_count;  // including the kind
  Result<Operation> (*decode)(const Items&);
  std::size_t optional_fields = 0;  // trailing fields added later, absent in older encodings
};

// Indexed by Operation's variant index.
constexpr KindCodec kCodecs[] = {
    {7, decode_add_validator},
    {11, decode_create_subnet, 1},
    {6, decode_add_subnet_validator},
    {3, decode_transfer},
    {3, decode_remove_subnet_validator},
    {4, decode_delegate},
    {2, decode_report_equivocation},
    {4, decode_propose},
    {4, decode_vote},
    {3, decode_submit_blobs},
};
static_assert(std::size(kCodecs) == std::variant_size_v<Operation>);

}  // namespace

Bytes encode_operation(const Operation& operation) {
  std::vector<Bytes> f = std::visit([](const auto& op) { return fields_of(op); }, operation);
  f.insert(f.begin(), rlp::encode_uint(operation.index()));
  return rlp::encode_list(f);
}

Result<Operation> decode_operation(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  if (!list.is_list) return fail(Errc::kDecode, "platform operation: not a list");
  PLEXUS_TRY(const Items f, rlp::list_items(list));
  if (f.empty()) return fail(Errc::kDecode, "platform operation: empty");
  PLEXUS_TRY(const std::uint64_t kind, rlp::to_uint64(f[0]));
  if (kind >= std::size(kCodecs)) return fail(Errc::kDecode, "platform operation: unknown kind");
  const KindCodec& codec = kCodecs[kind];
  if (f.size() > codec.field_count || f.size() + codec.optional_fields < codec.field_count)
    return fail(Errc::kDecode, "platform operation: wrong field count");
  return codec.decode(f);
}

}  // namespace plexus::platform
