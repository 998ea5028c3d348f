// eth_config (EIP-7910): the EVM configuration of the fork in force at the head, the one before
// it and the next scheduled one. A subnet's forks are scheduled by height, not time: each fork
// object carries its `blockHeight`, and `activationTime` is the timestamp of the block it
// started at (0 at genesis), absent for a fork still to come. Blob transactions are refused by
// the node, so `blobSchedule` is null.
#include <array>
#include <cstdio>

#include "core/hex.hpp"
#include "evm/precompiles/precompiles.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/params.hpp"
#include "transition/block_history.hpp"

namespace plexus::rpc {
namespace {

struct Fork {
  std::uint64_t height = 0;
  evm::Revision revision = evm::Revision::kCancun;
};

// The heights at which the EVM revision changes, genesis first.
std::vector<Fork> fork_schedule(const chain::ParamsSchedule& schedule) {
  std::vector<Fork> forks = {{0, schedule.genesis().revision}};
  for (const chain::ParamsChange& change : schedule.changes())
    if (change.params.revision != forks.back().revision)
      forks.push_back({change.height, change.params.revision});
  return forks;
}

// CRC-32 (IEEE), as EIP-2124's fork hash uses it.
std::uint32_t crc32(std::uint32_t crc, BytesView data) {
  crc = ~crc;
  for (const Byte b : data) {
    crc ^= b;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string precompile_name(const Address& addr) {
  constexpr std::array<const char*, 18> kNames = {
      "ECREC",        "SHA256",      "RIPEMD160",   "ID",
      "MODEXP",       "BN254_ADD",   "BN254_MUL",   "BN254_PAIRING",
      "BLAKE2F",      "KZG_POINT_EVALUATION", "BLS12_G1ADD", "BLS12_G1MSM",
      "BLS12_G2ADD",  "BLS12_G2MSM", "BLS12_PAIRING_CHECK", "BLS12_MAP_FP_TO_G1",
      "BLS12_MAP_FP2_TO_G2", "P256VERIFY"};
  const std::size_t low = addr[19];
  if (addr[18] == 0x01 && low == 0x00) return kNames[17];
  if (addr[18] == 0 && low >= 1 && low <= 17) return kNames[low - 1];
  return to_hex(addr);
}

Result<json> fork_json(const chain::SubnetChain& chain, const std::vector<Fork>& forks,
                       std::size_t index, const Hash256& genesis_hash) {
  const Fork& fork = forks[index];
  json out = {{"blockHeight", quantity(fork.height)},
              {"blobSchedule", nullptr},
              {"chainId", quantity(chain.config().chain_id)}};
  if (fork.height == 0) {
    out["activationTime"] = 0;
  } else if (fork.height <= chain.head().number) {
    PLEXUS_TRY(const auto header, chain.blocks().header_of(fork.height));
    if (header) out["activationTime"] = header->timestamp;
  }
  std::uint32_t hash = crc32(0, genesis_hash.view());
  for (std::size_t i = 1; i <= index; ++i) {
    std::array<Byte, 8> height{};
    for (int b = 0; b < 8; ++b) height[7 - b] = static_cast<Byte>(forks[i].height >> (8 * b));
    hash = crc32(hash, BytesView(height.data(), height.size()));
  }
  char fork_id[16];
  std::snprintf(fork_id, sizeof fork_id, "0x%08x", hash);
  out["forkId"] = fork_id;
  json precompiles = json::object();
  for (const Address& addr : evm::precompiles::addresses(fork.revision))
    precompiles[precompile_name(addr)] = to_hex(addr);
  out["precompiles"] = std::move(precompiles);
  json system = json::object();
  if (fork.revision >= evm::Revision::kPrague)
    system["HISTORY_STORAGE_ADDRESS"] = to_hex(transition::history_storage_address());
  out["systemContracts"] = std::move(system);
  return out;
}

}  // namespace

void add_eth_config_method(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  chain::SubnetChain& chain = endpoint->chain;
  d.add("eth_config", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 0));
    const std::vector<Fork> forks = fork_schedule(chain.config().params);
    const std::uint64_t head = chain.head().number;
    std::size_t current = 0;
    while (current + 1 < forks.size() && forks[current + 1].height <= head) ++current;
    PLEXUS_TRY(const auto genesis, chain.blocks().hash_of(0));
    if (!genesis) return fail(Errc::kInternal, "no genesis block");
    json out = {{"next", nullptr}, {"last", nullptr}};
    PLEXUS_TRY(out["current"], fork_json(chain, forks, current, *genesis));
    if (current + 1 < forks.size()) {
      PLEXUS_TRY(out["next"], fork_json(chain, forks, current + 1, *genesis));
    }
    if (current > 0) {
      PLEXUS_TRY(out["last"], fork_json(chain, forks, current - 1, *genesis));
    }
    return out;
  });
}

}  // namespace plexus::rpc
