#include "rpc/reply_budget.hpp"

#include <malloc.h>

#include <string>

// gperftools' C entry point; null unless tcmalloc is linked into the executable.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace plexus::rpc {
namespace {

thread_local std::size_t t_left = 0;
thread_local bool t_active = false;
thread_local bool t_refused = false;

}  // namespace

ReplyBudget::Scope::Scope(std::size_t bytes) noexcept
    : previous_(t_left), previous_active_(t_active), previous_refused_(t_refused) {
  t_left = bytes;
  t_active = true;
  t_refused = false;
}

ReplyBudget::Scope::~Scope() {
  t_left = previous_;
  t_active = previous_active_;
  t_refused = previous_refused_;
}

bool ReplyBudget::Scope::refused() const noexcept { return t_refused; }

Result<void> ReplyBudget::charge(std::size_t bytes) {
  if (!t_active) return {};
  if (bytes > t_left) {
    t_refused = true;
    return fail(Errc::kLimitExceeded, "response too large: at least " + std::to_string(bytes) +
                                          " bytes, " + std::to_string(t_left) +
                                          " left of the reply size limit");
  }
  t_left -= bytes;
  return {};
}

void release_free_memory() noexcept {
  if (MallocExtension_ReleaseFreeMemory != nullptr) {
    MallocExtension_ReleaseFreeMemory();
  } else {
    malloc_trim(0);
  }
}

}  // namespace plexus::rpc
