// `plexus da rebuild`: a subnet's chain rebuilt from the primary network's data layer alone
// (docs/DA.md, Subnets on DA): every platform block's blobs in the subnet's namespace, checked
// against the block's data root with completeness proofs, replayed through block verification.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "blob_command.hpp"
#include "core/hash.hpp"
#include "core/hex.hpp"
#include "da_command.hpp"
#include "node/da_rebuild_progress.hpp"
#include "node/da_replay.hpp"
#include "node/network_genesis.hpp"
#include "platform_cli.hpp"
#include "rpc_client.hpp"
#include "storage/rocksdb_store.hpp"

namespace plexus::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Steady = std::chrono::steady_clock;

struct Rebuild {
  std::string rpc = "127.0.0.1:8545";
  std::string subnet;
  std::string dir;
  std::string genesis;      // a network's genesis.json (plexus localnet, plexus node)
  std::string config_file;  // a plexus dev config
  std::vector<std::string> da_subnets;
  std::uint64_t chain_id = 0;
  std::uint64_t genesis_timestamp = 0;
  std::uint64_t to = 0;               // 0: the platform head when started
  std::vector<std::string> balances;  // addresses whose rebuilt balance is printed
  bool quiet = false;
};

// The configuration the network was started with, as plexus dev or a network genesis makes it.
Result<node::DevNetworkConfig> network_config(const Rebuild& r) {
  node::DevNetworkConfig config;
  if (!r.config_file.empty()) {
    PLEXUS_TRY(config, node::load_dev_config(r.config_file, config));
  }
  if (!r.genesis.empty()) {
    PLEXUS_TRY(const node::NetworkGenesis genesis, node::load_network_genesis(r.genesis));
    node::apply_genesis(genesis, config);
  }
  if (r.chain_id != 0) config.evm_chain_id = r.chain_id;
  if (!r.da_subnets.empty()) config.da_subnets = r.da_subnets;
  // plexus dev --da-subnet NAME: the subnet rebuilt is the one that posts.
  if (r.genesis.empty() && config.da_subnets.empty()) config.da_subnets = {r.subnet};
  return config;
}

// A final platform block as the node gives it (platform_getBlock), decoded; nothing in it is
// trusted but its place in the chain, which the caller checks by parent hash from block 0.
Result<platform::PlatformBlock> platform_block(const std::string& rpc, std::uint64_t height) {
  PLEXUS_TRY(const json answer, call(rpc, "platform_getBlock", json::array({height})));
  const auto encoded = from_hex(answer.value("block", ""));
  if (!encoded) return fail(Errc::kDecode, "platform_getBlock: the block is not hex");
  auto block = platform::decode_block(*encoded);
  if (!block)
    return fail(Errc::kDecode, "platform_getBlock " + std::to_string(height) +
                                   ": not a platform block: " + block.error().message);
  if (block->height != height)
    return fail(Errc::kValidation, "platform_getBlock " + std::to_string(height) +
                                       ": the node gave block " + std::to_string(block->height));
  return std::move(*block);
}

// Why nothing was rebuilt up to platform block `to`.
Error nothing_rebuilt(const node::DaReplay& replay, const std::string& name, std::uint64_t to,
                      std::size_t blobs) {
  const std::string upto = " up to platform block " + std::to_string(to);
  const std::optional<platform::Subnet> subnet = replay.platform().subnet(name);
  if (!subnet) return Error{Errc::kNotFound, "no subnet " + name + " on the platform chain" + upto};
  if (replay.rebuild() == nullptr)
    return Error{Errc::kNotFound, "subnet " + name + " has no validators" + upto};
  return Error{Errc::kNotFound, "no block 0 of subnet " + name + " on DA" + upto + " (" +
                                    std::to_string(blobs) + " blobs in its namespace)"};
}

// The platform block 0 this configuration makes (no store written).
Result<Hash256> configured_platform_genesis(const node::DevNetworkConfig& config,
                                            const std::string& subnet, const Clock& clock) {
  PLEXUS_TRY(const auto probe, node::DaReplay::open({.network = config,
                                                     .subnet = subnet,
                                                     .open_store = []() -> Result<kv::KvStore*> {
                                                       return fail(Errc::kInternal, "no store");
                                                     }},
                                                    clock));
  PLEXUS_TRY(const platform::PlatformBlock zero, probe->platform().block_at(0));
  return zero.hash();
}

// Where the rebuild stands, for a later run to resume from (node/da_rebuild_progress.hpp).
Result<void> save_progress(const fs::path& dir, node::RebuildProgress& progress,
                           const node::DaReplay& replay, std::uint64_t height) {
  progress.platform_height = height;
  const node::DaRebuild* rebuilt = replay.rebuild();
  if (rebuilt != nullptr && rebuilt->chain() != nullptr) {
    PLEXUS_TRY(const auto genesis, rebuilt->chain()->blocks().header_of(0));
    if (genesis) progress.genesis_timestamp = genesis->timestamp;
  }
  progress.held.clear();
  if (rebuilt != nullptr) {
    PLEXUS_TRY(progress.held, rebuilt->held_blobs());
  }
  return node::write_rebuild_progress(dir, progress);
}

