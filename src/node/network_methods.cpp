#include "node/network_methods.hpp"

#include "core/hex.hpp"
#include "rpc/params.hpp"

namespace plexus::node {

using rpc::json;

void add_network_methods(rpc::Dispatcher& d, const net::Transport& transport,
                         const DevNetwork& network) {
  d.add("plexus_nodeInfo", [&transport, &network](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    json subnets = json::array();
    for (const auto& subnet : network.subnets()) {
      const chain::ChainHeads heads = subnet->chain->heads();
      json entry = {{"name", subnet->name},
                    {"headNumber", rpc::quantity(heads.latest.number)},
                    {"headHash", to_hex(heads.latest.hash)},
                    {"finalizedNumber", rpc::quantity(heads.finalized.number)},
                    {"consensus", subnet->bft ? "bft" : "dev"},
                    {"role", subnet->producer ? "producer" : "follower"}};
      if (subnet->bft) {
        entry["role"] = subnet->bft->validating() ? "validator" : "observer";
        entry["round"] = rpc::quantity(subnet->bft->status().round);
        entry["evidence"] = subnet->bft->evidence_count();
      }
      subnets.push_back(std::move(entry));
    }
    return json{{"nodeId", to_hex(transport.self())},
                {"version", "plexus/0.1.0"},
                {"networkId", network.config().network_id},
                {"peers", transport.peers().size()},
                {"subnets", std::move(subnets)}};
  });
  d.add("plexus_getFinalityCertificate", [&network](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const json* which, rpc::param_at(params, 0, "subnet"));
    PLEXUS_TRY(const json* at, rpc::param_at(params, 1, "height"));
    if (!which->is_string()) return fail(Errc::kInvalidArgument, "subnet: a name or a 0x id");
    const std::string name = which->get<std::string>();
    const RunningSubnet* subnet = nullptr;
    for (const auto& candidate : network.subnets())
      if (candidate->name == name || to_hex(net::subnet_id(candidate->name)) == name)
        subnet = candidate;
    if (subnet == nullptr)
      return fail(Errc::kNotFound, "subnet " + name.substr(0, 80) + " is not run by this node");
    if (subnet->bft == nullptr)
      return not_supported("finality certificates of a subnet that does not run the bft engine");
    PLEXUS_TRY(const std::uint64_t height, rpc::quantity_u64(*at, 1));
    PLEXUS_TRY(const auto finality, subnet->bft->finality(height));
    if (!finality) return json(nullptr);  // not final yet (or not certified here)
    json signers = json::array();
    for (const auto& id : finality->signers) signers.push_back(to_hex(id));
    return json{{"subnet", subnet->name},
                {"subnetId", to_hex(net::subnet_id(subnet->name))},
                {"epoch", rpc::quantity(0)},
                {"height", rpc::quantity(height)},
                {"certifiedHeight", rpc::quantity(finality->certified_height)},
                {"blockHash", to_hex(finality->block_hash)},
                {"round", rpc::quantity(finality->round)},
                {"certificate", to_hex(finality->certificate)},
                {"signers", std::move(signers)}};
  });
  d.add("plexus_peers", [&transport](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    json out = json::array();
    for (const net::NodeId& peer : transport.peers()) out.push_back({{"nodeId", to_hex(peer)}});
    return out;
  });
}

}  // namespace plexus::node
