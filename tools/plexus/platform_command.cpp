#include "platform_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/bls/bls.hpp"
#include "core/hex.hpp"
#include "drill_command.hpp"
#include "net/identity.hpp"
#include "node/validator_key.hpp"
#include "platform/operations.hpp"
#include "platform_cli.hpp"
#include "rpc_client.hpp"
#include "signing_key.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

Result<platform::AddValidator> validator_op(const NodeKeys& n, std::uint64_t stake_plx,
                                            std::uint64_t end_time) {
  platform::AddValidator op;
  PLEXUS_TRY(op.node_id, node_id(n));
  op.stake = platform::plx(stake_plx);
  op.end_time = end_time;
  if (!n.node_dir.empty()) {
    PLEXUS_TRY(const bls::SecretKey key, node::load_or_create_bls_key(n.node_dir));
    op.bls_key = to_bytes(key.public_key().to_bytes().view());
    op.bls_pop = to_bytes(bls::pop_prove(key).to_bytes().view());
    return op;
  }
  auto key = from_hex(n.bls_key);
  auto pop = from_hex(n.bls_pop);
  if (!key || key->size() != 48 || !pop || pop->size() != 96)
    return fail(Errc::kInvalidArgument,
                "give --node-dir, or --bls-key (48 bytes) and --bls-pop (96 bytes) in hex");
  op.bls_key = *key;
  op.bls_pop = *pop;
  return op;
}

