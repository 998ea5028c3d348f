// Every corpus module passes every verifier pass.
#include <gtest/gtest.h>

#include "corpus.hpp"
#include "move/verifier/verifier.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

TEST(MoveVerifier, EveryCorpusModuleVerifies) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  std::size_t verified = 0;
  for (const auto& f : testing::corpus_modules(dir)) {
    const auto module = deserialize_module(testing::read_bytes(f.path), f.config);
    ASSERT_TRUE(module) << f.path;
    const auto r = verify_module(*module);
    EXPECT_TRUE(r) << f.path << ": " << r.error().to_string();
    if (r) ++verified;
  }
  EXPECT_EQ(verified, 471u);
}

}  // namespace
}  // namespace plexus::move
