#include "platform/registry.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus::platform {
namespace {

const Bytes kNetworkKey{'g'};
constexpr Byte kBalancePrefix = 'b';
constexpr Byte kStakePrefix = 'v';
constexpr Byte kSubnetPrefix = 's';
constexpr std::size_t kMaxSubnetName = 32;

BytesView text_view(std::string_view text) {
  return {reinterpret_cast<const Byte*>(text.data()), text.size()};
}

std::unexpected<Error> refuse(std::string message) {
  return fail(Errc::kValidation, "platform: " + std::move(message));
}

bool valid_subnet_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxSubnetName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::size_t owner_signatures(const std::vector<Address>& owners,
                             const std::vector<Address>& signed_by) {
  return static_cast<std::size_t>(std::count_if(owners.begin(), owners.end(), [&](const Address& o) {
    return std::find(signed_by.begin(), signed_by.end(), o) != signed_by.end();
  }));
}

Bytes encode_subnet(const Subnet& subnet) {
  std::vector<Bytes> validators;
  for (const Address& v : subnet.validators) validators.push_back(rlp::encode_string(v.view()));
  const Bytes fields[] = {rlp::encode_string(encode_operation(subnet.spec)),
                          rlp::encode_list(validators)};
  return rlp::encode_list(fields);
}

Result<Subnet> decode_subnet(BytesView encoded) {
  PLEXUS_TRY(const rlp::Item list, rlp::decode(encoded));
  PLEXUS_TRY(const auto fields, rlp::list_items(list));
  if (fields.size() != 2 || !fields[1].is_list)
    return fail(Errc::kCorruption, "platform: stored subnet");
  PLEXUS_TRY(const Operation op, decode_operation(fields[0].payload));
  const auto* spec = std::get_if<CreateSubnet>(&op);
  if (spec == nullptr) return fail(Errc::kCorruption, "platform: stored subnet");
  Subnet subnet{*spec, {}};
  PLEXUS_TRY(const auto validators, rlp::list_items(fields[1]));
  for (const rlp::Item& v : validators) {
    if (v.payload.size() != 20) return fail(Errc::kCorruption, "platform: stored subnet");
    subnet.validators.push_back(Address::right_aligned(v.payload));
  }
  return subnet;
}

}  // namespace

Result<std::unique_ptr<PlatformRegistry>> PlatformRegistry::open(kv::KvStore& store,
                                                                const PlatformGenesis& genesis) {
  std::unique_ptr<PlatformRegistry> registry(new PlatformRegistry(store, genesis.network_id));
  const Bytes id = to_minimal_be(uint256(genesis.network_id));
  PLEXUS_TRY(const auto stored_id, store.get(kNetworkKey));
  if (stored_id) {
    if (*stored_id != id)
      return fail(Errc::kInvalidArgument, "platform: the data directory belongs to network " +
                                              load_be(*stored_id).str());
    PLEXUS_CHECK(registry->load());
    return registry;
  }
  // Genesis: balances, then the operations, all in one batch.
  kv::WriteBatch batch;
  for (const auto& [addr, amount] : genesis.balances) {
    registry->balances_[addr] += amount;
    batch.put(kv::prefixed_key(kBalancePrefix, addr.view()), to_minimal_be(registry->balances_[addr]));
  }
  for (const SignedOperation& op : genesis.operations)
    PLEXUS_CHECK(registry->check_and_stage(op, batch));
  batch.put(kNetworkKey, id);
  PLEXUS_CHECK(store.write(batch, kv::Durability::kSync));
  return registry;
}

Result<void> PlatformRegistry::load() {
  for (auto c = store_.scan(Bytes{kBalancePrefix}); c->valid(); c->next())
    balances_[Address::right_aligned(c->key().subspan(1))] = load_be(c->value());
  for (auto c = store_.scan(Bytes{kStakePrefix}); c->valid(); c->next())
    stakes_[Address::right_aligned(c->key().subspan(1))] = load_be(c->value());
  for (auto c = store_.scan(Bytes{kSubnetPrefix}); c->valid(); c->next()) {
    PLEXUS_TRY(Subnet subnet, decode_subnet(c->value()));
    subnets_.emplace(subnet.spec.name, std::move(subnet));
  }
  return {};
}

