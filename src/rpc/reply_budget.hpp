#pragma once
// How many bytes the reply being built may still take (DispatchLimits::max_reply_bytes less what
// the batch's earlier replies took). The dispatcher sets it around every method; a method whose
// result can be large (receipts with many logs, log queries, blocks) charges a lower bound of
// its size before rendering anything, so a reply that cannot fit is refused before it is built
// rather than after it has taken the memory. The dispatcher still measures every reply's text.
#include <cstddef>

#include "core/error.hpp"

namespace plexus::rpc {

class ReplyBudget {
 public:
  // Sets the budget of this thread for the scope's lifetime.
  class Scope {
   public:
    explicit Scope(std::size_t bytes) noexcept;
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

    // Whether a charge under this scope was refused.
    [[nodiscard]] bool refused() const noexcept;

   private:
    std::size_t previous_;
    bool previous_active_;
    bool previous_refused_;
  };

  // kLimitExceeded ("response too large: ...") when `bytes` more would not fit; otherwise
  // takes them from the budget. Without a scope (code calling a method directly) always fits.
  [[nodiscard]] static Result<void> charge(std::size_t bytes);
};

// Hands memory freed by a large reply back to the operating system (tcmalloc when the
// executable links it, otherwise the C library), so one big answer does not leave the
// process at its peak size.
void release_free_memory() noexcept;

}  // namespace plexus::rpc
