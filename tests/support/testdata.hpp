#pragma once
// Locating the shared conformance data: $PLEXUS_TESTDATA, else ../shared/testdata beside the
// checkout. A suite whose data is missing is skipped with one loud line, never passed silently.
#include <filesystem>
#include <optional>
#include <string_view>

#include <gtest/gtest.h>

namespace plexus::testing {

// The data folder `sub` (e.g. "ethereum/rlp_tests"), or nullopt after printing a SKIP line.
[[nodiscard]] std::optional<std::filesystem::path> testdata_dir(std::string_view sub);

// Reads a whole file; throws std::runtime_error if it cannot.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

}  // namespace plexus::testing

#define PLEXUS_TESTDATA_OR_SKIP(var, sub)                          \
  const auto var##_opt = ::plexus::testing::testdata_dir(sub);     \
  if (!var##_opt) GTEST_SKIP() << "test data missing: " << (sub);  \
  const std::filesystem::path& var = *var##_opt
