#pragma once
// Reading a configuration file (node.toml, genesis.json, the dev config): the whole file through
// `parse`, with the file's path put in front of any error so that a message names the file.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plexus::node {

template <typename Parse>
auto parse_config_file(const std::filesystem::path& file, std::string_view what, Parse parse)
    -> decltype(parse(std::string_view{})) {
  std::ifstream in(file);
  if (!in)
    return fail(Errc::kNotFound, std::string(what) + ": cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse(std::string_view(text.str()));
  if (!parsed) parsed.error().message = file.string() + ": " + parsed.error().message;
  return parsed;
}

}  // namespace plexus::node
