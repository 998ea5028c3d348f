#include "platform/operations.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::platform {
namespace {

constexpr std::string_view kDomain = "plexus-platform";

Bytes encode_string(std::string_view text) {
  return rlp::encode_string(BytesView(reinterpret_cast<const Byte*>(text.data()), text.size()));
}

Result<Address> read_address(const rlp::Item& item) {
  if (item.is_list || item.payload.size() != 20)
    return fail(Errc::kDecode, "platform operation: bad address");
  return Address::right_aligned(item.payload);
}

Result<std::string> read_string(const rlp::Item& item) {
  if (item.is_list) return fail(Errc::kDecode, "platform operation: expected a string");
  return std::string(item.payload.begin(), item.payload.end());
}

}  // namespace

uint256 plx(std::uint64_t whole) { return uint256(whole) * uint256(1'000'000'000'000'000'000ULL); }

const uint256& min_validator_stake() {
  static const uint256 stake = plx(2000);
  return stake;
}

std::string_view vm_name(VmKind vm) noexcept {
  switch (vm) {
    case VmKind::kEvm: return "evm";
    case VmKind::kWasm: return "wasm";
    case VmKind::kMove: return "move";
  }
  return "unknown";
}

std::string_view consensus_name(ConsensusKind consensus) noexcept {
  switch (consensus) {
    case ConsensusKind::kDev: return "dev";
    case ConsensusKind::kBft: return "bft";
    case ConsensusKind::kSnowman: return "snowman";
  }
  return "unknown";
}

Bytes encode_operation(const Operation& operation) {
  std::vector<Bytes> fields;
  fields.push_back(rlp::encode_uint(operation.index()));
  if (const auto* op = std::get_if<AddValidator>(&operation)) {
    fields.push_back(rlp::encode_string(op->node_id.view()));
    fields.push_back(rlp::encode_string(to_minimal_be(op->stake)));
  } else if (const auto* op = std::get_if<CreateSubnet>(&operation)) {
    fields.push_back(encode_string(op->name));
    fields.push_back(rlp::encode_uint(static_cast<std::uint64_t>(op->vm)));
    fields.push_back(rlp::encode_uint(op->chain_id));
    fields.push_back(rlp::encode_uint(static_cast<std::uint64_t>(op->consensus)));
    std::vector<Bytes> owners;
    for (const Address& owner : op->owners) owners.push_back(rlp::encode_string(owner.view()));
    fields.push_back(rlp::encode_list(owners));
    fields.push_back(rlp::encode_uint(op->threshold));
  } else if (const auto* op = std::get_if<AddSubnetValidator>(&operation)) {
    fields.push_back(encode_string(op->subnet));
    fields.push_back(rlp::encode_string(op->node_id.view()));
  }
  return rlp::encode_list(fields);
}

Result<Operation> decode_operation(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  if (!list.is_list) return fail(Errc::kDecode, "platform operation: not a list");
  PLEXUS_TRY(const auto f, rlp::list_items(list));
  if (f.empty()) return fail(Errc::kDecode, "platform operation: empty");
  PLEXUS_TRY(const std::uint64_t kind, rlp::to_uint64(f[0]));
  const auto expect = [&](std::size_t n) -> Result<void> {
    if (f.size() != n) return fail(Errc::kDecode, "platform operation: wrong field count");
    return {};
  };
  switch (kind) {
    case 0: {
      PLEXUS_CHECK(expect(3));
      AddValidator op;
      PLEXUS_TRY(op.node_id, read_address(f[1]));
      PLEXUS_TRY(const BytesView stake, rlp::to_uint_bytes(f[2], 32));
      op.stake = load_be(stake);
      return op;
    }
    case 1: {
      PLEXUS_CHECK(expect(7));
      CreateSubnet op;
      PLEXUS_TRY(op.name, read_string(f[1]));
      PLEXUS_TRY(const std::uint64_t vm, rlp::to_uint64(f[2]));
      PLEXUS_TRY(op.chain_id, rlp::to_uint64(f[3]));
      PLEXUS_TRY(const std::uint64_t consensus, rlp::to_uint64(f[4]));
      if (vm > 2 || consensus > 2) return fail(Errc::kDecode, "platform operation: unknown kind");
      op.vm = static_cast<VmKind>(vm);
      op.consensus = static_cast<ConsensusKind>(consensus);
      if (!f[5].is_list) return fail(Errc::kDecode, "platform operation: owners");
      PLEXUS_TRY(const auto owners, rlp::list_items(f[5]));
      for (const rlp::Item& owner : owners) {
        PLEXUS_TRY(const Address a, read_address(owner));
        op.owners.push_back(a);
      }
      PLEXUS_TRY(const std::uint64_t threshold, rlp::to_uint64(f[6]));
      if (threshold > 0xffffffffULL) return fail(Errc::kDecode, "platform operation: threshold");
      op.threshold = static_cast<std::uint32_t>(threshold);
      return op;
    }
    case 2: {
      PLEXUS_CHECK(expect(3));
      AddSubnetValidator op;
      PLEXUS_TRY(op.subnet, read_string(f[1]));
      PLEXUS_TRY(op.node_id, read_address(f[2]));
      return op;
    }
    default: return fail(Errc::kDecode, "platform operation: unknown kind");
  }
}

