#include "dev_command.hpp"

#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "explorer_dir.hpp"
#include "node/dev_network.hpp"

namespace plexus::cli {
namespace {

struct DevOptions {
  std::string config_file;
  std::string data_dir;
  std::string rpc_address;
  int rpc_port = -1;
  long long block_time_ms = -1;
  long long accounts = -1;
  std::string mnemonic;
  unsigned long long chain_id = 0;
  bool quiet = false;
  bool sync_writes = false;
  long long history_blocks = -1;
  std::string unprotected_subnet;
  std::string explorer_dir;
  std::vector<std::string> da_subnets;
};

std::string ether(const uint256& wei) {
  const uint256 one_ether = uint256(1'000'000'000'000'000'000ULL);
  return (wei / one_ether).str() + " ETH";
}

void print_banner(const node::DevNetwork& net) {
  const node::DevNetworkConfig& c = net.config();
  const std::string host = c.rpc_address + ":" + std::to_string(net.rpc_port());
  std::printf("Plexus dev network (plexus 0.1.0)\n\n");
  std::printf("  Data directory  %s\n", std::filesystem::absolute(c.data_dir).string().c_str());
  std::printf(
      "  Primary network network id %llu, %zu validator(s), plexus_* methods on every endpoint\n",
      static_cast<unsigned long long>(net.platform().network_id()),
      net.platform().validators().size());
  for (const platform::Subnet& subnet : net.platform().subnets()) {
    const auto chain_id = static_cast<unsigned long long>(subnet.spec.chain_id);
    const std::string vm(platform::vm_name(subnet.spec.vms.first()));
    const node::RunningSubnet* running = net.subnet(subnet.spec.name);
    if (running == nullptr) {
      std::printf("  subnet %-5s %-5s registered, chain id %llu; this build does not run it\n",
                  subnet.spec.name.c_str(), vm.c_str(), chain_id);
      continue;
    }
    std::printf("  subnet %-5s %-5s http://%s/subnet/%s  (ws too)  chain id %llu, block %llu\n",
                subnet.spec.name.c_str(), vm.c_str(), host.c_str(), subnet.spec.name.c_str(),
                chain_id, static_cast<unsigned long long>(running->chain->head().number));
    if (subnet.spec.name == "evm")
      std::printf("                    also http://%s/ (the default for Ethereum tools)\n",
                  host.c_str());
  }
  if (!c.explorer_dir.empty()) std::printf("  Explorer        http://%s/explorer\n", host.c_str());
  if (c.block_time.count() == 0) {
    std::printf("  Blocks          as soon as transactions arrive\n\n");
  } else {
    std::printf("  Blocks          every %lld ms\n\n",
                static_cast<long long>(c.block_time.count()));
  }
  std::printf("Accounts (mnemonic \"%s\", path m/44'/60'/0'/0/i), %s each at genesis:\n",
              c.mnemonic.c_str(), ether(c.account_balance).c_str());
  for (std::size_t i = 0; i < net.accounts().size(); ++i) {
    const auto& key = net.accounts()[i];
    std::printf("  (%zu) %s  private key %s\n", i, checksum_address(key.address()).c_str(),
                to_hex(key.secret()).c_str());
  }
  std::printf("\nWARNING: these keys are public. Never send real funds to them.\n");
  std::printf("Press Ctrl-C to stop; restart with the same --data-dir to continue.\n\n");
  std::fflush(stdout);
}

int run_dev(const DevOptions& options) {
  node::DevNetworkConfig config;
  if (!options.config_file.empty()) {
    auto loaded = node::load_dev_config(options.config_file, config);
    if (!loaded) {
      std::fprintf(stderr, "error: %s\n", loaded.error().message.c_str());
      return 2;
    }
    config = std::move(*loaded);
  }
  if (!options.data_dir.empty()) config.data_dir = options.data_dir;
  if (!options.rpc_address.empty()) config.rpc_address = options.rpc_address;
  if (options.rpc_port >= 0) config.rpc_port = static_cast<std::uint16_t>(options.rpc_port);
  if (options.block_time_ms >= 0)
    config.block_time = std::chrono::milliseconds(options.block_time_ms);
  if (options.accounts >= 0) config.accounts = static_cast<std::size_t>(options.accounts);
  if (!options.mnemonic.empty()) config.mnemonic = options.mnemonic;
  if (options.chain_id != 0) config.evm_chain_id = options.chain_id;
  if (options.quiet) config.log_blocks = false;
  if (options.sync_writes) config.sync_writes = true;
  if (options.history_blocks >= 0)
    config.history_blocks = static_cast<std::uint64_t>(options.history_blocks);
  if (!options.unprotected_subnet.empty())
    config.unprotected_txs_subnets = {options.unprotected_subnet};
  if (!options.explorer_dir.empty()) config.explorer_dir = options.explorer_dir;
  if (!options.da_subnets.empty()) config.da_subnets = options.da_subnets;
  if (config.explorer_dir.empty()) config.explorer_dir = default_explorer_dir();

  // Block the stop signals in every thread (threads inherit the mask) and wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto net = node::DevNetwork::start(config);
  if (!net) {
    std::fprintf(stderr, "error: %s\n", net.error().message.c_str());
    return 1;
  }
  print_banner(**net);
  const timespec poll{0, 200'000'000};
  while (true) {
    const int signal = sigtimedwait(&stop_signals, nullptr, &poll);
    if (signal == SIGINT || signal == SIGTERM) {
      std::printf("\nstopping (%s)...\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
      break;
    }
    if (const auto fatal = (*net)->fatal_error()) {
      std::fprintf(stderr, "fatal: block production stopped: %s\n", fatal->message.c_str());
      (*net)->stop();
      return 1;
    }
  }
  (*net)->stop();
  std::printf("stopped at");
  for (const auto& subnet : (*net)->subnets())
    std::printf(" %s block %llu", subnet->name.c_str(),
                static_cast<unsigned long long>(subnet->chain->head().number));
  std::printf("\n");
  return 0;
}

}  // namespace

void add_dev_command(CLI::App& app) {
  auto options = std::make_shared<DevOptions>();
  CLI::App* dev = app.add_subcommand("dev", "run a local development network");
  dev->add_option("--config", options->config_file, "JSON config file (docs/DEV_NETWORK.md)")
      ->check(CLI::ExistingFile);
  dev->add_option("--data-dir", options->data_dir, "where chain data lives (default .plexus-dev)");
  dev->add_option("--rpc-address", options->rpc_address, "address to bind (default 127.0.0.1)");
  dev->add_option("--rpc-port", options->rpc_port, "JSON-RPC port (default 8545; 0 picks one)")
      ->check(CLI::Range(0, 65535));
  dev->add_option("--block-time", options->block_time_ms,
                  "milliseconds between blocks; 0 (default) mines on every transaction")
      ->check(CLI::Range(0LL, 86'400'000LL));
  dev->add_option("--accounts", options->accounts, "number of funded dev accounts (default 10)")
      ->check(CLI::Range(1LL, 1000LL));
  dev->add_option("--history", options->history_blocks,
                  "state reads for the last N blocks only; 0 (default) keeps every block's")
      ->check(CLI::Range(0LL, 1LL << 62));
  dev->add_option("--mnemonic", options->mnemonic, "BIP-39 mnemonic of the dev accounts");
  dev->add_option("--chain-id", options->chain_id, "EVM subnet chain id (default 31337)")
      ->check(CLI::PositiveNumber);
  dev->add_flag("--quiet", options->quiet, "do not print a line per block");
  dev->add_option("--allow-unprotected-txs", options->unprotected_subnet,
                  "SUBNET: accept legacy transactions without a chain id there (one subnet)");
  dev->add_option("--da-subnet", options->da_subnets,
                  "a subnet (evm, wasm, move) that posts its blocks to DA (docs/DA.md); repeat. "
                  "Fixed when the data directory is created")
      ->check(CLI::IsMember({"evm", "wasm", "move"}));
  dev->add_option("--explorer-dir", options->explorer_dir,
                  "the explorer's built files to serve at /explorer (default: beside plexus)");
  dev->add_flag("--sync-writes", options->sync_writes,
                "fsync every block (survives power loss, not just a killed process)");
  dev->callback([options] { std::exit(run_dev(*options)); });
}

}  // namespace plexus::cli
