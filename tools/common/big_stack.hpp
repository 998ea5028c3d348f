#pragma once
// Runs work on a thread with a large stack. The EVM executes nested calls by native recursion
// (up to 1024 frames deep); a release build fits in the default 8 MiB, but sanitizer builds use
// several times the stack per frame, so the conformance runners give the work room to spare.
#include <cstddef>
#include <functional>

namespace plexus::tools {

inline constexpr std::size_t kEvmRunnerStackBytes = std::size_t{1} << 30;  // reserved, not touched

// Calls fn on a new thread with `stack_bytes` of stack and returns its result; if such a thread
// cannot be created, calls fn on the current thread.
[[nodiscard]] int run_with_stack(std::size_t stack_bytes, const std::function<int()>& fn);

}  // namespace plexus::tools
