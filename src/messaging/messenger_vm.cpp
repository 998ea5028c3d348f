#include "messaging/messenger_vm.hpp"

#include <algorithm>
#include <string_view>

#include "core/hash.hpp"

namespace plexus::messaging {
namespace {

const Bytes kNonceKey{'n', 'o', 'n', 'c', 'e'};

Hash256 keccak_text(std::string_view text) {
  return keccak256(BytesView(reinterpret_cast<const Byte*>(text.data()), text.size()));
}

exec::CallResult failed(std::string why) {
  exec::CallResult r;
  r.status = exec::CallStatus::kFailure;
  r.error = "messenger: " + std::move(why);
  return r;
}

// A 32-byte ABI word as an integer that must fit 64 bits (offsets, lengths).
bool small_word(BytesView word, std::uint64_t& out) {
  if (!std::all_of(word.begin(), word.begin() + 24, [](Byte b) { return b == 0; })) return false;
  out = 0;
  for (std::size_t i = 24; i < 32; ++i) out = (out << 8) | word[i];
  return true;
}

void append_word(Bytes& out, std::uint64_t value) {
  Bytes32 word{};
  for (std::size_t i = 0; i < 8; ++i) word[31 - i] = static_cast<Byte>(value >> (8 * i));
  out.insert(out.end(), word.view().begin(), word.view().end());
}

// abi.encode(bytes): offset, length, the bytes padded to a word.
Bytes abi_bytes(BytesView bytes) {
  Bytes out;
  append_word(out, 32);
  append_word(out, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
  out.resize(out.size() + (32 - bytes.size() % 32) % 32, 0);
  return out;
}

}  // namespace

const Bytes32& message_sent_topic() {
  static const Bytes32 topic = keccak_text("MessageSent(bytes32,bytes32,bytes)");
  return topic;
}

std::uint32_t send_message_selector() {
  static const std::uint32_t selector = [] {
    const Hash256 h = keccak_text("sendMessage(bytes32,address,bytes)");
    return (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) | (std::uint32_t{h[2]} << 8) |
           h[3];
  }();
  return selector;
}

exec::CallResult MessengerVm::execute(exec::Host& host, const exec::CallMessage& msg) {
  const BytesView in = msg.input;
  if (in.size() < 4 + 3 * 32) return failed("expected sendMessage(bytes32,address,bytes)");
  const std::uint32_t selector = (std::uint32_t{in[0]} << 24) | (std::uint32_t{in[1]} << 16) |
                                 (std::uint32_t{in[2]} << 8) | in[3];
  if (selector != send_message_selector())
    return failed("unknown function; the messenger has sendMessage(bytes32,address,bytes)");
  if (msg.is_static) return failed("sending a message changes state: not in a static call");
  if (msg.value != 0) return failed("sending a message takes no value");
  AddressedCall call;
  call.sender = msg.sender;
  call.destination = SubnetKey::right_aligned(in.subspan(4, 32));
  const BytesView receiver = in.subspan(36, 32);
  if (!std::all_of(receiver.begin(), receiver.begin() + 12, [](Byte b) { return b == 0; }))
    return failed("receiver: not an address");
  call.receiver = Address::right_aligned(receiver.subspan(12));
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  if (!small_word(in.subspan(68, 32), offset) || offset > in.size() - 4 - 32 ||
      !small_word(in.subspan(4 + offset, 32), length) || length > in.size() - 4 - 32 - offset)
    return failed("body: malformed ABI bytes");
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
  const BytesView body = in.subspan(4 + 32 + offset, length);
  call.body.assign(body.begin(), body.end());

  const auto stored = host.load(exec::kMessenger, exec::Namespace::kWasm, kNonceKey);
  std::uint64_t nonce = 0;
  if (stored)
    for (const Byte b : *stored) nonce = (nonce << 8) | b;
  call.nonce = nonce;
  Bytes next(8);
  for (std::size_t i = 0; i < 8; ++i) next[7 - i] = static_cast<Byte>((nonce + 1) >> (8 * i));
  host.store(exec::kMessenger, exec::Namespace::kWasm, kNonceKey, next);

  const UnsignedMessage message{network_id_, source_, encode_addressed_call(call)};
  const Bytes unsigned_bytes = encode_unsigned(message);
  const Hash256 id = keccak256(unsigned_bytes);
  const Bytes32 topics[] = {message_sent_topic(), Bytes32::right_aligned(id.view()),
                            Bytes32::right_aligned(call.destination.view())};
  host.emit_log(exec::kMessenger, topics, abi_bytes(unsigned_bytes));

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