void add_validator_commands(CLI::App& app) {
  CLI::App* validator = app.add_subcommand("validator", "primary-network validators");
  validator->require_subcommand(1);
  add_drill_commands(*validator);
  struct Add {
    Signing signing;
    NodeKeys node;
    std::uint64_t stake = 2000;
    std::uint64_t end = platform::kNoEnd;
    std::uint64_t days = 0;
  };
  auto add = std::make_shared<Add>();
  CLI::App* add_cmd = validator->add_subcommand(
      "add", "stake for a node (2,000 PLX at least) with its BLS key and proof of possession");
  add_signing_options(add_cmd, add->signing);
  add_node_options(add_cmd, add->node, true);
  add_cmd->add_option("--stake", add->stake, "whole PLX (default 2000)");
  add_cmd->add_option("--end-time", add->end, "when the stake ends, seconds since 1970");
  add_cmd->add_option("--days", add->days, "or: the stake ends this many days from now");
  add_cmd->callback([add] {
    run([&]() -> Result<void> {
      std::uint64_t end = add->end;
      if (add->days > 0)
        end = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count()) +
              add->days * 86'400;
      PLEXUS_TRY(platform::AddValidator op, validator_op(add->node, add->stake, end));
      return submit(add->signing, std::move(op));
    });
  });

  auto keys_dir = std::make_shared<std::string>();
  CLI::App* keys_cmd = validator->add_subcommand(
      "keys",
      "a node's validator entry for a network genesis: node id, BLS key and proof of "
      "possession (made in the data directory if missing)");
  keys_cmd->add_option("--node-dir", *keys_dir, "the node's data directory")->required();
  keys_cmd->callback([keys_dir] {
    run([&]() -> Result<void> {
      PLEXUS_TRY(const platform::AddValidator op,
                 validator_op(NodeKeys{*keys_dir, "", "", ""}, 2000, platform::kNoEnd));
      const json entry = {{"node_id", to_hex(op.node_id)},
                          {"bls_key", to_hex(op.bls_key)},
                          {"bls_pop", to_hex(op.bls_pop)},
                          {"weight", 1}};
      std::printf("%s\n", entry.dump().c_str());
      return {};
    });
  });

  struct Report {
    Signing signing;
    std::string evidence;
  };
  auto report = std::make_shared<Report>();
  CLI::App* report_cmd = validator->add_subcommand(
      "report", "submit the equivocation evidence a node holds (or one report) for slashing");
  add_signing_options(report_cmd, report->signing);
  report_cmd->add_option("--evidence", report->evidence,
                         "one report (hex); default: every report plexus_getEvidence lists");
  report_cmd->callback([report] {
    run([&]() -> Result<void> {
      std::vector<Bytes> reports;
      if (!report->evidence.empty()) {
        auto bytes = from_hex(report->evidence);
        if (!bytes) return fail(Errc::kInvalidArgument, "--evidence: hex");
        reports.push_back(*bytes);
      } else {
        PLEXUS_TRY(const json held, call(report->signing.rpc, "plexus_getEvidence", json::array()));
        for (const json& hex : held) {
          auto bytes = from_hex(hex.get<std::string>());
          if (bytes) reports.push_back(*bytes);
        }
      }
      if (reports.empty()) {
        std::printf("no evidence to report\n");
        return {};
      }
      for (Bytes& evidence : reports)
        PLEXUS_CHECK(submit(report->signing, platform::ReportEquivocation{std::move(evidence)}));
      return {};
    });
  });

  struct Status {
    std::string rpc = "127.0.0.1:8545";
    NodeKeys node;
  };
  auto status = std::make_shared<Status>();
  CLI::App* status_cmd =
      validator->add_subcommand("status", "the primary network's validators, or one of them");
  status_cmd->add_option("--rpc", status->rpc, "a node's JSON-RPC, host:port");
  add_node_options(status_cmd, status->node, false);
  status_cmd->callback([status] {
    run([&]() -> Result<void> {
      PLEXUS_TRY(const json set, call(status->rpc, "platform_getValidators", json::array()));
      std::optional<std::string> wanted;
      if (!status->node.node_dir.empty() || !status->node.node_id.empty()) {
        PLEXUS_TRY(const Address id, node_id(status->node));
        wanted = to_hex(id);
      }
      bool found = false;
      for (const json& v : set) {
        if (wanted && v["nodeId"] != *wanted) continue;
        found = true;
        PLEXUS_TRY(const std::uint64_t weight, answer_quantity(v["weight"], "weight"));
        std::string uptime = "uptime n/a";
        if (v.contains("uptime") && v["uptime"].is_object()) {
          const json& u = v["uptime"];
          PLEXUS_TRY(const std::uint64_t observed, answer_quantity(u["observed"], "observed"));
          PLEXUS_TRY(const std::uint64_t signed_blocks, answer_quantity(u["signed"], "signed"));
          if (observed > 0)
            uptime = "uptime " + std::to_string(signed_blocks * 100 / observed) + "% (" +
                     std::to_string(signed_blocks) + "/" + std::to_string(observed) + ")";
        }
        std::string until = "no end";
        if (v.contains("endTime") && !v["endTime"].is_null()) {
          PLEXUS_TRY(const std::uint64_t end, answer_quantity(v["endTime"], "endTime"));
          until = "ends " + std::to_string(end);
        }
        std::printf("%s  stake %llu PLX  %s  %s  bls %s\n", v["nodeId"].get<std::string>().c_str(),
                    static_cast<unsigned long long>(weight), uptime.c_str(), until.c_str(),
                    v["blsKey"].get<std::string>().substr(0, 18).c_str());
      }
      if (wanted && !found)
        return fail(Errc::kNotFound, *wanted + " is not a primary-network validator");
      return {};
    });
  });
}

