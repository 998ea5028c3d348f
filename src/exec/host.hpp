#pragma once
// The execution layer's seam: what every VM may ask of the world (Host) and what the world asks
// of every VM (Vm). A subnet enables one or several VMs over one state; a call from any VM into
// any account goes back through Host::call, which dispatches on the callee's code kind, moves the
// value and undoes every write of every VM below it when the callee does not succeed. VMs never
// see consensus, networking or storage engines: only this interface.
//
// Units: gas is the subnet's one gas unit (the EVM's); each VM's meter charges in it. Addresses
// are 20 bytes for every VM (a Move address is the same bytes left-padded to 32).
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/bytes.hpp"
#include "core/uint256.hpp"

namespace plexus::exec {

// What runs when an account is called. Move modules are not account code: they live in their
// publisher's storage (Namespace::kMoveModule) and are reached through kMoveRouter.
enum class CodeKind : std::uint8_t { kNone = 0, kEvm = 1, kWasm = 2, kMove = 3 };

// The byte-keyed storage spaces beside the EVM's 32-byte slots. All of them are committed into
// the account's one storage trie.
enum class Namespace : std::uint8_t {
  kWasm = 'w',          // a WASM contract's own keys
  kMoveResource = 'r',  // a Move resource by its struct tag ("0x1::coin::Balance<...>")
  kMoveModule = 'm',    // a published Move module by its name
};

// The account that Move entry calls and EVM -> Move calls are sent to, with the BCS envelope of
// docs/EXECUTION.md as data.
inline const Address kMoveRouter = [] {
  Address a{};
  a[17] = 0x0a;
  a[18] = 0x11;
  a[19] = 0xce;
  return a;
}();

// The account every VM calls to send a cross-subnet message (docs/MESSAGING.md, Sending): its
// code is native, "MSG" in its last bytes.
inline const Address kMessenger = [] {
  Address a{};
  a[17] = 'M';
  a[18] = 'S';
  a[19] = 'G';
  return a;
}();

inline constexpr std::int32_t kMaxCallDepth = 1024;  // across all VMs together

enum class CallStatus : std::uint8_t {
  kSuccess,
  kRevert,     // the callee chose to fail; output holds its revert data
  kOutOfGas,   // all gas of the call is gone
  kFailure,    // anything else (bad input, trap, depth, insufficient balance); see error
};

struct CallMessage {
  Address sender;     // msg.sender / the Move signer
  Address recipient;  // whose code runs and whose storage it acts on
  uint256 value = 0;  // moved from sender to recipient before the code runs
  BytesView input;    // calldata, Solidity ABI for WASM, the BCS envelope for kMoveRouter
  std::int64_t gas = 0;
  std::int32_t depth = 0;  // 0 for the transaction's own call
  bool is_static = false;  // no state change allowed below this call
};

struct CallResult {
  CallStatus status = CallStatus::kFailure;
  std::int64_t gas_left = 0;
  Bytes output;       // return data, or revert data for kRevert
  std::string error;  // why, for kFailure / kOutOfGas (shown to users; not consensus data)
};

struct BlockContext {
  std::int64_t number = 0;
  std::int64_t timestamp = 0;
  std::int64_t gas_limit = 0;
  Address coinbase;
  uint256 chain_id = 0;
  uint256 base_fee = 0;
  Address origin;  // the transaction's signer
  uint256 gas_price = 0;
  // The platform-chain height this block reads the primary network at (the bft engine's epoch
  // height, the dev engine's height when it built the block); 0 when the chain names none. The
  // messenger checks certificates against the source subnet's stake at this height, so every
  // node decides a delivery alike (docs/MESSAGING.md, Acceptance).
  std::uint64_t platform_height = 0;
};

class Host {
 public:
  virtual ~Host() = default;

  [[nodiscard]] virtual uint256 balance(const Address& addr) = 0;
  [[nodiscard]] virtual CodeKind code_kind(const Address& addr) = 0;
  [[nodiscard]] virtual Hash256 code_hash(const Address& addr) = 0;  // keccak of empty if none
  [[nodiscard]] virtual Bytes code(const Address& addr) = 0;
  // Installs code on an account created by the current call (contract creation).
  virtual void set_code(const Address& addr, CodeKind kind, Bytes code) = 0;

  // Byte-keyed storage; nullopt means absent (an empty value is a value).
  [[nodiscard]] virtual std::optional<Bytes> load(const Address& addr, Namespace space,
                                                  BytesView key) = 0;
  // nullopt erases. Journaled: undone if an enclosing call fails.
  virtual void store(const Address& addr, Namespace space, BytesView key,
                     std::optional<Bytes> value) = 0;

  // An Ethereum-format log; journaled like storage.
  virtual void emit_log(const Address& addr, std::span<const Bytes32> topics, BytesView data) = 0;

  [[nodiscard]] virtual const BlockContext& block() = 0;

  // A nested call into any account of any VM (msg.depth must be the caller's depth + 1). Moves
  // the value, runs the callee's VM, and on anything but kSuccess undoes all the callee did.
  [[nodiscard]] virtual CallResult call(const CallMessage& msg) = 0;
};

class Vm {
 public:
  virtual ~Vm() = default;
  // Runs the recipient's code for `msg`. The host has already moved the value and will undo
  // everything if the result is not kSuccess.
  [[nodiscard]] virtual CallResult execute(Host& host, const CallMessage& msg) = 0;
  // Contract creation: `msg.recipient` is the new (empty) account and `msg.input` the creation
  // payload this VM recognised (see accepts_creation). Installs the code with Host::set_code and
  // runs any constructor; output is empty on success.
  [[nodiscard]] virtual CallResult create(Host& host, const CallMessage& msg) = 0;
  // Whether a creation payload is meant for this VM (by its magic prefix).
  [[nodiscard]] virtual bool accepts_creation(BytesView payload) const = 0;
};

// The VMs a subnet enables besides the EVM, which is always there (nullptr: not enabled).
struct ForeignVms {
  Vm* wasm = nullptr;
  Vm* move = nullptr;
  Vm* messenger = nullptr;  // the native code at kMessenger, where the node gives one
};

}  // namespace plexus::exec
