#pragma once
// The native code at exec::kMessenger: how a contract in any VM sends a cross-subnet message and
// how a subnet receives one (docs/MESSAGING.md, Sending and Delivery). Its Solidity interface is
// sdk/solidity/IPlexusMessenger.sol:
//
//   function sendMessage(bytes32 destination, address receiver, bytes body)
//       returns (bytes32 id);
//   function deliverMessage(bytes signedMessage) returns (bool delivered);
//   function retryMessage(bytes message) returns (bool delivered);
//   function messageStatus(bytes32 id) view returns (uint8);   // 0 none, 1 delivered, 2 failed
//   event MessageSent(bytes32 indexed id, bytes32 indexed destination, bytes message);
//   event MessageReceived(bytes32 indexed id, bytes32 indexed source, uint64 nonce,
//                         bool delivered);
//
// Sending: the caller becomes the message's sender; the nonce is the source subnet's message
// count, kept in the messenger's own storage, so a call that reverts (or whose caller reverts)
// leaves neither a message nor a used nonce. The event's `message` is the unsigned message
// (messaging/message.hpp), so that a block's receipts hold everything it sent.
//
// Receiving: deliverMessage checks a signed message (messaging/verify.hpp) against the block's
// platform height, marks (source, nonce) as received, and calls the receiver; a receiver that
// fails leaves the message "failed", and anyone may call retryMessage with the unsigned message
// until it succeeds. A refused message changes nothing and fails the call with the rule.
#include <cstdint>

#include "exec/host.hpp"
#include "messaging/message.hpp"
#include "messaging/verify.hpp"

namespace plexus::messaging {

// Gas of one send: about a storage write and a three-topic log, and the bytes it publishes.
inline constexpr std::int64_t kSendBaseGas = 30'000;
inline constexpr std::int64_t kSendGasPerByte = 16;
// Gas of checking a delivery before the receiver runs: a pairing check and the set lookups (as
// Avalanche prices a Warp verification at 125,000-200,000), two storage writes and a log.
inline constexpr std::int64_t kDeliverBaseGas = 150'000;
inline constexpr std::int64_t kDeliverGasPerByte = 16;
// Kept back from the receiver for recording its outcome.
inline constexpr std::int64_t kAfterReceiverGas = 25'000;

enum class DeliveryStatus : Byte { kNone = 0, kDelivered = 1, kFailed = 2 };

[[nodiscard]] const Bytes32&
message_sent_topic();  // keccak256("MessageSent(bytes32,bytes32,bytes)")
[[nodiscard]] const Bytes32&
message_received_topic();  // keccak256("MessageReceived(bytes32,bytes32,uint64,bool)")
[[nodiscard]] std::uint32_t send_message_selector();     // sendMessage(bytes32,address,bytes)
[[nodiscard]] std::uint32_t deliver_message_selector();  // deliverMessage(bytes)
[[nodiscard]] std::uint32_t retry_message_selector();    // retryMessage(bytes)
[[nodiscard]] std::uint32_t message_status_selector();   // messageStatus(bytes32)
[[nodiscard]] std::uint32_t receive_message_selector();  // receiveMessage(bytes32,address,bytes)
// The Move module and entry function a Move receiver publishes at its address:
//   public entry fun receive(messenger: &signer, source: vector<u8>, sender: address,
//                            body: vector<u8>)
inline constexpr const char* kMoveReceiverModule = "message_receiver";
inline constexpr const char* kMoveReceiverFunction = "receive";

// How this subnet receives: its quorum and the source subnets' sets (unset: this node delivers
// nothing; deliverMessage fails "not supported").
struct Receiving {
  std::uint32_t quorum_bps = kDefaultQuorumBps;
  ValidatorsAt validators;
};

// The input of a call to the messenger's deliverMessage / retryMessage / messageStatus.
[[nodiscard]] Bytes encode_deliver_call(BytesView signed_message);
[[nodiscard]] Bytes encode_retry_call(BytesView unsigned_message);
[[nodiscard]] Bytes encode_status_call(const Hash256& id);

class MessengerVm final : public exec::Vm {
 public:
  MessengerVm(std::uint32_t network_id, SubnetKey self,
              std::size_t max_payload = kDefaultMaxPayload, Receiving receiving = {})
      : network_id_(network_id),
        self_(self),
        max_payload_(max_payload),
        receiving_(std::move(receiving)) {}

  [[nodiscard]] exec::CallResult execute(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] exec::CallResult create(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] bool accepts_creation(BytesView) const override { return false; }

 private:
  [[nodiscard]] exec::CallResult send(exec::Host& host, const exec::CallMessage& msg);
  [[nodiscard]] exec::CallResult deliver(exec::Host& host, const exec::CallMessage& msg);
  [[nodiscard]] exec::CallResult retry(exec::Host& host, const exec::CallMessage& msg);
  [[nodiscard]] exec::CallResult status(exec::Host& host, const exec::CallMessage& msg);
  // Calls the receiver of an accepted message and records the outcome.
  [[nodiscard]] exec::CallResult hand_over(exec::Host& host, const exec::CallMessage& msg,
                                           const Hash256& id, const SubnetKey& source,
                                           const AddressedCall& call, std::int64_t gas_left);

  std::uint32_t network_id_;
  SubnetKey self_;  // this subnet: the source of what it sends, the destination of what it gets
  std::size_t max_payload_;
  Receiving receiving_;
};

}  // namespace plexus::messaging
