#pragma once
// The narrow boundary between the EVM interpreter and the world, in the style of EVMC: the
// interpreter asks a Host for accounts, storage, calls and logs and never touches state itself,
// so the same interpreter runs under the state-test harness and inside the multi-VM host.
// Words cross the boundary as big-endian Bytes32, so the boundary does not depend on how uint256
// is implemented.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "exec/state.hpp"

namespace plexus::evm {

// Prague: EIP-7702, EIP-2537, EIP-2935, EIP-7623; Osaka: EIP-7939, EIP-7951, EIP-7825,
// EIP-7823/7883 (docs/EXECUTION.md).
enum class Revision : std::uint8_t { kLondon, kParis, kShanghai, kCancun, kPrague, kOsaka };
// "Cancun", "prague", ... (any case; "Merge" is Paris); nullopt for a fork not supported here.
[[nodiscard]] std::optional<Revision> parse_revision(std::string_view name) noexcept;
[[nodiscard]] std::string_view revision_name(Revision rev) noexcept;

enum class StatusCode : std::uint8_t {
  kSuccess,
  kFailure,  // generic failure (e.g. a precompile rejected its input)
  kRevert,
  kOutOfGas,
  kInvalidInstruction,    // INVALID (0xfe)
  kUndefinedInstruction,  // an opcode not defined in this revision
  kStackOverflow,
  kStackUnderflow,
  kBadJumpDestination,
  kInvalidMemoryAccess,  // RETURNDATACOPY out of bounds
  kCallDepthExceeded,
  kStaticModeViolation,
  kInsufficientBalance,
  kArgumentOutOfRange,
  kContractValidationFailure,  // created code starts with 0xEF (EIP-3541) or is too large
  kCreateCollision,
  kInternalError,
};

enum class CallKind : std::uint8_t { kCall, kDelegateCall, kCallCode, kCreate, kCreate2 };

struct Message {
  CallKind kind = CallKind::kCall;
  bool is_static = false;
  std::int32_t depth = 0;
  std::int64_t gas = 0;
  Address recipient;     // the account whose storage/balance the code acts on
  Address sender;        // CALLER
  Address code_address;  // whose code runs (differs from recipient for DELEGATECALL/CALLCODE)
  BytesView input;
  Bytes32 value;
  Bytes32 create2_salt;
};

struct ExecResult {
  StatusCode status = StatusCode::kInternalError;
  std::int64_t gas_left = 0;
  std::int64_t gas_refund = 0;
  Bytes output;
  Address create_address;  // for CREATE/CREATE2 that succeeded
};

struct TxContext {
  Bytes32 gas_price;
  Address origin;
  Address coinbase;
  std::int64_t block_number = 0;
  std::int64_t block_timestamp = 0;
  std::int64_t block_gas_limit = 0;
  Bytes32 prev_randao;
  Bytes32 chain_id;
  Bytes32 base_fee;
  Bytes32 blob_base_fee;
  std::vector<Hash256> blob_hashes;
  // Not the EVM's: the platform height the block reads the primary network at, for the
  // messenger's certificate checks (exec::BlockContext).
  std::uint64_t platform_height = 0;
};

// Warm/cold and SSTORE classification belong to the shared world state (exec/state.hpp).
using exec::AccessStatus;
using exec::StorageStatus;

class Tracer;  // evm/tracer.hpp

class Host {
 public:
  virtual ~Host() = default;

  [[nodiscard]] virtual bool account_exists(const Address& addr) = 0;
  [[nodiscard]] virtual Bytes32 get_storage(const Address& addr, const Bytes32& key) = 0;
  virtual StorageStatus set_storage(const Address& addr, const Bytes32& key,
                                    const Bytes32& value) = 0;
  [[nodiscard]] virtual Bytes32 get_balance(const Address& addr) = 0;
  [[nodiscard]] virtual std::size_t get_code_size(const Address& addr) = 0;
  [[nodiscard]] virtual Bytes32 get_code_hash(const Address& addr) = 0;  // 0 for non-existent
  // Copies code[offset, offset + out.size()) into out; returns bytes copied.
  virtual std::size_t copy_code(const Address& addr, std::size_t offset, std::span<Byte> out) = 0;
  // Returns true if the account was not already registered for destruction.
  virtual bool selfdestruct(const Address& addr, const Address& beneficiary) = 0;
  [[nodiscard]] virtual ExecResult call(const Message& msg) = 0;
  [[nodiscard]] virtual TxContext get_tx_context() = 0;
  [[nodiscard]] virtual Hash256 get_block_hash(std::int64_t number) = 0;
  virtual void emit_log(const Address& addr, BytesView data, std::span<const Bytes32> topics) = 0;
  virtual AccessStatus access_account(const Address& addr) = 0;
  virtual AccessStatus access_storage(const Address& addr, const Bytes32& key) = 0;
  [[nodiscard]] virtual Bytes32 get_transient_storage(const Address& addr, const Bytes32& key) = 0;
  virtual void set_transient_storage(const Address& addr, const Bytes32& key,
                                     const Bytes32& value) = 0;
  // The tracer watching this execution (debug_trace*), or nullptr: the interpreter then runs its
  // untraced loop.
  [[nodiscard]] virtual Tracer* tracer() { return nullptr; }
};

}  // namespace plexus::evm
