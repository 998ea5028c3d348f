#pragma once
// Helpers shared by the record encodings (records.cpp, proposal_record.cpp); not a public API.
#include <optional>

#include "platform/records.hpp"

namespace plexus::platform::records {

inline constexpr std::string_view kWhat = "platform: stored record";

[[nodiscard]] inline std::unexpected<Error> corrupt() {
  return fail(Errc::kCorruption, std::string(kWhat));
}

inline void append_be64(Bytes& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<Byte>(value >> shift));
}

// `bytes` holds exactly 8 bytes.
[[nodiscard]] inline std::uint64_t read_be64(BytesView bytes) {
  std::uint64_t out = 0;
  for (const Byte b : bytes) out = (out << 8) | b;
  return out;
}

// `id` is the key without its prefix byte; `f` the value's fields, key first.
[[nodiscard]] Result<void> load_proposal(BytesView id, const std::vector<rlp::Item>& f,
                                         PlatformData& data);
[[nodiscard]] std::optional<Bytes> encode_proposal(const PlatformData& data, BytesView key);

}  // namespace plexus::platform::records
