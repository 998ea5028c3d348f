#pragma once
// The transfers `plexus-bench node` sends: fee choice, funding of the senders from a funded
// account, and the pre-signed value transfers of the measured phase.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
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
// timeout is an error. Returns how often it called `nudge`, which it does when a poll round has
// found no new receipt for a while: anvil (1.7.1) answers a send before mining it, and under
// concurrent senders whose transactions chain by nonce its automine stops mining altogether,
// even for transactions that arrive later, while evm_mine still mines the pool.
[[nodiscard]] Result<std::size_t> wait_for_receipts(
    RpcClient& rpc, std::vector<Hash256> hashes, std::chrono::seconds timeout,
    const std::function<Result<void>()>& nudge = {});


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
  // Per sender: its address, first nonce and signed transfers in nonce order, for rebroadcasts.
  std::vector<Address> senders;
  std::vector<std::uint64_t> first_nonces;
  std::vector<std::vector<std::string>> raw_per_sender;
  std::vector<std::vector<Hash256>> hashes_per_sender;
};
// A nudge for wait_for_receipts, what a wallet does for a transaction that is not mined: for
// every sender whose nonce stopped short, if the node no longer knows the transaction of that
// nonce (anvil 1.7.1 was seen to drop transactions it had acknowledged), the sender's remaining
// transfers are sent again; then a block is asked for with evm_mine, which every development
// node serves (anvil's automine was seen to stop mining under this load).
[[nodiscard]] std::function<Result<void>()> rebroadcast_nudge(RpcClient& rpc, const Workload& w);

[[nodiscard]] Workload presign(const std::vector<secp256k1::PrivateKey>& senders,
                               const std::vector<std::uint64_t>& first_nonces,
                               std::size_t transfers, std::size_t connections, const uint256& value,
                               const FeePlan& fees);

}  // namespace plexus::bench::node
