// Instructions reading the environment, memory copies, hashing, storage and logs.
#include "core/hash.hpp"
#include "evm/instructions.hpp"

namespace plexus::evm::instr {
namespace {

constexpr std::int64_t kColdAccountExtra = 2500;  // EIP-2929: 2600 cold minus the 100 charged
constexpr std::int64_t kColdAccountCost = 2600;   // SELFDESTRUCT adds the whole cost
constexpr std::int64_t kColdSloadExtra = 2000;    // EIP-2929: 2100 cold minus the 100 charged
constexpr std::int64_t kColdSloadCost = 2100;
constexpr std::int64_t kSstoreStipendGuard = 2300;  // EIP-2200: SSTORE needs more than this
constexpr std::int64_t kCopyWordCost = 3;
constexpr std::int64_t kKeccakWordCost = 6;
constexpr std::int64_t kLogByteCost = 8;
constexpr std::int64_t kNewAccountCost = 25000;
constexpr std::int64_t kBlockhashWindow = 256;

[[nodiscard]] bool charge(std::int64_t& gas, std::int64_t cost) noexcept {
  return (gas -= cost) >= 0;
}

// Charges the EIP-2929 surcharge when `addr` is cold for this transaction.
[[nodiscard]] bool charge_account_access(Frame& f, std::int64_t& gas, const Address& addr) {
  return f.host->access_account(addr) == AccessStatus::kWarm || charge(gas, kColdAccountExtra);
}

// Memory expansion plus the per-word copy cost shared by the *COPY instructions.
[[nodiscard]] bool charge_copy(Frame& f, std::int64_t& gas, const uint256& dst,
                               const uint256& size) {
  if (!check_memory(f, gas, dst, size)) return false;
  return size.is_zero() ||
         charge(gas, kCopyWordCost * static_cast<std::int64_t>(num_words(size.limb(0))));
}

}  // namespace

StatusCode keccak256(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const uint256& offset = sp[-1];
  const uint256& size = sp[-2];
  if (!check_memory(f, gas, offset, size)) return StatusCode::kOutOfGas;
  const std::size_t n = static_cast<std::size_t>(size);
  if (!charge(gas, kKeccakWordCost * static_cast<std::int64_t>(num_words(n))))
    return StatusCode::kOutOfGas;
  const Byte* data = n ? &f.memory[static_cast<std::size_t>(offset)] : nullptr;
  sp[-2] = from_bytes32(plexus::keccak256(BytesView(data, n)));
  return StatusCode::kSuccess;
}

StatusCode balance(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const Address addr = to_address(sp[-1]);
  if (!charge_account_access(f, gas, addr)) return StatusCode::kOutOfGas;
  sp[-1] = from_bytes32(f.host->get_balance(addr));
  return StatusCode::kSuccess;
}

StatusCode extcodesize(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const Address addr = to_address(sp[-1]);
  if (!charge_account_access(f, gas, addr)) return StatusCode::kOutOfGas;
  sp[-1] = static_cast<std::uint64_t>(f.host->get_code_size(addr));
  return StatusCode::kSuccess;
}

StatusCode extcodehash(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const Address addr = to_address(sp[-1]);
  if (!charge_account_access(f, gas, addr)) return StatusCode::kOutOfGas;
  sp[-1] = from_bytes32(f.host->get_code_hash(addr));
  return StatusCode::kSuccess;
}

StatusCode extcodecopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const Address addr = to_address(sp[-1]);
  const uint256& dst = sp[-2];
  const uint256& offset = sp[-3];
  const uint256& size = sp[-4];
  if (!charge_copy(f, gas, dst, size)) return StatusCode::kOutOfGas;
  if (!charge_account_access(f, gas, addr)) return StatusCode::kOutOfGas;
  if (size.is_zero()) return StatusCode::kSuccess;
  const std::size_t n = static_cast<std::size_t>(size);
  Byte* out = &f.memory[static_cast<std::size_t>(dst)];
  std::size_t copied = 0;
  if (fits_uint64(offset))
    copied = f.host->copy_code(addr, static_cast<std::size_t>(offset), std::span<Byte>(out, n));
  if (copied < n) std::memset(out + copied, 0, n - copied);
  return StatusCode::kSuccess;
}

void selfbalance(Frame& f, uint256* sp) noexcept {
  sp[0] = from_bytes32(f.host->get_balance(f.msg->recipient));
}

