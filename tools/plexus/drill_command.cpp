#include "drill_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "consensus/bft/equivocation.hpp"
#include "core/hex.hpp"
#include "net/relay.hpp"
#include "node/validator_key.hpp"
#include "rpc_client.hpp"

namespace plexus::cli {
namespace {

struct Drill {
  std::string node_dir;
  std::string subnet = "evm";
  std::string rpc;
};

// Two notarize votes for different blocks in one round, both signed with the node's own BLS
// key: exactly what a validator that equivocates gives away. The round is far above any a
// network reaches and taken from the clock, so each drill makes new evidence (the same evidence
// never slashes twice) and the node's own votes are never involved.
Result<Bytes> equivocation(const Drill& d) {
  const std::filesystem::path dir(d.node_dir);
  if (!std::filesystem::exists(dir / "bls.key"))
    return fail(Errc::kInvalidArgument, "no validator key (bls.key) in " + d.node_dir);
  PLEXUS_TRY(const bls::SecretKey key, node::load_or_create_bls_key(dir));
  const Hash256 chain = Hash256::right_aligned(net::subnet_id(d.subnet).view());
  const auto round = static_cast<std::uint64_t>(
      (1ull << 40) + std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  std::vector<consensus::bft::SignedVote> votes;
  for (const Byte block : {Byte{1}, Byte{2}}) {
    Hash256 digest{};
    digest[31] = block;
    const consensus::bft::Vote vote{consensus::bft::VoteKind::kNotarize, 0, round, 1, digest};
    votes.push_back(consensus::bft::SignedVote{
        vote, 0,
        to_bytes(bls::sign(key, consensus::bft::signing_message(vote, chain)).to_bytes().view())});
  }
  return consensus::bft::encode_equivocation_report(chain,
                                                    to_bytes(key.public_key().to_bytes().view()),
                                                    consensus::bft::Evidence{votes[0], votes[1]});
}

}  // namespace

void add_drill_commands(CLI::App& validator) {
  auto drill = std::make_shared<Drill>();
  CLI::App* cmd = validator.add_subcommand(
      "equivocate",
      "slashing drill for test networks: sign two conflicting votes with a node's own BLS key "
      "and hand the evidence to a node (its validator WILL be slashed); without --rpc, print it");
  cmd->add_option("--node-dir", drill->node_dir, "the equivocating node's data directory")
      ->required();
  cmd->add_option("--subnet", drill->subnet, "the chain the votes name (default evm)");
  cmd->add_option("--rpc", drill->rpc, "a node to hand the evidence to (plexus_submitEvidence)");
  cmd->callback([drill] {
    auto done = [&]() -> Result<void> {
      PLEXUS_TRY(const Bytes report, equivocation(*drill));
      if (drill->rpc.empty()) {
        std::printf("%s\n", to_hex(report).c_str());
        return {};
      }
      PLEXUS_TRY(const RpcAddress at, parse_rpc_address(drill->rpc));
      PLEXUS_TRY(const nlohmann::json hash, rpc_call(at.host, at.port, "plexus_submitEvidence",
                                                     nlohmann::json::array({to_hex(report)})));
      std::printf("evidence %s pooled: the next platform block that node builds slashes it\n",
                  hash.get<std::string>().c_str());
      return {};
    }();
    if (!done) {
      std::fprintf(stderr, "error: %s\n", done.error().message.c_str());
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace plexus::cli
