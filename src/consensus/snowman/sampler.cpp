#include "consensus/snowman/sampler.hpp"

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::snowman {

std::vector<std::size_t> sample(std::span<const std::uint64_t> weights, std::size_t count,
                                Random& random) {
  std::vector<std::uint64_t> left(weights.begin(), weights.end());
  std::uint64_t total = 0;
  for (const std::uint64_t w : left) total += w;
  std::vector<std::size_t> out;
  while (out.size() < count && total > 0) {
    std::uint64_t pick = random.below(total);
    std::size_t i = 0;
    while (pick >= left[i]) pick -= left[i++];
    out.push_back(i);
    total -= left[i];
    left[i] = 0;
  }
  return out;
}

std::vector<std::size_t> proposer_order(std::span<const std::uint64_t> weights,
                                        const Hash256& parent, std::uint64_t height) {
  Bytes seed = to_bytes(parent.view());
  rlp::append_uint(seed, height);
  const Hash256 digest = keccak256(seed);
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < 8; ++i) word = word << 8 | digest.bytes[i];
  SeededRandom random(word);
  return sample(weights, weights.size(), random);
}

}  // namespace plexus::consensus::snowman
