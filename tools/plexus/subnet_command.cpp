// `plexus subnet create|add-validator|remove-validator|list` (docs/PLATFORM.md, Commands).
#include <charconv>
#include <cstdio>
#include <memory>

#include "core/hex.hpp"
#include "node/blob_methods.hpp"
#include "platform/operations.hpp"
#include "platform_cli.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;

Result<platform::ConsensusKind> consensus_kind(const std::string& name) {
  if (name == "dev") return platform::ConsensusKind::kDev;
  if (name == "bft") return platform::ConsensusKind::kBft;
  if (name == "snowman") return platform::ConsensusKind::kSnowman;
  return fail(Errc::kInvalidArgument, "--consensus " + name + ": dev, bft or snowman");
}

// ADDRESS=COINS, whole coins of the subnet (10^18 base units each).
Result<platform::SubnetGenesis::Funded> genesis_account(const std::string& entry) {
  const auto eq = entry.find('=');
  if (eq == std::string::npos)
    return fail(Errc::kInvalidArgument, "--alloc " + entry + ": ADDRESS=COINS");
  PLEXUS_TRY(const Address address, parse_address(entry.substr(0, eq), "--alloc"));
  const std::string coins = entry.substr(eq + 1);
  std::uint64_t whole = 0;
  const auto [end, error] = std::from_chars(coins.data(), coins.data() + coins.size(), whole);
  if (coins.empty() || error != std::errc{} || end != coins.data() + coins.size())
    return fail(Errc::kInvalidArgument, "--alloc " + entry + ": COINS is a whole number");
  return platform::SubnetGenesis::Funded{address, platform::plx(whole)};
}

}  // namespace

