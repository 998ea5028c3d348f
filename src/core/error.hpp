#pragma once
// The one error type of the project. Every fallible function returns Result<T>; hot paths that
// cannot afford to build a message (the VM interpreters) use their own status enums internally and
// convert to Error at their boundary.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace plexus {

enum class Errc : std::uint16_t {
  kInvalidArgument,   // a caller passed something malformed (hex digits, lengths, ...)
  kDecode,            // malformed encoded input (RLP, binary formats, transactions)
  kNotFound,          // a key, account or file that does not exist
  kIo,                // the operating system or the store failed
  kCorruption,        // stored data does not decode or verify
  kValidation,        // well-formed input that breaks a rule (signature, nonce, verifier pass)
  kNotSupported,      // a path that is deliberately not implemented yet
  kLimitExceeded,     // a configured limit (size, depth, count) was reached
  kInternal,          // a bug: an invariant did not hold
};

[[nodiscard]] std::string_view errc_name(Errc code) noexcept;

struct Error {
  Errc code = Errc::kInternal;
  std::string message;

  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = std::expected<T, Error>;

// `return fail(Errc::kDecode, "rlp: truncated list");` reads better than building unexpected.
[[nodiscard]] inline std::unexpected<Error> fail(Errc code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

[[nodiscard]] inline std::unexpected<Error> not_supported(std::string_view what) {
  return fail(Errc::kNotSupported, "not supported: " + std::string(what));
}

}  // namespace plexus

// Propagate an error from an expression returning Result<T>, binding the value otherwise.
// A macro because C++ has no `?` operator; it is the only control-flow macro in the project.
#define PLEXUS_CONCAT_INNER(a, b) a##b
#define PLEXUS_CONCAT(a, b) PLEXUS_CONCAT_INNER(a, b)
#define PLEXUS_TRY_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                     \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  decl = std::move(*tmp)
#define PLEXUS_TRY(decl, expr) PLEXUS_TRY_IMPL(PLEXUS_CONCAT(plexus_try_, __LINE__), decl, expr)
// For Result<void>.
#define PLEXUS_CHECK(expr)                                              \
  do {                                                                  \
    auto plexus_check_result = (expr);                                  \
    if (!plexus_check_result)                                           \
      return std::unexpected(std::move(plexus_check_result).error());   \
  } while (0)
