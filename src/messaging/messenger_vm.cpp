#include "messaging/messenger_vm.hpp"

#include <algorithm>
#include <string_view>

#include "core/hash.hpp"
#include "messaging/abi_words.hpp"

namespace plexus::messaging {
namespace {

const Bytes kNonceKey{'n', 'o', 'n', 'c', 'e'};

exec::CallResult failed(std::string why) {
  exec::CallResult r;
  r.status = exec::CallStatus::kFailure;
  r.error = "messenger: " + std::move(why);
  return r;
}

std::uint32_t selector(std::string_view signature) {
  const Hash256 h =
      keccak256(BytesView(reinterpret_cast<const Byte*>(signature.data()), signature.size()));
  return abi::selector_of(h.view());
}

Bytes32 topic(std::string_view signature) {
  return keccak256(BytesView(reinterpret_cast<const Byte*>(signature.data()), signature.size()));
}

}  // namespace

const Bytes32& message_sent_topic() {
  static const Bytes32 t = topic("MessageSent(bytes32,bytes32,bytes)");
  return t;
}
const Bytes32& message_received_topic() {
  static const Bytes32 t = topic("MessageReceived(bytes32,bytes32,uint64,bool)");
  return t;
}
std::uint32_t send_message_selector() {
  static const std::uint32_t s = selector("sendMessage(bytes32,address,bytes)");
  return s;
}
std::uint32_t deliver_message_selector() {
  static const std::uint32_t s = selector("deliverMessage(bytes)");
  return s;
}
std::uint32_t retry_message_selector() {
  static const std::uint32_t s = selector("retryMessage(bytes)");
  return s;
}
std::uint32_t message_status_selector() {
  static const std::uint32_t s = selector("messageStatus(bytes32)");
  return s;
}
std::uint32_t receive_message_selector() {
  static const std::uint32_t s = selector("receiveMessage(bytes32,address,bytes)");
  return s;
}

exec::CallResult MessengerVm::execute(exec::Host& host, const exec::CallMessage& msg) {
  const BytesView in = msg.input;
  const std::uint32_t called = in.size() >= 4 ? abi::selector_of(in) : 0;
  if (called == send_message_selector()) return send(host, msg);
  if (called == deliver_message_selector()) return deliver(host, msg);
  if (called == retry_message_selector()) return retry(host, msg);
  if (called == message_status_selector()) return status(host, msg);
  return failed(
      "unknown function; the messenger has sendMessage(bytes32,address,bytes), "
      "deliverMessage(bytes), retryMessage(bytes) and messageStatus(bytes32)");
}

exec::CallResult MessengerVm::send(exec::Host& host, const exec::CallMessage& msg) {
  const BytesView in = msg.input;
  if (in.size() < 4 + 3 * 32) return failed("expected sendMessage(bytes32,address,bytes)");
  if (msg.is_static) return failed("sending a message changes state: not in a static call");
  if (msg.value != 0) return failed("sending a message takes no value");
  AddressedCall call;
  call.sender = msg.sender;
  call.destination = SubnetKey::right_aligned(in.subspan(4, 32));
  const BytesView receiver = in.subspan(36, 32);
  if (!std::all_of(receiver.begin(), receiver.begin() + 12, [](Byte b) { return b == 0; }))
    return failed("receiver: not an address");
  call.receiver = Address::right_aligned(receiver.subspan(12));
  const std::optional<BytesView> body = abi::bytes_at(in.subspan(4), 64);
  if (!body) return failed("body: malformed ABI bytes");
  const std::uint64_t length = body->size();
  if (length + kAddressedCallHeaderSize > max_payload_)
    return failed("body of " + std::to_string(length) + " bytes: a message's payload is at most " +
                  std::to_string(max_payload_) + " bytes");
  const std::int64_t gas =
      kSendBaseGas + kSendGasPerByte * static_cast<std::int64_t>(length + kAddressedCallHeaderSize);
  if (msg.gas < gas) {
    exec::CallResult r = failed("out of gas");
    r.status = exec::CallStatus::kOutOfGas;
    return r;
  }
  call.body.assign(body->begin(), body->end());

  const auto stored = host.load(exec::kMessenger, exec::Namespace::kWasm, kNonceKey);
  std::uint64_t nonce = 0;
  if (stored)
    for (const Byte b : *stored) nonce = (nonce << 8) | b;
  call.nonce = nonce;
  Bytes next(8);
  for (std::size_t i = 0; i < 8; ++i) next[7 - i] = static_cast<Byte>((nonce + 1) >> (8 * i));
  host.store(exec::kMessenger, exec::Namespace::kWasm, kNonceKey, next);

  const UnsignedMessage message{network_id_, self_, encode_addressed_call(call)};
  const Bytes unsigned_bytes = encode_unsigned(message);
  const Hash256 id = keccak256(unsigned_bytes);
  const Bytes32 topics[] = {message_sent_topic(), Bytes32::right_aligned(id.view()),
                            Bytes32::right_aligned(call.destination.view())};
  host.emit_log(exec::kMessenger, topics, abi::encode_bytes(unsigned_bytes));

  exec::CallResult r;
  r.status = exec::CallStatus::kSuccess;
  r.gas_left = msg.gas - gas;
  r.output.assign(id.view().begin(), id.view().end());
  return r;
}

exec::CallResult MessengerVm::create(exec::Host&, const exec::CallMessage&) {
  return failed("nothing can be created at the messenger");
}

}  // namespace plexus::messaging
