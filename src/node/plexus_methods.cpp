#include "node/plexus_methods.hpp"

#include "core/hex.hpp"
#include "rpc/params.hpp"

namespace plexus::node {

void add_plexus_methods(rpc::Dispatcher& d, std::vector<SubnetInfo> subnets) {
  d.add("plexus_subnets", [subnets = std::move(subnets)](const rpc::json& params) -> Result<rpc::json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    rpc::json out = rpc::json::array();
    for (const SubnetInfo& subnet : subnets) {
      rpc::json entry = {{"name", subnet.name},
                         {"vm", subnet.vm},
                         {"chainId", rpc::quantity(subnet.chain_id)},
                         {"endpoint", "/subnet/" + subnet.name},
                         {"running", subnet.running}};
      if (subnet.running && subnet.head) {
        const auto [number, hash] = subnet.head();
        entry["headNumber"] = rpc::quantity(number);
        entry["headHash"] = to_hex(hash);
      } else {
        entry["status"] = subnet.status;
      }
      out.push_back(std::move(entry));
    }
    return out;
  });
  d.add("plexus_getMoveResource", [](const rpc::json&) -> Result<rpc::json> {
    return not_supported("plexus_getMoveResource: the Move subnet does not run yet");
  });
}

}  // namespace plexus::node
