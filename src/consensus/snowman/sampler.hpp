#pragma once
// Stake-weighted choices of the snowman engine, deterministic from a seed: the validators a poll
// asks, and the order in which validators may propose at a height.
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "core/clock.hpp"

namespace plexus::consensus::snowman {

// `count` distinct validators (indexes into `weights`), each draw by stake among those not yet
// drawn; every validator with stake when count >= their number. Validators of weight 0 are
// never drawn.
[[nodiscard]] std::vector<std::size_t> sample(std::span<const std::uint64_t> weights,
                                              std::size_t count, Random& random);

// Every validator with stake, in the order they may propose the block at `height` on `parent`:
// the same on every node that sees the same set.
[[nodiscard]] std::vector<std::size_t> proposer_order(std::span<const std::uint64_t> weights,
                                                      const Hash256& parent, std::uint64_t height);

}  // namespace plexus::consensus::snowman
