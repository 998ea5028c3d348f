#include "certificate_command.hpp"

#include <cstdio>
#include <fstream>
#include <memory>

#include "consensus/bft/vote.hpp"
#include "consensus/certificate.hpp"
#include "core/hex.hpp"
#include "net/subnet_relay.hpp"
#include "node/network_genesis.hpp"
#include "rpc_client.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;

struct Options {
  std::string genesis;
  std::string file;
  std::string rpc;
  std::string set_rpc;
  std::string subnet = "evm";
  std::uint64_t height = 0;
};

Result<std::uint64_t> quantity(const json& answer, const char* key) {
  if (!answer.contains(key) || !answer[key].is_string())
    return fail(Errc::kDecode, std::string("the certificate has no \"") + key + "\"");
  return answer_quantity(answer[key], key);
}

// A later epoch's set, as a node serves it (platform_getValidators).
Result<platform::ValidatorSet> served_set(const std::string& address, const std::string& subnet,
                                          std::uint64_t platform_height) {
  PLEXUS_TRY(const RpcAddress where, parse_rpc_address(address));
  char height[32];
  std::snprintf(height, sizeof height, "0x%llx", static_cast<unsigned long long>(platform_height));
  PLEXUS_TRY(const json answer, rpc_call(where.host, where.port, "platform_getValidators",
                                         json::array({subnet, height})));
  if (!answer.is_array()) return fail(Errc::kDecode, "platform_getValidators: not a list");
  platform::ValidatorSet set;
  for (const json& entry : answer) {
    if (!entry.is_object() || !entry.contains("nodeId") || !entry.contains("blsKey") ||
        !entry.contains("weight"))
      return fail(Errc::kDecode, "platform_getValidators: an entry without nodeId, weight, blsKey");
    PLEXUS_TRY(const auto id, fixed_from_hex<20>(entry["nodeId"].get<std::string>()));
    PLEXUS_TRY(Bytes key, from_hex(entry["blsKey"].get<std::string>()));
    PLEXUS_TRY(const std::uint64_t weight, quantity(entry, "weight"));
    set.push_back({Address::right_aligned(id.view()), weight, std::move(key)});
  }
  return set;
}

Result<json> fetch(const Options& o) {
  if (!o.file.empty()) {
    std::ifstream in(o.file);
    if (!in) return fail(Errc::kNotFound, "cannot read " + o.file);
    const json answer = json::parse(in, nullptr, false);
    if (answer.is_discarded()) return fail(Errc::kDecode, o.file + " is not JSON");
    return answer.contains("result") ? answer["result"] : answer;
  }
  PLEXUS_TRY(const RpcAddress where, parse_rpc_address(o.rpc));
  const auto& [host, port] = where;
  char height[32];
  std::snprintf(height, sizeof height, "0x%llx", static_cast<unsigned long long>(o.height));
  PLEXUS_TRY(json answer, rpc_call(host, port, "plexus_getFinalityCertificate",
                                   json::array({o.subnet, height})));
  if (answer.is_null())
    return fail(Errc::kNotFound, "block " + std::to_string(o.height) + " of " + o.subnet +
                                     " is not final on that node");
  return answer;
}

Result<std::string> verify(const Options& o) {
  PLEXUS_TRY(const node::NetworkGenesis genesis, node::load_network_genesis(o.genesis));
  if (genesis.validators.empty())
    return fail(Errc::kInvalidArgument, o.genesis + " lists no validators (not a bft network)");
  PLEXUS_TRY(const json answer, fetch(o));
  if (!answer.is_object() || !answer.contains("subnet") || !answer.contains("certificate") ||
      !answer.contains("blockHash"))
    return fail(Errc::kDecode,
                "not a finality certificate (expected plexus_getFinalityCertificate's answer)");
  const std::string subnet = answer["subnet"];
  PLEXUS_TRY(const std::uint64_t epoch, quantity(answer, "epoch"));
  PLEXUS_TRY(const std::uint64_t round, quantity(answer, "round"));
  PLEXUS_TRY(const std::uint64_t height, quantity(answer, "certifiedHeight"));
  PLEXUS_TRY(const Hash256 hash, fixed_from_hex<32>(answer["blockHash"].get<std::string>()));
  PLEXUS_TRY(const Bytes encoded, from_hex(answer["certificate"].get<std::string>()));
  PLEXUS_TRY(const consensus::Certificate cert, consensus::decode_certificate(encoded));
  const consensus::bft::Vote vote{consensus::bft::VoteKind::kFinalize, epoch, round, height, hash};
  const Hash256 chain = Hash256::right_aligned(net::subnet_id(subnet).view());
  // Epoch 0 of the genesis chains is signed by the genesis set; a later epoch by the set at its
  // platform height, which a node serves.
  std::uint64_t platform_height = 0;
  if (answer.contains("platformHeight")) {
    PLEXUS_TRY(platform_height, quantity(answer, "platformHeight"));
  }
  platform::ValidatorSet validators;
  std::string whose = "the genesis set";
  if (epoch == 0 && platform_height == 0) {
    for (const node::GenesisValidator& v : genesis.validators)
      validators.push_back({v.node_id, v.weight, v.bls_key});
  } else {
    const std::string source = o.set_rpc.empty() ? o.rpc : o.set_rpc;
    if (source.empty())
      return fail(Errc::kInvalidArgument,
                  "epoch " + std::to_string(epoch) + " was signed by the set of platform height " +
                      std::to_string(platform_height) + ": give --set-rpc to read it");
    PLEXUS_TRY(validators, served_set(source, subnet, platform_height));
    whose =
        "the set of platform height " + std::to_string(platform_height) + " served by " + source;
  }
  PLEXUS_TRY(const auto set, consensus::certificate_order(validators));
  PLEXUS_CHECK(
      consensus::verify_certificate(cert, consensus::bft::signing_message(vote, chain), set));
  std::size_t signers = 0;
  for (std::size_t i = 0; i < set.size(); ++i)
    if ((cert.signers[i / 8] >> (i % 8)) & 1u) ++signers;
  return "valid: " + subnet + " block " + std::to_string(height) + " " + to_hex(hash) +
         " is final (round " + std::to_string(round) + "), signed by " + std::to_string(signers) +
         " of " + std::to_string(set.size()) + " validators (" + whose + ")";
}

}  // namespace

void add_certificate_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "verify-certificate",
      "check a finality certificate against the validator set of a network's genesis");
  cmd->add_option("--genesis", o->genesis, "the network's genesis.json (its validators)")
      ->required()
      ->check(CLI::ExistingFile);
  auto* file =
      cmd->add_option("--file", o->file, "plexus_getFinalityCertificate's answer saved as JSON");
  auto* rpc = cmd->add_option("--rpc", o->rpc, "fetch it from this node instead (host:port)");
  file->excludes(rpc);
  cmd->add_option("--subnet", o->subnet, "with --rpc: the subnet (default evm)");
  cmd->add_option("--height", o->height, "with --rpc: the block number");
  cmd->add_option("--set-rpc", o->set_rpc,
                  "a node to read a later epoch's validator set from (host:port; default --rpc)");
  cmd->callback([o] {
    if (o->file.empty() && o->rpc.empty()) {
      std::fprintf(stderr, "error: give --file or --rpc\n");
      std::exit(2);
    }
    const auto result = verify(*o);
    if (!result) {
      std::fprintf(stderr, "invalid: %s\n", result.error().message.c_str());
      std::exit(1);
    }
    std::printf("%s\n", result->c_str());
    std::exit(0);
  });
}

}  // namespace plexus::cli
