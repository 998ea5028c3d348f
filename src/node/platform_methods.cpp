#include "node/platform_methods.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "node/blob_methods.hpp"
#include "platform/governance.hpp"
#include "rpc/params.hpp"

namespace plexus::node {

using rpc::json;

json subnet_json(const platform::Subnet& subnet) {
  json owners = json::array();
  for (const Address& owner : subnet.spec.owners) owners.push_back(checksum_address(owner));
  json validators = json::array();
  for (const auto& [v, weight] : subnet.validators) validators.push_back(checksum_address(v));
  json vms = json::array();
  for (const platform::VmKind vm : subnet.spec.vms.list()) vms.push_back(platform::vm_name(vm));
  json alloc = json::array();
  for (const platform::SubnetGenesis::Funded& funded : subnet.spec.genesis.alloc)
    alloc.push_back({{"address", checksum_address(funded.address)},
                     {"balance", rpc::quantity(funded.balance)}});
  json genesis = {{"alloc", std::move(alloc)},
                  {"gasLimit", subnet.spec.genesis.gas_limit == 0
                                   ? json(nullptr)
                                   : json(rpc::quantity(subnet.spec.genesis.gas_limit))},
                  {"messageQuorumBps", subnet.spec.genesis.message_quorum_bps == 0
                                           ? 6700u
                                           : subnet.spec.genesis.message_quorum_bps},
                  {"daNamespace", subnet.spec.genesis.da_namespace.empty()
                                      ? json(nullptr)
                                      : json(to_hex(subnet.spec.genesis.da_namespace))}};
  // Checked when the subnet was created; 0 or null: the node's setting.
  const auto timing =
      platform::decode_engine_timing(subnet.spec.consensus, subnet.spec.consensus_params);
  json params = json::object();
  if (subnet.spec.consensus == platform::ConsensusKind::kSnowman) {
    if (const auto snowman = platform::decode_snowman_spec(subnet.spec.consensus_params))
      params = {{"k", snowman->k},
                {"alphaPreference", snowman->alpha_preference},
                {"alphaConfidence", snowman->alpha_confidence},
                {"beta", snowman->beta},
                {"proposerWindowMs", snowman->proposer_window_ms}};
  } else if (timing) {
    params = {{"blockTimeMs", timing->block_time_ms},
              {"leaderTimeoutMs", timing->leader_timeout_ms}};
  }
  return {{"name", subnet.spec.name},
          {"vm", platform::vm_name(subnet.spec.vms.first())},
          {"vms", std::move(vms)},
          {"chainId", rpc::quantity(subnet.spec.chain_id)},
          {"consensus", platform::consensus_name(subnet.spec.consensus)},
          {"consensusParams", std::move(params)},
          {"genesis", std::move(genesis)},
          {"endpoint", "/subnet/" + subnet.spec.name},
          {"owners", std::move(owners)},
          {"threshold", subnet.spec.threshold},
          {"validators", std::move(validators)}};
}

json action_json(const platform::GovernanceAction& action) {
  return std::visit(
      [](const auto& a) -> json {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, platform::SetChainParam>) {
          return {{"set", platform::chain_param_name(a.param)}, {"value", a.value}};
        } else if constexpr (std::is_same_v<A, platform::EnableVm>) {
          return {{"enableVm", platform::vm_name(a.vm)}};
        } else if constexpr (std::is_same_v<A, platform::ScheduleUpgrade>) {
          return {{"upgrade", a.name}};
        } else {
          return {{"validatorRequirements",
                   {{"maxValidators", a.requirements.max_validators},
                    {"minWeight", a.requirements.min_weight},
                    {"maxWeight", a.requirements.max_weight}}}};
        }
      },
      action);
}

