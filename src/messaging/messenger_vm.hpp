#pragma once
// The native code at exec::kMessenger: how a contract in any VM sends a cross-subnet message
// (docs/MESSAGING.md, Sending). Its Solidity interface is sdk/solidity/IPlexusMessenger.sol:
//
//   function sendMessage(bytes32 destination, address receiver, bytes body)
//       returns (bytes32 id);
//   event MessageSent(bytes32 indexed id, bytes32 indexed destination, bytes message);
//
// The caller becomes the message's sender; the nonce is the source subnet's message count,
// kept in the messenger's own storage, so a call that reverts (or whose caller reverts) leaves
// neither a message nor a used nonce. The event's `message` is the unsigned message
// (messaging/message.hpp), so that a block's receipts hold everything it sent.
#include <cstdint>

#include "exec/host.hpp"
#include "messaging/message.hpp"

namespace plexus::messaging {

// Gas of one send: about a storage write and a three-topic log, and the bytes it publishes.
inline constexpr std::int64_t kSendBaseGas = 30'000;
inline constexpr std::int64_t kSendGasPerByte = 16;

[[nodiscard]] const Bytes32&
message_sent_topic();  // keccak256("MessageSent(bytes32,bytes32,bytes)")
[[nodiscard]] std::uint32_t send_message_selector();  // sendMessage(bytes32,address,bytes)

class MessengerVm final : public exec::Vm {
 public:
  MessengerVm(std::uint32_t network_id, SubnetKey source,
              std::size_t max_payload = kDefaultMaxPayload)
      : network_id_(network_id), source_(source), max_payload_(max_payload) {}

  [[nodiscard]] exec::CallResult execute(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] exec::CallResult create(exec::Host& host, const exec::CallMessage& msg) override;
  [[nodiscard]] bool accepts_creation(BytesView) const override { return false; }

 private:
  std::uint32_t network_id_;
  SubnetKey source_;
  std::size_t max_payload_;
};

}  // namespace plexus::messaging
