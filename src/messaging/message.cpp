#include "messaging/message.hpp"

#include <algorithm>

#include "core/hash.hpp"

namespace plexus::messaging {
namespace {

void put_be(Bytes& out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<Byte>(value >> (8 * i)));
}

void put(Bytes& out, BytesView bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

// Reads fixed-width fields in order; every short read fails with what was being read.
class Reader {
 public:
  Reader(BytesView bytes, std::string_view what) : bytes_(bytes), what_(what) {}

  Result<std::uint64_t> be(std::size_t width, std::string_view field) {
    PLEXUS_TRY(const BytesView raw, take(width, field));
    std::uint64_t value = 0;
    for (const Byte b : raw) value = (value << 8) | b;
    return value;
  }
  Result<BytesView> take(std::size_t size, std::string_view field) {
    if (bytes_.size() - at_ < size)
      return fail(Errc::kDecode, std::string(what_) + ": truncated at its " + std::string(field));
    const BytesView out = bytes_.subspan(at_, size);
    at_ += size;
    return out;
  }
  template <std::size_t N>
  Result<FixedBytes<N>> fixed(std::string_view field) {
    PLEXUS_TRY(const BytesView raw, take(N, field));
    return FixedBytes<N>::right_aligned(raw);
  }
  [[nodiscard]] BytesView rest() const { return bytes_.subspan(at_); }
  Result<void> end() const {
    if (at_ != bytes_.size())
      return fail(Errc::kDecode, std::string(what_) + ": " + std::to_string(bytes_.size() - at_) +
                                     " bytes after its end");
    return {};
  }

 private:
  BytesView bytes_;
  std::string_view what_;
  std::size_t at_ = 0;
};

// The unsigned message at the front of `r`, leaving `r` after it.
Result<UnsignedMessage> read_unsigned(Reader& r, std::size_t max_payload) {
  PLEXUS_TRY(const std::uint64_t version, r.be(1, "version"));
  if (version != kMessageVersion)
    return fail(Errc::kDecode, "message: unknown version " + std::to_string(version));
  UnsignedMessage m;
  PLEXUS_TRY(const std::uint64_t network, r.be(4, "network id"));
  m.network_id = static_cast<std::uint32_t>(network);
  PLEXUS_TRY(m.source, r.fixed<32>("source subnet"));
  PLEXUS_TRY(const std::uint64_t size, r.be(4, "payload length"));
  if (size > max_payload)
    return fail(Errc::kValidation, "message: payload of " + std::to_string(size) +
                                       " bytes exceeds the limit of " +
                                       std::to_string(max_payload));
  PLEXUS_TRY(const BytesView payload, r.take(size, "payload"));
  m.payload = to_bytes(payload);
  return m;
}

}  // namespace

Bytes encode_unsigned(const UnsignedMessage& message) {
  Bytes out;
  out.reserve(kUnsignedHeaderSize + message.payload.size());
  out.push_back(kMessageVersion);
  put_be(out, message.network_id, 4);
  put(out, message.source.view());
  put_be(out, message.payload.size(), 4);
  put(out, message.payload);
  return out;
}

Result<UnsignedMessage> decode_unsigned(BytesView bytes, std::size_t max_payload) {
  Reader r(bytes, "message");
  PLEXUS_TRY(UnsignedMessage m, read_unsigned(r, max_payload));
  PLEXUS_CHECK(r.end());
  return m;
}

Bytes encode_addressed_call(const AddressedCall& call) {
  Bytes out;
  out.reserve(kAddressedCallHeaderSize + call.body.size());
  out.push_back(kAddressedCall);
  put_be(out, call.nonce, 8);
  put(out, call.sender.view());
  put(out, call.destination.view());
  put(out, call.receiver.view());
  put_be(out, call.body.size(), 4);
  put(out, call.body);
  return out;
}

Result<AddressedCall> decode_addressed_call(BytesView bytes) {
  Reader r(bytes, "addressed call");
  PLEXUS_TRY(const std::uint64_t kind, r.be(1, "kind"));
  if (kind != kAddressedCall)
    return fail(Errc::kDecode, "message payload: unknown kind " + std::to_string(kind));
  AddressedCall call;
  PLEXUS_TRY(call.nonce, r.be(8, "nonce"));
  PLEXUS_TRY(call.sender, r.fixed<20>("sender"));
  PLEXUS_TRY(call.destination, r.fixed<32>("destination subnet"));
  PLEXUS_TRY(call.receiver, r.fixed<20>("receiver"));
  PLEXUS_TRY(const std::uint64_t size, r.be(4, "body length"));
  PLEXUS_TRY(const BytesView body, r.take(size, "body"));
  call.body = to_bytes(body);
  PLEXUS_CHECK(r.end());
  return call;
}

Bytes encode_signed(const SignedMessage& message) {
  Bytes out = encode_unsigned(message.message);
  put_be(out, message.platform_height, 8);
  put(out, consensus::encode_certificate(message.certificate));
  return out;
}

Result<SignedMessage> decode_signed(BytesView bytes, std::size_t max_payload) {
  Reader r(bytes, "signed message");
  PLEXUS_TRY(UnsignedMessage message, read_unsigned(r, max_payload));
  PLEXUS_TRY(const std::uint64_t height, r.be(8, "platform height"));
  // The certificate runs to the end: its own RLP length must cover exactly the rest.
  PLEXUS_TRY(consensus::Certificate certificate, consensus::decode_certificate(r.rest()));
  if (consensus::encode_certificate(certificate).size() != r.rest().size())
    return fail(Errc::kDecode, "signed message: bytes after its certificate");
  return SignedMessage{std::move(message), height, std::move(certificate)};
}

Hash256 message_id(const UnsignedMessage& message) { return keccak256(encode_unsigned(message)); }

Bytes signing_bytes(const Hash256& id) {
  constexpr std::string_view kTag = "plexus-message-v0";
  Bytes out(kTag.size() + Hash256{}.size());
  std::copy(kTag.begin(), kTag.end(), out.begin());
  std::copy(id.view().begin(), id.view().end(), out.begin() + kTag.size());
  return out;
}

}  // namespace plexus::messaging
