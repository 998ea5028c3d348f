#pragma once
// Celestia's share format: 512-byte shares, each starting with a 29-byte namespace (a version
// byte and a 28-byte id) and an info byte (share version << 1 | sequence start). The first share
// of a sequence carries the sequence length (4 bytes, big-endian); compact shares (transactions)
// then carry 4 reserved bytes, the offset of the first unit that starts in the share; sparse
// shares (blobs) carry the data directly, after a 20-byte signer in the first share of version 1.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace plexus::da {

inline constexpr std::size_t kShareSize = 512;
inline constexpr std::size_t kNamespaceSize = 29;
inline constexpr std::size_t kNamespaceIdSize = 28;
// A version-0 namespace id is 18 zero bytes followed by 10 user bytes.
inline constexpr std::size_t kVersionZeroPrefixSize = 18;
inline constexpr std::size_t kInfoByteSize = 1;
inline constexpr std::size_t kSequenceLengthSize = 4;
inline constexpr std::size_t kCompactReservedSize = 4;
inline constexpr std::size_t kSignerSize = 20;
inline constexpr std::uint8_t kMaxShareVersion = 127;
inline constexpr std::uint8_t kShareVersionZero = 0;
inline constexpr std::uint8_t kShareVersionOne = 1;  // sparse shares with a signer
// Payload bytes: sparse first / continuation, compact first / continuation.
inline constexpr std::size_t kFirstSparsePayload =
    kShareSize - kNamespaceSize - kInfoByteSize - kSequenceLengthSize;  // 478
inline constexpr std::size_t kContinuationSparsePayload = kShareSize - kNamespaceSize - kInfoByteSize;  // 482
inline constexpr std::size_t kFirstCompactPayload = kFirstSparsePayload - kCompactReservedSize;  // 474
inline constexpr std::size_t kContinuationCompactPayload =
    kContinuationSparsePayload - kCompactReservedSize;  // 478

using Namespace = FixedBytes<kNamespaceSize>;
using Share = FixedBytes<kShareSize>;

// Version 0 with the given id tail (up to 10 bytes, right-aligned).
[[nodiscard]] Namespace namespace_v0(BytesView id_tail);

// Reserved namespaces (Celestia's consts).
[[nodiscard]] Namespace tx_namespace();                // 0x00...01
[[nodiscard]] Namespace pay_for_blob_namespace();      // 0x00...04
[[nodiscard]] Namespace primary_padding_namespace();   // 0x00...FF
[[nodiscard]] Namespace max_primary_namespace();       // 0x00...FF, last reserved before blobs
[[nodiscard]] Namespace tail_padding_namespace();      // 0xFF...FE
[[nodiscard]] Namespace parity_namespace();            // 0xFF x 29

// Rejects unknown namespace versions (0 and 255 exist) and version-0 ids without the zero prefix.
[[nodiscard]] Result<void> validate_namespace(const Namespace& ns);
// A namespace a blob may use: valid, and neither reserved nor padding nor parity.
[[nodiscard]] Result<void> validate_blob_namespace(const Namespace& ns);

[[nodiscard]] inline Namespace namespace_of(const Share& s) {
  Namespace ns;
  std::memcpy(ns.data(), s.data(), kNamespaceSize);
  return ns;
}
[[nodiscard]] inline std::uint8_t share_version(const Share& s) { return s[kNamespaceSize] >> 1; }
[[nodiscard]] inline bool is_sequence_start(const Share& s) { return (s[kNamespaceSize] & 1) != 0; }

// A share from exactly 512 bytes, else an error naming the size.
[[nodiscard]] Result<Share> share_from(BytesView bytes);
// Splits a buffer of concatenated shares; its size must be a multiple of 512.
[[nodiscard]] Result<std::vector<Share>> shares_from(BytesView bytes);

// A blob: its namespace, share version (0, or 1 with a signer) and data.
struct Blob {
  Namespace ns;
  std::uint8_t share_version = kShareVersionZero;
  Bytes signer;  // 20 bytes with share version 1, empty otherwise
  Bytes data;
};

// The sparse shares of a blob (at least one, even for empty data).
[[nodiscard]] Result<std::vector<Share>> blob_shares(const Blob& blob);
[[nodiscard]] std::size_t sparse_shares_needed(std::size_t data_bytes, bool signer = false);

// Padding shares: namespace, info byte (sequence start), sequence length 0, zeros. Namespace
// padding after a blob takes that blob's namespace and share version.
[[nodiscard]] Share padding_share(const Namespace& ns, std::uint8_t version = kShareVersionZero);
[[nodiscard]] inline Share tail_padding_share() { return padding_share(tail_padding_namespace()); }

// Compact shares of length-delimited units (transactions) in a reserved namespace: each unit is
// preceded by its length as a protobuf varint.
[[nodiscard]] std::vector<Share> compact_shares(const Namespace& ns, std::span<const Bytes> units);

// A sequence read back from shares: its namespace, share version, signer and data (truncated to
// the sequence length).
struct Sequence {
  Namespace ns;
  std::uint8_t share_version = 0;
  Bytes signer;
  Bytes data;
};

// Parses consecutive sparse shares into sequences. Fails (naming the rule and the share index)
// on an unsupported share version, a first share that does not start a sequence, a namespace
// change inside a sequence, or a sequence length exceeding the data present. Padding sequences
// (length 0) are kept; the caller may drop them.
[[nodiscard]] Result<std::vector<Sequence>> parse_sparse_shares(std::span<const Share> shares);

// Parses compact shares (one reserved namespace) back into their units.
[[nodiscard]] Result<std::vector<Bytes>> parse_compact_shares(std::span<const Share> shares);

}  // namespace plexus::da
