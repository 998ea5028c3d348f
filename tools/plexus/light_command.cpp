// `plexus light`: follows the primary network's headers over a node's JSON-RPC and samples each
// block's extended square (docs/DA.md, Sampling).
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>

#include "blob_command.hpp"
#include "core/hex.hpp"
#include "da/sampling.hpp"
#include "platform_cli.hpp"
#include "rpc_client.hpp"

namespace plexus::cli {
namespace {

using json = nlohmann::json;

struct Light {
  std::string rpc = "127.0.0.1:8545";
  std::size_t samples = 16;
  std::uint64_t from = 0;   // 0: the head when started
  std::uint64_t count = 0;  // headers to sample, 0: without end
  std::uint64_t poll_ms = 500;
  std::uint64_t seed = 0;  // 0: from the system's entropy
};

struct Header {
  std::uint64_t height = 0;
  std::string hash;
  std::string parent_hash;
  Hash256 data_root{};
  std::size_t width = 0;
};

Result<Header> header_at(const std::string& rpc, std::uint64_t height) {
  PLEXUS_TRY(const json h, call(rpc, "platform_getDataHeader", json::array({height})));
  Header out;
  out.height = height;
  out.hash = h.value("hash", "");
  out.parent_hash = h.value("parentHash", "");
  auto root = fixed_from_hex<32>(h.value("dataRoot", ""));
  if (!root || !h["width"].is_number_unsigned())
    return fail(Errc::kDecode, "platform_getDataHeader: no data root or width");
  out.data_root = Hash256::right_aligned(root->view());
  out.width = h["width"].get<std::size_t>();
  return out;
}

// One header: sample it and print the outcome. False when its samples could not all be verified.
bool sample_header(const Light& l, const Header& h, std::uint64_t seed) {
  const auto positions = da::choose_samples(h.width, l.samples, seed);
  const da::SampleSource source = [&](std::uint32_t row,
                                      std::uint32_t col) -> Result<da::ShareProof> {
    PLEXUS_TRY(const json answer,
               call(l.rpc, "platform_sampleShare", json::array({h.height, row, col})));
    const auto bytes = from_hex(answer.value("proof", ""));
    if (!bytes) return fail(Errc::kDecode, "the answer holds no proof");
    return da::decode_share_proof(*bytes);
  };
  const da::SamplingReport report =
      da::sample_availability(h.data_root, h.width, positions, source);
  const json line = {
      {"height", h.height},
      {"hash", h.hash},
      {"dataRoot", to_hex(h.data_root)},
      {"width", h.width},
      {"samples", positions.size()},
      {"verified", report.verified},
      {"available", report.available()},
      {"confidence", report.available() ? da::availability_confidence(report.verified) : 0.0},
      {"failures", report.failures}};
  std::printf("%s\n", line.dump().c_str());
  std::fflush(stdout);
  return report.available();
}

Result<void> follow(const Light& l) {
  if (l.samples == 0) return fail(Errc::kInvalidArgument, "--samples: at least 1");
  std::mt19937_64 rng(l.seed != 0 ? l.seed : std::random_device{}());
  PLEXUS_TRY(const json head, call(l.rpc, "platform_getHeight", json::array()));
  PLEXUS_TRY(std::uint64_t next, answer_quantity(head["height"], "height"));
  if (l.from != 0) next = l.from;
  std::string previous_hash;
  std::uint64_t done = 0;
  std::size_t unavailable = 0;
  while (l.count == 0 || done < l.count) {
    PLEXUS_TRY(const json now, call(l.rpc, "platform_getHeight", json::array()));
    PLEXUS_TRY(const std::uint64_t height, answer_quantity(now["height"], "height"));
    if (next > height) {
      std::this_thread::sleep_for(std::chrono::milliseconds(l.poll_ms));
      continue;
    }
    PLEXUS_TRY(const Header h, header_at(l.rpc, next));
    // Headers must chain: each names the one before as its parent.
    if (!previous_hash.empty() && h.parent_hash != previous_hash)
      return fail(Errc::kValidation,
                  "header " + std::to_string(next) + " does not follow the previous header");
    if (!sample_header(l, h, rng())) ++unavailable;
    previous_hash = h.hash;
    ++next;
    ++done;
  }
  if (unavailable > 0)
    return fail(Errc::kValidation, std::to_string(unavailable) + " of " + std::to_string(done) +
                                       " headers could not be sampled: data may be withheld");
  return {};
}

}  // namespace

void add_light_command(CLI::App& app) {
  auto l = std::make_shared<Light>();
  CLI::App* cmd = app.add_subcommand(
      "light", "a light client: follows platform headers and samples each block's data square");
  cmd->add_option("--rpc", l->rpc, "a node's JSON-RPC, host:port (default 127.0.0.1:8545)");
  cmd->add_option("--samples", l->samples,
                  "random shares per header (default 16: ~99% confidence)");
  cmd->add_option("--from", l->from, "the first platform height (default the head)");
  cmd->add_option("--count", l->count, "stop after this many headers (default: follow)");
  cmd->add_option("--poll-ms", l->poll_ms, "how often to look for a new header (default 500)");
  cmd->add_option("--seed", l->seed, "seed the sample positions (default: random)");
  cmd->callback([l] { run([&] { return follow(*l); }); });
}

}  // namespace plexus::cli
