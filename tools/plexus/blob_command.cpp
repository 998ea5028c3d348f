#include "blob_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

#include "core/hex.hpp"
#include "da/blob_proof.hpp"
#include "node/blob_methods.hpp"
#include "platform/blobs.hpp"
#include "platform_cli.hpp"
#include "rpc_client.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// A namespace on the command line: 0x and hex (29 bytes, or up to 10 of a version-0 id), or up to
// 10 characters of text taken as bytes.
Result<da::Namespace> namespace_arg(const std::string& text) {
  Bytes bytes(text.begin(), text.end());
  if (text.starts_with("0x")) {
    auto hex = from_hex(text);
    if (!hex) return fail(Errc::kInvalidArgument, "namespace " + text + ": bad hex");
    bytes = *hex;
  }
  auto ns = node::parse_namespace(bytes);
  if (!ns) return fail(Errc::kInvalidArgument, "namespace " + text + ": " + ns.error().message);
  return ns;
}

// NAMESPACE=FILE ("-" for standard input) or NAMESPACE=0xHEX.
Result<platform::BlobData> blob_arg(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos)
    return fail(Errc::kInvalidArgument, "--blob " + spec + ": NAMESPACE=FILE or NAMESPACE=0xHEX");
  PLEXUS_TRY(const da::Namespace ns, namespace_arg(spec.substr(0, eq)));
  const std::string source = spec.substr(eq + 1);
  Bytes data;
  if (source.starts_with("0x")) {
    auto hex = from_hex(source);
    if (!hex) return fail(Errc::kInvalidArgument, "--blob " + spec + ": bad hex");
    data = *hex;
  } else if (source == "-") {
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) return fail(Errc::kNotFound, "--blob: cannot read " + source);
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return platform::BlobData{to_bytes(ns.view()), std::move(data)};
}

struct Locator {
  std::uint64_t height = 0;
  Hash256 commitment{};
  da::Namespace ns{};
};

Result<Locator> locate(const std::string& id, const std::string& ns) {
  auto bytes = from_hex(id);
  if (!bytes) return fail(Errc::kInvalidArgument, "blob id: 0x and 80 hex digits");
  PLEXUS_TRY(const auto parsed, node::parse_blob_id(*bytes));
  PLEXUS_TRY(const da::Namespace n, namespace_arg(ns));
  return Locator{parsed.first, parsed.second, n};
}

Result<Hash256> data_root_at(const std::string& rpc, std::uint64_t height) {
  PLEXUS_TRY(const json header, call(rpc, "platform_getDataHeader", json::array({height})));
  auto root = fixed_from_hex<32>(header.value("dataRoot", ""));
  if (!root) return fail(Errc::kDecode, "platform_getDataHeader: no data root");
  return Hash256::right_aligned(root->view());
}

struct Submit {
  Signing signing;
  std::vector<std::string> blobs;
  std::string fee_per_byte;
};

Result<void> submit_blobs(const Submit& s) {
  platform::SubmitBlobs op;
  op.fee_per_byte = platform::PlatformParams{}.min_blob_fee_per_byte;
  if (!s.fee_per_byte.empty()) {
    PLEXUS_TRY(op.fee_per_byte, parse_uint256(s.fee_per_byte));
  }
  for (const std::string& spec : s.blobs) {
    PLEXUS_TRY(platform::BlobData blob, blob_arg(spec));
    op.blobs.push_back(std::move(blob));
  }
  PLEXUS_TRY(const auto keys, signing_keys(s.signing));
  PLEXUS_TRY(const json head, call(s.signing.rpc, "platform_getHeight", json::array()));
  PLEXUS_TRY(const std::uint64_t network_id, answer_quantity(head["networkId"], "networkId"));
  PLEXUS_TRY(const json account,
             call(s.signing.rpc, "platform_getBalance", json::array({to_hex(keys[0].address())})));
  PLEXUS_TRY(const std::uint64_t nonce, answer_quantity(account["nonce"], "nonce"));
  const auto signed_op = platform::sign_operation(op, network_id, nonce, keys);
  PLEXUS_TRY(json out, call(s.signing.rpc, "platform_submitBlobs",
                            json::array({to_hex(platform::encode_signed(signed_op))})));
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (out["height"].is_null() && !s.signing.no_wait) {
    if (std::chrono::steady_clock::now() > deadline)
      return fail(Errc::kIo, "the blobs are not in a final block after 60 s");
    std::this_thread::sleep_for(200ms);
    PLEXUS_TRY(out["height"],
               call(s.signing.rpc, "platform_getBlobHeight", json::array({out["hash"]})));
  }
  if (!out["height"].is_null()) {
    PLEXUS_TRY(const std::uint64_t height, answer_quantity(out["height"], "height"));
    out["ids"] = json::array();
    for (const json& c : out["commitments"]) {
      const auto commitment = fixed_from_hex<32>(c.is_string() ? c.get<std::string>() : "");
      if (!commitment)
        return fail(Errc::kDecode, "platform_submitBlobs: a commitment is not 32 bytes");
      out["ids"].push_back(
          to_hex(node::blob_id(height, Hash256::right_aligned(commitment->view()))));
    }
  }
  std::printf("%s\n", out.dump().c_str());
  return {};
}

