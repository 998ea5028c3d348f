#pragma once
// A committed state's accounts, loaded from the store as an execution reaches them (calls and
// traces that do not run on the live state). A store failure cannot stop the execution midway:
// it is kept and reported once the execution is done.
#include <map>
#include <optional>

#include "chain/world_store.hpp"
#include "core/error.hpp"
#include "exec/state.hpp"

namespace plexus::chain {

class StoredAccounts final : public exec::AccountSource {
 public:
  // kWhole: accounts with all their storage from the flat records, which hold the latest
  // written state: only for `root` = the head's, with the store kept from moving meanwhile.
  // kBySlot: storage read slot by slot (and VM data key by key) through the tries at `root`, any
  // committed block's.
  enum class Storage : std::uint8_t { kWhole, kBySlot };
  StoredAccounts(const WorldStore& world, const Hash256& root, Storage storage)
      : world_(world), root_(root), storage_(storage) {}

  [[nodiscard]] std::optional<exec::Account> load(const Address& addr) const override;
  [[nodiscard]] Bytes32 load_slot(const Address& addr, const Bytes32& key) const override;
  [[nodiscard]] std::optional<Bytes> load_data(const Address& addr,
                                               const Bytes& key) const override;
  [[nodiscard]] const std::optional<Error>& error() const { return error_; }

 private:
  const WorldStore& world_;
  Hash256 root_;
  Storage storage_;
  mutable std::map<Address, Hash256> storage_roots_;  // of the accounts loaded kBySlot
  mutable std::optional<Error> error_;
};

}  // namespace plexus::chain
