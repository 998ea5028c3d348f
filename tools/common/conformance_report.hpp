#pragma once
// Bookkeeping shared by every conformance runner (state tests, spec tests, Move IR tests).
// A runner records each case as passed or failed; finish() prints the raw `N passed, M failed`
// line and, given a known-failures list, fails the run on any difference from it: a new failure
// is a regression, a listed case that now passes must be removed from the list.
//
// Known-failures file: one case id per line, optionally followed by `  # reason`; blank lines and
// lines starting with '#' are ignored.
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/error.hpp"

namespace plexus::tools {

class ConformanceReport {
 public:
  explicit ConformanceReport(bool verbose_failures = true) : verbose_(verbose_failures) {}

  void pass(const std::string& case_id);
  void fail(const std::string& case_id, const std::string& reason);
  void skip(const std::string& case_id, const std::string& reason);

  [[nodiscard]] std::size_t passed() const noexcept { return passed_; }
  [[nodiscard]] std::size_t failed() const noexcept { return failures_.size(); }

  // Prints the summary; returns the process exit code (0 = as expected).
  [[nodiscard]] int finish(const std::optional<std::filesystem::path>& known_failures,
                           const std::optional<std::filesystem::path>& write_failures = {}) const;

 private:
  bool verbose_;
  std::size_t passed_ = 0;
  std::size_t skipped_ = 0;
  std::set<std::string> passed_ids_;
  std::map<std::string, std::string> failures_;  // ordered: deterministic output
};

// Parses a known-failures file into case id -> reason.
[[nodiscard]] Result<std::map<std::string, std::string>> load_known_failures(
    const std::filesystem::path& path);

}  // namespace plexus::tools
