#pragma once
// Move global storage over the host's state: a resource is the BCS bytes of its value under
// Namespace::kMoveResource at its owner's account, keyed by its type tag
// ("0xf39f...2266::coin::Balance", short addresses as type_tag() renders them).
#include "exec/host.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {

class HostResources final : public ResourceSource {
 public:
  explicit HostResources(exec::Host& host) : host_(host) {}
  [[nodiscard]] VmResult<Loaded> load(BytesView address, const std::string& tag,
                                      const Type& type) override;

 private:
  exec::Host& host_;
};

// Writes every resource the execution touched whose bytes differ from the state's (absent ones
// are erased) and returns the gas for those writes. With `read_only` a difference is an error
// (a static call may not change state).
[[nodiscard]] VmResult<std::uint64_t> write_back(exec::Host& host, const GlobalStorage& storage,
                                                 bool read_only);

}  // namespace plexus::move
