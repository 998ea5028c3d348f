#include "da/share.hpp"

#include <algorithm>

namespace plexus::da {
namespace {

Namespace reserved_v0(Byte last) {
  Namespace ns;
  ns[kNamespaceSize - 1] = last;
  return ns;
}

Namespace v255(Byte last) {
  Namespace ns;
  ns.bytes.fill(0xFF);
  ns[kNamespaceSize - 1] = last;
  return ns;
}

void put_u32(Byte* out, std::uint32_t v) {
  out[0] = static_cast<Byte>(v >> 24);
  out[1] = static_cast<Byte>(v >> 16);
  out[2] = static_cast<Byte>(v >> 8);
  out[3] = static_cast<Byte>(v);
}

std::uint32_t get_u32(const Byte* in) {
  return (std::uint32_t{in[0]} << 24) | (std::uint32_t{in[1]} << 16) | (std::uint32_t{in[2]} << 8) |
         in[3];
}

Share start_share(const Namespace& ns, std::uint8_t version, bool first) {
  Share s;
  std::memcpy(s.data(), ns.data(), kNamespaceSize);
  s[kNamespaceSize] = static_cast<Byte>((version << 1) | (first ? 1 : 0));
  return s;
}

void put_varint(Bytes& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<Byte>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<Byte>(v));
}

std::string at(std::size_t index) { return "share " + std::to_string(index) + ": "; }

}  // namespace

Namespace namespace_v0(BytesView id_tail) {
  Namespace ns;
  const std::size_t n = std::min<std::size_t>(id_tail.size(), kNamespaceIdSize - kVersionZeroPrefixSize);
  if (n) std::memcpy(ns.data() + kNamespaceSize - n, id_tail.data() + id_tail.size() - n, n);
  return ns;
}

Namespace tx_namespace() { return reserved_v0(0x01); }
Namespace pay_for_blob_namespace() { return reserved_v0(0x04); }
Namespace primary_padding_namespace() { return reserved_v0(0xFF); }
Namespace max_primary_namespace() { return reserved_v0(0xFF); }
Namespace tail_padding_namespace() { return v255(0xFE); }
Namespace parity_namespace() { return v255(0xFF); }

Result<void> validate_namespace(const Namespace& ns) {
  const Byte version = ns[0];
  if (version == 0) {
    for (std::size_t i = 1; i <= kVersionZeroPrefixSize; ++i)
      if (ns[i] != 0)
        return fail(Errc::kValidation,
                    "namespace: a version-0 id must start with 18 zero bytes");
    return {};
  }
  if (version == 0xFF) {
    if (ns == tail_padding_namespace() || ns == parity_namespace()) return {};
    return fail(Errc::kValidation, "namespace: version 255 holds only tail padding and parity");
  }
  return fail(Errc::kValidation, "namespace: version " + std::to_string(version) + " is not supported");
}

Result<void> validate_blob_namespace(const Namespace& ns) {
  PLEXUS_CHECK(validate_namespace(ns));
  if (ns[0] == 0xFF || ns <= max_primary_namespace())
    return fail(Errc::kValidation, "namespace: reserved namespaces cannot hold blobs");
  return {};
}

Result<Share> share_from(BytesView bytes) {
  if (bytes.size() != kShareSize)
    return fail(Errc::kInvalidArgument, "share: " + std::to_string(bytes.size()) +
                                            " bytes, a share is exactly 512");
  Share s;
  std::memcpy(s.data(), bytes.data(), kShareSize);
  return s;
}

Result<std::vector<Share>> shares_from(BytesView bytes) {
  if (bytes.size() % kShareSize != 0)
    return fail(Errc::kInvalidArgument, "shares: " + std::to_string(bytes.size()) +
                                            " bytes is not a whole number of 512-byte shares");
  std::vector<Share> out(bytes.size() / kShareSize);
  for (std::size_t i = 0; i < out.size(); ++i)
    std::memcpy(out[i].data(), bytes.data() + i * kShareSize, kShareSize);
  return out;
}

