#pragma once
// Observation of an execution for debug_traceTransaction and debug_traceCall. The Host reports
// each frame it runs (on_enter before, on_exit after, precompiles and foreign VMs included); the
// interpreter reports each instruction before it runs and the end of each EVM frame. Tracing
// runs a separate instantiation of the dispatch loop, so an untraced execution pays nothing.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evm/host.hpp"

namespace plexus::evm {

// One instruction about to run. Spans point into the live frame: copy what is kept.
struct Step {
  std::uint64_t pc = 0;
  std::uint8_t op = 0;
  std::int64_t gas = 0;            // gas left before the instruction
  std::int32_t depth = 0;          // Message::depth of the frame (0 for the transaction's)
  std::span<const uint256> stack;  // bottom first
  BytesView memory;
  BytesView return_data;             // the last nested call's output
  const Address* address = nullptr;  // the account the code acts on
  Host* host = nullptr;              // for reading storage (get_storage has no side effects)
  std::int64_t refund = 0;  // the frame's own refund counter (its finished callees' included)
};

// The accounts a transaction names, reported before its gas is bought.
struct TxStart {
  Address sender;
  Address recipient;  // the destination, or the address a creation makes
  bool create = false;
  Address coinbase;
  std::vector<Address> authorities;  // EIP-7702: the signers the authorizations recover to
};

class Tracer {
 public:
  virtual ~Tracer() = default;
  // A frame starts; for creates msg.recipient is the new address.
  virtual void on_enter(const Message& msg) { (void)msg; }
  // The frame `on_enter` announced ended; for a successful create `output` is the code installed.
  virtual void on_exit(const ExecResult& result, BytesView output) {
    (void)result;
    (void)output;
  }
  virtual void on_step(const Step& step) { (void)step; }
  // The transaction starts: `state` holds the state before it (and stays the live state until
  // on_tx_end, so a tracer may read it meanwhile).
  virtual void on_tx_start(const exec::State& state, const TxStart& tx) {
    (void)state;
    (void)tx;
  }
  // The top frame is about to run; `refund` is what the transaction accrued before it (EIP-7702
  // authorizations of existing accounts).
  virtual void on_execution_start(std::int64_t refund) { (void)refund; }
  // The transaction ended with its fees paid, before end-of-transaction deletions.
  virtual void on_tx_end(const exec::State& state) { (void)state; }
  // The EVM frame at `depth` stopped with `status` and `gas_left` (negative or zero when it ran
  // out), after its last instruction; before the Host's on_exit for it.
  virtual void on_frame_end(std::int32_t depth, StatusCode status, std::int64_t gas_left) {
    (void)depth;
    (void)status;
    (void)gas_left;
  }
};

// "PUSH1", "SSTORE", ... as go-ethereum names them; "opcode 0xc not defined" for a gap.
[[nodiscard]] std::string opcode_name(std::uint8_t op);

}  // namespace plexus::evm
