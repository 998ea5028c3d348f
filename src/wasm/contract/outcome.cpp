#include "wasm/contract/outcome.hpp"

#include <algorithm>

namespace plexus::wasm::contract {
namespace {

constexpr Byte kErrorSelector[] = {0x08, 0xC3, 0x79, 0xA0};  // keccak("Error(string)")[0..4]

// A 32-byte ABI word as a length or offset, when it fits comfortably.
[[nodiscard]] std::optional<std::size_t> small_word(BytesView data, std::size_t at) {
  if (at + 32 > data.size()) return std::nullopt;
  if (!std::all_of(data.begin() + at, data.begin() + at + 24, [](Byte b) { return b == 0; }))
    return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = at + 24; i < at + 32; ++i) v = (v << 8) | data[i];
  if (v > data.size()) return std::nullopt;
  return static_cast<std::size_t>(v);
}

}  // namespace

std::optional<std::string> revert_reason(BytesView data) {
  if (data.size() < 4 || !std::equal(data.begin(), data.begin() + 4, kErrorSelector))
    return std::nullopt;
  const BytesView body = data.subspan(4);
  const auto offset = small_word(body, 0);
  if (!offset) return std::nullopt;
  const auto length = small_word(body, *offset);
  if (!length || *offset + 32 + *length > body.size()) return std::nullopt;
  const auto* p = reinterpret_cast<const char*>(body.data() + *offset + 32);
  return std::string(p, *length);
}

exec::CallResult to_call_result(Activation& act, Trap trap, std::uint64_t gas_left) {
  using exec::CallStatus;
  const auto left = static_cast<std::int64_t>(gas_left);
  if (trap == Trap::kNone || (trap == Trap::kHost && act.exit == Exit::kFinish))
    return {CallStatus::kSuccess, left, std::move(act.output), {}};
  if (trap == Trap::kHost && act.exit == Exit::kRevert) {
    const auto reason = revert_reason(act.output);
    return {CallStatus::kRevert, left, std::move(act.output),
            reason ? "execution reverted: " + *reason : "execution reverted"};
  }
  if (trap == Trap::kOutOfGas) return {CallStatus::kOutOfGas, 0, {}, "out of gas"};
  std::string why = act.error.empty() ? std::string("wasm trap: ") + trap_message(trap)
                                      : "wasm contract: " + act.error;
  return {CallStatus::kFailure, 0, {}, std::move(why)};
}

}  // namespace plexus::wasm::contract
