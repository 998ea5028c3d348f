// plexus-statetest: runs filled Ethereum GeneralStateTests for one fork and compares the post-state
// root, the logs hash and expected transaction exceptions of every case. Newer fixtures' signed
// `txbytes` are decoded and run (checked against the case's fields), and their
// config.blobSchedule sets the fork's blob gas rules.
//   plexus-statetest <file-or-dir> [--fork Cancun] [--known-failures F] [--write-failures F] [-v]
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "big_stack.hpp"
#include "conformance_report.hpp"
#include "core/hex.hpp"
#include "state_test.hpp"
#include "transition/state_root.hpp"

namespace fs = std::filesystem;
using namespace plexus;

namespace {

std::vector<fs::path> collect_files(const fs::path& root) {
  std::vector<fs::path> files;
  if (fs::is_regular_file(root)) return {root};
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // deterministic order and output
  return files;
}

bool exception_matches(std::string_view expected, std::string_view actual) {
  std::size_t start = 0;
  while (start <= expected.size()) {
    const std::size_t bar = std::min(expected.find('|', start), expected.size());
    if (expected.substr(start, bar - start) == actual) return true;
    start = bar + 1;
  }
  return false;
}

struct Runner {
  evm::Revision rev;
  std::string fork;
  bool verbose;
  tools::ConformanceReport& report;

  void run_case(const std::string& id, const statetest::StateTest& test,
                const statetest::ExpectedCase& c, const Hash256& pre_root) {
    exec::State state = test.pre;
    std::string rejection;  // empty: the transaction was applied
    std::vector<exec::Log> logs;
    auto tx = statetest::case_transaction(test, c, rev);
    if (!tx) {
      rejection = "malformed transaction: " + tx.error().message;
    } else {
      auto outcome = transition::apply_transaction(state, statetest::case_block(test, fork), *tx,
                                                   test.tx.sender, rev);
      if (outcome.error) {
        rejection = std::string(transition::tx_error_name(*outcome.error));
        if (!exception_matches(c.expect_exception, rejection))
          rejection += " (" + outcome.error_detail + ")";
      }
      logs = std::move(outcome.receipt.logs);
    }

    if (!c.expect_exception.empty()) {
      if (rejection.empty())
        return report.fail(id, "expected exception " + c.expect_exception + " but tx was valid");
      // A transaction that does not even fit its fields is rejected whatever the expected name.
      if (tx && !exception_matches(c.expect_exception, rejection))
        return report.fail(id, "expected exception " + c.expect_exception + " got " + rejection);
      if (pre_root != c.state_root)
        return report.fail(id,
                           "expected root " + to_hex(c.state_root) + " got " + to_hex(pre_root));
      return report.pass(id);
    }
    if (!rejection.empty()) return report.fail(id, "unexpected exception " + rejection);
    const Hash256 root = transition::state_root(state);
    if (root != c.state_root)
      return report.fail(id, "expected root " + to_hex(c.state_root) + " got " + to_hex(root));
    const Hash256 lh = transition::logs_hash(logs);
    if (lh != c.logs_hash)
      return report.fail(id, "expected logs " + to_hex(c.logs_hash) + " got " + to_hex(lh));
    if (verbose) std::printf("ok   %s\n", id.c_str());
    report.pass(id);
  }

  void run_file(const fs::path& file, const std::string& file_id) {
    auto tests = statetest::load_state_test_file(file);
    if (!tests) {
      report.fail(file_id, "cannot load: " + tests.error().to_string());
      return;
    }
    for (const statetest::StateTest& test : *tests) {
      const auto it = test.post.find(fork);
      if (it == test.post.end()) continue;
      std::optional<Hash256> pre_root;
      for (const statetest::ExpectedCase& c : it->second) {
        if (!c.expect_exception.empty() && !pre_root) pre_root = transition::state_root(test.pre);
        const std::string id = file_id + ":" + test.name + "[" + std::to_string(c.data) + "," +
                               std::to_string(c.gas) + "," + std::to_string(c.value) + "]";
        run_case(id, test, c, pre_root.value_or(Hash256{}));
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs filled Ethereum GeneralStateTests against the Plexus EVM"};
  std::string path, fork = "Cancun";
  std::optional<std::string> known_failures, write_failures;
  bool verbose = false;
  app.add_option("path", path, "a state test file or a directory tree of them")->required();
  app.add_option("--fork", fork, "the fork whose post states are checked");
  app.add_option("--known-failures", known_failures, "expected failures, one case id a line");
  app.add_option("--write-failures", write_failures, "write the failing case ids to this file");
  app.add_flag("-v,--verbose", verbose, "print passing cases too");
  CLI11_PARSE(app, argc, argv);

  if (!fs::exists(path)) {
    std::printf("SKIPPED: state tests not found at %s\n", path.c_str());
    return 0;
  }
  const auto rev = evm::parse_revision(fork);
  if (!rev) {
    std::fprintf(stderr, "unsupported fork %s (London, Paris, Shanghai, Cancun, Prague, Osaka)\n",
                 fork.c_str());
    return 2;
  }
  return tools::run_with_stack(tools::kEvmRunnerStackBytes, [&] {
    tools::ConformanceReport report;
    Runner runner{*rev, fork, verbose, report};
    const fs::path root(path);
    for (const fs::path& file : collect_files(root)) {
      const std::string file_id = fs::is_directory(root) ? fs::relative(file, root).generic_string()
                                                         : file.filename().string();
      runner.run_file(file, file_id);
    }
    std::optional<fs::path> known, written;
    if (known_failures) known = *known_failures;
    if (write_failures) written = *write_failures;
    return report.finish(known, written);
  });
}
