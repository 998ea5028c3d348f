#include "rpc/struct_logger.hpp"

#include "core/hex.hpp"
#include "evm/opcodes.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {

void StructLogger::close(std::int32_t depth, std::int64_t gas_now) {
  const auto it = open_.find(depth);
  if (it == open_.end()) return;
  Entry& entry = entries_[it->second.entry];
  // A CALL or CREATE is charged the gas it passes on, as go-ethereum reports it: what came back
  // from the frame it started is added to what the caller was left with.
  entry.cost = entry.gas - gas_now + it->second.returned;
  open_.erase(it);
}

void StructLogger::on_enter(const evm::Message& msg) { frames_.push_back(msg.depth); }

void StructLogger::on_exit(const evm::ExecResult& result, BytesView) {
  if (frames_.empty()) return;
  const std::int32_t depth = frames_.back();
  frames_.pop_back();
  if (const auto it = open_.find(depth - 1); it != open_.end())
    it->second.returned += result.gas_left;
}

void StructLogger::on_step(const evm::Step& step) {
  close(step.depth, step.gas);
  frame_refund_[step.depth] = step.refund;
  if (overflowed_ || (config_.limit != 0 && entries_.size() >= config_.limit)) return;
  const std::size_t bytes = (config_.disable_stack ? 0 : step.stack.size() * 32) +
                            (config_.enable_memory ? step.memory.size() : 0) +
                            (config_.enable_return_data ? step.return_data.size() : 0);
  if (entries_.size() >= kMaxEntries || bytes_ + bytes > kMaxBytes) {
    overflowed_ = true;
    return;
  }
  bytes_ += bytes;
  Entry entry{.pc = step.pc, .op = step.op, .gas = step.gas, .depth = step.depth};
  entry.refund = refund_before_;
  for (auto it = frame_refund_.begin(); it != frame_refund_.end() && it->first <= step.depth; ++it)
    entry.refund += it->second;
  if (!config_.disable_stack) entry.stack.assign(step.stack.begin(), step.stack.end());
  if (config_.enable_memory) entry.memory.assign(step.memory.begin(), step.memory.end());
  if (config_.enable_return_data)
    entry.return_data.assign(step.return_data.begin(), step.return_data.end());
  const bool touches_storage = step.op == evm::kSload || step.op == evm::kSstore;
  if (!config_.disable_storage && touches_storage && step.address != nullptr) {
    const std::size_t height = step.stack.size();
    std::map<Bytes32, Bytes32>& slots = storage_[*step.address];
    if (step.op == evm::kSload && height >= 1) {
      const Bytes32 key = to_bytes32(step.stack[height - 1]);
      slots[key] = step.host->get_storage(*step.address, key);
    } else if (step.op == evm::kSstore && height >= 2) {
      slots[to_bytes32(step.stack[height - 1])] = to_bytes32(step.stack[height - 2]);
    }
    entry.storage = slots;
  }
  open_[step.depth] = Open{.entry = entries_.size(), .returned = 0};
  entries_.push_back(std::move(entry));
}

void StructLogger::on_frame_end(std::int32_t depth, evm::StatusCode status, std::int64_t gas_left) {
  const auto it = open_.find(depth);
  if (it == open_.end()) return;
  Entry& last = entries_[it->second.entry];
  close(depth, gas_left);
  if (status != evm::StatusCode::kSuccess && status != evm::StatusCode::kRevert)
    last.error = failure_message(status);
}

Result<json> StructLogger::result(const chain::CallOutcome& outcome) const {
  if (overflowed_)
    return fail(Errc::kLimitExceeded,
                "trace longer than " + std::to_string(kMaxEntries) + " steps or " +
                    std::to_string(kMaxBytes >> 20) +
                    " MB of stacks and memory; pass a smaller \"limit\" or disable fields");
  json logs = json::array();
  for (const Entry& e : entries_) {
    json log = {{"pc", e.pc},
                {"op", evm::opcode_name(e.op)},
                {"gas", e.gas},
                {"gasCost", e.cost},
                {"depth", e.depth + 1}};
    if (!config_.disable_stack) {
      json stack = json::array();
      for (const uint256& item : e.stack) stack.push_back(quantity(item));
      log["stack"] = std::move(stack);
    }
    if (config_.enable_memory) {
      json memory = json::array();
      for (std::size_t at = 0; at + 32 <= e.memory.size(); at += 32)
        memory.push_back(to_hex(BytesView(e.memory).subspan(at, 32), false));
      log["memory"] = std::move(memory);
    }
    if (config_.enable_return_data && !e.return_data.empty())
      log["returnData"] = to_hex(e.return_data);
    if (e.storage) {
      json storage = json::object();
      for (const auto& [key, value] : *e.storage)
        storage[to_hex(key, false)] = to_hex(value, false);
      log["storage"] = std::move(storage);
    }
    if (e.refund > 0) log["refund"] = e.refund;
    if (!e.error.empty()) log["error"] = e.error;
    logs.push_back(std::move(log));
  }
  const bool failed = outcome.status != evm::StatusCode::kSuccess;
  // Return data on success, the revert data on a revert, nothing on other failures.
  const bool keeps_output = !failed || outcome.status == evm::StatusCode::kRevert;
  return json{{"gas", outcome.gas_used},
              {"failed", failed},
              {"returnValue", to_hex(keeps_output ? BytesView(outcome.output) : BytesView{})},
              {"structLogs", std::move(logs)}};
}

}  // namespace plexus::rpc
