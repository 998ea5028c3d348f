#pragma once
// Data availability sampling (docs/DA.md, Sampling): a light client asks for a few random
// shares of a block's extended square, each with its proof against the data root its header
// carries. A block producer that withholds enough of the square to make it unrecoverable, at
// least (k+1)^2 of the (2k)^2 shares, is caught by one sample with probability above 1/4, so n
// independent samples all miss it with probability below (3/4)^n: confidence 1 - (3/4)^n,
// about 99% at 16 samples. Pure: the source of samples is injected (RPC, a test's server).
#include <functional>
#include <string>

#include "da/proof.hpp"

namespace plexus::da {

struct SamplePosition {
  std::uint32_t row = 0;
  std::uint32_t col = 0;
  friend bool operator==(const SamplePosition&, const SamplePosition&) = default;
};

// `n` distinct positions (at most width^2) of a width x width square, drawn from `seed`.
[[nodiscard]] std::vector<SamplePosition> choose_samples(std::size_t width, std::size_t n,
                                                         std::uint64_t seed);
// 1 - (3/4)^samples.
[[nodiscard]] double availability_confidence(std::size_t samples);

// Answers a sample request with the share's proof, or an error when it cannot.
using SampleSource = std::function<Result<ShareProof>(std::uint32_t row, std::uint32_t col)>;

struct SamplingReport {
  std::size_t verified = 0;
  std::vector<std::string> failures;  // "(row, col): why"
  [[nodiscard]] bool available() const { return failures.empty(); }
};

// Asks `source` for every position and checks each answer is the proof of that position in a
// square of `width` committed to by `data_root`.
[[nodiscard]] SamplingReport sample_availability(const Hash256& data_root, std::size_t width,
                                                 std::span<const SamplePosition> positions,
                                                 const SampleSource& source);

}  // namespace plexus::da
