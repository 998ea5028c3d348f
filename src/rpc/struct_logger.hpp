#pragma once
// go-ethereum's default tracer (the struct logger) for debug_traceTransaction and
// debug_traceCall: one entry per instruction with its pc, opcode, gas left, cost and depth, and
// as configured the stack, memory, storage touched (on SLOAD and SSTORE) and return data; the
// transaction's refund counter where it is not zero.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chain/subnet_chain.hpp"
#include "evm/tracer.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

struct StructLoggerConfig {
  bool disable_stack = false;
  bool disable_storage = false;
  bool enable_memory = false;
  bool enable_return_data = false;
  std::uint64_t limit = 0;  // the most entries kept; 0: no limit of the caller's
};

class StructLogger final : public evm::Tracer {
 public:
  // More entries, or more bytes of stacks, memory and return data kept, than these fail the
  // trace rather than build a reply no client could take.
  static constexpr std::size_t kMaxEntries = 1'000'000;
  static constexpr std::size_t kMaxBytes = 256u << 20;

  explicit StructLogger(StructLoggerConfig config) : config_(config) {}

  void on_enter(const evm::Message& msg) override;
  void on_exit(const evm::ExecResult& result, BytesView output) override;
  void on_step(const evm::Step& step) override;
  void on_frame_end(std::int32_t depth, evm::StatusCode status, std::int64_t gas_left) override;
  void on_execution_start(std::int64_t refund) override { refund_before_ = refund; }

  // {"gas", "failed", "returnValue", "structLogs"}; kLimitExceeded past kMaxEntries.
  [[nodiscard]] Result<json> result(const chain::CallOutcome& outcome) const;

 private:
  struct Entry {
    std::uint64_t pc = 0;
    std::uint8_t op = 0;
    std::int64_t gas = 0;
    std::int64_t cost = 0;
    std::int32_t depth = 0;
    std::int64_t refund = 0;
    std::vector<uint256> stack{};
    Bytes memory{};
    Bytes return_data{};
    std::optional<std::map<Bytes32, Bytes32>> storage{};
    std::string error{};
  };
  // The entry of depth `depth` whose cost waits for the next instruction there.
  struct Open {
    std::size_t entry = 0;
    std::int64_t returned = 0;  // gas the frames it started gave back
  };
  void close(std::int32_t depth, std::int64_t gas_now);

  StructLoggerConfig config_;
  std::vector<Entry> entries_;
  std::map<std::int32_t, Open> open_;
  std::vector<std::int32_t> frames_;  // depths of the frames entered and not yet left
  // The transaction's refund counter is the sum of the open frames' own counters (a callee's
  // joins its caller's when it succeeds) and what accrued before the top frame ran.
  std::int64_t refund_before_ = 0;
  std::map<std::int32_t, std::int64_t> frame_refund_;      // at each depth's last step
  std::map<Address, std::map<Bytes32, Bytes32>> storage_;  // slots seen, per contract
  std::size_t bytes_ = 0;  // of the stacks, memory and return data kept
  bool overflowed_ = false;
};

}  // namespace plexus::rpc
