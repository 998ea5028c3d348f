#pragma once
// Numeric semantics the C++ operators do not give directly: the spec's min/max (NaN-propagating,
// -0 < +0), round-to-nearest-even, checked and saturating float-to-integer truncation, and slot
// conversions. Header-only because the interpreter inlines them.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace plexus::wasm::num {

template <typename T>
[[nodiscard]] inline T from_slot(std::uint64_t v) {
  if constexpr (std::is_same_v<T, std::uint32_t>) return static_cast<std::uint32_t>(v);
  else if constexpr (std::is_same_v<T, std::int32_t>) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  else if constexpr (std::is_same_v<T, std::uint64_t>) return v;
  else if constexpr (std::is_same_v<T, std::int64_t>) return static_cast<std::int64_t>(v);
  else if constexpr (std::is_same_v<T, float>) return std::bit_cast<float>(static_cast<std::uint32_t>(v));
  else return std::bit_cast<double>(v);
}

[[nodiscard]] inline std::uint64_t to_slot(bool v) { return v ? 1 : 0; }
[[nodiscard]] inline std::uint64_t to_slot(std::uint32_t v) { return v; }
[[nodiscard]] inline std::uint64_t to_slot(std::int32_t v) { return static_cast<std::uint32_t>(v); }
[[nodiscard]] inline std::uint64_t to_slot(std::uint64_t v) { return v; }
[[nodiscard]] inline std::uint64_t to_slot(std::int64_t v) { return static_cast<std::uint64_t>(v); }
[[nodiscard]] inline std::uint64_t to_slot(float v) { return std::bit_cast<std::uint32_t>(v); }
[[nodiscard]] inline std::uint64_t to_slot(double v) { return std::bit_cast<std::uint64_t>(v); }

template <typename F>
[[nodiscard]] inline F fmin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // propagates a quiet NaN
  if (a == b) return std::signbit(a) ? a : b;        // -0 is less than +0
  return a < b ? a : b;
}

template <typename F>
[[nodiscard]] inline F fmax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// Rounding functions of libm may return a signalling NaN unchanged; the spec wants a quiet
// (arithmetic) NaN, which adding the NaN to itself produces.
template <typename F>
[[nodiscard]] inline F ceil(F a) { return std::isnan(a) ? a + a : std::ceil(a); }
template <typename F>
[[nodiscard]] inline F floor(F a) { return std::isnan(a) ? a + a : std::floor(a); }
template <typename F>
[[nodiscard]] inline F trunc(F a) { return std::isnan(a) ? a + a : std::trunc(a); }
// Rounds half to even; the default floating-point environment is never changed.
template <typename F>
[[nodiscard]] inline F nearest(F a) { return std::isnan(a) ? a + a : std::nearbyint(a); }

// Sign manipulations on the bits, so NaN payloads pass through unchanged.
[[nodiscard]] inline std::uint32_t f32_abs(std::uint32_t b) { return b & 0x7FFFFFFFu; }
[[nodiscard]] inline std::uint32_t f32_neg(std::uint32_t b) { return b ^ 0x80000000u; }
[[nodiscard]] inline std::uint32_t f32_copysign(std::uint32_t a, std::uint32_t b) {
  return (a & 0x7FFFFFFFu) | (b & 0x80000000u);
}
[[nodiscard]] inline std::uint64_t f64_abs(std::uint64_t b) { return b & 0x7FFFFFFFFFFFFFFFull; }
[[nodiscard]] inline std::uint64_t f64_neg(std::uint64_t b) { return b ^ 0x8000000000000000ull; }
[[nodiscard]] inline std::uint64_t f64_copysign(std::uint64_t a, std::uint64_t b) {
  return (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull);
}

// Exclusive bounds (as doubles, exact) inside which truncation to I is defined.
template <typename I>
struct TruncRange;
template <> struct TruncRange<std::int32_t> { static constexpr double kLo = -2147483649.0, kHi = 2147483648.0; };
template <> struct TruncRange<std::uint32_t> { static constexpr double kLo = -1.0, kHi = 4294967296.0; };
template <> struct TruncRange<std::int64_t> { static constexpr double kLo = -9223372036854777856.0, kHi = 9223372036854775808.0; };
template <> struct TruncRange<std::uint64_t> { static constexpr double kLo = -1.0, kHi = 18446744073709551616.0; };

enum class TruncStatus : std::uint8_t { kOk, kNaN, kOverflow };

// Checked truncation. For int64 the lower bound is the next double below -2^63, so -2^63 itself
// (exactly representable) is accepted.
template <typename I, typename F>
[[nodiscard]] inline TruncStatus trunc_checked(F x, I& out) {
  if (std::isnan(x)) return TruncStatus::kNaN;
  const double d = static_cast<double>(x);
  if (!(d > TruncRange<I>::kLo && d < TruncRange<I>::kHi)) return TruncStatus::kOverflow;
  out = static_cast<I>(x);
  return TruncStatus::kOk;
}

template <typename I, typename F>
[[nodiscard]] inline I trunc_sat(F x) {
  if (std::isnan(x)) return 0;
  const double d = static_cast<double>(x);
  if (d <= TruncRange<I>::kLo) return std::numeric_limits<I>::min();
  if (d >= TruncRange<I>::kHi) return std::numeric_limits<I>::max();
  return static_cast<I>(x);
}

}  // namespace plexus::wasm::num