Result<void> rebuild(const Rebuild& r) {
  const fs::path dir = r.dir;
  PLEXUS_TRY(const std::optional<node::RebuildProgress> resumed, node::read_rebuild_progress(dir));
  PLEXUS_TRY(const node::DevNetworkConfig config, network_config(r));
  SystemClock clock;
  // The platform's block 0, as every node of the network builds it, must be the node's: from it
  // on, the rebuild replays the platform chain itself (subnets, sets, governance) and trusts the
  // node for none of it.
  PLEXUS_TRY(const Hash256 zero, configured_platform_genesis(config, r.subnet, clock));
  PLEXUS_TRY(const platform::PlatformBlock remote_zero, platform_block(r.rpc, 0));
  if (remote_zero.hash() != zero)
    return fail(Errc::kInvalidArgument,
                "the node's platform block 0 is " + to_hex(remote_zero.hash()) +
                    ", this configuration's " + to_hex(zero) +
                    ": pass the network's --genesis (a localnet's genesis.json), or plexus dev's "
                    "--config, --chain-id and --da-subnet");
  node::RebuildProgress progress{.subnet = r.subnet, .platform_genesis = zero};
  if (resumed) {
    PLEXUS_CHECK(node::check_rebuild_directory(dir, *resumed, r.subnet, zero));
    progress = *resumed;
  } else {
    PLEXUS_CHECK(node::write_rebuild_progress(dir, progress));  // the directory is this rebuild's
  }
  std::unique_ptr<kv::KvStore> store;
  // The replayed platform state on disk beside the subnet's chain: a long platform chain's
  // blocks, blobs included, do not have to fit in memory.
  PLEXUS_TRY(const std::unique_ptr<kv::KvStore> platform_store,
             kv::RocksDbStore::open(dir / "platform"));
  PLEXUS_TRY(const auto replay,
             node::DaReplay::open({.network = config,
                                   .subnet = r.subnet,
                                   .genesis_timestamp = r.genesis_timestamp,
                                   .open_store = [&]() -> Result<kv::KvStore*> {
                                     PLEXUS_TRY(store, kv::RocksDbStore::open(dir / r.subnet));
                                     return store.get();
                                   },
                                   .platform_store = platform_store.get()},
                                  clock));
  PLEXUS_TRY(const platform::PlatformBlock local_zero, replay->platform().block_at(0));
  if (local_zero.hash() != zero)
    return fail(Errc::kCorruption,
                (dir / "platform").string() + " holds another network's platform state");
  PLEXUS_CHECK(replay->look_for_subnet());
  // Resumed: the chain rebuilt so far reopens, and the blobs held ahead of it are held again.
  const std::uint64_t replayed = replay->platform().height();
  if (replayed < progress.platform_height)
    return fail(Errc::kCorruption, "the replayed platform state is at height " +
                                       std::to_string(replayed) + ", below the progress kept (" +
                                       std::to_string(progress.platform_height) + ")");
  if (progress.genesis_timestamp != 0) {
    PLEXUS_CHECK(replay->resume(progress.genesis_timestamp));
  }
  for (const Bytes& held : progress.held) PLEXUS_CHECK(replay->offer(held));
  const std::uint64_t resumed_from = progress.platform_height;

  std::uint64_t to = r.to;
  if (to == 0) {
    PLEXUS_TRY(const json head, call(r.rpc, "platform_getHeight", json::array()));
    PLEXUS_TRY(to, answer_quantity(head["height"], "height"));
  }
  to = std::max(to, resumed_from);
  PLEXUS_TRY(const platform::PlatformBlock start, replay->platform().block_at(resumed_from));
  Hash256 parent = start.hash();
  std::size_t blobs = 0;
  std::size_t skipped = 0;
  auto last_report = Steady::now();
  for (std::uint64_t height = resumed_from + 1; height <= to; ++height) {
    PLEXUS_TRY(const platform::PlatformBlock block, platform_block(r.rpc, height));
    if (block.parent_hash != parent)
      return fail(Errc::kValidation, "platform block " + std::to_string(height) + " names parent " +
                                         to_hex(block.parent_hash) + ", block " +
                                         std::to_string(height - 1) + " is " + to_hex(parent));
    parent = block.hash();
    if (height > replayed) {
      PLEXUS_CHECK(replay->apply_platform_block(block));
    } else {
      // Applied by an earlier run that stopped before its blobs were all offered.
      PLEXUS_TRY(const platform::PlatformBlock applied, replay->platform().block_at(height));
      if (applied.hash() != parent)
        return fail(Errc::kValidation, "platform block " + std::to_string(height) +
                                           " is not the one the directory's state replayed");
    }
    if (const auto ns = replay->ns()) {
      // Read as DA serves them: every blob of the namespace, complete, under the data root.
      PLEXUS_TRY(const json found, verified_namespace_blobs(r.rpc, height, *ns, block.data_root));
      for (std::size_t i = 0; i < found.size(); ++i) {
        ++blobs;
        const auto data = from_hex(found[i].value("data", ""));
        if (!data) return fail(Errc::kDecode, "platform_getAllBlobs: data is not hex");
        PLEXUS_TRY(const node::DaRebuild::Outcome outcome, replay->offer(*data));
        for (const std::string& why : outcome.held_skipped) {
          ++skipped;
          std::fprintf(stderr, "platform block %llu, blob %zu: a blob held before: skipped: %s\n",
                       static_cast<unsigned long long>(height), i, why.c_str());
        }
        if (outcome.skipped.empty()) continue;
        ++skipped;
        std::fprintf(stderr, "platform block %llu, blob %zu: skipped: %s\n",
                     static_cast<unsigned long long>(height), i, outcome.skipped.c_str());
      }
    }
    if (Steady::now() - last_report > std::chrono::seconds(2) || height == to) {
      last_report = Steady::now();
      PLEXUS_CHECK(save_progress(dir, progress, *replay, height));
      const std::uint64_t next = replay->rebuild() ? replay->rebuild()->next() : 0;
      if (!r.quiet)
        std::fprintf(stderr, "platform block %llu of %llu: next subnet block %llu\n",
                     static_cast<unsigned long long>(height), static_cast<unsigned long long>(to),
                     static_cast<unsigned long long>(next));
    }
  }
  const node::DaRebuild* rebuilt = replay->rebuild();
  if (rebuilt == nullptr || rebuilt->chain() == nullptr)
    return std::unexpected(nothing_rebuilt(*replay, r.subnet, to, blobs));
  const chain::ChainHead head = rebuilt->chain()->head();
  PLEXUS_TRY(const auto header, rebuilt->chain()->blocks().header_of(head.number));
  if (!header) return fail(Errc::kCorruption, "the rebuilt head has no header");
  json balances = json::object();
  for (const std::string& text : r.balances) {
    PLEXUS_TRY(const Address address, parse_address(text, "--balance"));
    PLEXUS_TRY(const auto account, rebuilt->chain()->account(address, head.number));
    balances[checksum_address(address)] = account.balance.str();  // decimal wei
  }
  std::printf("%s\n", json{{"subnet", r.subnet},
                           {"namespace", to_hex(replay->ns()->view())},
                           {"platformHeight", to},
                           {"resumedFrom", resumed_from},
                           {"number", head.number},
                           {"hash", to_hex(head.hash)},
                           {"stateRoot", to_hex(header->state_root)},
                           {"blobs", blobs},
                           {"skipped", skipped},
                           {"held", rebuilt->held()},
                           {"balances", balances},
                           {"dir", (dir / r.subnet).string()}}
                          .dump()
                          .c_str());
  return {};
}

}  // namespace

