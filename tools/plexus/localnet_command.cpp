#include "localnet_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "net/identity.hpp"
#include "node/dev_config.hpp"
#include "node/network_genesis.hpp"
#include "node/validator_key.hpp"
#include "rpc_client.hpp"

namespace plexus::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kHost = "127.0.0.1";
const char* const kSubnets[] = {"evm", "wasm", "move"};

struct UpOptions {
  int validators = 4;
  std::string dir;
  int base_port = 9650;
  int timeout_s = 60;
  std::string consensus = "bft";
  int leader_timeout_ms = 1000;
  int epoch_length = 64;
  std::vector<std::string> da_subnets;
};

int fail_with(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 1;
}

bool write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
  return out + "]";
}

std::string node_toml(int index, const UpOptions& o) {
  const auto p2p = [&](int i) {
    return std::string(kHost) + ":" + std::to_string(o.base_port + 2 * i);
  };
  std::vector<std::string> bootstrap;
  for (int i = 0; i < o.validators; ++i)
    if (i != index) bootstrap.push_back(p2p(i));
  const std::vector<std::string> all(std::begin(kSubnets), std::end(kSubnets));
  // Under the dev engine node 0 makes every subnet's blocks and the others follow; under bft
  // and snowman every validator takes its turn and `produce` means nothing.
  const std::vector<std::string> produce =
      index == 0 && o.consensus == "dev" ? all : std::vector<std::string>{};
  return "# written by plexus localnet up\n"
         "data_dir = \".\"\ngenesis = \"../genesis.json\"\n"
         "[p2p]\nlisten = \"" +
         p2p(index) + "\"\nbootstrap = " + toml_list(bootstrap) +
         "\n"
         "[rpc]\nlisten = \"" +
         std::string(kHost) + ":" + std::to_string(o.base_port + 2 * index + 1) +
         "\"\n[subnets]\ntrack = " + toml_list(all) + "\nproduce = " + toml_list(produce) +
         "\n[messages]\nrelayer_key_file = \"relayer.key\"\n";
}

// Starts `plexus node --config` in its own session, its output in node.log beside the config.
pid_t spawn_node(const fs::path& config) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  setsid();
  const int log =
      open((config.parent_path() / "node.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log >= 0) {
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
  }
  execl("/proc/self/exe", "plexus", "node", "--config", config.c_str(), nullptr);
  _exit(127);
}

Result<json> read_network(const fs::path& dir) {
  std::ifstream in(dir / "network.json");
  if (!in)
    return fail(Errc::kNotFound, (dir / "network.json").string() +
                                     " not found: is a localnet up in this directory?");
  const json network = json::parse(in, nullptr, false);
  if (network.is_discarded() || !network.contains("nodes"))
    return fail(Errc::kCorruption, (dir / "network.json").string() + " is not a network file");
  return network;
}

bool alive(pid_t pid) { return pid > 0 && kill(pid, 0) == 0; }

