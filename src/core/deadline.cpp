#include "core/deadline.hpp"

#include <algorithm>

namespace plexus::deadline {
namespace {

thread_local Clock::time_point t_at;
thread_local bool t_active = false;
thread_local bool t_hit = false;

}  // namespace

bool detail::poll() noexcept {
  if (t_hit) {
    t_countdown = 1;  // every later poll fails too
    return true;
  }
  t_countdown = kPollInterval;
  if (!t_active || Clock::now() < t_at) return false;
  t_hit = true;
  t_countdown = 1;
  return true;
}

Scope::Scope(Clock::time_point at) noexcept
    : previous_at_(t_at), previous_active_(t_active), previous_hit_(t_hit) {
  t_at = t_active ? std::min(t_at, at) : at;
  t_active = true;
  t_hit = false;
  detail::t_countdown = kPollInterval;
}

Scope::~Scope() {
  t_at = previous_at_;
  t_active = previous_active_;
  t_hit = previous_hit_;
  detail::t_countdown = t_hit ? 1 : kPollInterval;
}

bool Scope::hit() const noexcept { return t_hit; }

}  // namespace plexus::deadline
