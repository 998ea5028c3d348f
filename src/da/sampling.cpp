#include "da/sampling.hpp"

#include <algorithm>
#include <cmath>

namespace plexus::da {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// "(row, col): why", appended piece by piece (GCC 12 warns on chained concatenation here).
std::string failure(const SamplePosition& p, std::string_view why, std::string_view detail = {}) {
  std::string out;
  out.append("(").append(std::to_string(p.row)).append(", ").append(std::to_string(p.col));
  out.append("): ").append(why).append(detail);
  return out;
}

}  // namespace

std::vector<SamplePosition> choose_samples(std::size_t width, std::size_t n, std::uint64_t seed) {
  const std::uint64_t cells = static_cast<std::uint64_t>(width) * width;
  n = std::min<std::uint64_t>(n, cells);
  std::vector<std::uint64_t> picked;
  std::uint64_t state = seed;
  while (picked.size() < n) {
    const std::uint64_t cell = splitmix64(state) % cells;
    if (std::find(picked.begin(), picked.end(), cell) == picked.end()) picked.push_back(cell);
  }
  std::vector<SamplePosition> out;
  for (const std::uint64_t cell : picked)
    out.push_back(
        {static_cast<std::uint32_t>(cell / width), static_cast<std::uint32_t>(cell % width)});
  return out;
}

double availability_confidence(std::size_t samples) {
  return 1.0 - std::pow(0.75, static_cast<double>(samples));
}

SamplingReport sample_availability(const Hash256& data_root, std::size_t width,
                                   std::span<const SamplePosition> positions,
                                   const SampleSource& source) {
  SamplingReport report;
  for (const SamplePosition& p : positions) {
    auto proof = source(p.row, p.col);
    if (!proof) {
      report.failures.push_back(failure(p, "not served: ", proof.error().message));
      continue;
    }
    if (proof->row != p.row || proof->col != p.col || proof->width != width) {
      report.failures.push_back(failure(p, "the answer proves another position"));
      continue;
    }
    if (auto verified = verify_share(data_root, *proof); !verified) {
      report.failures.push_back(failure(p, verified.error().message));
      continue;
    }
    ++report.verified;
  }
  return report;
}

}  // namespace plexus::da