Result<void> PlatformRegistry::check_and_stage(const SignedOperation& signed_op,
                                               kv::WriteBatch& batch) {
  PLEXUS_TRY(const std::vector<Address> signed_by, signers(signed_op, network_id_));
  if (const auto* op = std::get_if<AddValidator>(&signed_op.operation)) {
    if (std::find(signed_by.begin(), signed_by.end(), op->node_id) == signed_by.end())
      return refuse("a validator must sign its own registration");
    if (op->stake < min_validator_stake())
      return refuse("stake below the minimum of 2000 PLX");
    if (stakes_.contains(op->node_id)) return refuse("already a validator");
    uint256& balance = balances_[op->node_id];
    if (balance < op->stake) return refuse("insufficient PLX balance for the stake");
    balance -= op->stake;
    stakes_[op->node_id] = op->stake;
    batch.put(kv::prefixed_key(kBalancePrefix, op->node_id.view()), to_minimal_be(balance));
    batch.put(kv::prefixed_key(kStakePrefix, op->node_id.view()), to_minimal_be(op->stake));
    return {};
  }
  if (const auto* op = std::get_if<CreateSubnet>(&signed_op.operation)) {
    if (!valid_subnet_name(op->name))
      return refuse("subnet names are 1 to 32 characters of a-z, 0-9 and '-'");
    if (subnets_.contains(op->name)) return refuse("subnet " + op->name + " already exists");
    if (op->chain_id == 0) return refuse("chain id must be non-zero");
    for (const auto& [name, subnet] : subnets_)
      if (subnet.spec.chain_id == op->chain_id)
        return refuse("chain id " + std::to_string(op->chain_id) + " is used by subnet " + name);
    std::vector<Address> owners = op->owners;
    std::sort(owners.begin(), owners.end());
    if (owners.empty() || std::adjacent_find(owners.begin(), owners.end()) != owners.end())
      return refuse("owners must be a non-empty list without duplicates");
    if (op->threshold == 0 || op->threshold > op->owners.size())
      return refuse("threshold must be between 1 and the number of owners");
    if (owner_signatures(op->owners, signed_by) < op->threshold)
      return refuse("needs signatures of " + std::to_string(op->threshold) + " owners");
    Subnet subnet{*op, {}};
    batch.put(kv::prefixed_key(kSubnetPrefix, text_view(op->name)), encode_subnet(subnet));
    subnets_.emplace(op->name, std::move(subnet));
    return {};
  }
  const auto& op = std::get<AddSubnetValidator>(signed_op.operation);
  const auto it = subnets_.find(op.subnet);
  if (it == subnets_.end()) return refuse("unknown subnet " + op.subnet);
  Subnet& subnet = it->second;
  if (!stakes_.contains(op.node_id)) return refuse("not a primary-network validator");
  if (std::find(subnet.validators.begin(), subnet.validators.end(), op.node_id) !=
      subnet.validators.end())
    return refuse("already validates subnet " + op.subnet);
  if (owner_signatures(subnet.spec.owners, signed_by) < subnet.spec.threshold)
    return refuse("needs signatures of " + std::to_string(subnet.spec.threshold) + " owners");
  subnet.validators.push_back(op.node_id);
  batch.put(kv::prefixed_key(kSubnetPrefix, text_view(op.subnet)), encode_subnet(subnet));
  return {};
}

Result<void> PlatformRegistry::apply(const SignedOperation& signed_op) {
  std::lock_guard lock(mutex_);
  // Validate on copies so a refused operation leaves the registry untouched.
  auto balances = balances_;
  auto stakes = stakes_;
  auto subnets = subnets_;
  kv::WriteBatch batch;
  auto staged = check_and_stage(signed_op, batch);
  if (staged) staged = store_.write(batch, kv::Durability::kSync);
  if (!staged) {
    balances_ = std::move(balances);
    stakes_ = std::move(stakes);
    subnets_ = std::move(subnets);
  }
  return staged;
}

uint256 PlatformRegistry::balance(const Address& addr) const {
  std::lock_guard lock(mutex_);
  const auto it = balances_.find(addr);
  return it == balances_.end() ? uint256(0) : it->second;
}

std::vector<Validator> PlatformRegistry::validators() const {
  std::lock_guard lock(mutex_);
  std::vector<Validator> out;
  for (const auto& [node, stake] : stakes_) out.push_back({node, stake});
  return out;
}

std::vector<Subnet> PlatformRegistry::subnets() const {
  std::lock_guard lock(mutex_);
  std::vector<Subnet> out;
  for (const auto& [name, subnet] : subnets_) out.push_back(subnet);
  return out;
}

std::optional<Subnet> PlatformRegistry::subnet(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto it = subnets_.find(name);
  if (it == subnets_.end()) return std::nullopt;
  return it->second;
}

}  // namespace plexus::platform