int run_up(const UpOptions& o) {
  const fs::path dir = fs::absolute(o.dir);
  if (auto existing = read_network(dir); existing)
    for (const json& node : (*existing)["nodes"])
      if (alive(node.value("pid", 0)))
        return fail_with("a localnet is already up in " + dir.string() +
                         "; run plexus localnet down --dir " + o.dir);
  fs::create_directories(dir);
  node::NetworkGenesis genesis;
  genesis.timestamp =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  genesis.consensus = o.consensus;
  genesis.leader_timeout_ms = static_cast<std::uint64_t>(o.leader_timeout_ms);
  genesis.epoch_length = static_cast<std::uint64_t>(o.epoch_length);
  genesis.da_subnets = o.da_subnets;
  if (o.consensus != "dev") {
    // Each node's keys first: the genesis names the validators by node id and BLS key.
    for (int i = 0; i < o.validators; ++i) {
      const fs::path node_dir = dir / ("node" + std::to_string(i));
      auto identity = net::Identity::load_or_create(node_dir / "staking");
      if (!identity) return fail_with(identity.error().message);
      auto bls_key = node::load_or_create_bls_key(node_dir);
      if (!bls_key) return fail_with(bls_key.error().message);
      genesis.validators.push_back(node::GenesisValidator{
          identity->node_id(), 1, to_bytes(bls_key->public_key().to_bytes().view()),
          to_bytes(bls::pop_prove(*bls_key).to_bytes().view())});
    }
    std::sort(genesis.validators.begin(), genesis.validators.end(),
              [](const auto& a, const auto& b) { return a.node_id < b.node_id; });
  }
  if (!write_file(dir / "genesis.json", node::genesis_json(genesis)))
    return fail_with("cannot write " + (dir / "genesis.json").string());
  auto dev_keys = hd::dev_account_keys(node::DevNetworkConfig{}.mnemonic, 10);
  if (!dev_keys) return fail_with(dev_keys.error().message);
  std::vector<pid_t> pids;
  for (int i = 0; i < o.validators; ++i) {
    const fs::path node_dir = dir / ("node" + std::to_string(i));
    fs::create_directories(node_dir);
    if (!write_file(node_dir / "node.toml", node_toml(i, o)))
      return fail_with("cannot write " + (node_dir / "node.toml").string());
    // Node i pays for message deliveries from dev account i (funded on every subnet).
    if (auto written = node::write_relayer_key(
            node_dir / "relayer.key", (*dev_keys)[static_cast<std::size_t>(i) % dev_keys->size()]);
        !written)
      return fail_with(written.error().message);
    pids.push_back(spawn_node(node_dir / "node.toml"));
    std::printf("started node %d (pid %d), log %s\n", i, pids.back(),
                (node_dir / "node.log").c_str());
  }
  std::printf("waiting for the nodes to connect...\n");
  std::fflush(stdout);
  json nodes = json::array();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
  for (int i = 0; i < o.validators; ++i) {
    const auto rpc_port = static_cast<std::uint16_t>(o.base_port + 2 * i + 1);
    while (true) {
      const auto info = rpc_call(kHost, rpc_port, "plexus_nodeInfo", json::array());
      if (info && (*info).value("peers", 0) >= o.validators - 1) {
        nodes.push_back(
            {{"id", (*info)["nodeId"]},
             {"rpc", "http://" + std::string(kHost) + ":" + std::to_string(rpc_port) + "/"},
             {"p2p", std::string(kHost) + ":" + std::to_string(o.base_port + 2 * i)},
             {"pid", pids[static_cast<std::size_t>(i)]},
             {"data_dir", (dir / ("node" + std::to_string(i))).string()}});
        break;
      }
      if (!alive(pids[static_cast<std::size_t>(i)]) ||
          std::chrono::steady_clock::now() > deadline) {
        for (const pid_t pid : pids) kill(pid, SIGTERM);
        return fail_with("node " + std::to_string(i) + " did not come up with all its peers; see " +
                         (dir / ("node" + std::to_string(i)) / "node.log").string());
      }
      std::this_thread::sleep_for(200ms);
    }
  }
  json subnets = json::array();
  for (std::size_t i = 0; i < 3; ++i)
    subnets.push_back({{"name", kSubnets[i]},
                       {"vm", kSubnets[i]},
                       {"chain_id", genesis.evm_chain_id + i},
                       {"consensus", o.consensus}});
  const json network = {{"nodes", nodes}, {"subnets", subnets}};
  if (!write_file(dir / "network.json", network.dump(2) + "\n"))
    return fail_with("cannot write network.json");
  std::printf("localnet up: %d nodes connected; %s\n", o.validators,
              (dir / "network.json").c_str());
  return 0;
}

