#include "net/platform_relay.hpp"

namespace plexus::net {

Result<void> PlatformRelay::admit(BytesView raw) {
  PLEXUS_TRY(const platform::SignedOperation op, platform::decode_signed(raw));
  PLEXUS_CHECK(registry_.submit(op));
  return {};
}

std::vector<Bytes> PlatformRelay::pooled(std::size_t max) const {
  std::vector<Bytes> out;
  for (const platform::SignedOperation& op : registry_.pooled(max))
    out.push_back(platform::encode_signed(op));
  return out;
}

}  // namespace plexus::net
