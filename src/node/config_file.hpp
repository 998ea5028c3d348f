#pragma once
// Reading a configuration file (node.toml, genesis.json, the dev config): the whole file through
// `parse`, with the file's path put in front of any error so that a message names the file.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace plexus::node {

template <typename Parse>
auto parse_config_file(const std::filesystem::path& file, std::string_view what, Parse parse)
    -> decltype(parse(std::string_view{})) {
  std::ifstream in(file);
  if (!in) return fail(Errc::kNotFound, std::string(what) + ": cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse(std::string_view(text.str()));
  if (!parsed) parsed.error().message = file.string() + ": " + parsed.error().message;
  return parsed;
}

// "da_subnets" of a dev config or a network genesis: distinct names of the genesis subnets.
[[nodiscard]] inline Result<std::vector<std::string>> da_subnet_names(const nlohmann::json& value,
                                                                      std::string_view key) {
  const auto bad = [key] {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "\"" + std::string.
    std::string message("\"");
    message.append(key);
    message.append("\" must be a list of distinct genesis subnet names (evm, wasm, move)");
    return fail(Errc::kInvalidArgument, message);
  };
  if (!value.is_array()) return bad();
  std::vector<std::string> names;
  for (const nlohmann::json& name : value) {
    if (!name.is_string()) return bad();
    const std::string text = name.get<std::string>();
    if (text != "evm" && text != "wasm" && text != "move") return bad();
    for (const std::string& seen : names)
      if (seen == text) return bad();
    names.push_back(text);
  }
  return names;
}

}  // namespace plexus::node