void add_da_rebuild_command(CLI::App& da) {
  auto r = std::make_shared<Rebuild>();
  CLI::App* cmd = da.add_subcommand(
      "rebuild", "rebuild a subnet's chain from the primary network's data layer alone");
  cmd->add_option("--rpc", r->rpc,
                  "a primary-network node's JSON-RPC, host:port (default 127.0.0.1:8545)");
  cmd->add_option("--subnet", r->subnet, "the subnet (evm, wasm or move)")->required();
  cmd->add_option("--dir", r->dir,
                  "the rebuild's directory: an empty one, or one an earlier rebuild of the same "
                  "subnet and network wrote (resumed where it stopped)")
      ->required();
  cmd->add_option("--genesis", r->genesis,
                  "the network's genesis.json (a localnet's); without it, plexus dev's defaults");
  cmd->add_option("--config", r->config_file, "the plexus dev config file the node ran with");
  cmd->add_option("--chain-id", r->chain_id, "plexus dev's --chain-id, if it was given");
  cmd->add_option("--da-subnet", r->da_subnets,
                  "plexus dev's --da-subnet names (default: the subnet rebuilt); repeat");
  cmd->add_option("--genesis-timestamp", r->genesis_timestamp,
                  "the subnet's block 0 time (a network's genesis fixes it; plexus dev's is its "
                  "first start: without this option, the first block 0 on DA that the "
                  "configuration makes is taken)");
  cmd->add_option("--to", r->to, "the last platform height to read (default: the head)");
  cmd->add_option("--balance", r->balances,
                  "an address whose balance at the rebuilt head is printed; repeat");
  cmd->add_flag("--quiet", r->quiet, "no progress lines");
  cmd->footer(
      "Reads every platform block's blobs in the subnet's namespace with their completeness "
      "proofs, checked against the block's data root, and imports the blocks they carry through "
      "block verification (parent, transactions root, re-execution to the state root). Blobs "
      "that are junk, duplicates, on another parent or refused are skipped with the rule (on "
      "stderr); under bft a block also needs a finalization certificate of its epoch's "
      "validators. Run again into the same directory, it resumes. Prints {number, hash, "
      "stateRoot, ...} of the rebuilt head.");
  cmd->callback([r] { run([&] { return rebuild(*r); }); });
}

}  // namespace plexus::cli
