// Sampling: distinct positions from a seed, the confidence figure, and the withholding
// simulation: a server that hides (k+1)^2 shares of the extended square (the least that makes
// it unrecoverable) is caught in at least 99% of seeded trials at 16 samples.
#include <gtest/gtest.h>

#include <set>

#include "da/sampling.hpp"
#include "da_test_util.hpp"

namespace plexus::da {
namespace {

struct Server {
  ExtendedSquare eds;
  DataAvailabilityHeader dah;
  std::size_t hidden = 0;  // hides rows and columns [0, hidden)

  Result<ShareProof> serve(std::uint32_t row, std::uint32_t col) const {
    if (row < hidden && col < hidden) return fail(Errc::kNotFound, "withheld");
    return prove_share(eds, dah, row, col);
  }
};

Server make_server(std::size_t k, std::uint64_t seed) {
  ExtendedSquare eds = ExtendedSquare::extend(testing::random_original(k, seed)).value();
  DataAvailabilityHeader dah = eds.header().value();
  return Server{std::move(eds), std::move(dah)};
}

TEST(Sampling, PositionsAreDistinctInsideTheSquareAndFollowTheSeed) {
  const auto a = choose_samples(8, 16, 7);
  EXPECT_EQ(a, choose_samples(8, 16, 7));
  EXPECT_NE(a, choose_samples(8, 16, 8));
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (const SamplePosition& p : a) {
    EXPECT_LT(p.row, 8u);
    EXPECT_LT(p.col, 8u);
    seen.emplace(p.row, p.col);
  }
  EXPECT_EQ(seen.size(), 16u);
  EXPECT_EQ(choose_samples(2, 16, 1).size(), 4u);  // never more than the square holds
}

TEST(Sampling, ConfidenceIsOneMinusThreeQuartersToTheSamples) {
  EXPECT_NEAR(availability_confidence(16), 0.98998, 1e-5);
  EXPECT_NEAR(availability_confidence(1), 0.25, 1e-12);
  EXPECT_EQ(availability_confidence(0), 0.0);
}

TEST(Sampling, AnAvailableSquareVerifiesAndLiesAreCaught) {
  const Server server = make_server(4, 21);
  const Hash256 root = server.dah.hash();
  const auto positions = choose_samples(8, 16, 3);
  const SampleSource honest = [&](std::uint32_t r, std::uint32_t c) { return server.serve(r, c); };
  const SamplingReport ok = sample_availability(root, 8, positions, honest);
  EXPECT_TRUE(ok.available());
  EXPECT_EQ(ok.verified, 16u);
  // Answers for another square, another position or a changed share fail.
  const Server other = make_server(4, 22);
  const SampleSource foreign = [&](std::uint32_t r, std::uint32_t c) { return other.serve(r, c); };
  EXPECT_EQ(sample_availability(root, 8, positions, foreign).failures.size(), 16u);
  const SampleSource shifted = [&](std::uint32_t r, std::uint32_t c) {
    return server.serve(r, (c + 1) % 8);
  };
  const SamplingReport moved = sample_availability(root, 8, positions, shifted);
  ASSERT_EQ(moved.failures.size(), 16u);
  EXPECT_NE(moved.failures[0].find("another position"), std::string::npos);
  const SampleSource tampered = [&](std::uint32_t r, std::uint32_t c) -> Result<ShareProof> {
    PLEXUS_TRY(ShareProof p, server.serve(r, c));
    p.share.bytes[200] ^= 1;
    return p;
  };
  EXPECT_EQ(sample_availability(root, 8, positions, tampered).failures.size(), 16u);
}

TEST(Sampling, WithholdingIsDetectedInAtLeast99PercentOfTrials) {
  constexpr std::size_t k = 16;
  Server server = make_server(k, 31);
  server.hidden = k + 1;  // (k+1)^2 of (2k)^2 shares: the square cannot be repaired
  const Hash256 root = server.dah.hash();
  const SampleSource source = [&](std::uint32_t r, std::uint32_t c) { return server.serve(r, c); };
  constexpr std::size_t kTrials = 1000;
  std::size_t detected = 0;
  for (std::uint64_t seed = 1; seed <= kTrials; ++seed) {
    const auto positions = choose_samples(2 * k, 16, seed);
    if (!sample_availability(root, 2 * k, positions, source).available()) ++detected;
  }
  RecordProperty("detected", static_cast<int>(detected));
  EXPECT_GE(detected, kTrials * 99 / 100) << detected << " of " << kTrials;
  // And an honest server is never flagged.
  server.hidden = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed)
    EXPECT_TRUE(
        sample_availability(root, 2 * k, choose_samples(2 * k, 16, seed), source).available());
}

}  // namespace
}  // namespace plexus::da