Result<platform::SetChainParam> chain_param(const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string name = assignment.substr(0, eq);
  const std::pair<const char*, platform::ChainParam> known[] = {
      {"gas_limit", platform::ChainParam::kGasLimit},
      {"base_fee_max_change_denominator", platform::ChainParam::kBaseFeeMaxChangeDenominator},
      {"elasticity_multiplier", platform::ChainParam::kElasticityMultiplier},
      {"block_time_ms", platform::ChainParam::kBlockTimeMs},
      {"leader_timeout_ms", platform::ChainParam::kLeaderTimeoutMs}};
  const std::string digits = eq == std::string::npos ? "" : assignment.substr(eq + 1);
  if (digits.empty() || digits.size() > 19 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return fail(Errc::kInvalidArgument, "--set " + assignment + ": expected NAME=NUMBER");
  for (const auto& [text, param] : known)
    if (name == text) return platform::SetChainParam{param, std::stoull(digits)};
  return fail(Errc::kInvalidArgument,
              "--set " + name +
                  ": one of gas_limit, base_fee_max_change_denominator, "
                  "elasticity_multiplier, block_time_ms, leader_timeout_ms");
}

void add_governance_commands(CLI::App& app) {
  CLI::App* gov = app.add_subcommand("gov", "per-subnet governance proposals");
  gov->require_subcommand(1);
  struct Propose {
    Signing signing;
    std::string subnet;
    std::string set;
    std::string enable_vm;
    std::string upgrade;
    std::uint64_t height = 0;
  };
  auto propose = std::make_shared<Propose>();
  CLI::App* propose_cmd = gov->add_subcommand("propose", "put a change to a subnet's vote");
  add_signing_options(propose_cmd, propose->signing);
  propose_cmd->add_option("--subnet", propose->subnet, "the subnet")->required();
  auto* set = propose_cmd->add_option("--set", propose->set,
                                      "a chain parameter, NAME=VALUE (gas_limit=40000000, ...)");
  auto* vm = propose_cmd->add_option("--enable-vm", propose->enable_vm, "evm, wasm or move");
  auto* upgrade =
      propose_cmd->add_option("--upgrade", propose->upgrade, "a named protocol upgrade");
  set->excludes(vm)->excludes(upgrade);
  vm->excludes(upgrade);
  propose_cmd
      ->add_option("--at-height", propose->height, "the subnet block the change takes effect at")
      ->required();
  propose_cmd->callback([propose] {
    run([&]() -> Result<void> {
      platform::Propose op;
      op.subnet = propose->subnet;
      op.effective_height = propose->height;
      if (!propose->set.empty()) {
        PLEXUS_TRY(op.action, chain_param(propose->set));
      } else if (!propose->enable_vm.empty()) {
        PLEXUS_TRY(const platform::VmSet vms, vm_set({propose->enable_vm}));
        op.action = platform::EnableVm{vms.first()};
      } else if (!propose->upgrade.empty()) {
        op.action = platform::ScheduleUpgrade{propose->upgrade};
      } else {
        return fail(Errc::kInvalidArgument, "give --set, --enable-vm or --upgrade");
      }
      return submit(propose->signing, std::move(op));
    });
  });

  struct Ballot {
    Signing signing;
    std::string subnet;
    std::uint64_t proposal = 0;
    bool yes = false;
    bool no = false;
  };
  auto ballot = std::make_shared<Ballot>();
  CLI::App* vote_cmd = gov->add_subcommand("vote", "vote on a proposal");
  add_signing_options(vote_cmd, ballot->signing);
  vote_cmd->add_option("--subnet", ballot->subnet, "the subnet")->required();
  vote_cmd->add_option("--proposal", ballot->proposal, "its number within the subnet")->required();
  auto* yes = vote_cmd->add_flag("--yes", ballot->yes, "for");
  auto* no = vote_cmd->add_flag("--no", ballot->no, "against");
  yes->excludes(no);
  vote_cmd->callback([ballot] {
    run([&]() -> Result<void> {
      if (!ballot->yes && !ballot->no) return fail(Errc::kInvalidArgument, "give --yes or --no");
      return submit(ballot->signing, platform::Vote{ballot->subnet, ballot->proposal, ballot->yes});
    });
  });

  struct Status {
    std::string rpc = "127.0.0.1:8545";
    std::string subnet;
    std::uint64_t proposal = 0;
  };
  auto status = std::make_shared<Status>();
  CLI::App* status_cmd = gov->add_subcommand("status", "a proposal, its votes and outcome");
  status_cmd->add_option("--rpc", status->rpc, "a node's JSON-RPC, host:port");
  status_cmd->add_option("--subnet", status->subnet, "the subnet")->required();
  status_cmd->add_option("--proposal", status->proposal, "its number")->required();
  status_cmd->callback([status] {
    run([&]() -> Result<void> {
      char number[32];
      std::snprintf(number, sizeof number, "0x%llx",
                    static_cast<unsigned long long>(status->proposal));
      PLEXUS_TRY(const json answer,
                 call(status->rpc, "platform_getProposal", json::array({status->subnet, number})));
      if (answer.is_null())
        return fail(Errc::kNotFound, "no proposal " + std::to_string(status->proposal) +
                                         " on subnet " + status->subnet);
      std::printf("%s\n", answer.dump(2).c_str());
      return {};
    });
  });
}

void add_account_commands(CLI::App& app) {
  CLI::App* platform_cmd = app.add_subcommand("platform", "PLX on the primary network");
  platform_cmd->require_subcommand(1);
  struct Transfer {
    Signing signing;
    std::string to;
    std::uint64_t amount = 0;
  };
  auto transfer = std::make_shared<Transfer>();
  CLI::App* send = platform_cmd->add_subcommand("transfer", "send PLX");
  add_signing_options(send, transfer->signing);
  send->add_option("--to", transfer->to, "the recipient's address")->required();
  send->add_option("--amount", transfer->amount, "whole PLX")->required();
  send->callback([transfer] {
    run([&]() -> Result<void> {
      PLEXUS_TRY(const Address to, parse_address(transfer->to, "--to"));
      return submit(transfer->signing, platform::Transfer{to, platform::plx(transfer->amount)});
    });
  });
  struct Balance {
    std::string rpc = "127.0.0.1:8545";
    std::string address;
  };
  auto balance = std::make_shared<Balance>();
  CLI::App* show = platform_cmd->add_subcommand("balance", "an account's PLX and nonce");
  show->add_option("--rpc", balance->rpc, "a node's JSON-RPC, host:port");
  show->add_option("address", balance->address, "0x…")->required();
  show->callback([balance] {
    run([&]() -> Result<void> {
      PLEXUS_TRY(const Address address, parse_address(balance->address, "address"));
      PLEXUS_TRY(const json account,
                 call(balance->rpc, "platform_getBalance", json::array({to_hex(address)})));
      std::printf("%s\n", account.dump().c_str());
      return {};
    });
  });

  CLI::App* keystore = app.add_subcommand("keystore", "Ethereum keystore v3 files");
  keystore->require_subcommand(1);
  struct New {
    std::string out;
    std::string key_file;
    std::string password_file;
  };
  auto fresh = std::make_shared<New>();
  CLI::App* make = keystore->add_subcommand(
      "new", "encrypt a key file's key (or a new random key) into a keystore v3 file");
  make->add_option("--out", fresh->out, "the keystore file to write")->required();
  make->add_option("--key-file", fresh->key_file, "the key to encrypt (default: a new one)");
  make->add_option("--password-file", fresh->password_file,
                   "the password (else $PLEXUS_KEYSTORE_PASSWORD)");
  make->callback([fresh] {
    run([&]() -> Result<void> {
      std::ifstream urandom("/dev/urandom", std::ios::binary);
      Bytes random(80);
      urandom.read(reinterpret_cast<char*>(random.data()),
                   static_cast<std::streamsize>(random.size()));
      if (!urandom) return fail(Errc::kIo, "cannot read /dev/urandom");
      secp256k1::PrivateKey key = secp256k1::PrivateKey::from_seed(BytesView(random).first(32));
      if (!fresh->key_file.empty()) {
        PLEXUS_TRY(key, read_key_file(fresh->key_file));
      }
      std::string password;
      if (!fresh->password_file.empty()) {
        std::ifstream in(fresh->password_file);
        std::getline(in, password);
      } else if (const char* env = std::getenv("PLEXUS_KEYSTORE_PASSWORD")) {
        password = env;
      } else {
        return fail(Errc::kInvalidArgument,
                    "the password: --password-file or $PLEXUS_KEYSTORE_PASSWORD");
      }
      PLEXUS_TRY(const std::string text,
                 encrypt_keystore(key, password, BytesView(random).subspan(32, 32),
                                  BytesView(random).subspan(64, 16)));
      std::ofstream out(fresh->out);
      out << text;
      if (!out) return fail(Errc::kIo, "cannot write " + fresh->out);
      std::printf("%s\n", to_hex(key.address()).c_str());
      return {};
    });
  });
}

}  // namespace

void add_subnet_commands(CLI::App& app);  // subnet_command.cpp

void add_platform_commands(CLI::App& app) {
  add_validator_commands(app);
  add_subnet_commands(app);
  add_governance_commands(app);
  add_account_commands(app);
}

}  // namespace plexus::cli
