// The receiving half of the messenger (messenger_vm.hpp): deliverMessage, retryMessage,
// messageStatus, and the call into the receiver in whichever VM it lives.
#include <string_view>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "messaging/abi_words.hpp"
#include "messaging/messenger_vm.hpp"

namespace plexus::messaging {
namespace {

exec::CallResult failed(std::string why) {
  exec::CallResult r;
  r.status = exec::CallStatus::kFailure;
  r.error = "messenger: " + std::move(why);
  return r;
}

exec::CallResult out_of_gas() {
  exec::CallResult r = failed("out of gas");
  r.status = exec::CallStatus::kOutOfGas;
  return r;
}

// A refusal that costs only the checking: Solidity's Error(string), so that every client shows
// the rule.
exec::CallResult refused(std::string why, std::int64_t gas_left) {
  exec::CallResult r;
  r.status = exec::CallStatus::kRevert;
  r.gas_left = gas_left;
  r.error = "messenger: " + why;
  const std::string text = r.error;
  r.output = {0x08, 0xc3, 0x79, 0xa0};
  abi::append_word(r.output, 32);
  abi::append_bytes_tail(r.output,
                         BytesView(reinterpret_cast<const Byte*>(text.data()), text.size()));
  return r;
}

// Storage of the messenger at kMessenger (namespace kWasm): 'r' ‖ source ‖ nonce -> id for every
// message received; 's' ‖ id -> its DeliveryStatus.
Bytes received_key(const SubnetKey& source, std::uint64_t nonce) {
  Bytes key{'r'};
  abi::append_view(key, source.view());
  for (int i = 7; i >= 0; --i) key.push_back(static_cast<Byte>(nonce >> (8 * i)));
  return key;
}

Bytes status_key(const Hash256& id) {
  Bytes key{'s'};
  abi::append_view(key, id.view());
  return key;
}

DeliveryStatus load_status(exec::Host& host, const Hash256& id) {
  const auto stored = host.load(exec::kMessenger, exec::Namespace::kWasm, status_key(id));
  if (!stored || stored->size() != 1) return DeliveryStatus::kNone;
  return static_cast<DeliveryStatus>((*stored)[0]);
}

void append_uleb(Bytes& out, std::size_t n) {
  do {
    Byte b = n & 0x7f;
    n >>= 7;
    if (n != 0) b |= 0x80;
    out.push_back(b);
  } while (n != 0);
}

void append_bcs_bytes(Bytes& out, BytesView bytes) {
  append_uleb(out, bytes.size());
  abi::append_view(out, bytes);
}

Bytes move_address(const Address& a) {
  Bytes out(12, 0);
  abi::append_view(out, a.view());
  return out;
}

// The router envelope (docs/MOVE_SUBNET.md) of receiver::message_receiver::receive(source,
// sender, body); the messenger is the signer.
Bytes move_receive_call(const SubnetKey& source, const AddressedCall& call) {
  Bytes out{0};  // EntryCall
  const Bytes module_address = move_address(call.receiver);
  abi::append_view(out, module_address);
  const std::string_view module = kMoveReceiverModule;
  const std::string_view function = kMoveReceiverFunction;
  append_bcs_bytes(out, BytesView(reinterpret_cast<const Byte*>(module.data()), module.size()));
  append_bcs_bytes(out, BytesView(reinterpret_cast<const Byte*>(function.data()), function.size()));
  append_uleb(out, 0);  // no type arguments
  append_uleb(out, 3);
  Bytes arg;
  append_bcs_bytes(arg, source.view());
  append_bcs_bytes(out, arg);
  append_bcs_bytes(out, move_address(call.sender));
  arg.clear();
  append_bcs_bytes(arg, call.body);
  append_bcs_bytes(out, arg);
  return out;
}

// receiveMessage(bytes32 source, address sender, bytes body)
Bytes abi_receive_call(const SubnetKey& source, const AddressedCall& call) {
  Bytes out = abi::selector_bytes(receive_message_selector());
  abi::append_word(out, source.view());
  abi::append_word(out, call.sender.view());
  abi::append_word(out, 96);
  abi::append_bytes_tail(out, call.body);
  return out;
}

Bytes with_selector(std::uint32_t selector, Bytes args) {
  Bytes out;
  for (std::size_t i = 0; i < 4; ++i) out.push_back(static_cast<Byte>(selector >> (24 - 8 * i)));
  abi::append_view(out, args);
  return out;
}

}  // namespace

Bytes encode_deliver_call(BytesView signed_message) {
  return with_selector(deliver_message_selector(), abi::encode_bytes(signed_message));
}
Bytes encode_retry_call(BytesView unsigned_message) {
  return with_selector(retry_message_selector(), abi::encode_bytes(unsigned_message));
}
Bytes encode_status_call(const Hash256& id) {
  return with_selector(message_status_selector(), to_bytes(id.view()));
}

exec::CallResult MessengerVm::deliver(exec::Host& host, const exec::CallMessage& msg) {
  if (!receiving_.validators)
    return failed("not supported: receiving messages on a node without the platform's sets");
  if (msg.is_static) return failed("delivering a message changes state: not in a static call");
  if (msg.value != 0) return failed("delivering a message takes no value");
  const std::optional<BytesView> bytes = abi::bytes_at(msg.input.subspan(4), 0);
  if (!bytes) return failed("signedMessage: malformed ABI bytes");
  const std::int64_t gas =
      kDeliverBaseGas + kDeliverGasPerByte * static_cast<std::int64_t>(bytes->size());
  if (msg.gas < gas + kAfterReceiverGas) return out_of_gas();
  Destination here;
  here.network_id = network_id_;
  here.subnet = self_;
  here.max_payload = max_payload_;
  here.quorum_bps = receiving_.quorum_bps;
  here.platform_height = host.block().platform_height;
  here.validators = receiving_.validators;
  here.delivered = [&host](const SubnetKey& source, std::uint64_t nonce) {
    return host.load(exec::kMessenger, exec::Namespace::kWasm, received_key(source, nonce))
        .has_value();
  };
  auto accepted = accept_message(*bytes, here);
  if (!accepted) return refused(accepted.error().message, msg.gas - gas);
  host.store(exec::kMessenger, exec::Namespace::kWasm,
             received_key(accepted->source, accepted->call.nonce), to_bytes(accepted->id.view()));
  return hand_over(host, msg, accepted->id, accepted->source, accepted->call, msg.gas - gas);
}

exec::CallResult MessengerVm::retry(exec::Host& host, const exec::CallMessage& msg) {
  if (msg.is_static) return failed("retrying a message changes state: not in a static call");
  if (msg.value != 0) return failed("retrying a message takes no value");
  const std::optional<BytesView> bytes = abi::bytes_at(msg.input.subspan(4), 0);
  if (!bytes) return failed("message: malformed ABI bytes");
  const std::int64_t gas =
      kSendBaseGas + kDeliverGasPerByte * static_cast<std::int64_t>(bytes->size());
  if (msg.gas < gas + kAfterReceiverGas) return out_of_gas();
  auto message = decode_unsigned(*bytes, max_payload_);
  if (!message) return refused(message.error().message, msg.gas - gas);
  const Hash256 id = message_id(*message);
  const DeliveryStatus status = load_status(host, id);
  if (status != DeliveryStatus::kFailed)
    return refused("message " + to_hex(id) +
                       (status == DeliveryStatus::kDelivered ? " was delivered already"
                                                             : " has not been received here"),
                   msg.gas - gas);
  auto call = decode_addressed_call(message->payload);
  if (!call) return refused(call.error().message, msg.gas - gas);
  return hand_over(host, msg, id, message->source, *call, msg.gas - gas);
}

exec::CallResult MessengerVm::status(exec::Host& host, const exec::CallMessage& msg) {
  constexpr std::int64_t kGas = 2'100;
  if (msg.input.size() != 4 + 32) return failed("expected messageStatus(bytes32)");
  if (msg.gas < kGas) return out_of_gas();
  exec::CallResult r;
  r.status = exec::CallStatus::kSuccess;
  r.gas_left = msg.gas - kGas;
  abi::append_word(r.output, static_cast<std::uint64_t>(
                                 load_status(host, Hash256::right_aligned(msg.input.subspan(4)))));
  return r;
}

exec::CallResult MessengerVm::hand_over(exec::Host& host, const exec::CallMessage& msg,
                                        const Hash256& id, const SubnetKey& source,
                                        const AddressedCall& call, std::int64_t gas_left) {
  const exec::CodeKind kind = host.code_kind(call.receiver);
  std::optional<exec::CallMessage> to_receiver;
  Bytes input;
  const std::string_view module = kMoveReceiverModule;
  if (kind == exec::CodeKind::kEvm || kind == exec::CodeKind::kWasm) {
    input = abi_receive_call(source, call);
    to_receiver.emplace();
    to_receiver->recipient = call.receiver;
  } else if (host.load(call.receiver, exec::Namespace::kMoveModule,
                       BytesView(reinterpret_cast<const Byte*>(module.data()), module.size()))) {
    input = move_receive_call(source, call);
    to_receiver.emplace();
    to_receiver->recipient = exec::kMoveRouter;
  }
  bool delivered = false;
  if (to_receiver) {
    const std::int64_t available = gas_left - kAfterReceiverGas;
    to_receiver->sender = exec::kMessenger;
    to_receiver->input = input;
    to_receiver->gas = available - available / 64;
    to_receiver->depth = msg.depth + 1;
    const exec::CallResult result = host.call(*to_receiver);
    delivered = result.status == exec::CallStatus::kSuccess;
    gas_left -= to_receiver->gas - result.gas_left;
  }
  // A receiver without code fails like one that reverts: kept, and retried once it has code.
  host.store(
      exec::kMessenger, exec::Namespace::kWasm, status_key(id),
      Bytes{static_cast<Byte>(delivered ? DeliveryStatus::kDelivered : DeliveryStatus::kFailed)});
  Bytes data;
  abi::append_word(data, call.nonce);
  abi::append_word(data, delivered ? 1 : 0);
  const Bytes32 topics[] = {message_received_topic(), Bytes32::right_aligned(id.view()),
                            Bytes32::right_aligned(source.view())};
  host.emit_log(exec::kMessenger, topics, data);
  exec::CallResult r;
  r.status = exec::CallStatus::kSuccess;
  r.gas_left = gas_left - kAfterReceiverGas;
  abi::append_word(r.output, delivered ? 1 : 0);
  return r;
}

}  // namespace plexus::messaging
