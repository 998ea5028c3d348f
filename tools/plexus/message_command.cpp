#include "message_command.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "exec/host.hpp"
#include "messaging/abi_words.hpp"
#include "messaging/messenger_vm.hpp"
#include "node/message_receiving.hpp"
#include "platform_cli.hpp"
#include "rpc_client.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

struct Endpoint {
  std::string rpc = "127.0.0.1:8545";
  std::string subnet = "evm";
};

void add_endpoint_options(CLI::App* cmd, Endpoint& e, const char* subnet_help) {
  cmd->add_option("--rpc", e.rpc, "a node's JSON-RPC, host:port (default 127.0.0.1:8545)");
  cmd->add_option("--subnet", e.subnet, subnet_help);
}

Result<json> subnet_call(const Endpoint& e, const std::string& method, json params) {
  PLEXUS_TRY(const RpcAddress where, parse_rpc_address(e.rpc));
  return rpc_call(where.host, where.port, method, params, 10s, "/subnet/" + e.subnet);
}

struct SendOptions {
  Endpoint from;
  Signing signing;
  std::string to;
  std::string receiver;
  std::string body = "0x";
  std::uint64_t gas = 300'000;
  bool wait = false;
};

Result<void> print_status(const Endpoint& e, const std::string& id) {
  PLEXUS_TRY(const json got, subnet_call(e, "plexus_getMessage", json::array({id})));
  if (got.is_null())
    return fail(Errc::kNotFound, "no message " + id + " sent from or received on subnet " +
                                     e.subnet + " (sent ones are looked for 100,000 blocks back)");
  std::printf("%s\n", got.dump(2).c_str());
  return {};
}

Result<void> send(const SendOptions& o) {
  PLEXUS_TRY(const auto keys, signing_keys(o.signing));
  PLEXUS_TRY(const Address receiver, parse_address(o.receiver, "--receiver"));
  const auto body = from_hex(o.body);
  if (!body) return fail(Errc::kInvalidArgument, "--body: 0x and hex digits");
  PLEXUS_TRY(const json chain_id, subnet_call(o.from, "eth_chainId", json::array()));
  PLEXUS_TRY(const std::uint64_t chain, answer_quantity(chain_id, "chain id"));
  const std::string sender = to_hex(keys[0].address());
  PLEXUS_TRY(const json nonce_json,
             subnet_call(o.from, "eth_getTransactionCount", json::array({sender, "pending"})));
  PLEXUS_TRY(const std::uint64_t nonce, answer_quantity(nonce_json, "nonce"));
  PLEXUS_TRY(const json price_json, subnet_call(o.from, "eth_gasPrice", json::array()));
  PLEXUS_TRY(const std::uint64_t price, answer_quantity(price_json, "gas price"));

  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = chain;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(price) * uint256(2);
  t.max_priority_fee_per_gas =
      uint256(price) < uint256(1'000'000'000ULL) ? uint256(price) : uint256(1'000'000'000ULL);
  t.gas_limit = o.gas;
  t.to = exec::kMessenger;
  t.data = messaging::abi::selector_bytes(messaging::send_message_selector());
  messaging::abi::append_word(t.data, node::subnet_key(o.to).view());
  messaging::abi::append_word(t.data, receiver.view());
  messaging::abi::append_word(t.data, 96);
  messaging::abi::append_bytes_tail(t.data, *body);
  tx::sign(t, keys[0]);
  PLEXUS_TRY(const json hash,
             subnet_call(o.from, "eth_sendRawTransaction", json::array({to_hex(tx::encode(t))})));
  std::printf("sent in transaction %s (from %s on %s to %s on %s)\n",
              hash.get<std::string>().c_str(), sender.c_str(), o.from.subnet.c_str(),
              o.receiver.c_str(), o.to.c_str());
  // The receipt names the message: MessageSent's first indexed topic is its id.
  json receipt;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while ((receipt = subnet_call(o.from, "eth_getTransactionReceipt", json::array({hash}))
                        .value_or(json(nullptr)))
             .is_null()) {
    if (std::chrono::steady_clock::now() > deadline)
      return fail(Errc::kIo, "no receipt after 60 s; see eth_getTransactionReceipt " +
                                 hash.get<std::string>());
    std::this_thread::sleep_for(100ms);
  }
  if (receipt["status"] != "0x1")
    return fail(Errc::kValidation, "the transaction failed (status 0); try eth_call to see why");
  std::string id;
  for (const json& log : receipt["logs"])
    if (log["topics"].size() == 3 && log["topics"][0] == to_hex(messaging::message_sent_topic()))
      id = log["topics"][1];
  std::printf("message %s\n", id.c_str());
  if (!o.wait) return {};
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until) {
    PLEXUS_TRY(const json got, subnet_call(o.from, "plexus_getMessage", json::array({id})));
    const std::string status = got.is_null() ? "unknown" : got.value("status", "unknown");
    if (status == "delivered" || status == "failed") {
      std::printf("%s\n", status.c_str());
      return {};
    }
    std::this_thread::sleep_for(50ms);
  }
  return fail(Errc::kIo, "not delivered after 60 s: plexus message status " + id + " --subnet " +
                             o.from.subnet + " says where it is");
}

}  // namespace

void add_message_commands(CLI::App& app) {
  CLI::App* message = app.add_subcommand(
      "message", "send a cross-subnet message and follow it (docs/MESSAGING.md)");
  message->require_subcommand(1);

  auto send_options = std::make_shared<SendOptions>();
  CLI::App* send_cmd = message->add_subcommand(
      "send", "send --body to --receiver on subnet --to, from a wallet on --subnet");
  add_endpoint_options(send_cmd, send_options->from, "the subnet it leaves from (default evm)");
  send_cmd->add_option("--key-file", send_options->signing.key_files,
                       "a file holding the sending wallet's key (0x + 64 hex digits)");
  send_cmd->add_option("--keystore", send_options->signing.keystore,
                       "an Ethereum keystore v3 file instead");
  send_cmd->add_option("--password-file", send_options->signing.password_file,
                       "the keystore's password (else $PLEXUS_KEYSTORE_PASSWORD)");
  send_cmd->add_option("--to", send_options->to, "the destination subnet's name")->required();
  send_cmd
      ->add_option("--receiver", send_options->receiver,
                   "the receiving contract on the destination (0x + 40 hex digits; for a "
                   "Move receiver, the publisher's address)")
      ->required();
  send_cmd->add_option("--body", send_options->body, "the bytes to deliver (0x hex; default 0x)");
  send_cmd->add_option("--gas", send_options->gas, "the transaction's gas limit (default 300000)");
  send_cmd->add_flag("--wait", send_options->wait,
                     "wait until the destination delivered it (or its receiver failed)");
  send_cmd->callback([send_options] { run([&] { return send(*send_options); }); });

  auto status_options = std::make_shared<std::pair<Endpoint, std::string>>();
  CLI::App* status_cmd = message->add_subcommand(
      "status", "where a message is: sent, signed, delivered or failed, and its certificate");
  add_endpoint_options(status_cmd, status_options->first,
                       "the subnet it was sent from or delivered to (default evm)");
  status_cmd->add_option("id", status_options->second, "the message id (0x + 64 hex digits)")
      ->required();
  status_cmd->callback([status_options] {
    run([&] { return print_status(status_options->first, status_options->second); });
  });
}

}  // namespace plexus::cli
