#pragma once
// The 2048-bit logs bloom of receipts and block headers (yellow paper, section 4.3.1).
#include <span>

#include "core/bytes.hpp"

namespace plexus::chain {

using Bloom = FixedBytes<256>;

struct Log;

// Sets the three bits selected by keccak256(entry).
void bloom_add(Bloom& bloom, BytesView entry) noexcept;
// False means `entry` was certainly never added; true means it may have been.
[[nodiscard]] bool bloom_may_contain(const Bloom& bloom, BytesView entry) noexcept;
void bloom_merge(Bloom& into, const Bloom& other) noexcept;
// The bloom of every log's address and topics.
[[nodiscard]] Bloom logs_bloom(std::span<const Log> logs) noexcept;

}  // namespace plexus::chain
