#pragma once
// Cross-subnet messages, byte for byte as docs/MESSAGING.md gives them. Fixed-width big-endian
// fields rather than RLP, so that a contract in any VM can read one with plain offsets.
//
//   unsigned message = version (1 byte, 0) ‖ network id (4) ‖ source subnet (32)
//                      ‖ payload length (4) ‖ payload
//   addressed call   = kind (1 byte, 1) ‖ nonce (8) ‖ sender (20) ‖ destination subnet (32)
//                      ‖ receiver (20) ‖ body length (4) ‖ body        (the payload VMs send)
//   signed message   = unsigned message ‖ platform height (8) ‖ certificate
//   certificate      = rlp([signer bitset, BLS signature (96)])    (consensus/certificate.hpp)
//
// A message's id is keccak256 of its unsigned bytes; validators sign
// "plexus-message-v0" ‖ id with their BLS keys.
#include <cstddef>
#include <cstdint>

#include "consensus/certificate.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::messaging {

inline constexpr Byte kMessageVersion = 0;
inline constexpr Byte kAddressedCall = 1;
inline constexpr std::size_t kUnsignedHeaderSize = 1 + 4 + 32 + 4;
inline constexpr std::size_t kAddressedCallHeaderSize = 1 + 8 + 20 + 32 + 20 + 4;
// A network's default bound on a payload; a destination refuses larger ones.
inline constexpr std::size_t kDefaultMaxPayload = 16 * 1024;

// Subnets are named by their 32-byte id (net::subnet_id of the name).
using SubnetKey = FixedBytes<32>;

struct UnsignedMessage {
  std::uint32_t network_id = 0;
  SubnetKey source{};
  Bytes payload{};
  friend bool operator==(const UnsignedMessage&, const UnsignedMessage&) = default;
};

// What a contract sends: `body` from `sender` on the source subnet to `receiver` on
// `destination`. Nonces count a source subnet's messages from 0, in the order its blocks emit
// them; a destination delivers each (source, nonce) once.
struct AddressedCall {
  std::uint64_t nonce = 0;
  Address sender{};
  SubnetKey destination{};
  Address receiver{};
  Bytes body{};
  friend bool operator==(const AddressedCall&, const AddressedCall&) = default;
};

struct SignedMessage {
  UnsignedMessage message;
  std::uint64_t platform_height = 0;  // the source subnet's validator set signing it
  consensus::Certificate certificate;
};

[[nodiscard]] Bytes encode_unsigned(const UnsignedMessage& message);
// `max_payload` bounds the payload before anything is copied.
[[nodiscard]] Result<UnsignedMessage> decode_unsigned(BytesView bytes,
                                                      std::size_t max_payload = kDefaultMaxPayload);
[[nodiscard]] Bytes encode_addressed_call(const AddressedCall& call);
[[nodiscard]] Result<AddressedCall> decode_addressed_call(BytesView bytes);
[[nodiscard]] Bytes encode_signed(const SignedMessage& message);
[[nodiscard]] Result<SignedMessage> decode_signed(BytesView bytes,
                                                  std::size_t max_payload = kDefaultMaxPayload);

[[nodiscard]] Hash256 message_id(const UnsignedMessage& message);
// What each validator signs: a domain tag, so that no BFT vote or other signature can pass as a
// message signature, then the id.
[[nodiscard]] Bytes signing_bytes(const Hash256& id);

}  // namespace plexus::messaging