int run_status(const std::string& dir) {
  auto network = read_network(fs::absolute(dir));
  if (!network) return fail_with(network.error().message);
  int down = 0;
  for (const json& node : (*network)["nodes"]) {
    const std::string rpc = node["rpc"];
    const auto port = static_cast<std::uint16_t>(std::stoi(rpc.substr(rpc.rfind(':') + 1)));
    const auto info = rpc_call(kHost, port, "plexus_nodeInfo", json::array());
    std::printf("%s pid %d %s", node["id"].get<std::string>().c_str(), node["pid"].get<int>(),
                rpc.c_str());
    if (!info) {
      std::printf("  DOWN (%s)\n", info.error().message.c_str());
      ++down;
      continue;
    }
    std::printf("  peers %d", (*info)["peers"].get<int>());
    for (const json& subnet : (*info)["subnets"])
      std::printf("  %s %s", subnet["name"].get<std::string>().c_str(),
                  subnet["headNumber"].get<std::string>().c_str());
    std::printf("\n");
  }
  return down == 0 ? 0 : 1;
}

int run_down(const std::string& dir) {
  auto network = read_network(fs::absolute(dir));
  if (!network) return fail_with(network.error().message);
  std::vector<pid_t> pids;
  for (const json& node : (*network)["nodes"]) pids.push_back(node["pid"].get<int>());
  for (const pid_t pid : pids)
    if (alive(pid)) kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  for (const pid_t pid : pids) {
    while (alive(pid) && std::chrono::steady_clock::now() < deadline) {
      waitpid(pid, nullptr, WNOHANG);
      std::this_thread::sleep_for(50ms);
    }
    if (alive(pid)) kill(pid, SIGKILL);
  }
  std::printf("localnet down: %zu nodes stopped (data kept in %s)\n", pids.size(), dir.c_str());
  return 0;
}

}  // namespace

void add_localnet_command(CLI::App& app) {
  CLI::App* localnet =
      app.add_subcommand("localnet", "run a network of plexus node processes on loopback");
  localnet->require_subcommand(1);
  auto up = std::make_shared<UpOptions>();
  CLI::App* up_cmd = localnet->add_subcommand("up", "start N nodes and wait until they connect");
  up_cmd->add_option("--validators", up->validators, "number of nodes (default 4)")
      ->check(CLI::Range(1, 16));
  up_cmd->add_option("--dir", up->dir, "directory for the genesis, configs, data and logs")
      ->required();
  up_cmd
      ->add_option("--base-port", up->base_port,
                   "node i listens on base+2i (p2p) and base+2i+1 (rpc); default 9650")
      ->check(CLI::Range(1024, 65000));
  up_cmd->add_option("--timeout", up->timeout_s, "seconds to wait for the nodes (default 60)");
  up_cmd
      ->add_option("--consensus", up->consensus,
                   "the subnets' engine: bft (every node a validator; default), snowman "
                   "(every node a validator; the primary chain under bft) or dev (node 0 "
                   "makes the blocks, the others follow)")
      ->check(CLI::IsMember({"bft", "snowman", "dev"}));
  up_cmd
      ->add_option("--leader-timeout-ms", up->leader_timeout_ms,
                   "bft: how long a round waits for its leader before skipping it (default 1000)")
      ->check(CLI::Range(50, 600000));
  up_cmd
      ->add_option("--epoch-length", up->epoch_length,
                   "bft: blocks per epoch; validator sets change at epoch ends (default 64)")
      ->check(CLI::Range(2, 1000000));
  up_cmd
      ->add_option("--da-subnet", up->da_subnets,
                   "a subnet (evm, wasm, move) whose validators post its blocks to DA; repeat")
      ->check(CLI::IsMember({"evm", "wasm", "move"}));
  up_cmd->callback([up] { std::exit(run_up(*up)); });
  auto dir = std::make_shared<std::string>();
  CLI::App* status = localnet->add_subcommand("status", "show each node's peers and heights");
  status->add_option("--dir", *dir, "the localnet's directory")->required();
  status->callback([dir] { std::exit(run_status(*dir)); });
  CLI::App* down = localnet->add_subcommand("down", "stop the nodes (their data stays)");
  down->add_option("--dir", *dir, "the localnet's directory")->required();
  down->callback([dir] { std::exit(run_down(*dir)); });
}

}  // namespace plexus::cli
