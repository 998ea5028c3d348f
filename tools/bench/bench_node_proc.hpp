#pragma once
// The memory a node process uses, read from Linux's /proc: the node is found by the TCP port it
// listens on when its pid is not given.
#include <cstdint>
#include <optional>

#include "core/error.hpp"

namespace plexus::bench::node {

// The process with a listening TCP socket (IPv4 or IPv6) on `port`, if one can be seen.
[[nodiscard]] std::optional<int> find_listening_pid(std::uint16_t port);

struct MemoryUse {
  std::uint64_t rss_kib = 0;   // VmRSS: resident now
  std::uint64_t peak_kib = 0;  // VmHWM: the most ever resident
};
[[nodiscard]] Result<MemoryUse> read_memory(int pid);

}  // namespace plexus::bench::node
