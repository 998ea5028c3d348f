// TOML through toml++ (Debian's libtomlplusplus-dev), header-only and without exceptions, so a
// bad file is an error value like every other in the project.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include "node/node_config.hpp"

#include "node/config_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace plexus::node {
namespace {

std::string where(const toml::node& node) {
  return " (line " + std::to_string(node.source().begin.line) + ")";
}

std::unexpected<Error> bad(std::string_view key, const toml::node& node, std::string_view rule) {
  return fail(Errc::kInvalidArgument,
              "node config: " + std::string(key) + " " + std::string(rule) + where(node));
}

Result<std::uint64_t> integer(std::string_view key, const toml::node& node, std::uint64_t min,
                              std::uint64_t max) {
  const auto value = node.value<std::int64_t>();
  if (!node.is_integer() || !value || *value < 0 || static_cast<std::uint64_t>(*value) < min ||
      static_cast<std::uint64_t>(*value) > max)
    return bad(key, node,
               "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return static_cast<std::uint64_t>(*value);
}

Result<std::string> text(std::string_view key, const toml::node& node) {
  if (!node.is_string()) return bad(key, node, "must be a string");
  return std::string(*node.value<std::string_view>());
}

Result<bool> boolean(std::string_view key, const toml::node& node) {
  if (!node.is_boolean()) return bad(key, node, "must be true or false");
  return *node.value<bool>();
}

Result<HostPort> address(std::string_view key, const toml::node& node) {
  PLEXUS_TRY(const std::string value, text(key, node));
  auto parsed = parse_host_port(value);
  if (!parsed) return bad(key, node, parsed.error().message);
  return *parsed;
}

Result<std::vector<std::string>> strings(std::string_view key, const toml::node& node) {
  const toml::array* array = node.as_array();
  if (array == nullptr) return bad(key, node, "must be an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    PLEXUS_TRY(std::string value, text(key, item));
    out.push_back(std::move(value));
  }
  return out;
}

// Each table's keys and what to do with them; anything else is refused.
using Setter = std::function<Result<void>(const std::string& key, const toml::node&)>;
using Table = std::map<std::string, Setter, std::less<>>;

Result<void> read_table(std::string_view prefix, const toml::table& table, const Table& known) {
  for (const auto& [name, node] : table) {
    const std::string key = prefix.empty() ? std::string(name.str())
                                           : std::string(prefix) + "." + std::string(name.str());
    const auto setter = known.find(name.str());
    if (setter == known.end()) return bad(key, node, "is not a known key (docs/NODE.md)");
    PLEXUS_CHECK(setter->second(key, node));
  }
  return {};
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return fail(Errc::kInvalidArgument, "must be host:port, as in 127.0.0.1:9651");
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const char* const last = port_text.data() + port_text.size();
  const auto [end, ec] = std::from_chars(port_text.data(), last, port);
  if (ec != std::errc{} || end != last || port_text.empty() || port > 65535 || host.empty())
    return fail(Errc::kInvalidArgument, "must be host:port with a port from 0 to 65535");
  return HostPort{std::string(host), static_cast<std::uint16_t>(port)};
}

Result<NodeConfig> parse_node_config(std::string_view source, const std::filesystem::path& base) {
  toml::parse_result parsed = toml::parse(source);
  if (!parsed)
    return fail(Errc::kDecode, "node config: " + std::string(parsed.error().description()) +
                                   " (line " + std::to_string(parsed.error().source().begin.line) +
                                   ")");
  NodeConfig c;
  const auto path = [&base](const std::string& value) {
    const std::filesystem::path p(value);
    return p.is_absolute() ? p : base / p;
  };
  const auto sub_table = [](const Table& keys) {
    return [keys](const std::string& key, const toml::node& node) -> Result<void> {
      const toml::table* table = node.as_table();
      if (table == nullptr) return bad(key, node, "must be a table ([" + key + "])");
      return read_table(key, *table, keys);
    };
  };
  const Table p2p = {
      {"listen",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.p2p_listen, address(k, n));
         return {};
       }},
      {"bootstrap",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(const auto peers, strings(k, n));
         for (const std::string& peer : peers) {
           auto parsed_peer = parse_host_port(peer);
           if (!parsed_peer)
             return bad(k, n, "entry \"" + peer + "\" " + parsed_peer.error().message);
           c.bootstrap.push_back(*parsed_peer);
         }
         return {};
       }},
      {"max_peers",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.max_peers, integer(k, n, 1, 10'000));
         return {};
       }},
      {"max_frame_bytes",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.max_frame_bytes, integer(k, n, 64 * 1024, 64 * 1024 * 1024));
         return {};
       }},
  };
  const Table rpc = {
      {"listen",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.rpc_listen, address(k, n));
         return {};
       }},
      {"threads",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.rpc_threads, integer(k, n, 1, 1024));
         return {};
       }},
      {"history_blocks",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.history_blocks, integer(k, n, 0, std::uint64_t{1} << 62));
         return {};
       }},
  };
  const Table subnets = {
      {"track",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.track, strings(k, n));
         return {};
       }},
      {"produce",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.produce, strings(k, n));
         return {};
       }},
  };
  const Table storage = {{"sync_writes", [&](auto& k, auto& n) -> Result<void> {
                            PLEXUS_TRY(c.sync_writes, boolean(k, n));
                            return {};
                          }}};
  const Table log = {{"blocks", [&](auto& k, auto& n) -> Result<void> {
                        PLEXUS_TRY(c.log_blocks, boolean(k, n));
                        return {};
                      }}};
  const Table messages = {{"relayer_key_file", [&](auto& k, auto& n) -> Result<void> {
                             PLEXUS_TRY(const std::string file, text(k, n));
                             c.relayer_key_file = path(file);
                             return {};
                           }}};
  const Table top = {
      {"data_dir",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(const std::string dir, text(k, n));
         c.data_dir = dir;
         return {};
       }},
      {"network_id",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(c.network_id, integer(k, n, 1, std::uint64_t{1} << 62));
         return {};
       }},
      {"genesis",
       [&](auto& k, auto& n) -> Result<void> {
         PLEXUS_TRY(const std::string file, text(k, n));
         c.genesis = path(file);
         return {};
       }},
      {"p2p", sub_table(p2p)},
      {"rpc", sub_table(rpc)},
      {"subnets", sub_table(subnets)},
      {"storage", sub_table(storage)},
      {"log", sub_table(log)},
      {"messages", sub_table(messages)},
  };
  PLEXUS_CHECK(read_table("", parsed.table(), top));
  if (c.genesis.empty())
    return fail(Errc::kInvalidArgument,
                "node config: genesis (the network's genesis file) is "
                "required");
  c.data_dir = path(c.data_dir.string());
  for (const std::string& name : c.produce)
    if (std::find(c.track.begin(), c.track.end(), name) == c.track.end())
      return fail(Errc::kInvalidArgument, "node config: subnets.produce names \"" + name +
                                              "\", which subnets.track does not");
  return c;
}

Result<NodeConfig> load_node_config(const std::filesystem::path& file) {
  return parse_config_file(file, "node config", [&file](std::string_view text) {
    return parse_node_config(text, file.parent_path());
  });
}

}  // namespace plexus::node
