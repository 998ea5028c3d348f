#pragma once
// A subnet's consensus rules: what every node of the subnet must agree on to build and verify the
// same blocks. They are fixed at genesis and change only at a block height named in advance
// (a fork schedule), never by a node's local configuration, so a block means the same thing on
// every machine. Governance (the primary network's subnet proposals) will append changes here.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/base_fee.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/uint256.hpp"
#include "evm/host.hpp"
#include "exec/host.hpp"

namespace plexus::chain {

// Who receives the priority fees of a block.
enum class CoinbasePolicy : std::uint8_t {
  kFixed,     // the address in ChainParams::coinbase (a dev network, a subnet's treasury)
  kProposer,  // the block's proposer; the engine checks that the header names it
};

struct ChainParams {
  // The Ethereum fork the EVM follows; new subnets start at the latest (a ParamsChange moves an
  // older chain forward at a height).
  evm::Revision revision = evm::Revision::kOsaka;
  std::uint64_t gas_limit = 30'000'000;  // every block's gas limit, exactly
  // EIP-1559: the base fee moves by at most 1/denominator a block towards gas_limit/elasticity.
  std::uint64_t base_fee_elasticity = kElasticityMultiplier;
  std::uint64_t base_fee_change_denominator = kBaseFeeChangeDenominator;
  uint256 min_base_fee = 0;  // a floor under the EIP-1559 rule (0: none, as on Ethereum)
  CoinbasePolicy coinbase_policy = CoinbasePolicy::kFixed;
  Address coinbase;  // with kFixed
  // How far a block's timestamp may be ahead of the verifier's clock, beyond the one second a
  // block may add to a parent that is itself ahead (a busy chain runs ahead of the clock).
  std::uint64_t max_future_seconds = 10;
  // The VMs whose contracts this subnet runs besides the EVM (exec::CodeKind::kWasm, kMove).
  std::vector<exec::CodeKind> foreign_vms;
  // Whether legacy transactions without a chain id (pre-EIP-155) are valid here. Off by default:
  // their bytes are valid on every chain that takes them, and one wallet key signs for every
  // subnet, so a node never runs two subnets that allow them (node/dev_network.cpp).
  // Deterministic-deployment tools need them on a dev network.
  bool unprotected_txs = false;
  // A protocol upgrade governance scheduled (docs/PLATFORM.md, Governance) that this node does
  // not implement: from its height on the node neither builds nor accepts a block, so that
  // every node of that version stops at the same block until its operator upgrades. Empty: none.
  std::string unsupported_upgrade{};

  friend bool operator==(const ChainParams&, const ChainParams&) = default;
};

// kNotSupported naming the upgrade once `params` (a block's) hold one this node lacks.
[[nodiscard]] Result<void> check_upgrade(const ChainParams& params, std::uint64_t height);

// The base fee of the block after `parent_*` under `params`.
[[nodiscard]] uint256 next_base_fee(const ChainParams& params, const uint256& parent_base_fee,
                                    std::uint64_t parent_gas_used, std::uint64_t parent_gas_limit);

// Rules that take effect from block `height` on (inclusive).
struct ParamsChange {
  std::uint64_t height = 0;
  ChainParams params;
};

// Genesis parameters and the changes scheduled after them, by height. A running chain may be
// given more (governance, at each bft epoch): one writer at a time may schedule while any number
// of threads read, because the storage never moves (kMaxChanges reserved) and readers see only
// the changes published before they look.
class ParamsSchedule {
 public:
  static constexpr std::size_t kMaxChanges = 256;

  ParamsSchedule() { changes_.reserve(kMaxChanges); }
  explicit ParamsSchedule(ChainParams genesis) : genesis_(std::move(genesis)) {
    changes_.reserve(kMaxChanges);
  }
  ParamsSchedule(const ParamsSchedule& other)
      : genesis_(other.genesis_), changes_(other.changes()), published_(changes_.size()) {
    changes_.reserve(kMaxChanges);
  }
  ParamsSchedule& operator=(const ParamsSchedule& other) {
    if (this != &other) {
      genesis_ = other.genesis_;
      changes_ = other.changes();
      changes_.reserve(kMaxChanges);
      published_.store(changes_.size(), std::memory_order_release);
    }
    return *this;
  }

  // Schedules `change`; heights must increase and be above 0, and the parameters valid.
  [[nodiscard]] Result<void> schedule(ParamsChange change);
  // The rules of block `height`.
  [[nodiscard]] const ChainParams& at(std::uint64_t height) const;
  [[nodiscard]] const ChainParams& genesis() const noexcept { return genesis_; }
  [[nodiscard]] ChainParams& genesis() noexcept { return genesis_; }
  // The published changes (a copy: the schedule may grow meanwhile).
  [[nodiscard]] std::vector<ParamsChange> changes() const {
    const std::size_t n = published_.load(std::memory_order_acquire);
    return std::vector<ParamsChange>(changes_.begin(),
                                     changes_.begin() + static_cast<std::ptrdiff_t>(n));
  }

 private:
  ChainParams genesis_;
  std::vector<ParamsChange> changes_;  // capacity kMaxChanges: elements never move
  std::atomic<std::size_t> published_{0};
};

// Whether `params` can run: a gas limit a transfer fits in, a non-zero fee denominator and
// elasticity. kInvalidArgument names the field.
[[nodiscard]] Result<void> validate_params(const ChainParams& params);

}  // namespace plexus::chain