Bytes encode_signed(const SignedOperation& signed_op) {
  std::vector<Bytes> signatures;
  for (const auto& sig : signed_op.signatures) {
    const Bytes fields[] = {rlp::encode_uint(sig.recovery_id),
                            rlp::encode_string(rlp::trim_leading_zeros(sig.r.view())),
                            rlp::encode_string(rlp::trim_leading_zeros(sig.s.view()))};
    signatures.push_back(rlp::encode_list(fields));
  }
  const Bytes fields[] = {encode_operation(signed_op.operation), rlp::encode_list(signatures)};
  return rlp::encode_list(fields);
}

Result<SignedOperation> decode_signed(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  if (!list.is_list) return fail(Errc::kDecode, "signed platform operation: not a list");
  PLEXUS_TRY(const auto fields, rlp::list_items(list));
  if (fields.size() != 2 || !fields[0].is_list || !fields[1].is_list)
    return fail(Errc::kDecode, "signed platform operation: expected [operation, signatures]");
  SignedOperation out;
  PLEXUS_TRY(out.operation, decode_operation(fields[0].encoded));
  PLEXUS_TRY(const auto signatures, rlp::list_items(fields[1]));
  for (const rlp::Item& item : signatures) {
    PLEXUS_TRY(const auto sig, rlp::list_items(item));
    if (sig.size() != 3) return fail(Errc::kDecode, "signed platform operation: signature");
    secp256k1::RecoverableSignature parsed;
    PLEXUS_TRY(const std::uint64_t recovery_id, rlp::to_uint64(sig[0]));
    if (recovery_id > 1) return fail(Errc::kDecode, "signed platform operation: recovery id");
    parsed.recovery_id = static_cast<std::uint8_t>(recovery_id);
    PLEXUS_TRY(const BytesView r, rlp::to_uint_bytes(sig[1], 32));
    PLEXUS_TRY(const BytesView s, rlp::to_uint_bytes(sig[2], 32));
    parsed.r = secp256k1::Bytes32::right_aligned(r);
    parsed.s = secp256k1::Bytes32::right_aligned(s);
    out.signatures.push_back(parsed);
  }
  return out;
}

Hash256 signing_hash(const Operation& operation, std::uint64_t network_id) {
  Bytes message(kDomain.begin(), kDomain.end());
  for (int shift = 56; shift >= 0; shift -= 8)
    message.push_back(static_cast<Byte>(network_id >> shift));
  const Bytes body = encode_operation(operation);
  message.insert(message.end(), body.begin(), body.end());
  return keccak256(message);
}

SignedOperation sign_operation(Operation operation, std::uint64_t network_id,
                               std::span<const secp256k1::PrivateKey> keys) {
  const Hash256 hash = signing_hash(operation, network_id);
  SignedOperation out{std::move(operation), {}};
  for (const auto& key : keys) out.signatures.push_back(secp256k1::sign(hash, key));
  return out;
}

Result<std::vector<Address>> signers(const SignedOperation& signed_op, std::uint64_t network_id) {
  const Hash256 hash = signing_hash(signed_op.operation, network_id);
  std::vector<Address> out;
  for (const auto& sig : signed_op.signatures) {
    PLEXUS_TRY(const Address signer, secp256k1::recover_address(hash, sig, secp256k1::SRule::kLowS));
    if (std::find(out.begin(), out.end(), signer) == out.end()) out.push_back(signer);
  }
  return out;
}

}  // namespace plexus::platform
