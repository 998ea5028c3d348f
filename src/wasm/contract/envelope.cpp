#include "wasm/contract/envelope.hpp"

#include <algorithm>

namespace plexus::wasm::contract {
namespace {

[[nodiscard]] bool starts_with(BytesView payload, const std::array<Byte, 4>& magic) {
  return payload.size() >= magic.size() && std::equal(magic.begin(), magic.end(), payload.begin());
}

}  // namespace

bool is_wasm_creation(BytesView payload) {
  return starts_with(payload, kEnvelopeMagic) || starts_with(payload, kModuleMagic);
}

Result<Creation> parse_creation(BytesView payload) {
  if (starts_with(payload, kModuleMagic)) return Creation{payload, {}};
  if (!starts_with(payload, kEnvelopeMagic))
    return fail(Errc::kDecode,
                "wasm contract: creation payload starts with neither 0xEF574153 nor \\0asm");
  if (payload.size() < kEnvelopeHeaderSize)
    return fail(Errc::kDecode, "wasm contract: creation envelope shorter than its header");
  std::uint64_t length = 0;
  for (std::size_t i = 4; i < kEnvelopeHeaderSize; ++i) length = (length << 8) | payload[i];
  if (length > payload.size() - kEnvelopeHeaderSize)
    return fail(Errc::kDecode, "wasm contract: creation envelope declares a module of " +
                                   std::to_string(length) + " bytes but carries " +
                                   std::to_string(payload.size() - kEnvelopeHeaderSize));
  const BytesView rest = payload.subspan(kEnvelopeHeaderSize);
  return Creation{rest.first(length), rest.subspan(length)};
}

Bytes make_creation(BytesView module, BytesView args) {
  Bytes out(kEnvelopeMagic.begin(), kEnvelopeMagic.end());
  const auto n = static_cast<std::uint32_t>(module.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<Byte>(n >> shift));
  out.insert(out.end(), module.begin(), module.end());
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

}  // namespace plexus::wasm::contract
