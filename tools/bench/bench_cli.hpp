#pragma once
// A suite's options, parsed with CLI11 as the node's own commands are: `plexus-bench SUITE --help`
// lists them with their defaults, and an unknown option, a missing value or a value of the wrong
// type is refused with a message instead of being ignored or ending the process.
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace plexus::bench {

// std::nullopt when the suite should run; otherwise the exit code (0 after --help, 2 for a
// refusal).
[[nodiscard]] inline std::optional<int> parse_options(CLI::App& app,
                                                      const std::vector<std::string>& args) {
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses from the back
    app.parse(reversed);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
}

}  // namespace plexus::bench