StatusCode calldatacopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  if (!charge_copy(f, gas, sp[-1], sp[-3])) return StatusCode::kOutOfGas;
  if (!sp[-3].is_zero())
    copy_padded(&f.memory[static_cast<std::size_t>(sp[-1])], f.msg->input, sp[-2],
                static_cast<std::size_t>(sp[-3]));
  return StatusCode::kSuccess;
}

StatusCode codecopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  if (!charge_copy(f, gas, sp[-1], sp[-3])) return StatusCode::kOutOfGas;
  if (!sp[-3].is_zero())
    copy_padded(&f.memory[static_cast<std::size_t>(sp[-1])], f.code->code(), sp[-2],
                static_cast<std::size_t>(sp[-3]));
  return StatusCode::kSuccess;
}

StatusCode returndatacopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const uint256& dst = sp[-1];
  const uint256& offset = sp[-2];
  const uint256& size = sp[-3];
  if (!charge_copy(f, gas, dst, size)) return StatusCode::kOutOfGas;
  // EIP-211: reading past the end is an exceptional halt, even for an empty range.
  const std::size_t available = f.return_data.size();
  if (!fits_uint64(offset) || offset.limb(0) > available ||
      (!size.is_zero() && size.limb(0) > available - offset.limb(0)))
    return StatusCode::kInvalidMemoryAccess;
  if (!size.is_zero())
    std::memcpy(&f.memory[static_cast<std::size_t>(dst)],
                f.return_data.data() + static_cast<std::size_t>(offset),
                static_cast<std::size_t>(size));
  return StatusCode::kSuccess;
}

StatusCode mcopy(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const uint256& dst = sp[-1];
  const uint256& src = sp[-2];
  const uint256& size = sp[-3];
  // Growth is charged for the final size, so covering the two ranges in turn costs the same as
  // covering the larger one.
  if (!check_memory(f, gas, src, size)) return StatusCode::kOutOfGas;
  if (!charge_copy(f, gas, dst, size)) return StatusCode::kOutOfGas;
  if (!size.is_zero())
    std::memmove(&f.memory[static_cast<std::size_t>(dst)], &f.memory[static_cast<std::size_t>(src)],
                 static_cast<std::size_t>(size));
  return StatusCode::kSuccess;
}

void blockhash(Frame& f, uint256* sp) noexcept {
  const std::int64_t current = f.tx_context().block_number;
  const uint256& number = sp[-1];
  const bool in_window = fits_uint64(number) &&
                         number.limb(0) < static_cast<std::uint64_t>(current) &&
                         static_cast<std::int64_t>(number.limb(0)) >= current - kBlockhashWindow;
  sp[-1] = in_window
               ? from_bytes32(f.host->get_block_hash(static_cast<std::int64_t>(number.limb(0))))
               : uint256{};
}

void blobhash(Frame& f, uint256* sp) noexcept {
  const auto& hashes = f.tx_context().blob_hashes;
  const uint256& index = sp[-1];
  sp[-1] = fits_uint64(index) && index.limb(0) < hashes.size()
               ? from_bytes32(hashes[static_cast<std::size_t>(index.limb(0))])
               : uint256{};
}

void tx_context_value(Frame& f, uint256* sp, std::uint8_t opcode) noexcept {
  const TxContext& tx = f.tx_context();
  uint256& out = sp[0];
  switch (opcode) {
    case kOrigin:
      out = from_address(tx.origin);
      break;
    case kGasprice:
      out = from_bytes32(tx.gas_price);
      break;
    case kCoinbase:
      out = from_address(tx.coinbase);
      break;
    case kTimestamp:
      out = static_cast<std::uint64_t>(tx.block_timestamp);
      break;
    case kNumber:
      out = static_cast<std::uint64_t>(tx.block_number);
      break;
    case kPrevrandao:
      out = from_bytes32(tx.prev_randao);
      break;
    case kGaslimit:
      out = static_cast<std::uint64_t>(tx.block_gas_limit);
      break;
    case kChainid:
      out = from_bytes32(tx.chain_id);
      break;
    case kBasefee:
      out = from_bytes32(tx.base_fee);
      break;
    case kBlobbasefee:
      out = from_bytes32(tx.blob_base_fee);
      break;
    default:
      out = 0;
      break;  // unreachable: the dispatch passes only the opcodes above
  }
}

