#include "conformance_report.hpp"

#include <cstdio>
#include <fstream>

namespace plexus::tools {
namespace {

std::string trim(std::string s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

}  // namespace

void ConformanceReport::pass(const std::string& case_id) {
  ++passed_;
  passed_ids_.insert(case_id);
}

void ConformanceReport::fail(const std::string& case_id, const std::string& reason) {
  if (verbose_) std::printf("FAIL %s: %s\n", case_id.c_str(), reason.c_str());
  failures_.emplace(case_id, reason);
}

void ConformanceReport::skip(const std::string& case_id, const std::string& reason) {
  if (verbose_) std::printf("SKIP %s: %s\n", case_id.c_str(), reason.c_str());
  ++skipped_;
}

Result<std::map<std::string, std::string>> load_known_failures(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail(Errc::kNotFound, "cannot open known-failures list " + path.string());
  std::map<std::string, std::string> known;
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string reason;
    if (const auto hash = line.find("  #"); hash != std::string::npos) {
      reason = trim(line.substr(hash + 3));
      line = trim(line.substr(0, hash));
    }
    known.emplace(line, reason);
  }
  return known;
}

int ConformanceReport::finish(const std::optional<std::filesystem::path>& known_failures,
                              const std::optional<std::filesystem::path>& write_failures) const {
  if (write_failures) {
    std::ofstream out(*write_failures);
    for (const auto& [id, reason] : failures_) out << id << "  # " << reason << "\n";
  }
  int code = failures_.empty() ? 0 : 1;
  if (known_failures) {
    auto known = load_known_failures(*known_failures);
    if (!known) {
      std::printf("error: %s\n", known.error().to_string().c_str());
      return 2;
    }
    std::size_t regressions = 0, fixed = 0;
    for (const auto& [id, reason] : failures_)
      if (!known->contains(id)) {
        std::printf("NEW FAILURE (not in the known-failures list): %s\n", id.c_str());
        ++regressions;
      }
    for (const auto& [id, reason] : *known)
      if (passed_ids_.contains(id)) {
        std::printf("NOW PASSES (remove it from the known-failures list): %s\n", id.c_str());
        ++fixed;
      }
    std::printf("known failures: %zu listed, %zu new, %zu now passing\n", known->size(),
                regressions, fixed);
    code = (regressions || fixed) ? 1 : 0;
  }
  if (skipped_) std::printf("%zu skipped (see SKIP lines)\n", skipped_);
  std::printf("%zu passed, %zu failed\n", passed_, failures_.size());
  return code;
}

}  // namespace plexus::tools
