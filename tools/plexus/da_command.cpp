#include "da_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/hex.hpp"
#include "da/proof.hpp"
#include "da/square.hpp"

namespace plexus::cli {
namespace {

struct Options {
  std::string file;
  std::string out;
  std::size_t row = 0;
  std::size_t col = 0;
  std::string root;
};

// A whole file, refusing anything larger than `limit` before reading it.
Result<Bytes> read_file(const std::string& path, std::uintmax_t limit) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return fail(Errc::kNotFound, "cannot read " + path + ": " + ec.message());
  if (size > limit)
    return fail(Errc::kLimitExceeded, path + ": " + std::to_string(size) +
                                          " bytes is more than the " + std::to_string(limit) +
                                          " the input can be");
  Bytes out(static_cast<std::size_t>(size));
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size())))
    return fail(Errc::kIo, "cannot read " + path);
  return out;
}

Result<void> write_file(const std::string& path, BytesView bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out.write(reinterpret_cast<const char*>(bytes.data()),
                 static_cast<std::streamsize>(bytes.size())))
    return fail(Errc::kIo, "cannot write " + path);
  return {};
}

constexpr std::uintmax_t kMaxOriginalBytes =
    da::kMaxOriginalWidth * da::kMaxOriginalWidth * da::kShareSize;

Result<da::ExtendedSquare> extended(const std::string& file) {
  PLEXUS_TRY(const Bytes ods, read_file(file, kMaxOriginalBytes));
  auto eds = da::ExtendedSquare::extend(ods);
  if (!eds) return fail(eds.error().code, file + ": " + eds.error().message);
  return eds;
}

Result<std::string> root(const Options& o) {
  PLEXUS_TRY(const da::ExtendedSquare eds, extended(o.file));
  PLEXUS_TRY(const da::DataAvailabilityHeader dah, eds.header());
  return to_hex(dah.hash(), false);
}

Result<std::string> extend(const Options& o) {
  PLEXUS_TRY(const da::ExtendedSquare eds, extended(o.file));
  PLEXUS_CHECK(write_file(o.out, eds.bytes()));
  return "wrote the " + std::to_string(eds.width()) + "x" + std::to_string(eds.width()) +
         " extended square to " + o.out;
}

Result<std::string> prove_share(const Options& o) {
  PLEXUS_TRY(const da::ExtendedSquare eds, extended(o.file));
  PLEXUS_TRY(const da::DataAvailabilityHeader dah, eds.header());
  PLEXUS_TRY(const da::ShareProof proof, da::prove_share(eds, dah, o.row, o.col));
  PLEXUS_CHECK(write_file(o.out, da::encode_share_proof(proof)));
  return "wrote the proof of share (" + std::to_string(o.row) + ", " + std::to_string(o.col) +
         ") to " + o.out + "; data root " + to_hex(dah.hash(), false);
}

Result<std::string> verify_share(const Options& o) {
  PLEXUS_TRY(const Hash256 root, fixed_from_hex<32>(o.root));
  PLEXUS_TRY(const Bytes encoded, read_file(o.file, 64 * 1024));
  PLEXUS_TRY(const da::ShareProof proof, da::decode_share_proof(encoded));
  PLEXUS_CHECK(da::verify_share(root, proof));
  return "valid: share (" + std::to_string(proof.row) + ", " + std::to_string(proof.col) +
         ") of the " + std::to_string(proof.width) + "x" + std::to_string(proof.width) +
         " extended square is committed to by data root " + to_hex(root, false);
}

// Prints the answer, or the error with exit status 1 (input rejected) — never a crash.
void finish(const Result<std::string>& result) {
  if (!result) {
    std::fprintf(stderr, "error: %s\n", result.error().message.c_str());
    std::exit(1);
  }
  std::printf("%s\n", result->c_str());
  std::exit(0);
}

}  // namespace

void add_da_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* da = app.add_subcommand(
      "da",
      "data availability: data roots, extension and share proofs of a data square, and "
      "subnets rebuilt from DA");
  da->require_subcommand(1);
  da->footer(
      "A square file is k*k concatenated 512-byte shares in row-major order (k a power of two up "
      "to "
      "512). Shares, extension, trees and the data root follow Celestia's format (docs/DA.md).");

  CLI::App* r = da->add_subcommand("root", "print the data root (hex) of a square file");
  r->add_option("FILE", o->file, "the original square")->required();
  r->callback([o] { finish(root(*o)); });

  CLI::App* e = da->add_subcommand("extend", "write the 2k x 2k extended square of a square file");
  e->add_option("FILE", o->file, "the original square")->required();
  e->add_option("OUT", o->out, "where to write the extended square")->required();
  e->callback([o] { finish(extend(*o)); });

  CLI::App* p =
      da->add_subcommand("prove-share", "write the proof of one share of the extended square");
  p->add_option("FILE", o->file, "the original square")->required();
  p->add_option("ROW", o->row, "row in the extended square")->required();
  p->add_option("COL", o->col, "column in the extended square")->required();
  p->add_option("OUT", o->out, "where to write the proof")->required();
  p->callback([o] { finish(prove_share(*o)); });

  CLI::App* v = da->add_subcommand("verify-share", "check a share proof against a data root");
  v->add_option("PROOF", o->file, "a proof written by prove-share")->required();
  v->add_option("--root", o->root, "the data root (hex)")->required();
  v->callback([o] { finish(verify_share(*o)); });

  add_da_rebuild_command(*da);
}

}  // namespace plexus::cli