std::size_t sparse_shares_needed(std::size_t data_bytes, bool signer) {
  const std::size_t first = kFirstSparsePayload - (signer ? kSignerSize : 0);
  if (data_bytes <= first) return 1;
  return 1 + (data_bytes - first + kContinuationSparsePayload - 1) / kContinuationSparsePayload;
}

Result<std::vector<Share>> blob_shares(const Blob& blob) {
  PLEXUS_CHECK(validate_namespace(blob.ns));
  const bool signed_blob = blob.share_version == kShareVersionOne;
  if (blob.share_version > kShareVersionOne)
    return fail(Errc::kNotSupported, "blob: share version " + std::to_string(blob.share_version) +
                                         " is not supported (0 and 1 are)");
  if (signed_blob != (blob.signer.size() == kSignerSize) || (!signed_blob && !blob.signer.empty()))
    return fail(Errc::kValidation, "blob: share version 1 needs a 20-byte signer, version 0 none");
  if (blob.data.size() > 0xFFFFFFFFu)
    return fail(Errc::kLimitExceeded, "blob: data longer than a 4-byte sequence length");
  std::vector<Share> out;
  out.reserve(sparse_shares_needed(blob.data.size(), signed_blob));
  std::size_t used = 0;
  while (out.empty() || used < blob.data.size()) {
    const bool first = out.empty();
    Share s = start_share(blob.ns, blob.share_version, first);
    std::size_t pos = kNamespaceSize + kInfoByteSize;
    if (first) {
      put_u32(s.data() + pos, static_cast<std::uint32_t>(blob.data.size()));
      pos += kSequenceLengthSize;
      if (signed_blob) {
        std::memcpy(s.data() + pos, blob.signer.data(), kSignerSize);
        pos += kSignerSize;
      }
    }
    const std::size_t n = std::min(kShareSize - pos, blob.data.size() - used);
    if (n) std::memcpy(s.data() + pos, blob.data.data() + used, n);
    used += n;
    out.push_back(s);
  }
  return out;
}

Share padding_share(const Namespace& ns, std::uint8_t version) {
  return start_share(ns, version, true);  // sequence length and data stay zero
}

std::vector<Share> compact_shares(const Namespace& ns, std::span<const Bytes> units) {
  Bytes stream;
  std::vector<std::size_t> starts;
  for (const Bytes& u : units) {
    starts.push_back(stream.size());
    put_varint(stream, u.size());
    stream.insert(stream.end(), u.begin(), u.end());
  }
  std::vector<Share> out;
  std::size_t used = 0, next_start = 0;
  while (out.empty() || used < stream.size()) {
    const bool first = out.empty();
    Share s = start_share(ns, kShareVersionZero, first);
    std::size_t pos = kNamespaceSize + kInfoByteSize;
    if (first) {
      put_u32(s.data() + pos, static_cast<std::uint32_t>(stream.size()));
      pos += kSequenceLengthSize;
    }
    const std::size_t reserved_at = pos;
    pos += kCompactReservedSize;
    const std::size_t n = std::min(kShareSize - pos, stream.size() - used);
    // The reserved bytes locate the first unit that starts in this share (0: none does), so a
    // reader can start parsing at any share.
    while (next_start < starts.size() && starts[next_start] < used) ++next_start;
    if (next_start < starts.size() && starts[next_start] < used + n)
      put_u32(s.data() + reserved_at, static_cast<std::uint32_t>(pos + starts[next_start] - used));
    if (n) std::memcpy(s.data() + pos, stream.data() + used, n);
    used += n;
    out.push_back(s);
  }
  return out;
}

