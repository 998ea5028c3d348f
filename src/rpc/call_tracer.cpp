#include "rpc/call_tracer.hpp"

#include "core/hex.hpp"
#include "evm/opcodes.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {

void CallTracer::on_enter(const evm::Message& msg) {
  Frame frame;
  frame.gas = msg.gas;
  frame.input.assign(msg.input.begin(), msg.input.end());
  frame.from = msg.sender;
  frame.to = msg.recipient;
  frame.value = from_bytes32(msg.value);
  switch (msg.kind) {
    case evm::CallKind::kCreate: frame.type = "CREATE"; break;
    case evm::CallKind::kCreate2: frame.type = "CREATE2"; break;
    case evm::CallKind::kDelegateCall:
    case evm::CallKind::kCallCode:
      // The frame runs the callee's code for the calling contract: go-ethereum shows the
      // calling contract as `from` and the code's account as `to`.
      frame.type = msg.kind == evm::CallKind::kDelegateCall ? "DELEGATECALL" : "CALLCODE";
      frame.from = msg.recipient;
      frame.to = msg.code_address;
      if (msg.kind == evm::CallKind::kDelegateCall) frame.value.reset();
      break;
    case evm::CallKind::kCall:
      // STATICCALL reaches the Host as a static kCall; a CALL inside a static frame is static
      // too, so the instruction tells them apart.
      frame.type = msg.depth > 0 && last_op_ == evm::kStaticcall ? "STATICCALL" : "CALL";
      if (frame.type == "STATICCALL") frame.value.reset();
      break;
  }
  open_.push_back(std::move(frame));
}

void CallTracer::on_exit(const evm::ExecResult& result, BytesView output) {
  if (open_.empty()) return;
  Frame frame = std::move(open_.back());
  open_.pop_back();
  frame.gas_used = frame.gas - result.gas_left;
  if (result.status == evm::StatusCode::kSuccess) {
    frame.output.assign(output.begin(), output.end());
  } else {
    frame.error = failure_message(result.status);
    if (frame.type == "CREATE" || frame.type == "CREATE2") frame.to.reset();
    if (result.status == evm::StatusCode::kRevert) {
      frame.output.assign(output.begin(), output.end());
      if (auto reason = decode_error_string(output)) frame.revert_reason = std::move(*reason);
    }
  }
  if (open_.empty()) {
    top_ = std::move(frame);
  } else if (!only_top_call_) {
    open_.back().calls.push_back(std::move(frame));
  }
}

json CallTracer::frame_json(const Frame& frame) {
  json out = {{"type", frame.type},
              {"from", to_hex(frame.from)},
              {"gas", quantity(static_cast<std::uint64_t>(std::max<std::int64_t>(frame.gas, 0)))},
              {"gasUsed",
               quantity(static_cast<std::uint64_t>(std::max<std::int64_t>(frame.gas_used, 0)))},
              {"input", to_hex(frame.input)}};
  if (frame.to) out["to"] = to_hex(*frame.to);
  if (frame.value) out["value"] = quantity(*frame.value);
  if (!frame.output.empty()) out["output"] = to_hex(frame.output);
  if (!frame.error.empty()) out["error"] = frame.error;
  if (!frame.revert_reason.empty()) out["revertReason"] = frame.revert_reason;
  if (!frame.calls.empty()) {
    json calls = json::array();
    for (const Frame& call : frame.calls) calls.push_back(frame_json(call));
    out["calls"] = std::move(calls);
  }
  return out;
}

json CallTracer::result(std::uint64_t gas_limit, std::uint64_t gas_used) const {
  if (!top_) return json::object();
  json out = frame_json(*top_);
  out["gas"] = quantity(gas_limit);
  out["gasUsed"] = quantity(gas_used);
  return out;
}

}  // namespace plexus::rpc
