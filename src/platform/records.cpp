#include "platform/records.hpp"

#include "platform/fields.hpp"
#include "storage/kv.hpp"

namespace plexus::platform {
namespace {

constexpr Byte kAccount = 'a';
constexpr Byte kValidator = 'v';
constexpr Byte kSubnet = 's';
constexpr std::string_view kWhat = "platform: stored record";

std::unexpected<Error> corrupt() { return fail(Errc::kCorruption, std::string(kWhat)); }

Bytes encode_validator(BytesView key, const Validator& v) {
  const Bytes f[] = {rlp::encode_string(key),          fields::u256(v.stake),
                     rlp::encode_uint(v.start_height), rlp::encode_uint(v.end_height),
                     fields::bytes(v.bls_key),         fields::bytes(v.bls_pop),
                     rlp::encode_string(v.owner.view())};
  return rlp::encode_list(f);
}

Bytes encode_subnet(BytesView key, const Subnet& subnet) {
  std::vector<Bytes> validators;
  for (const auto& [node, weight] : subnet.validators) {
    const Bytes pair[] = {rlp::encode_string(node.view()), rlp::encode_uint(weight)};
    validators.push_back(rlp::encode_list(pair));
  }
  const Bytes f[] = {rlp::encode_string(key), fields::bytes(encode_operation(subnet.spec)),
                     rlp::encode_list(validators)};
  return rlp::encode_list(f);
}

Result<void> load_validator(const Address& node, const std::vector<rlp::Item>& f,
                            PlatformData& data) {
  if (f.size() != 7 || f[6].is_list || f[6].payload.size() != 20) return corrupt();
  Validator v{.node_id = node};
  PLEXUS_TRY(v.stake, fields::read_u256(f[1]));
  PLEXUS_TRY(v.start_height, rlp::to_uint64(f[2]));
  PLEXUS_TRY(v.end_height, rlp::to_uint64(f[3]));
  PLEXUS_TRY(v.bls_key, fields::read_bytes(f[4], kWhat));
  PLEXUS_TRY(v.bls_pop, fields::read_bytes(f[5], kWhat));
  v.owner = Address::right_aligned(f[6].payload);
  data.validators[node] = std::move(v);
  return {};
}

Result<void> load_subnet(const std::vector<rlp::Item>& f, PlatformData& data) {
  if (f.size() != 3 || f[1].is_list) return corrupt();
  PLEXUS_TRY(Operation op, decode_operation(f[1].payload));
  auto* spec = std::get_if<CreateSubnet>(&op);
  if (spec == nullptr) return corrupt();
  Subnet subnet{std::move(*spec), {}};
  PLEXUS_TRY(const auto validators, fields::items(f[2], kWhat));
  for (const rlp::Item& item : validators) {
    PLEXUS_TRY(const auto pair, fields::items(item, kWhat));
    if (pair.size() != 2) return corrupt();
    PLEXUS_TRY(const Address node, fields::read_address(pair[0], kWhat));
    PLEXUS_TRY(subnet.validators[node], rlp::to_uint64(pair[1]));
  }
  const std::string name = subnet.spec.name;
  data.subnets[name] = std::move(subnet);
  return {};
}

Result<void> load_fields(const std::vector<rlp::Item>& f, PlatformData& data) {
  const BytesView key = f[0].payload;
  if (f[0].is_list || key.empty()) return corrupt();
  const BytesView id = key.subspan(1);
  switch (key[0]) {
    case kAccount: {
      if (f.size() != 3 || id.size() != 20) return corrupt();
      Account& account = data.accounts[Address::right_aligned(id)];
      PLEXUS_TRY(account.balance, fields::read_u256(f[1]));
      PLEXUS_TRY(account.nonce, rlp::to_uint64(f[2]));
      return {};
    }
    case kValidator:
      if (id.size() != 20) return corrupt();
      return load_validator(Address::right_aligned(id), f, data);
    case kSubnet:
      return load_subnet(f, data);
    default:
      return corrupt();
  }
}

}  // namespace

std::uint64_t primary_weight(const uint256& stake) {
  const uint256 whole = stake / plx(1);
  return fits_uint64(whole) ? static_cast<std::uint64_t>(whole) : ~std::uint64_t{0};
}

Bytes account_key(const Address& address) { return kv::prefixed_key(kAccount, address.view()); }

Bytes validator_key(const Address& node_id) { return kv::prefixed_key(kValidator, node_id.view()); }

Bytes subnet_key(std::string_view name) { return kv::prefixed_key(kSubnet, as_bytes(name)); }

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
    default:
      return std::nullopt;
  }
}

Result<void> load_record(BytesView value, PlatformData& data) {
  auto decoded = rlp::decode(value);
  if (!decoded || !decoded->is_list) return corrupt();
  auto f = rlp::list_items(*decoded);
  if (!f || f->empty()) return corrupt();
  auto loaded = load_fields(*f, data);
  if (!loaded) return corrupt();
  return {};
}

}  // namespace plexus::platform
