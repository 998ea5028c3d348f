#include "big_stack.hpp"

#include "core/stack_thread.hpp"

namespace plexus::tools {

int run_with_stack(std::size_t stack_bytes, const std::function<int()>& fn) {
  int result = 0;
  StackThread thread(stack_bytes, [&] { result = fn(); });
  thread.join();
  return result;
}

}  // namespace plexus::tools
