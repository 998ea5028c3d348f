#include "rpc/reply_gate.hpp"

#include <algorithm>

namespace plexus::rpc {
namespace {

thread_local ReplyGate* t_current = nullptr;

}  // namespace

ReplyGate* ReplyGate::current() noexcept { return t_current; }

ReplyGate::Scope::Scope(ReplyGate& gate) noexcept : previous_(t_current) { t_current = &gate; }

ReplyGate::Scope::~Scope() { t_current = previous_; }

void ReplyGate::defer(Arm arm, std::chrono::milliseconds timeout) {
  arms_.push_back(std::move(arm));
  timeout_ = std::max(timeout_, timeout);
}

}  // namespace plexus::rpc
