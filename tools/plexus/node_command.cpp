#include "node_command.hpp"

#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>

#include "core/hex.hpp"
#include "explorer_dir.hpp"
#include "net/identity.hpp"
#include "net/tls_transport.hpp"
#include "node/dev_network.hpp"
#include "node/network_genesis.hpp"
#include "node/node_config.hpp"
#include "node/validator_key.hpp"

namespace plexus::cli {
namespace {

int fail_with(const Error& error) {
  std::fprintf(stderr, "error: %s\n", error.message.c_str());
  return 1;
}

net::Endpoint endpoint(const node::HostPort& address) {
  return net::Endpoint{.host = address.host, .port = address.port};
}

int run_node(const std::string& config_file) {
  auto config = node::load_node_config(config_file);
  if (!config) return fail_with(config.error());
  auto genesis = node::load_network_genesis(config->genesis);
  if (!genesis) return fail_with(genesis.error());
  if (genesis->network_id != config->network_id)
    return fail_with(Error{Errc::kInvalidArgument,
                           "network_id " + std::to_string(config->network_id) + " in the config, " +
                               std::to_string(genesis->network_id) + " in the genesis"});
  node::DevNetworkConfig dev;
  node::apply_genesis(*genesis, dev);
  dev.data_dir = config->data_dir;
  dev.rpc_address = config->rpc_listen.host;
  dev.rpc_port = config->rpc_listen.port;
  dev.rpc_threads = config->rpc_threads;
  dev.history_blocks = config->history_blocks;
  dev.sync_writes = config->sync_writes;
  dev.log_blocks = config->log_blocks;
  dev.explorer_dir = default_explorer_dir();

  auto identity = net::Identity::load_or_create(config->data_dir / "staking");
  if (!identity) return fail_with(identity.error());
  auto bls_key = node::load_or_create_bls_key(config->data_dir);
  if (!bls_key) return fail_with(bls_key.error());
  const std::string node_id = to_hex(identity->node_id());
  net::TlsConfig tls;
  tls.network_id = static_cast<std::uint32_t>(config->network_id);
  tls.listen = endpoint(config->p2p_listen);
  tls.limits.max_frame = config->max_frame_bytes;
  tls.limits.max_peers = config->max_peers;

  // Block the stop signals in every thread (threads inherit the mask) and wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto transport = net::TlsTransport::start(std::move(*identity), tls);
  if (!transport) return fail_with(transport.error());
  node::NetworkRole role;
  role.transport = transport->get();
  role.track = config->track;
  role.produce = config->produce;
  role.max_frame_bytes = config->max_frame_bytes;
  role.bls_key = *bls_key;
  if (!config->relayer_key_file.empty()) {
    auto relayer_key = node::load_relayer_key(config->relayer_key_file);
    if (!relayer_key) return fail_with(relayer_key.error());
    role.relayer_key = *relayer_key;
  }
  auto net = node::DevNetwork::start(dev, std::nullopt, role);
  if (!net) return fail_with(net.error());
  std::printf("plexus node %s\n  bls key %s\n  network %llu, p2p %s, rpc http://%s:%u/\n",
              node_id.c_str(), to_hex(bls_key->public_key().to_bytes()).c_str(),
              static_cast<unsigned long long>(config->network_id),
              net::to_string((*transport)->local_endpoint()).c_str(), dev.rpc_address.c_str(),
              static_cast<unsigned>((*net)->rpc_port()));
  for (const auto& subnet : (*net)->subnets())
    std::printf("  subnet %-5s %s %s, block %llu\n", subnet->name.c_str(),
                subnet->bft ? "bft" : "dev", subnet->producer ? "producing" : "following",
                static_cast<unsigned long long>(subnet->chain->head().number));
  std::fflush(stdout);

  // Dial the bootstrap peers, and again every few seconds while some are missing (a peer that
  // starts later, or restarts, is found without anyone's help).
  const auto dial = [&] {
    if ((*transport)->peers().size() >= config->bootstrap.size()) return;
    for (const node::HostPort& peer : config->bootstrap) (*transport)->connect(endpoint(peer));
  };
  dial();
  const timespec poll{0, 200'000'000};
  int polls = 0;
  int status = 0;
  while (true) {
    const int signal = sigtimedwait(&stop_signals, nullptr, &poll);
    if (signal == SIGINT || signal == SIGTERM) break;
    if (const auto fatal = (*net)->fatal_error()) {
      std::fprintf(stderr, "fatal: %s\n", fatal->message.c_str());
      status = 1;
      break;
    }
    if (++polls % 15 == 0) dial();
  }
  (*net)->stop();
  transport->reset();  // no more messages for the subnets being torn down
  std::printf("stopped\n");
  return status;
}

}  // namespace

void add_node_command(CLI::App& app) {
  auto config = std::make_shared<std::string>();
  CLI::App* node = app.add_subcommand("node", "run one node of a network (docs/NODE.md)");
  node->add_option("--config", *config, "the node's TOML configuration file")
      ->required()
      ->check(CLI::ExistingFile);
  node->callback([config] { std::exit(run_node(*config)); });
}

}  // namespace plexus::cli
