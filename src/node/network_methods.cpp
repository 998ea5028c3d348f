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
      subnets.push_back({{"name", subnet->name},
                         {"headNumber", rpc::quantity(heads.latest.number)},
                         {"headHash", to_hex(heads.latest.hash)},
                         {"finalizedNumber", rpc::quantity(heads.finalized.number)},
                         {"role", subnet->producer ? "producer" : "follower"}});
    }
    return json{{"nodeId", to_hex(transport.self())},
                {"version", "plexus/0.1.0"},
                {"networkId", network.config().network_id},
                {"peers", transport.peers().size()},
                {"subnets", std::move(subnets)}};
  });
  d.add("plexus_peers", [&transport](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    json out = json::array();
    for (const net::NodeId& peer : transport.peers()) out.push_back({{"nodeId", to_hex(peer)}});
    return out;
  });
}

}  // namespace plexus::node
