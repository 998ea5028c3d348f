#include "core/transaction.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "core/hash.hpp"

namespace plexus::tx {
namespace {

struct ForkName {
  Fork fork;
  std::string_view name;
};
// The canonical name first; the test suites' aliases after it.
constexpr std::array kForkNames{
    ForkName{Fork::kFrontier, "Frontier"},
    ForkName{Fork::kHomestead, "Homestead"},
    ForkName{Fork::kTangerineWhistle, "TangerineWhistle"},
    ForkName{Fork::kSpuriousDragon, "SpuriousDragon"},
    ForkName{Fork::kByzantium, "Byzantium"},
    ForkName{Fork::kConstantinople, "Constantinople"},
    ForkName{Fork::kPetersburg, "Petersburg"},
    ForkName{Fork::kIstanbul, "Istanbul"},
    ForkName{Fork::kBerlin, "Berlin"},
    ForkName{Fork::kLondon, "London"},
    ForkName{Fork::kParis, "Paris"},
    ForkName{Fork::kShanghai, "Shanghai"},
    ForkName{Fork::kCancun, "Cancun"},
    ForkName{Fork::kPrague, "Prague"},
    ForkName{Fork::kOsaka, "Osaka"},
    ForkName{Fork::kTangerineWhistle, "EIP150"},
    ForkName{Fork::kSpuriousDragon, "EIP158"},
    ForkName{Fork::kPetersburg, "ConstantinopleFix"},
    ForkName{Fork::kParis, "Merge"},
};

constexpr std::uint64_t kTxGas = 21000;
constexpr std::uint64_t kTxCreateGas = 53000;
constexpr std::uint64_t kZeroByteGas = 4;
constexpr std::uint64_t kNonZeroByteGasFrontier = 68;
constexpr std::uint64_t kNonZeroByteGasIstanbul = 16;
constexpr std::uint64_t kAccessListAddressGas = 2400;
constexpr std::uint64_t kAccessListStorageKeyGas = 1900;
constexpr std::uint64_t kInitcodeWordGas = 2;

Fork first_fork_of(Type type) noexcept {
  switch (type) {
    case Type::kLegacy:
      return Fork::kFrontier;
    case Type::kAccessList:
      return Fork::kBerlin;
    case Type::kDynamicFee:
      return Fork::kLondon;
    case Type::kBlob:
      return Fork::kCancun;
    case Type::kSetCode:
      return Fork::kPrague;
  }
  return Fork::kPrague;
}

bool is_protected_legacy(const Transaction& tx) { return tx.type == Type::kLegacy && tx.v >= 35; }

Result<void> validate_blob_fields(const Transaction& tx) {
  if (tx.blob_versioned_hashes.empty())
    return fail(Errc::kValidation, "tx: a blob transaction needs at least one blob");
  if (tx.blob_versioned_hashes.size() > kMaxBlobsPerTransaction)
    return fail(Errc::kValidation,
                "tx: more than " + std::to_string(kMaxBlobsPerTransaction) + " blobs");
  for (const Hash256& h : tx.blob_versioned_hashes)
    if (h[0] != kBlobCommitmentVersionKzg)
      return fail(Errc::kValidation, "tx: blob versioned hash has an unknown version");
  return {};
}

}  // namespace

Result<Fork> parse_fork(std::string_view name) {
  for (const ForkName& f : kForkNames)
    if (f.name == name) return f.fork;
  return fail(Errc::kInvalidArgument, "unknown fork: " + std::string(name));
}

std::string_view fork_name(Fork fork) noexcept {
  for (const ForkName& f : kForkNames)
    if (f.fork == fork) return f.name;
  return "unknown";
}

const uint256& Transaction::fee_cap() const noexcept {
  return type == Type::kLegacy || type == Type::kAccessList ? gas_price : max_fee_per_gas;
}

const uint256& Transaction::tip_cap() const noexcept {
  return type == Type::kLegacy || type == Type::kAccessList ? gas_price : max_priority_fee_per_gas;
}

Hash256 hash(const Transaction& tx) { return keccak256(encode(tx)); }
Hash256 signing_hash(const Transaction& tx) { return keccak256(signing_payload(tx)); }

void sign(Transaction& tx, const secp256k1::PrivateKey& key) {
  const secp256k1::RecoverableSignature sig = secp256k1::sign(signing_hash(tx), key);
  tx.r = from_bytes32(sig.r);
  tx.s = from_bytes32(sig.s);
  if (tx.type != Type::kLegacy)
    tx.v = sig.recovery_id;
  else if (tx.chain_id != 0)
    tx.v = tx.chain_id * 2 + 35 + sig.recovery_id;
  else
    tx.v = 27 + sig.recovery_id;
}

Result<Address> recover_sender(const Transaction& tx, Fork fork) {
  std::uint8_t recovery_id = 0;
  if (tx.type != Type::kLegacy) {
    if (tx.v > 1) return fail(Errc::kValidation, "tx: y parity must be 0 or 1");
    recovery_id = static_cast<std::uint8_t>(static_cast<std::uint64_t>(tx.v));
  } else if (tx.v == 27 || tx.v == 28) {
    recovery_id = static_cast<std::uint8_t>(static_cast<std::uint64_t>(tx.v) - 27);
  } else if (is_protected_legacy(tx) && fork >= Fork::kSpuriousDragon) {
    recovery_id = static_cast<std::uint8_t>(static_cast<std::uint64_t>((tx.v - 35) % 2));
  } else {
    return fail(Errc::kValidation, "tx: invalid signature v " + to_hex_string(tx.v));
  }
  if (tx.r >= from_bytes32(secp256k1::kCurveOrder) || tx.s >= from_bytes32(secp256k1::kCurveOrder))
    return fail(Errc::kValidation, "tx: signature r or s not below the curve order");
  const secp256k1::RecoverableSignature sig{to_bytes32(tx.r), to_bytes32(tx.s), recovery_id};
  const auto rule = fork >= Fork::kHomestead ? secp256k1::SRule::kLowS : secp256k1::SRule::kAnyS;
  return secp256k1::recover_address(signing_hash(tx), sig, rule);
}

std::uint64_t intrinsic_gas(const Transaction& tx, Fork fork) noexcept {
  std::uint64_t gas = tx.is_create() && fork >= Fork::kHomestead ? kTxCreateGas : kTxGas;
  const std::uint64_t non_zero_cost =
      fork >= Fork::kIstanbul ? kNonZeroByteGasIstanbul : kNonZeroByteGasFrontier;
  for (Byte b : tx.data) gas += b == 0 ? kZeroByteGas : non_zero_cost;
  if (tx.is_create() && fork >= Fork::kShanghai)
    gas += kInitcodeWordGas * ((static_cast<std::uint64_t>(tx.data.size()) + 31) / 32);
  for (const AccessListEntry& e : tx.access_list)
    gas += kAccessListAddressGas + kAccessListStorageKeyGas * e.storage_keys.size();
  gas += kPerEmptyAccountGas * tx.authorization_list.size();
  return gas;
}

std::uint64_t calldata_floor_gas(const Transaction& tx, Fork fork) noexcept {
  constexpr std::uint64_t kFloorPerToken = 10;
  if (fork < Fork::kPrague) return 0;
  std::uint64_t tokens = 0;
  for (Byte b : tx.data) tokens += b == 0 ? 1 : 4;
  return kTxGas + kFloorPerToken * tokens;
}

Result<Address> recover_authority(const Authorization& auth) {
  if (auth.y_parity > 1) return fail(Errc::kValidation, "authorization: y parity must be 0 or 1");
  if (auth.r >= from_bytes32(secp256k1::kCurveOrder) || auth.r == 0 ||
      auth.s > from_bytes32(secp256k1::kHalfCurveOrder) || auth.s == 0)
    return fail(Errc::kValidation, "authorization: r must be below n and s at most n/2");
  const secp256k1::RecoverableSignature sig{
      to_bytes32(auth.r), to_bytes32(auth.s),
      static_cast<std::uint8_t>(static_cast<std::uint64_t>(auth.y_parity))};
  return secp256k1::recover_address(keccak256(authorization_signing_payload(auth)), sig,
                                    secp256k1::SRule::kLowS);
}

Bytes delegation_designator(const Address& target) {
  Bytes code(3 + Address::size(), 0);  // sized up front: GCC 12 misjudges growing inserts
  code[0] = 0xef;
  code[1] = 0x01;
  std::copy(target.bytes.begin(), target.bytes.end(), code.begin() + 3);
  return code;
}

std::optional<Address> delegation_target(BytesView code) noexcept {
  constexpr std::size_t kDesignatorSize = 23;
  if (code.size() != kDesignatorSize || code[0] != 0xef || code[1] != 0x01 || code[2] != 0x00)
    return std::nullopt;
  return Address::right_aligned(code.subspan(3));
}

std::optional<uint256> max_cost(const Transaction& tx) noexcept {
  const auto gas_cost = checked_mul(uint256(tx.gas_limit), tx.fee_cap());
  if (!gas_cost) return std::nullopt;
  const auto with_value = checked_add(*gas_cost, tx.value);
  if (!with_value) return std::nullopt;
  const auto blob_cost = checked_mul(uint256(kBlobGasPerBlob * tx.blob_versioned_hashes.size()),
                                     tx.max_fee_per_blob_gas);
  if (!blob_cost) return std::nullopt;
  return checked_add(*with_value, *blob_cost);
}

Result<Address> validate(const Transaction& tx, Fork fork, const uint256& chain_id,
                         const Address* certified_sender) {
  if (fork < first_fork_of(tx.type))
    return fail(Errc::kValidation, "tx: type " + std::to_string(static_cast<int>(tx.type)) +
                                       " is not supported before " +
                                       std::string(fork_name(first_fork_of(tx.type))));
  // EIP-2681: the nonce must stay incrementable.
  if (tx.nonce == std::numeric_limits<std::uint64_t>::max())
    return fail(Errc::kValidation, "tx: nonce 2^64-1 is not allowed");
  if (tx.tip_cap() > tx.fee_cap())
    return fail(Errc::kValidation, "tx: max priority fee per gas above max fee per gas");
  if (tx.gas_limit != 0 && tx.fee_cap() > ~uint256(0) / tx.gas_limit)
    return fail(Errc::kValidation, "tx: gas limit * fee per gas overflows 256 bits");
  if (tx.type == Type::kBlob) PLEXUS_CHECK(validate_blob_fields(tx));
  if (tx.type == Type::kSetCode && tx.authorization_list.empty())
    return fail(Errc::kValidation, "tx: a set-code transaction needs at least one authorization");
  if (fork >= Fork::kOsaka && tx.gas_limit > kMaxTxGasOsaka)
    return fail(Errc::kValidation, "tx: gas limit above the 2^24 transaction cap (EIP-7825)");
  if (tx.is_create() && fork >= Fork::kShanghai && tx.data.size() > kMaxInitcodeSize)
    return fail(Errc::kValidation, "tx: initcode larger than " + std::to_string(kMaxInitcodeSize));
  // Before EIP-155 a v of 35 or more is simply an invalid v, which recover_sender reports.
  const bool has_chain_id =
      tx.type != Type::kLegacy || (is_protected_legacy(tx) && fork >= Fork::kSpuriousDragon);
  if (has_chain_id && tx.chain_id != chain_id)
    return fail(Errc::kValidation, "tx: chain id " + to_hex_string(tx.chain_id) +
                                       " does not match " + to_hex_string(chain_id));
  // The signature before the gas check, as clients do: a transaction with a bad signature is
  // reported as such whatever its gas limit.
  Address sender;
  if (certified_sender != nullptr) {
    sender = *certified_sender;
  } else {
    PLEXUS_TRY(sender, recover_sender(tx, fork));
  }
  if (intrinsic_gas(tx, fork) > tx.gas_limit)
    return fail(Errc::kValidation, "tx: gas limit below intrinsic gas");
  if (calldata_floor_gas(tx, fork) > tx.gas_limit)
    return fail(Errc::kValidation, "tx: gas limit below the calldata floor (EIP-7623)");
  return sender;
}

}  // namespace plexus::tx