struct Get {
  std::string rpc = "127.0.0.1:8545";
  std::string id;
  std::string ns;
  std::uint64_t height = 0;
  bool all = false;
  std::string out;
};

Result<void> get_all(const Get& g) {
  PLEXUS_TRY(const da::Namespace ns, namespace_arg(g.ns));
  PLEXUS_TRY(const Hash256 root, data_root_at(g.rpc, g.height));
  PLEXUS_TRY(const json blobs, verified_namespace_blobs(g.rpc, g.height, ns, root));
  std::printf("%s\n",
              json{{"height", g.height}, {"verified", true}, {"blobs", blobs}}.dump().c_str());
  return {};
}

Result<void> get_blob(const Get& g) {
  if (g.all) return get_all(g);
  PLEXUS_TRY(const Locator at, locate(g.id, g.ns));
  PLEXUS_TRY(const json blob,
             call(g.rpc, "platform_getBlob",
                  json::array({at.height, to_hex(at.ns.view()), to_hex(at.commitment)})));
  if (blob.is_null())
    return fail(Errc::kNotFound, "no such blob at height " + std::to_string(at.height));
  // The data must be the blob the id commits to.
  const auto data = from_hex(blob["data"].get<std::string>());
  if (!data) return fail(Errc::kDecode, "platform_getBlob: data is not hex");
  PLEXUS_TRY(const Hash256 commitment, da::share_commitment(da::Blob{at.ns, 0, {}, *data}));
  if (commitment != at.commitment)
    return fail(Errc::kValidation, "the node's blob does not match the commitment in its id");
  if (g.out.empty()) {
    std::printf("%s\n", blob.dump().c_str());
    return {};
  }
  std::ofstream out(g.out, std::ios::binary | std::ios::trunc);
  if (!out.write(reinterpret_cast<const char*>(data->data()),
                 static_cast<std::streamsize>(data->size())))
    return fail(Errc::kIo, "cannot write " + g.out);
  return {};
}

Result<void> prove_blob(const Get& g) {
  PLEXUS_TRY(const Locator at, locate(g.id, g.ns));
  PLEXUS_TRY(const json answer,
             call(g.rpc, "platform_getBlobProof",
                  json::array({at.height, to_hex(at.ns.view()), to_hex(at.commitment)})));
  if (answer.is_null())
    return fail(Errc::kNotFound, "no such blob at height " + std::to_string(at.height));
  const auto bytes = from_hex(answer["proof"].get<std::string>());
  if (!bytes) return fail(Errc::kDecode, "platform_getBlobProof: the proof is not hex");
  PLEXUS_TRY(const da::BlobProof proof, da::decode_blob_proof(*bytes));
  // Checked against the header's data root, not the one next to the proof.
  PLEXUS_TRY(const Hash256 root, data_root_at(g.rpc, at.height));
  PLEXUS_TRY(const da::Blob blob, da::verify_blob(root, proof, at.ns, at.commitment));
  std::printf("%s\n", json{{"height", at.height},
                           {"dataRoot", to_hex(root)},
                           {"rows", proof.rows.size()},
                           {"bytes", blob.data.size()},
                           {"verified", true},
                           {"proof", answer["proof"]}}
                          .dump()
                          .c_str());
  return {};
}

}  // namespace

