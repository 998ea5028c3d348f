#pragma once
// Settings of `plexus node`, read from a TOML file (docs/NODE.md lists every key with its
// default). Unknown tables and keys, wrong types and values out of range are errors naming the
// key and the line, so a typo never silently falls back to a default. Relative paths are taken
// relative to the file's directory, so a configuration works wherever the node is started from.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace plexus::node {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

// "127.0.0.1:9651", "[::1]:9651" or "localhost:9651".
[[nodiscard]] Result<HostPort> parse_host_port(std::string_view text);

struct NodeConfig {
  // Top level.
  std::filesystem::path data_dir = "plexus-data";  // keys, stores; created on first start
  std::uint64_t network_id = 1337;                 // must match every peer's and the genesis
  std::filesystem::path genesis;                   // required: the network's genesis (JSON)
  // [p2p]
  HostPort p2p_listen{"127.0.0.1", 9651};
  std::vector<HostPort> bootstrap;  // peers to dial at start
  std::uint32_t max_peers = 64;
  std::uint32_t max_frame_bytes = 2 * 1024 * 1024;
  // [rpc]
  HostPort rpc_listen{"127.0.0.1", 8545};
  std::uint32_t rpc_threads = 2;
  std::uint64_t history_blocks = 0;  // state reads for the last this many blocks; 0: all
  // [subnets]
  std::vector<std::string> track;    // subnets this node keeps besides the primary network
  std::vector<std::string> produce;  // of those, the ones it makes blocks for (dev engine)
  // [storage]
  bool sync_writes = false;  // an fsync per block: survives power loss, not only a kill
  // [log]
  bool log_blocks = false;
  // [messages]
  // A file (mode 0600) holding the 0x-hex secp256k1 key of the account that pays for delivering
  // cross-subnet messages to the subnets this node runs; empty: it delivers none.
  std::filesystem::path relayer_key_file;
};

[[nodiscard]] Result<NodeConfig> parse_node_config(std::string_view text,
                                                   const std::filesystem::path& base_dir);
[[nodiscard]] Result<NodeConfig> load_node_config(const std::filesystem::path& file);

}  // namespace plexus::node
