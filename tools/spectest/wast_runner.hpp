#pragma once
// Runs the commands of one converted .wast file (wast2json's JSON plus .wasm files) and records
// every assertion in the conformance report under the id `<file>:<line>`.
#include <filesystem>
#include <string>

#include "conformance_report.hpp"

namespace plexus::spectest {

struct FileResult {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
};

// `json` is the converted file; the modules it names are beside it. `name` prefixes case ids.
[[nodiscard]] FileResult run_wast_json(const std::filesystem::path& json, const std::string& name,
                                       tools::ConformanceReport& report);

}  // namespace plexus::spectest
