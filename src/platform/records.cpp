#include "platform/records.hpp"

#include "platform/fields.hpp"
#include "platform/record_codec.hpp"
#include "storage/kv.hpp"

namespace plexus::platform {
namespace {

constexpr Byte kAccount = 'a';
constexpr Byte kValidator = 'v';
constexpr Byte kSubnet = 's';
constexpr Byte kDelegation = 'd';
constexpr Byte kProposal = 'p';
constexpr Byte kEvidence = 'e';
constexpr Byte kTotals = 'T';

using Items = std::vector<rlp::Item>;

Bytes encode_validator(BytesView key, const Validator& v) {
  const Bytes f[] = {rlp::encode_string(key),      rlp::encode_string(v.owner.view()),
                     fields::u256(v.stake),        rlp::encode_uint(v.start_time),
                     rlp::encode_uint(v.end_time), fields::bytes(v.bls_key),
                     fields::bytes(v.bls_pop),     fields::u256(v.delegated),
                     rlp::encode_uint(v.observed), rlp::encode_uint(v.signed_blocks)};
  return rlp::encode_list(f);
}

Bytes encode_subnet(BytesView key, const Subnet& subnet) {
  std::vector<Bytes> validators;
  for (const auto& [node, m] : subnet.validators) {
    const Bytes member[] = {rlp::encode_string(node.view()), rlp::encode_uint(m.weight),
                            rlp::encode_uint(m.start_time), rlp::encode_uint(m.end_time)};
    validators.push_back(rlp::encode_list(member));
  }
  const Bytes f[] = {rlp::encode_string(key), fields::bytes(encode_operation(subnet.spec)),
                     rlp::encode_list(validators), rlp::encode_uint(subnet.next_proposal)};
  return rlp::encode_list(f);
}

Result<void> load_validator(const Address& node, const Items& f, PlatformData& data) {
  if (f.size() != 10) return records::corrupt();
  Validator v{.node_id = node};
  PLEXUS_TRY(v.owner, fields::read_address(f[1], records::kWhat));
  PLEXUS_TRY(v.stake, fields::read_u256(f[2]));
  PLEXUS_TRY(v.start_time, rlp::to_uint64(f[3]));
  PLEXUS_TRY(v.end_time, rlp::to_uint64(f[4]));
  PLEXUS_TRY(v.bls_key, fields::read_bytes(f[5], records::kWhat));
  PLEXUS_TRY(v.bls_pop, fields::read_bytes(f[6], records::kWhat));
  PLEXUS_TRY(v.delegated, fields::read_u256(f[7]));
  PLEXUS_TRY(v.observed, rlp::to_uint64(f[8]));
  PLEXUS_TRY(v.signed_blocks, rlp::to_uint64(f[9]));
  data.validators[node] = std::move(v);
  return {};
}

Result<void> load_subnet(const Items& f, PlatformData& data) {
  if (f.size() != 4 || f[1].is_list) return records::corrupt();
  PLEXUS_TRY(Operation op, decode_operation(f[1].payload));
  auto* spec = std::get_if<CreateSubnet>(&op);
  if (spec == nullptr) return records::corrupt();
  Subnet subnet{std::move(*spec), {}, 0};
  PLEXUS_TRY(const auto validators, fields::items(f[2], records::kWhat));
  for (const rlp::Item& item : validators) {
    PLEXUS_TRY(const auto m, fields::items(item, records::kWhat));
    if (m.size() != 4) return records::corrupt();
    PLEXUS_TRY(const Address node, fields::read_address(m[0], records::kWhat));
    SubnetMember& member = subnet.validators[node];
    PLEXUS_TRY(member.weight, rlp::to_uint64(m[1]));
    PLEXUS_TRY(member.start_time, rlp::to_uint64(m[2]));
    PLEXUS_TRY(member.end_time, rlp::to_uint64(m[3]));
  }
  PLEXUS_TRY(subnet.next_proposal, rlp::to_uint64(f[3]));
  const std::string name = subnet.spec.name;
  data.subnets[name] = std::move(subnet);
  return {};
}

Result<void> load_delegation(BytesView id, const Items& f, PlatformData& data) {
  if (id.size() != 48 || f.size() != 4) return records::corrupt();
  const DelegationId key{Address::right_aligned(id.first(20)),
                         Address::right_aligned(id.subspan(20, 20)),
                         records::read_be64(id.last(8))};
  Delegation& d = data.delegations[key];
  PLEXUS_TRY(d.amount, fields::read_u256(f[1]));
  PLEXUS_TRY(d.start_time, rlp::to_uint64(f[2]));
  PLEXUS_TRY(d.end_time, rlp::to_uint64(f[3]));
  return {};
}

Result<void> load_totals(const Items& f, PlatformData& data) {
  if (f.size() != 3) return records::corrupt();
  PLEXUS_TRY(data.totals.burned, fields::read_u256(f[1]));
  PLEXUS_TRY(data.totals.minted, fields::read_u256(f[2]));
  return {};
}

Result<void> load_fields(const Items& f, PlatformData& data) {
  const BytesView key = f[0].payload;
  if (f[0].is_list || key.empty()) return records::corrupt();
  const BytesView id = key.subspan(1);
  switch (key[0]) {
    case kAccount: {
      if (f.size() != 3 || id.size() != 20) return records::corrupt();
      Account& account = data.accounts[Address::right_aligned(id)];
      PLEXUS_TRY(account.balance, fields::read_u256(f[1]));
      PLEXUS_TRY(account.nonce, rlp::to_uint64(f[2]));
      return {};
    }
    case kValidator:
      if (id.size() != 20) return records::corrupt();
      return load_validator(Address::right_aligned(id), f, data);
    case kSubnet:
      return load_subnet(f, data);
    case kDelegation:
      return load_delegation(id, f, data);
    case kProposal:
      return records::load_proposal(id, f, data);
    case kEvidence:
      if (id.size() != 32 || f.size() != 1) return records::corrupt();
      data.used_evidence.insert(Hash256::right_aligned(id));
      return {};
    case kTotals:
      return load_totals(f, data);
    default:
      return records::corrupt();
  }
}

}  // namespace

std::uint64_t primary_weight(const Validator& validator) {
  const uint256 whole = (validator.stake + validator.delegated) / plx(1);
  return fits_uint64(whole) ? static_cast<std::uint64_t>(whole) : ~std::uint64_t{0};
}

Bytes account_key(const Address& address) { return kv::prefixed_key(kAccount, address.view()); }

Bytes validator_key(const Address& node_id) { return kv::prefixed_key(kValidator, node_id.view()); }

Bytes subnet_key(std::string_view name) { return kv::prefixed_key(kSubnet, as_bytes(name)); }

Bytes delegation_key(const DelegationId& id) {
  Bytes key = kv::prefixed_key(kDelegation, id.node_id.view());
  key.insert(key.end(), id.delegator.view().begin(), id.delegator.view().end());
  records::append_be64(key, id.nonce);
  return key;
}

Bytes proposal_key(const ProposalId& id) {
  Bytes key = kv::prefixed_key(kProposal, as_bytes(id.first));
  key.push_back(0);
  records::append_be64(key, id.second);
  return key;
}

Bytes evidence_key(const Hash256& id) { return kv::prefixed_key(kEvidence, id.view()); }

Bytes totals_key() { return Bytes{kTotals}; }

std::optional<Bytes> encode_record(const PlatformData& data, BytesView key) {
  if (key.empty()) return std::nullopt;
  const BytesView id = key.subspan(1);
  switch (key[0]) {
    case kAccount: {
      const auto it = data.accounts.find(Address::right_aligned(id));
      if (it == data.accounts.end() || it->second.empty()) return std::nullopt;
      const Bytes f[] = {rlp::encode_string(key), fields::u256(it->second.balance),
                         rlp::encode_uint(it->second.nonce)};
      return rlp::encode_list(f);
    }
    case kValidator: {
      const auto it = data.validators.find(Address::right_aligned(id));
      if (it == data.validators.end()) return std::nullopt;
      return encode_validator(key, it->second);
    }
    case kSubnet: {
      const auto it =
          data.subnets.find(std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
      if (it == data.subnets.end()) return std::nullopt;
      return encode_subnet(key, it->second);
    }
    case kDelegation: {
      if (id.size() != 48) return std::nullopt;
      const DelegationId did{Address::right_aligned(id.first(20)),
                             Address::right_aligned(id.subspan(20, 20)),
                             records::read_be64(id.last(8))};
      const auto it = data.delegations.find(did);
      if (it == data.delegations.end()) return std::nullopt;
      const Bytes f[] = {rlp::encode_string(key), fields::u256(it->second.amount),
                         rlp::encode_uint(it->second.start_time),
                         rlp::encode_uint(it->second.end_time)};
      return rlp::encode_list(f);
    }
    case kProposal:
      return records::encode_proposal(data, key);
    case kEvidence: {
      if (id.size() != 32 || !data.used_evidence.contains(Hash256::right_aligned(id)))
        return std::nullopt;
      const Bytes f[] = {rlp::encode_string(key)};
      return rlp::encode_list(f);
    }
    case kTotals: {
      if (data.totals == Totals{}) return std::nullopt;
      const Bytes f[] = {rlp::encode_string(key), fields::u256(data.totals.burned),
                         fields::u256(data.totals.minted)};
      return rlp::encode_list(f);
    }
    default:
      return std::nullopt;
  }
}

Result<void> load_record(BytesView value, PlatformData& data) {
  auto decoded = rlp::decode(value);
  if (!decoded || !decoded->is_list) return records::corrupt();
  auto f = rlp::list_items(*decoded);
  if (!f || f->empty()) return records::corrupt();
  auto loaded = load_fields(*f, data);
  if (!loaded) return records::corrupt();
  return {};
}

}  // namespace plexus::platform
