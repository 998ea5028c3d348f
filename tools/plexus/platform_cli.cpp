#include "platform_cli.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/hex.hpp"
#include "net/identity.hpp"
#include "rpc_client.hpp"
#include "signing_key.hpp"

namespace plexus::cli {

using json = nlohmann::json;
using namespace std::chrono_literals;

void add_signing_options(CLI::App* cmd, Signing& s) {
  cmd->add_option("--rpc", s.rpc, "a node's JSON-RPC, host:port (default 127.0.0.1:8545)");
  cmd->add_option("--key-file", s.key_files,
                  "a file holding the signing key (0x + 64 hex digits); repeat for more owners");
  cmd->add_option("--keystore", s.keystore, "an Ethereum keystore v3 file instead");
  cmd->add_option("--password-file", s.password_file,
                  "the keystore's password (else $PLEXUS_KEYSTORE_PASSWORD)");
  cmd->add_flag("--no-wait", s.no_wait, "return once the node has pooled the operation");
}

Result<json> call(const std::string& rpc, const std::string& method, json params) {
  PLEXUS_TRY(const RpcAddress where, parse_rpc_address(rpc));
  return rpc_call(where.host, where.port, method, params, 10s);
}

Result<std::vector<secp256k1::PrivateKey>> signing_keys(const Signing& s) {
  std::vector<secp256k1::PrivateKey> keys;
  if (!s.keystore.empty()) {
    PLEXUS_TRY(auto key, load_signing_key({"", s.keystore, s.password_file}));
    keys.push_back(key);
  }
  for (const std::string& file : s.key_files) {
    PLEXUS_TRY(auto key, load_signing_key({file, "", ""}));
    keys.push_back(key);
  }
  if (keys.empty())
    return fail(Errc::kInvalidArgument,
                "give the signing key with --key-file (development) or --keystore (keystore v3)");
  return keys;
}

Result<void> submit(const Signing& s, platform::Operation op) {
  PLEXUS_TRY(const auto keys, signing_keys(s));
  PLEXUS_TRY(const json head, call(s.rpc, "platform_getHeight", json::array()));
  PLEXUS_TRY(const std::uint64_t network_id, answer_quantity(head["networkId"], "networkId"));
  const std::string issuer = to_hex(keys[0].address());
  PLEXUS_TRY(const json account, call(s.rpc, "platform_getBalance", json::array({issuer})));
  // Past the issuer's operations pooled on the node too (a DA poster or relayer may sign with
  // the same key); nodes before pendingNonce answer only the final nonce.
  PLEXUS_TRY(
      const std::uint64_t nonce,
      answer_quantity(account.contains("pendingNonce") ? account["pendingNonce"] : account["nonce"],
                      "nonce"));
  const platform::SignedOperation signed_op =
      platform::sign_operation(std::move(op), network_id, nonce, keys);
  PLEXUS_TRY(const json hash, call(s.rpc, "platform_submitTx",
                                   json::array({to_hex(platform::encode_signed(signed_op))})));
  std::printf("submitted %s (issuer %s, nonce %llu)\n", hash.get<std::string>().c_str(),
              issuer.c_str(), static_cast<unsigned long long>(nonce));
  if (s.no_wait) return {};
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    PLEXUS_TRY(const json now, call(s.rpc, "platform_getBalance", json::array({issuer})));
    PLEXUS_TRY(const std::uint64_t next, answer_quantity(now["nonce"], "nonce"));
    if (next > nonce) {
      PLEXUS_TRY(const json at, call(s.rpc, "platform_getHeight", json::array()));
      PLEXUS_TRY(const std::uint64_t height, answer_quantity(at["height"], "height"));
      std::printf("final at platform height %llu\n", static_cast<unsigned long long>(height));
      return {};
    }
    std::this_thread::sleep_for(100ms);
  }
  return fail(Errc::kIo, "not final after 60 s (still pooled? see platform_getHeight)");
}

Result<Address> parse_address(const std::string& text, std::string_view what) {
  auto bytes = fixed_from_hex<20>(text);
  if (!bytes) return fail(Errc::kInvalidArgument, std::string(what) + ": 0x and 40 hex digits");
  return Address::right_aligned(bytes->view());
}

Result<Address> node_id(const NodeKeys& n) {
  if (!n.node_dir.empty()) {
    PLEXUS_TRY(const net::Identity identity,
               net::Identity::load_or_create(std::filesystem::path(n.node_dir) / "staking"));
    return Address::right_aligned(identity.node_id().view());
  }
  if (n.node_id.empty()) return fail(Errc::kInvalidArgument, "give --node-id or --node-dir");
  return parse_address(n.node_id, "--node-id");
}

void add_node_options(CLI::App* cmd, NodeKeys& n, bool with_bls) {
  cmd->add_option("--node-dir", n.node_dir,
                  "the node's data directory: its node id (and BLS key) are read from it");
  cmd->add_option("--node-id", n.node_id, "the node id (0x, 20 bytes)");
  if (!with_bls) return;
  cmd->add_option("--bls-key", n.bls_key, "the node's BLS public key (0x, 48 bytes)");
  cmd->add_option("--bls-pop", n.bls_pop, "its proof of possession (0x, 96 bytes)");
}

void run(const std::function<Result<void>()>& body) {
  if (auto done = body(); !done) {
    std::fprintf(stderr, "error: %s\n", done.error().message.c_str());
    std::exit(1);
  }
  std::exit(0);
}

Result<platform::VmSet> vm_set(const std::vector<std::string>& names) {
  platform::VmSet set;
  for (const std::string& name : names) {
    if (name == "evm")
      set.insert(platform::VmKind::kEvm);
    else if (name == "wasm")
      set.insert(platform::VmKind::kWasm);
    else if (name == "move")
      set.insert(platform::VmKind::kMove);
    else
      return fail(Errc::kInvalidArgument, "--vm " + name + ": evm, wasm or move");
  }
  if (set.empty()) return fail(Errc::kInvalidArgument, "--vm: at least one of evm, wasm, move");
  return set;
}

}  // namespace plexus::cli
