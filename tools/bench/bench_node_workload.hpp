#pragma once
// The transfers `plexus-bench node` sends: fee choice, funding of the senders from a funded
// account, and the pre-signed value transfers of the measured phase.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench_node_http.hpp"
#include "core/bytes.hpp"
#include "core/secp256k1.hpp"
#include "core/uint256.hpp"

namespace plexus::bench::node {

inline constexpr std::uint64_t kTransferGas = 21000;

struct FeePlan {
  bool legacy = false;
  uint256 chain_id;
  uint256 gas_price;     // legacy transactions
  uint256 max_fee;       // EIP-1559 transactions
  uint256 priority_fee;  // EIP-1559 transactions
  // The most one transfer can cost in fees.
  [[nodiscard]] uint256 max_fee_per_transfer() const {
    return uint256(kTransferGas) * (legacy ? gas_price : max_fee);
  }
};

// Fees from eth_gasPrice and the latest base fee, with enough headroom that the base fee may rise
// for many full blocks while the measured transfers wait.
[[nodiscard]] Result<FeePlan> plan_fees(RpcClient& rpc, const uint256& chain_id, bool legacy);

// A signed transfer as eth_sendRawTransaction takes it.
struct SignedTransfer {
  std::string raw_hex;
  Hash256 hash;
};
[[nodiscard]] SignedTransfer sign_transfer(const secp256k1::PrivateKey& from, const Address& to,
                                           std::uint64_t nonce, const uint256& value,
                                           const FeePlan& fees);

// The "pending" transaction count of an account: its next nonce.
[[nodiscard]] Result<std::uint64_t> next_nonce(RpcClient& rpc, const Address& account);

// Waits until every transaction has a receipt, polling; a failed transaction (status 0) or the
// timeout is an error.
[[nodiscard]] Result<void> wait_for_receipts(RpcClient& rpc, std::vector<Hash256> hashes,
                                             std::chrono::seconds timeout);

// Sends `amount` from `funder` to each recipient, one after the other, and waits for the receipts.
[[nodiscard]] Result<void> fund(RpcClient& rpc, const secp256k1::PrivateKey& funder,
                                const std::vector<Address>& recipients, const uint256& amount,
                                const FeePlan& fees);

// The measured transfers: transfer i goes from sender i % S with that sender's next nonce to
// sender (i + 1) % S. Sender s is sent on connection s % C, so each sender's transfers arrive in
// nonce order, as nodes that mine each transaction on arrival require.
struct Workload {
  std::vector<std::vector<std::string>> streams;    // eth_sendRawTransaction request bodies
  std::vector<std::vector<Hash256>> stream_hashes;  // the transaction hash of each request
  std::vector<Hash256> last_per_sender;  // its receipt implies all of the sender's earlier ones
  std::vector<std::size_t> transfers_per_sender;
};
[[nodiscard]] Workload presign(const std::vector<secp256k1::PrivateKey>& senders,
                               const std::vector<std::uint64_t>& first_nonces,
                               std::size_t transfers, std::size_t connections, const uint256& value,
                               const FeePlan& fees);

}  // namespace plexus::bench::node
