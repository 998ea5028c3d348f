#pragma once
// Splitting a transactional test file (.mvir) into tasks at its `//#` command lines, and the
// expected-output (.exp) file into per-task blocks.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plexus::move::irtest {

struct Task {
  std::size_t number = 0;
  std::string name;                 // publish, run, print-bytecode, init, view
  std::vector<std::string> words;   // command words after the name
  std::size_t start_line = 0;       // first command line (1-based)
  std::size_t command_stop = 0;     // last command line
  std::size_t stop_line = 0;        // last body line
  std::optional<std::string> body;  // IR text, line numbers preserved; nullopt when blank

  // `--flag v1 v2` / `--flag=v` values of a flag (empty when absent).
  [[nodiscard]] std::vector<std::string> flag(const std::string& name) const;
  [[nodiscard]] bool has_flag(const std::string& name) const;
  // Words that are not flags or flag values (e.g. the function of `run 0x1::m::f`).
  [[nodiscard]] std::vector<std::string> positional() const;
};

[[nodiscard]] std::vector<Task> taskify(const std::string& text);

// The per-task blocks of an .exp file: task number -> text after its header line.
struct Expected {
  std::size_t processed = 0;
  std::map<std::size_t, std::string> blocks;
};
[[nodiscard]] Expected parse_expected(const std::string& text);

}  // namespace plexus::move::irtest