// Every blob of a namespace at a height, checked against the block's data root: each row's
// namespace proof verifies and is complete, and the blobs the shares hold are those returned.
Result<json> verified_namespace_blobs(const std::string& rpc, std::uint64_t height,
                                      const da::Namespace& ns, const Hash256& data_root) {
  PLEXUS_TRY(const json answer,
             call(rpc, "platform_getAllBlobs", json::array({height, to_hex(ns.view())})));
  const Hash256& root = data_root;
  std::vector<da::Share> shares;
  for (const json& hex : answer["proofs"]) {
    auto bytes = from_hex(hex.get<std::string>());
    if (!bytes) return fail(Errc::kDecode, "platform_getAllBlobs: a proof is not hex");
    PLEXUS_TRY(const da::NamespaceProof proof, da::decode_namespace_proof(*bytes));
    if (proof.ns != ns) return fail(Errc::kValidation, "a proof is for another namespace");
    PLEXUS_CHECK(da::verify_namespace(root, proof));
    shares.insert(shares.end(), proof.shares.begin(), proof.shares.end());
  }
  PLEXUS_TRY(const auto sequences, da::parse_sparse_shares(shares));
  json blobs = json::array();
  std::size_t n = 0;
  for (const da::Sequence& s : sequences) {
    if (s.data.empty()) continue;  // namespace padding
    if (n >= answer["blobs"].size() || answer["blobs"][n]["data"] != to_hex(s.data))
      return fail(Errc::kValidation, "the node's blobs are not those its proofs hold");
    blobs.push_back(answer["blobs"][n++]);
  }
  if (n != answer["blobs"].size())
    return fail(Errc::kValidation, "the node lists blobs its proofs do not hold");
  return blobs;
}

void add_blob_commands(CLI::App& app) {
  CLI::App* blob = app.add_subcommand("blob", "blobs on the primary network's data squares");
  blob->require_subcommand(1);
  auto s = std::make_shared<Submit>();
  CLI::App* submit = blob->add_subcommand(
      "submit", "put blobs in a platform block, all or none; prints height, commitments and ids");
  add_signing_options(submit, s->signing);
  submit->add_option("--blob", s->blobs, "NAMESPACE=FILE (- for stdin) or NAMESPACE=0xHEX; repeat")
      ->required();
  submit->add_option("--fee-per-byte", s->fee_per_byte, "PLX base units (default the minimum)");
  submit->callback([s] { run([&] { return submit_blobs(*s); }); });

  auto g = std::make_shared<Get>();
  CLI::App* get = blob->add_subcommand(
      "get", "a blob by id and namespace, or with --all --height every blob of a namespace");
  get->add_option("--rpc", g->rpc, "a node's JSON-RPC, host:port (default 127.0.0.1:8545)");
  get->add_option("id", g->id, "the blob id (0x, 40 bytes)");
  get->add_option("--namespace", g->ns,
                  "0x hex (29 bytes or a version-0 id) or up to 10 characters")
      ->required();
  get->add_flag("--all", g->all,
                "every blob of the namespace at --height, with completeness proofs");
  get->add_option("--height", g->height, "the platform height for --all");
  get->add_option("--out", g->out, "write the blob's data to this file");
  get->callback([g] { run([&] { return get_blob(*g); }); });

  auto p = std::make_shared<Get>();
  CLI::App* proof = blob->add_subcommand(
      "proof", "a blob's inclusion proof, checked against its block's data root");
  proof->add_option("--rpc", p->rpc, "a node's JSON-RPC, host:port (default 127.0.0.1:8545)");
  proof->add_option("id", p->id, "the blob id (0x, 40 bytes)")->required();
  proof->add_option("--namespace", p->ns, "as for blob get")->required();
  proof->callback([p] { run([&] { return prove_blob(*p); }); });
}

}  // namespace plexus::cli
