#include "chain/final_headers.hpp"

namespace plexus::chain {

Result<std::shared_ptr<const FinalHeader>> FinalHeaders::at(std::uint64_t number) const {
  {
    std::lock_guard lock(mutex_);
    if (const auto it = kept_.find(number); it != kept_.end()) return it->second;
  }
  PLEXUS_TRY(auto header, blocks_.header_of(number));
  if (!header) return fail(Errc::kNotFound, "header not found");
  PLEXUS_TRY(const Hash256 hash, header_hash(*header));
  auto loaded = std::make_shared<const FinalHeader>(FinalHeader{std::move(*header), hash});
  std::lock_guard lock(mutex_);
  // Full: the lowest number goes, reads at recent blocks being the common ones.
  if (kept_.size() >= kKept) kept_.erase(kept_.begin());
  kept_.insert_or_assign(number, loaded);
  return loaded;
}

}  // namespace plexus::chain
