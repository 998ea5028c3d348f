#include "node/plexus_methods.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "move/adapter/resource_view.hpp"
#include "node/platform_methods.hpp"
#include "rpc/params.hpp"

namespace plexus::node {
namespace {

using rpc::json;

// What an account holds on the Move subnet: module names with their sizes and resource types.
json move_account_json(const chain::SubnetChain& chain, const Address& owner) {
  json modules = json::array();
  for (const auto& [name, code] : chain.data_entries(owner, exec::Namespace::kMoveModule))
    modules.push_back({{"name", std::string(name.begin(), name.end())}, {"size", code.size()}});
  json resources = json::array();
  for (const auto& [tag, value] : chain.data_entries(owner, exec::Namespace::kMoveResource))
    resources.push_back({{"type", std::string(tag.begin(), tag.end())}, {"size", value.size()}});
  return {{"modules", std::move(modules)}, {"resources", std::move(resources)}};
}

}  // namespace

void add_plexus_methods(rpc::Dispatcher& d, platform::PlatformRegistry& registry,
                        HeadLookup head_of, const chain::SubnetChain* move_chain,
                        PlatformSubmit submit) {
  if (!submit) {
    submit = [&registry](const platform::SignedOperation& op) -> Result<Hash256> {
      PLEXUS_CHECK(registry.apply(op));
      return keccak256(platform::encode_signed(op));
    };
  }
  add_platform_methods(d, registry, submit);
  d.add("plexus_subnets",
        [&registry, head_of = std::move(head_of)](const json& params) -> Result<json> {
          PLEXUS_CHECK(rpc::expect_at_most(params, 0));
          json out = json::array();
          for (const platform::Subnet& subnet : registry.subnets()) {
            json entry = subnet_json(subnet);
            const auto head = head_of(subnet.spec.name);
            entry["running"] = head.has_value();
            if (head) {
              entry["headNumber"] = rpc::quantity(head->first);
              entry["headHash"] = to_hex(head->second);
            } else {
              entry["status"] = "registered; this node does not run its VM";
            }
            out.push_back(std::move(entry));
          }
          return out;
        });
  d.add("plexus_getValidators", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    json out = json::array();
    for (const platform::Validator& v : registry.validators()) out.push_back(validator_json(v));
    return out;
  });
  d.add("plexus_getBalance", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* a, rpc::param_at(params, 0));
    PLEXUS_TRY(const Address addr, rpc::address_value(*a, 0));
    return rpc::quantity(registry.balance(addr));
  });
  d.add("plexus_submitPlatformOperation", [submit](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
    PLEXUS_TRY(const Bytes bytes, rpc::data_bytes(*raw, 0));
    PLEXUS_TRY(const platform::SignedOperation op, platform::decode_signed(bytes));
    PLEXUS_CHECK(submit(op));
    return true;
  });
  // [address, struct tag] -> {type, bcs, json} or null (docs/RPC.md).
  d.add("plexus_getMoveResource", [move_chain](const json& params) -> Result<json> {
    if (move_chain == nullptr) return not_supported("plexus_getMoveResource: no Move subnet runs");
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const json* a, rpc::param_at(params, 0));
    PLEXUS_TRY(const Address owner, rpc::address_value(*a, 0));
    PLEXUS_TRY(const json* tag, rpc::param_at(params, 1));
    if (!tag->is_string()) return fail(Errc::kInvalidArgument, "param 1: expected a struct tag");
    const move::StateRead read = [move_chain](const Address& account, exec::Namespace space,
                                              BytesView key) {
      return move_chain->data(account, space, key);
    };
    PLEXUS_TRY(const auto resource,
               move::read_move_resource(read, owner, tag->get_ref<const std::string&>()));
    if (!resource) return json(nullptr);
    return json{{"type", resource->type}, {"bcs", to_hex(resource->bcs)}, {"json", resource->json}};
  });
  d.add("plexus_getMoveAccount", [move_chain](const json& params) -> Result<json> {
    if (move_chain == nullptr) return not_supported("plexus_getMoveAccount: no Move subnet runs");
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* a, rpc::param_at(params, 0));
    PLEXUS_TRY(const Address owner, rpc::address_value(*a, 0));
    return move_account_json(*move_chain, owner);
  });
}

}  // namespace plexus::node