void add_subnet_commands(CLI::App& app) {
  CLI::App* subnet = app.add_subcommand("subnet", "subnets of the primary network");
  subnet->require_subcommand(1);
  struct Create {
    Signing signing;
    std::string name;
    std::vector<std::string> vms;
    std::string consensus = "bft";
    std::uint64_t chain_id = 0;
    std::vector<std::string> owners;
    std::uint32_t threshold = 1;
    std::string voters = "owners";
    std::uint32_t quorum_bps = 5000;
    std::uint32_t threshold_bps = 5001;
    std::uint64_t voting_period = 86'400;
    std::uint64_t timelock = 86'400;
    std::vector<std::string> alloc;
    std::uint64_t gas_limit = 0;
    std::uint32_t message_quorum_bps = 0;
    std::string da_namespace;
    std::uint64_t block_time_ms = 0;
    std::uint64_t leader_timeout_ms = 0;
    platform::SnowmanSpec snowman{};
  };
  auto create = std::make_shared<Create>();
  CLI::App* create_cmd = subnet->add_subcommand("create", "create a subnet");
  add_signing_options(create_cmd, create->signing);
  create_cmd->add_option("--name", create->name, "[a-z0-9-], 1 to 32 characters")->required();
  create_cmd->add_option("--vm", create->vms, "evm, wasm or move; repeat for several")->required();
  create_cmd->add_option("--consensus", create->consensus, "dev, bft (default) or snowman");
  create_cmd->add_option("--chain-id", create->chain_id, "unique on the network")->required();
  create_cmd->add_option("--owner", create->owners,
                         "an owner's address; repeat; default: the signing key's");
  create_cmd->add_option("--threshold", create->threshold, "owner signatures a change needs");
  create_cmd->add_option("--voters", create->voters,
                         "who votes on proposals: owners (one vote each, default) or validators "
                         "(by weight)");
  create_cmd->add_option("--quorum-bps", create->quorum_bps,
                         "share of the voting weight that must vote (default 5000)");
  create_cmd->add_option("--threshold-bps", create->threshold_bps,
                         "share of the votes cast that must be yes (default 5001)");
  create_cmd->add_option("--voting-period", create->voting_period, "seconds (default 86400)");
  create_cmd->add_option("--timelock", create->timelock, "seconds (default 86400)");
  create_cmd->add_option("--alloc", create->alloc,
                         "ADDRESS=COINS: fund an account in the subnet's genesis with whole coins "
                         "(10^18 base units); repeat; default: the accounts the network's genesis "
                         "funds on every subnet");
  create_cmd->add_option("--gas-limit", create->gas_limit,
                         "the genesis block gas limit (default: the network's)");
  create_cmd->add_option("--message-quorum-bps", create->message_quorum_bps,
                         "basis points of a source subnet's stake that must sign a message "
                         "delivered here, 6667..10000 (default 6700)");
  create_cmd->add_option("--da-namespace", create->da_namespace,
                         "the validators post every block as a blob in this namespace (0x hex: "
                         "29 bytes or a version-0 id; or up to 10 characters); default: none");
  create_cmd->add_option("--block-time-ms", create->block_time_ms,
                         "the engine's block time, 10..60000 (default: each node's setting)");
  create_cmd->add_option("--leader-timeout-ms", create->leader_timeout_ms,
                         "bft: how long a round waits before skipping, 100..600000 (default: each "
                         "node's setting)");
  create_cmd->add_option("--snowman-k", create->snowman.k,
                         "snowman: validators sampled per poll, 1..100 (default 20)");
  create_cmd->add_option("--snowman-alpha-preference", create->snowman.alpha_preference,
                         "snowman: agreeing answers that move a preference, k/2+1..k (default 15)");
  create_cmd->add_option("--snowman-alpha-confidence", create->snowman.alpha_confidence,
                         "snowman: agreeing answers that count towards finality, "
                         "alpha-preference..k (default 15)");
  create_cmd->add_option("--snowman-beta", create->snowman.beta,
                         "snowman: confident polls in a row that finalize, 1..200 (default 20)");
  create_cmd->add_option("--snowman-proposer-window-ms", create->snowman.proposer_window_ms,
                         "snowman: each proposer's turn to build, 10..60000 (default 500)");
  create_cmd->callback([create] {
    run([&]() -> Result<void> {
      platform::CreateSubnet op;
      op.name = create->name;
      PLEXUS_TRY(op.vms, vm_set(create->vms));
      PLEXUS_TRY(op.consensus, consensus_kind(create->consensus));
      op.chain_id = create->chain_id;
      op.threshold = create->threshold;
      if (create->voters != "owners" && create->voters != "validators")
        return fail(Errc::kInvalidArgument, "--voters: owners or validators");
      op.voting.voters =
          create->voters == "owners" ? platform::Voters::kOwners : platform::Voters::kValidators;
      op.voting.quorum_bps = create->quorum_bps;
      op.voting.threshold_bps = create->threshold_bps;
      op.voting.voting_period = create->voting_period;
      op.voting.timelock = create->timelock;
      for (const std::string& entry : create->alloc) {
        PLEXUS_TRY(const auto funded, genesis_account(entry));
        op.genesis.alloc.push_back(funded);
      }
      op.genesis.gas_limit = create->gas_limit;
      op.genesis.message_quorum_bps = create->message_quorum_bps;
      if (!create->da_namespace.empty()) {
        const std::string& text = create->da_namespace;
        Bytes bytes(text.begin(), text.end());
        if (text.starts_with("0x")) {
          auto hex = from_hex(text);
          if (!hex) return fail(Errc::kInvalidArgument, "--da-namespace " + text + ": bad hex");
          bytes = *hex;
        }
        PLEXUS_TRY(const da::Namespace ns, node::parse_namespace(bytes));
        op.genesis.da_namespace = to_bytes(ns.view());
      }
      if (op.consensus == platform::ConsensusKind::kSnowman) {
        if (create->block_time_ms != 0 || create->leader_timeout_ms != 0)
          return fail(Errc::kInvalidArgument,
                      "--block-time-ms and --leader-timeout-ms are not snowman's: its blocks "
                      "come when transactions wait, in proposer windows (--snowman-*)");
        PLEXUS_CHECK(platform::check_snowman_spec(create->snowman));
        if (create->snowman != platform::SnowmanSpec{})
          op.consensus_params = platform::encode_snowman_spec(create->snowman);
        const std::uint64_t k = create->snowman.k;
        std::fprintf(stderr,
                     "warning: snowman samples k=%llu validators a poll; while the subnet has "
                     "%llu or fewer, every poll asks all the others and the alphas shrink in "
                     "proportion, so a few validators tolerate few faults (4 tolerate 1; "
                     "docs/CONSENSUS.md, Small sets)\n",
                     static_cast<unsigned long long>(k), static_cast<unsigned long long>(k));
      } else if (create->block_time_ms != 0 || create->leader_timeout_ms != 0) {
        op.consensus_params =
            platform::encode_engine_timing({.block_time_ms = create->block_time_ms,
                                            .leader_timeout_ms = create->leader_timeout_ms});
      }
      for (const std::string& owner : create->owners) {
        PLEXUS_TRY(const Address address, parse_address(owner, "--owner"));
        op.owners.push_back(address);
      }
      if (op.owners.empty()) {
        PLEXUS_TRY(const auto keys, signing_keys(create->signing));
        op.owners.push_back(keys[0].address());
      }
      return submit(create->signing, std::move(op));
    });
  });

  struct Member {
    Signing signing;
    std::string name;
    NodeKeys node;
    std::uint64_t weight = 1;
  };
  for (const bool adding : {true, false}) {
    auto member = std::make_shared<Member>();
    CLI::App* cmd = subnet->add_subcommand(
        adding ? "add-validator" : "remove-validator",
        adding ? "add a primary validator to a subnet's set (signed by its owners)"
               : "remove a validator from a subnet's set (signed by its owners)");
    add_signing_options(cmd, member->signing);
    cmd->add_option("--name", member->name, "the subnet")->required();
    add_node_options(cmd, member->node, false);
    if (adding) cmd->add_option("--weight", member->weight, "its weight in the subnet (default 1)");
    cmd->callback([member, adding] {
      run([&]() -> Result<void> {
        PLEXUS_TRY(const Address id, node_id(member->node));
        if (adding)
          return submit(member->signing,
                        platform::AddSubnetValidator{member->name, id, member->weight});
        return submit(member->signing, platform::RemoveSubnetValidator{member->name, id});
      });
    });
  }

  auto list_rpc = std::make_shared<std::string>("127.0.0.1:8545");
  CLI::App* list = subnet->add_subcommand("list", "every subnet, and whether this node runs it");
  list->add_option("--rpc", *list_rpc, "a node's JSON-RPC, host:port");
  list->callback([list_rpc] {
    run([&]() -> Result<void> {
      PLEXUS_TRY(const json subnets, call(*list_rpc, "plexus_subnets", json::array()));
      for (const json& s : subnets) {
        std::string vms;
        for (const json& vm : s["vms"]) {
          if (!vms.empty()) vms.push_back(',');
          vms.append(vm.get<std::string>());
        }
        std::printf("%-16s vms %-14s consensus %-7s chain id %-8s validators %zu  %s\n",
                    s["name"].get<std::string>().c_str(), vms.c_str(),
                    s["consensus"].get<std::string>().c_str(),
                    s["chainId"].get<std::string>().c_str(), s["validators"].size(),
                    s.value("running", false) ? "running here" : "not run here");
      }
      return {};
    });
  });
}

}  // namespace plexus::cli
