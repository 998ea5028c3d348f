#include "move/status.hpp"

#include <array>

namespace plexus::move {

std::string_view status_name(StatusCode code) noexcept {
  static constexpr std::array kNames = {
#define PLEXUS_MOVE_STATUS_NAME(name) std::string_view(#name),
      PLEXUS_MOVE_STATUS_CODES(PLEXUS_MOVE_STATUS_NAME)
#undef PLEXUS_MOVE_STATUS_NAME
  };
  const auto i = static_cast<std::size_t>(code);
  return i < kNames.size() ? kNames[i] : std::string_view("UNKNOWN_STATUS");
}

std::string VmError::to_string() const {
  std::string out(status_name(status));
  if (status == StatusCode::ABORTED) out += " code " + std::to_string(abort_code);
  if (location.function != Location::kNone) {
    out += " at function " + std::to_string(location.function);
    if (location.offset != Location::kNone) out += " offset " + std::to_string(location.offset);
  }
  if (!message.empty()) out += ": " + message;
  return out;
}

Error to_error(const VmError& error) {
  const bool decode =
      error.status >= StatusCode::BAD_MAGIC && error.status <= StatusCode::UNKNOWN_VISIBILITY;
  return Error{decode ? Errc::kDecode : Errc::kValidation, error.to_string()};
}

}  // namespace plexus::move
