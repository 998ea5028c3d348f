#pragma once
// What the primary-network commands share: signing options, the JSON-RPC call, signing and
// submitting an operation, node ids from the command line (platform_command.cpp,
// subnet_command.cpp).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/secp256k1.hpp"
#include "platform/operations.hpp"

namespace plexus::cli {

// What every command that signs takes.
struct Signing {
  std::string rpc = "127.0.0.1:8545";
  std::vector<std::string> key_files;  // the first is the issuer; more for owner thresholds
  std::string keystore;
  std::string password_file;
  bool no_wait = false;
};

// A validator named on the command line, or read from a node's data directory.
struct NodeKeys {
  std::string node_dir;
  std::string node_id;
  std::string bls_key;
  std::string bls_pop;
};

void add_signing_options(CLI::App* cmd, Signing& s);
void add_node_options(CLI::App* cmd, NodeKeys& n, bool with_bls);
[[nodiscard]] Result<nlohmann::json> call(const std::string& rpc, const std::string& method,
                                          nlohmann::json params);
[[nodiscard]] Result<std::vector<secp256k1::PrivateKey>> signing_keys(const Signing& s);
// Signs `op` with the issuer's next nonce, submits it and, unless told not to, waits until a
// final platform block holds it. Prints what happened.
[[nodiscard]] Result<void> submit(const Signing& s, platform::Operation op);
[[nodiscard]] Result<Address> parse_address(const std::string& text, std::string_view what);
[[nodiscard]] Result<Address> node_id(const NodeKeys& n);
// --vm names: evm, wasm, move.
[[nodiscard]] Result<platform::VmSet> vm_set(const std::vector<std::string>& names);
// Runs a command's body: prints its error and exits 1, or exits 0.
[[noreturn]] void run(const std::function<Result<void>()>& body);

}  // namespace plexus::cli
