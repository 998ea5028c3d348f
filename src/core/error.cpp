#include "core/error.hpp"

namespace plexus {

std::string_view errc_name(Errc code) noexcept {
  switch (code) {
    case Errc::kInvalidArgument: return "invalid argument";
    case Errc::kDecode: return "decode error";
    case Errc::kNotFound: return "not found";
    case Errc::kIo: return "i/o error";
    case Errc::kCorruption: return "corruption";
    case Errc::kValidation: return "validation error";
    case Errc::kNotSupported: return "not supported";
    case Errc::kLimitExceeded: return "limit exceeded";
    case Errc::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string Error::to_string() const {
  return std::string(errc_name(code)) + ": " + message;
}

}  // namespace plexus
