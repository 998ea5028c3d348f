#pragma once
// go-ethereum's prestateTracer for debug_traceTransaction and debug_traceCall: every account the
// transaction reaches (sender, destination, coinbase, EIP-7702 authorities, and whatever its code
// names through BALANCE, EXTCODE*, CALL*, CREATE*, SELFDESTRUCT) with its balance, nonce, code and
// the storage slots read or written, as they were when first reached. In diff mode, {pre, post}:
// only the accounts the transaction changed, with what changed.
#include <cstdint>
#include <map>
#include <set>

#include "chain/subnet_chain.hpp"
#include "evm/tracer.hpp"
#include "rpc/rpc_error.hpp"

namespace plexus::rpc {

struct PrestateConfig {
  bool diff_mode = false;
  bool disable_code = false;
  bool disable_storage = false;
};

class PrestateTracer final : public evm::Tracer {
 public:
  explicit PrestateTracer(PrestateConfig config) : config_(config) {}

  void on_tx_start(const exec::State& state, const evm::TxStart& tx) override;
  void on_step(const evm::Step& step) override;
  void on_tx_end(const exec::State& state) override;

  [[nodiscard]] json result() const;

 private:
  struct Seen {
    uint256 balance = 0;
    std::uint64_t nonce = 0;
    Bytes code;
    bool empty = false;  // no balance, nonce or code when first reached
    std::map<Bytes32, Bytes32> storage;
  };
  void look_up(const Address& addr);
  void look_up_slot(const Address& addr, const Bytes32& key);
  void diff(const exec::State& state);
  [[nodiscard]] json account_json(const Seen& seen) const;

  PrestateConfig config_;
  const exec::State* state_ = nullptr;
  std::map<Address, Seen> pre_;
  json post_ = json::object();   // diff mode: what changed, per account
  std::set<Address> created_;    // by the transaction or CREATE/CREATE2 in it
  std::set<Address> destroyed_;  // ran SELFDESTRUCT
};

}  // namespace plexus::rpc
