// Resources loaded from and written back to the host's state (see host_resources.hpp).
#include "move/adapter/host_resources.hpp"

#include "move/adapter/address.hpp"
#include "move/adapter/gas.hpp"
#include "move/vm/entry_args.hpp"

namespace plexus::move {

VmResult<ResourceSource::Loaded> HostResources::load(BytesView address, const std::string& tag,
                                                     const Type& type) {
  Loaded out;
  out.gas = gas::kResourceRead;
  const auto account = to_account(address);
  if (!account) return out;  // no account there, so no resource either
  const auto bytes = host_.load(*account, exec::Namespace::kMoveResource, as_bytes(tag));
  if (!bytes) return out;
  out.gas += gas::kResourceReadPerByte * bytes->size();
  auto value = decode_argument(type, *bytes, kMoveAddressLength);
  if (!value)
    return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR,
                   "stored resource " + tag + " does not decode: " + value.error().message);
  out.value = std::move(*value);
  return out;
}

VmResult<std::uint64_t> write_back(exec::Host& host, const GlobalStorage& storage, bool read_only) {
  std::uint64_t gas_used = 0;
  for (const auto& key : storage.touched()) {
    const auto& [address, tag] = key;
    const auto cell = storage.find(key);
    const auto account = to_account(address);
    if (!account) {
      // Only a signer puts a resource, and signers are accounts; a failed borrow leaves a key.
      if (cell)
        return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "resource at non-account");
      continue;
    }
    std::optional<Bytes> now;
    if (cell) {
      MOVE_TRY(now, bcs_encode(cell->elems[0]));
    }
    const auto before = host.load(*account, exec::Namespace::kMoveResource, as_bytes(tag));
    if (before == now) continue;
    if (read_only)
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR,
                     "state change in a static call: " + tag);
    gas_used += (before ? gas::kResourceUpdate : gas::kResourceCreate) +
                gas::kResourceWritePerByte * (now ? now->size() : 0);
    host.store(*account, exec::Namespace::kMoveResource, as_bytes(tag), std::move(now));
  }
  return gas_used;
}

}  // namespace plexus::move
