#pragma once
// go-ethereum's callTracer for debug_traceTransaction and debug_traceCall: the tree of frames
// (calls, creates, precompiles) with their type, addresses, value, gas, input, output and error.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/subnet_chain.hpp"
#include "evm/tracer.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

class CallTracer final : public evm::Tracer {
 public:
  // `only_top_call`: tracerConfig.onlyTopCall, nested frames are left out.
  explicit CallTracer(bool only_top_call) : only_top_call_(only_top_call) {}

  void on_enter(const evm::Message& msg) override;
  void on_exit(const evm::ExecResult& result, BytesView output) override;
  void on_step(const evm::Step& step) override { last_op_ = step.op; }

  // The top frame, with the transaction's gas limit and gas used as go-ethereum gives them.
  [[nodiscard]] json result(std::uint64_t gas_limit, std::uint64_t gas_used) const;

 private:
  struct Frame {
    std::string type;
    Address from;
    std::optional<Address> to;
    std::optional<uint256> value;
    std::int64_t gas = 0;
    std::int64_t gas_used = 0;
    Bytes input;
    Bytes output;
    std::string error;
    std::string revert_reason;
    std::vector<Frame> calls;
  };
  [[nodiscard]] static json frame_json(const Frame& frame);

  bool only_top_call_;
  std::uint8_t last_op_ = 0;  // the instruction that started the frame being entered
  std::vector<Frame> open_;   // entered, not yet left; the top frame first
  std::optional<Frame> top_;
};

}  // namespace plexus::rpc