void add_platform_methods(rpc::Dispatcher& d, const platform::PlatformRegistry& registry,
                          PlatformSubmitter submit) {
  add_blob_methods(d, registry, submit);
  d.add("platform_submitTx", [submit = std::move(submit)](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* raw, rpc::param_at(params, 0));
    PLEXUS_TRY(const Bytes bytes, rpc::data_bytes(*raw, 0));
    PLEXUS_TRY(const platform::SignedOperation op, platform::decode_signed(bytes));
    PLEXUS_TRY(const Hash256 hash, submit(op));
    return json(to_hex(hash));
  });
  d.add("platform_getHeight", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 0));
    const std::uint64_t height = registry.height();
    PLEXUS_TRY(const platform::PlatformBlock block, registry.block_at(height));
    return json{{"networkId", rpc::quantity(registry.network_id())},
                {"height", rpc::quantity(height)},
                {"hash", to_hex(block.hash())},
                {"timestamp", rpc::quantity(block.timestamp)},
                {"pooled", registry.pool_size()}};
  });
  // The whole final block in its encoding (platform/block.hpp), for a client that replays the
  // platform state (plexus da rebuild); the hash lets it check what it decodes.
  d.add("platform_getBlock", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* at, rpc::param_at(params, 0));
    std::uint64_t height = 0;
    if (at->is_number_unsigned()) {
      height = at->get<std::uint64_t>();
    } else {
      PLEXUS_TRY(height, rpc::quantity_u64(*at, 0));
    }
    const std::uint64_t head = registry.height();
    if (height > head)
      return fail(Errc::kNotFound, "platform block " + std::to_string(height) +
                                       " is not final here: the head is " + std::to_string(head));
    PLEXUS_TRY(const platform::PlatformBlock block, registry.block_at(height));
    return json{{"height", rpc::quantity(height)},
                {"hash", to_hex(block.hash())},
                {"parentHash", to_hex(block.parent_hash)},
                {"timestamp", rpc::quantity(block.timestamp)},
                {"operations", block.ops.size()},
                {"block", to_hex(platform::encode_block(block))}};
  });
  d.add("platform_getBalance", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* a, rpc::param_at(params, 0));
    PLEXUS_TRY(const Address addr, rpc::address_value(*a, 0));
    return json{{"balance", rpc::quantity(registry.balance(addr))},
                {"nonce", rpc::quantity(registry.nonce(addr))},
                {"pendingNonce", rpc::quantity(registry.pending_nonce(addr))}};
  });
  d.add("platform_getValidators", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const json* which, rpc::param_at(params, 0, false));
    PLEXUS_TRY(const json* at, rpc::param_at(params, 1, false));
    std::string subnet(platform::kPrimaryNetwork);
    if (which != nullptr) {
      if (!which->is_string()) return fail(Errc::kInvalidArgument, "param 0: a subnet name");
      subnet = which->get<std::string>();
    }
    std::uint64_t height = registry.height();
    if (at != nullptr) {
      PLEXUS_TRY(height, rpc::quantity_u64(*at, 1));
    }
    PLEXUS_TRY(const platform::ValidatorSet set, registry.validator_set(subnet, height));
    json out = json::array();
    for (const platform::ValidatorSetEntry& v : set)
      out.push_back({{"nodeId", to_hex(v.node_id)},
                     {"weight", rpc::quantity(v.weight)},
                     {"blsKey", to_hex(v.bls_key)}});
    // The primary network's current members with their staking record, as plexus_getValidators
    // shows it (docs/RPC.md).
    if (subnet != platform::kPrimaryNetwork || height != registry.height()) return out;
    for (const platform::Validator& v : registry.validators()) {
      for (json& entry : out) {
        if (entry["nodeId"] != to_hex(v.node_id)) continue;
        const json record = validator_json(v);
        for (auto it = record.begin(); it != record.end(); ++it)
          if (it.key() != "nodeId") entry[it.key()] = *it;
      }
    }
    return out;
  });
  d.add("platform_getProposal", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 2));
    PLEXUS_TRY(const json* which, rpc::param_at(params, 0));
    PLEXUS_TRY(const json* number, rpc::param_at(params, 1));
    if (!which->is_string()) return fail(Errc::kInvalidArgument, "param 0: a subnet name");
    PLEXUS_TRY(const std::uint64_t n, rpc::quantity_u64(*number, 1));
    const auto proposal = registry.proposal(which->get<std::string>(), n);
    if (!proposal) return json(nullptr);
    json votes = json::object();
    for (const auto& [voter, yes] : proposal->votes) votes[to_hex(voter)] = yes;
    json voters = json::object();
    for (const auto& [voter, weight] : proposal->voters)
      voters[to_hex(voter)] = rpc::quantity(weight);
    return json{{"subnet", which->get<std::string>()},
                {"number", rpc::quantity(n)},
                {"proposer", to_hex(proposal->proposer)},
                {"action", action_json(proposal->action)},
                {"effectiveHeight", rpc::quantity(proposal->effective_height)},
                {"votingEnd", rpc::quantity(proposal->voting_end)},
                {"executesAt", rpc::quantity(proposal->executes_at)},
                {"status", platform::status_text(*proposal)},
                {"voters", std::move(voters)},
                {"votes", std::move(votes)}};
  });
  d.add("platform_getSubnet", [&registry](const json& params) -> Result<json> {
    PLEXUS_CHECK(rpc::expect_at_most(params, 1));
    PLEXUS_TRY(const json* which, rpc::param_at(params, 0));
    if (!which->is_string()) return fail(Errc::kInvalidArgument, "param 0: a subnet name");
    const auto subnet = registry.subnet(which->get<std::string>());
    if (!subnet) return json(nullptr);
    json out = subnet_json(*subnet);
    json weights = json::object();
    for (const auto& [node, weight] : subnet->validators)
      weights[to_hex(node)] = rpc::quantity(weight.weight);
    out["weights"] = std::move(weights);
    // Proposals are numbered from 0: the explorer lists them by number up to this count.
    out["proposalCount"] = subnet->next_proposal;
    return out;
  });
}

json validator_json(const platform::Validator& v) {
  return {
      {"nodeId", checksum_address(v.node_id)},
      {"stake", rpc::quantity(v.stake)},
      {"owner", checksum_address(v.owner)},
      {"delegated", rpc::quantity(v.delegated)},
      {"startTime", rpc::quantity(v.start_time)},
      // No end: validates until it leaves by another operation.
      {"endTime", v.end_time == platform::kNoEnd ? json(nullptr) : json(rpc::quantity(v.end_time))},
      {"uptime",
       {{"observed", rpc::quantity(v.observed)}, {"signed", rpc::quantity(v.signed_blocks)}}}};
}

}  // namespace plexus::node