Result<std::vector<Sequence>> parse_sparse_shares(std::span<const Share> shares) {
  std::vector<Sequence> out;
  std::uint64_t expected = 0;
  std::size_t started_at = 0;
  const auto finish = [&]() -> Result<void> {
    if (out.empty()) return {};
    Bytes& data = out.back().data;
    if (data.size() < expected)
      return fail(Errc::kDecode, "sequence starting at share " + std::to_string(started_at) +
                                     ": sequence length " + std::to_string(expected) +
                                     " exceeds the " + std::to_string(data.size()) +
                                     " bytes present");
    data.resize(expected);
    return {};
  };
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const Share& s = shares[i];
    const Namespace ns = namespace_of(s);
    const auto valid = validate_namespace(ns);
    if (!valid) return fail(Errc::kDecode, at(i) + valid.error().message);
    const std::uint8_t version = share_version(s);
    if (version > kShareVersionOne)
      return fail(Errc::kDecode, at(i) + "share version " + std::to_string(version) +
                                     " is not supported (0 and 1 are)");
    std::size_t pos = kNamespaceSize + kInfoByteSize;
    if (is_sequence_start(s)) {
      PLEXUS_CHECK(finish());
      Sequence seq;
      seq.ns = ns;
      seq.share_version = version;
      expected = get_u32(s.data() + pos);
      pos += kSequenceLengthSize;
      if (version == kShareVersionOne) {
        seq.signer.assign(s.data() + pos, s.data() + pos + kSignerSize);
        pos += kSignerSize;
      }
      started_at = i;
      out.push_back(std::move(seq));
    } else {
      if (out.empty())
        return fail(Errc::kDecode, at(i) + "continues a sequence that never started");
      if (ns != out.back().ns)
        return fail(Errc::kDecode, at(i) + "the namespace changes inside a sequence");
      if (version != out.back().share_version)
        return fail(Errc::kDecode, at(i) + "the share version changes inside a sequence");
      if (out.back().data.size() >= expected)
        return fail(Errc::kDecode, at(i) + "continues a sequence that is already complete");
    }
    out.back().data.insert(out.back().data.end(), s.data() + pos, s.data() + kShareSize);
  }
  PLEXUS_CHECK(finish());
  return out;
}

Result<std::vector<Bytes>> parse_compact_shares(std::span<const Share> shares) {
  if (shares.empty()) return std::vector<Bytes>{};
  const Namespace ns = namespace_of(shares[0]);
  Bytes stream;
  std::uint32_t expected = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const Share& s = shares[i];
    if (namespace_of(s) != ns) return fail(Errc::kDecode, at(i) + "the namespace changes inside a sequence");
    if (share_version(s) != kShareVersionZero)
      return fail(Errc::kDecode, at(i) + "compact shares have share version 0");
    if (is_sequence_start(s) != (i == 0))
      return fail(Errc::kDecode, at(i) + (i == 0 ? "the first compact share must start the sequence"
                                                 : "a second sequence start among compact shares"));
    std::size_t pos = kNamespaceSize + kInfoByteSize;
    if (i == 0) {
      expected = get_u32(s.data() + pos);
      pos += kSequenceLengthSize;
    }
    const std::uint32_t reserved = get_u32(s.data() + pos);
    pos += kCompactReservedSize;
    if (reserved != 0 && (reserved < pos || reserved >= kShareSize))
      return fail(Errc::kDecode, at(i) + "reserved bytes point outside the share's data");
    stream.insert(stream.end(), s.data() + pos, s.data() + kShareSize);
  }
  if (stream.size() < expected)
    return fail(Errc::kDecode, "compact shares: sequence length " + std::to_string(expected) +
                                   " exceeds the " + std::to_string(stream.size()) + " bytes present");
  stream.resize(expected);
  std::vector<Bytes> units;
  std::size_t pos = 0;
  while (pos < stream.size()) {
    std::uint64_t len = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (pos >= stream.size() || shift > 28)
        return fail(Errc::kDecode, "compact shares: a unit length is not a valid varint");
      const Byte b = stream[pos++];
      len |= std::uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) break;
    }
    if (len > stream.size() - pos)
      return fail(Errc::kDecode, "compact shares: a unit runs past the sequence length");
    units.emplace_back(stream.begin() + static_cast<std::ptrdiff_t>(pos),
                       stream.begin() + static_cast<std::ptrdiff_t>(pos + len));
    pos += len;
  }
  return units;
}

}  // namespace plexus::da
