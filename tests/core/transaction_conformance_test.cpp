// Runs ethereum/tests TransactionTests: for every test and every fork in its result{}, decode and
// validate txbytes for that fork on chain 1, then compare validity and, for valid transactions,
// the sender, the hash and the intrinsic gas. Invalid cases are matched on "rejected", not on the
// exact exception name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "testdata.hpp"

namespace plexus::tx {
namespace {

using nlohmann::json;

struct Tally {
  int passed = 0;
  int failed = 0;
};

// Empty when the outcome matches the expectation, else what differed.
std::string check_case(const Bytes& raw, Fork fork, const json& expected) {
  auto tx = decode(raw);
  Result<Address> sender = tx ? validate(*tx, fork, 1) : std::unexpected(tx.error());
  if (expected.contains("exception")) {
    return sender ? "accepted, expected " + expected["exception"].get<std::string>() : "";
  }
  if (!sender) return "rejected: " + sender.error().message;
  std::string diff;
  if (to_hex(*sender) != expected["sender"].get<std::string>()) diff += " sender";
  if (to_hex(hash(*tx)) != expected["hash"].get<std::string>()) diff += " hash";
  if (to_hex_string(intrinsic_gas(*tx, fork)) !=
      to_hex_string(parse_uint256(expected["intrinsicGas"].get<std::string>()).value()))
    diff += " intrinsicGas";
  if (encode(*tx) != raw) diff += " re-encoding";
  return diff.empty() ? "" : "mismatch:" + diff;
}

TEST(TransactionConformance, EthereumTransactionTests) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/transaction_tests");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());

  std::map<Fork, Tally> tallies;
  for (const auto& file : files) {
    const json suite = json::parse(testing::read_file(file));
    for (const auto& [name, test] : suite.items()) {
      const Bytes raw = hex_or_throw(test["txbytes"].get<std::string>());
      for (const auto& [fork_text, expected] : test["result"].items()) {
        const auto fork = parse_fork(fork_text);
        ASSERT_TRUE(fork.has_value()) << fork_text;
        const std::string problem = check_case(raw, *fork, expected);
        Tally& t = tallies[*fork];
        if (problem.empty()) {
          ++t.passed;
        } else {
          ++t.failed;
          ADD_FAILURE() << std::filesystem::relative(file, dir).string() << " / " << name << " ["
                        << fork_text << "]: " << problem;
        }
      }
    }
  }
  for (const auto& [fork, t] : tallies)
    std::printf("transaction_tests %-16s: %d passed, %d failed\n",
                std::string(fork_name(fork)).c_str(), t.passed, t.failed);
  // Cancun is the target; every older fork passes too and must keep passing.
  ASSERT_EQ(tallies.size(), 13u);
  EXPECT_EQ(tallies[Fork::kCancun].passed, 149);
  for (const auto& [fork, t] : tallies) EXPECT_EQ(t.failed, 0) << fork_name(fork);
}

}  // namespace
}  // namespace plexus::tx