StatusCode sload(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  const Bytes32 key = to_bytes32(sp[-1]);
  if (f.host->access_storage(f.msg->recipient, key) == AccessStatus::kCold &&
      !charge(gas, kColdSloadExtra))
    return StatusCode::kOutOfGas;
  sp[-1] = from_bytes32(f.host->get_storage(f.msg->recipient, key));
  return StatusCode::kSuccess;
}

namespace {
struct SstoreCost {
  std::int64_t gas;
  std::int64_t refund;
};
// EIP-2200 as amended by EIP-2929 (warm costs) and EIP-3529 (smaller clearing refund), indexed by
// StorageStatus; the cold surcharge is added separately.
constexpr SstoreCost kSstoreCosts[] = {
    {100, 0},      // kAssigned
    {20000, 0},    // kAdded
    {2900, 4800},  // kDeleted
    {2900, 0},     // kModified
    {100, -4800},  // kDeletedAdded
    {100, 4800},   // kModifiedDeleted
    {100, -2000},  // kDeletedRestored: -4800 + (2900 - 100)
    {100, 19900},  // kAddedDeleted: 20000 - 100
    {100, 2800},   // kModifiedRestored: 2900 - 100
};
}  // namespace

StatusCode sstore(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  if (f.msg->is_static) return StatusCode::kStaticModeViolation;
  if (gas <= kSstoreStipendGuard) return StatusCode::kOutOfGas;
  const Bytes32 key = to_bytes32(sp[-1]);
  const std::int64_t cold =
      f.host->access_storage(f.msg->recipient, key) == AccessStatus::kCold ? kColdSloadCost : 0;
  const StorageStatus status = f.host->set_storage(f.msg->recipient, key, to_bytes32(sp[-2]));
  const SstoreCost& cost = kSstoreCosts[static_cast<std::size_t>(status)];
  if (!charge(gas, cost.gas + cold)) return StatusCode::kOutOfGas;
  f.gas_refund += cost.refund;
  return StatusCode::kSuccess;
}

void tload(Frame& f, uint256* sp) noexcept {
  sp[-1] = from_bytes32(f.host->get_transient_storage(f.msg->recipient, to_bytes32(sp[-1])));
}

StatusCode tstore(Frame& f, uint256* sp) noexcept {
  if (f.msg->is_static) return StatusCode::kStaticModeViolation;
  f.host->set_transient_storage(f.msg->recipient, to_bytes32(sp[-1]), to_bytes32(sp[-2]));
  return StatusCode::kSuccess;
}

StatusCode log(Frame& f, uint256* sp, std::int64_t& gas, int topics) noexcept {
  if (f.msg->is_static) return StatusCode::kStaticModeViolation;
  const uint256& offset = sp[-1];
  const uint256& size = sp[-2];
  if (!check_memory(f, gas, offset, size)) return StatusCode::kOutOfGas;
  const std::size_t n = static_cast<std::size_t>(size);
  if (!charge(gas, kLogByteCost * static_cast<std::int64_t>(n))) return StatusCode::kOutOfGas;
  Bytes32 topic_words[4];
  for (int i = 0; i < topics; ++i) topic_words[i] = to_bytes32(sp[-3 - i]);
  const Byte* data = n ? &f.memory[static_cast<std::size_t>(offset)] : nullptr;
  f.host->emit_log(f.msg->recipient, BytesView(data, n),
                   std::span<const Bytes32>(topic_words, static_cast<std::size_t>(topics)));
  return StatusCode::kSuccess;
}

StatusCode selfdestruct(Frame& f, uint256* sp, std::int64_t& gas) noexcept {
  if (f.msg->is_static) return StatusCode::kStaticModeViolation;
  const Address beneficiary = to_address(sp[-1]);
  if (f.host->access_account(beneficiary) == AccessStatus::kCold && !charge(gas, kColdAccountCost))
    return StatusCode::kOutOfGas;
  if (!from_bytes32(f.host->get_balance(f.msg->recipient)).is_zero() &&
      !f.host->account_exists(beneficiary) && !charge(gas, kNewAccountCost))
    return StatusCode::kOutOfGas;
  f.host->selfdestruct(f.msg->recipient, beneficiary);
  return StatusCode::kSuccess;
}

}  // namespace plexus::evm::instr
