#pragma once
// Which logs an eth_getLogs / eth_newFilter / "logs" subscription wants: by emitting address and
// by topic position. Block ranges are the node's business; this is the per-log rule.
#include <span>
#include <vector>

#include "chain/bloom.hpp"
#include "chain/receipt.hpp"

namespace plexus::chain {

struct LogFilter {
  std::vector<Address> addresses;            // any of these; empty matches every address
  std::vector<std::vector<Hash256>> topics;  // per position: any of these; empty is a wildcard
};

// As go-ethereum: a log with fewer topics than the filter has positions never matches, even when
// the extra positions are wildcards.
[[nodiscard]] bool log_matches(const LogFilter& filter, const Log& log) noexcept;
// False when the bloom proves no log of the block (or receipt) can match; lets a range scan skip
// blocks without reading their receipts.
[[nodiscard]] bool bloom_may_match(const LogFilter& filter, const Bloom& bloom) noexcept;

}  // namespace plexus::chain
