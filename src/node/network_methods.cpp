#include "node/network_methods.hpp"

#include "core/hex.hpp"
#include "rpc/params.hpp"

namespace plexus::node {

using rpc::json;

void add_network_methods(rpc::Dispatcher& d, const net::Transport& transport, DevNetwork& network) {
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
        entry["epoch"] = rpc::quantity(subnet->bft->epoch().epoch);
        entry["evidence"] = subnet->bft->evidence_count();
      }
      subnets.push_back(std::move(entry));
    }
    json primary = {{"height", rpc::quantity(network.platform().height())},
                    {"pooled", network.platform().pool_size()}};
    if (const ReplicatedPlatform* replicated = network.replicated_platform()) {
      const auto& engine = replicated->engine();
      primary["consensus"] = "bft";
      primary["role"] = engine.validating() ? "validator" : "observer";
      primary["epoch"] = rpc::quantity(engine.epoch().epoch);
      primary["round"] = rpc::quantity(engine.status().round);
    }
    return json{{"nodeId", to_hex(transport.self())},
                {"version", "plexus/0.1.0"},
                {"networkId", network.config().network_id},
                {"peers", transport.peers().size()},
                {"primary", std::move(primary)},
                {"subnets", std::move(subnets)}};
  });
  d.add("plexus_getFinalityCertificate", [&network](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const json* which, rpc::param_at(params, 0, "subnet"));
    PLEXUS_TRY(const json* at, rpc::param_at(params, 1, "height"));
    if (!which->is_string()) return fail(Errc::kInvalidArgument, "subnet: a name or a 0x id");
    const std::string name = which->get<std::string>();
    // The primary network's chain is the subnet "primary".
    std::string found;
    const consensus::bft::BftEngine* engine = nullptr;
    const auto matches = [&](std::string_view candidate) {
      return candidate == name || to_hex(net::subnet_id(candidate)) == name;
    };
    if (matches(platform::kPrimaryNetwork) && network.replicated_platform() != nullptr) {
      found = platform::kPrimaryNetwork;
      engine = &network.replicated_platform()->engine();
    }
    for (const RunningSubnet* candidate : network.subnets()) {
      if (!matches(candidate->name)) continue;
      if (candidate->bft == nullptr)
        return not_supported("finality certificates of a subnet that does not run the bft engine");
      found = candidate->name;
      engine = candidate->bft;
    }
    if (engine == nullptr)
      return fail(Errc::kNotFound, "subnet " + name.substr(0, 80) + " is not run by this node");
    PLEXUS_TRY(const std::uint64_t height, rpc::quantity_u64(*at, 1));
    PLEXUS_TRY(const auto finality, engine->finality(height));
    if (!finality) return json(nullptr);  // not final yet (or not certified here)
    json signers = json::array();
    for (const auto& id : finality->signers) signers.push_back(to_hex(id));
    return json{{"subnet", found},
                {"subnetId", to_hex(net::subnet_id(found))},
                {"epoch", rpc::quantity(finality->epoch)},
                {"platformHeight", rpc::quantity(finality->platform_height)},
                {"height", rpc::quantity(height)},
                {"certifiedHeight", rpc::quantity(finality->certified_height)},
                {"blockHash", to_hex(finality->block_hash)},
                {"round", rpc::quantity(finality->round)},
                {"certificate", to_hex(finality->certificate)},
                {"signers", std::move(signers)}};
  });
  d.add("plexus_getEvidence", [&network](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    json out = json::array();
    for (const Bytes& report : network.equivocation_reports()) out.push_back(to_hex(report));
    return out;
  });
  d.add("plexus_submitEvidence", [&network](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
    PLEXUS_TRY(const Bytes report, rpc::data_bytes(*raw, 0));
    PLEXUS_TRY(const Hash256 hash, network.submit_evidence(report));
    return json(to_hex(hash));
  });
  d.add("plexus_peers", [&transport](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    json out = json::array();
    for (const net::NodeId& peer : transport.peers()) out.push_back({{"nodeId", to_hex(peer)}});
    return out;
  });
}

}  // namespace plexus::node
