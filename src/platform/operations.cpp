#include "platform/operations.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "platform/fields.hpp"

namespace plexus::platform {
namespace {

constexpr std::string_view kDomain = "plexus-platform";
constexpr std::uint8_t kAllVms = 0b111;

// rlp([operation, issuer, nonce]): the part of a signed operation the signatures cover.
Bytes signed_body(const Operation& operation, const Address& issuer, std::uint64_t nonce) {
  const Bytes f[] = {encode_operation(operation), rlp::encode_string(issuer.view()),
                     rlp::encode_uint(nonce)};
  return rlp::encode_list(f);
}

}  // namespace

uint256 plx(std::uint64_t whole) { return uint256(whole) * uint256(1'000'000'000'000'000'000ULL); }

const uint256& min_validator_stake() {
  static const uint256 stake = plx(2000);
  return stake;
}

std::string_view vm_name(VmKind vm) noexcept {
  switch (vm) {
    case VmKind::kEvm:
      return "evm";
    case VmKind::kWasm:
      return "wasm";
    case VmKind::kMove:
      return "move";
  }
  return "unknown";
}

std::string_view consensus_name(ConsensusKind consensus) noexcept {
  switch (consensus) {
    case ConsensusKind::kDev:
      return "dev";
    case ConsensusKind::kBft:
      return "bft";
    case ConsensusKind::kSnowman:
      return "snowman";
  }
  return "unknown";
}

std::vector<VmKind> VmSet::list() const {
  std::vector<VmKind> out;
  for (const VmKind vm : {VmKind::kEvm, VmKind::kWasm, VmKind::kMove})
    if (contains(vm)) out.push_back(vm);
  return out;
}

VmKind VmSet::first() const {
  const auto vms = list();
  return vms.empty() ? VmKind::kEvm : vms.front();
}

Result<VmSet> VmSet::from_bits(std::uint64_t bits) {
  if ((bits & ~std::uint64_t{kAllVms}) != 0)
    return fail(Errc::kDecode, "platform operation: unknown VM in the VM set");
  VmSet out;
  out.bits_ = static_cast<std::uint8_t>(bits);
  return out;
}

Bytes encode_signed(const SignedOperation& signed_op) {
  std::vector<Bytes> signatures;
  for (const auto& sig : signed_op.signatures) {
    const Bytes f[] = {rlp::encode_uint(sig.recovery_id),
                       rlp::encode_string(rlp::trim_leading_zeros(sig.r.view())),
                       rlp::encode_string(rlp::trim_leading_zeros(sig.s.view()))};
    signatures.push_back(rlp::encode_list(f));
  }
  const Bytes f[] = {encode_operation(signed_op.operation),
                     rlp::encode_string(signed_op.issuer.view()), rlp::encode_uint(signed_op.nonce),
                     rlp::encode_list(signatures)};
  return rlp::encode_list(f);
}

Result<SignedOperation> decode_signed(BytesView encoded) {
  constexpr std::string_view kWhat = "signed platform operation";
  PLEXUS_TRY(const auto f, fields::list(encoded, 4, kWhat));
  if (!f[0].is_list) return fail(Errc::kDecode, "signed platform operation: operation");
  SignedOperation out;
  PLEXUS_TRY(out.operation, decode_operation(f[0].encoded));
  PLEXUS_TRY(out.issuer, fields::read_address(f[1], kWhat));
  PLEXUS_TRY(out.nonce, rlp::to_uint64(f[2]));
  PLEXUS_TRY(const auto signatures, fields::items(f[3], kWhat));
  for (const rlp::Item& item : signatures) {
    PLEXUS_TRY(const auto sig, fields::items(item, kWhat));
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

Hash256 signing_hash(const Operation& operation, const Address& issuer, std::uint64_t nonce,
                     std::uint64_t network_id) {
  Bytes message(kDomain.begin(), kDomain.end());
  for (int shift = 56; shift >= 0; shift -= 8)
    message.push_back(static_cast<Byte>(network_id >> shift));
  const Bytes body = signed_body(operation, issuer, nonce);
  message.insert(message.end(), body.begin(), body.end());
  return keccak256(message);
}

SignedOperation sign_operation(Operation operation, std::uint64_t network_id, std::uint64_t nonce,
                               std::span<const secp256k1::PrivateKey> keys) {
  const Address issuer = keys.empty() ? Address{} : keys.front().address();
  const Hash256 hash = signing_hash(operation, issuer, nonce, network_id);
  SignedOperation out{std::move(operation), issuer, nonce, {}};
  for (const auto& key : keys) out.signatures.push_back(secp256k1::sign(hash, key));
  return out;
}

Result<std::vector<Address>> signers(const SignedOperation& signed_op, std::uint64_t network_id) {
  const Hash256 hash =
      signing_hash(signed_op.operation, signed_op.issuer, signed_op.nonce, network_id);
  std::vector<Address> out;
  for (const auto& sig : signed_op.signatures) {
    PLEXUS_TRY(const Address signer,
               secp256k1::recover_address(hash, sig, secp256k1::SRule::kLowS));
    if (std::find(out.begin(), out.end(), signer) == out.end()) out.push_back(signer);
  }
  return out;
}

}  // namespace plexus::platform
