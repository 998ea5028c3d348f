// plexus-spectest <file-or-dir> [--known-failures F] [--write-failures F]
// Converts each .wast with wabt's wast2json into a temporary folder, runs every command against
// the engine and prints per-file results and `N passed, M failed`. SIMD files are skipped: SIMD
// is not implemented yet. A script using text forms wast2json 1.0.32 cannot read is desugared
// first (wast_desugar.hpp) and the rewritten copy is converted instead.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "conformance_report.hpp"
#include "wast_desugar.hpp"
#include "wast_runner.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

// Runs wast2json without a shell; its diagnostics go to `log`. Returns true on success.
bool convert(const fs::path& wast, const fs::path& json, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string prog = "wast2json", in = wast.string(), flag = "-o", out = json.string();
  char* argv[] = {prog.data(), in.data(), flag.data(), out.data(), nullptr};
  pid_t pid;
  const int rc = posix_spawnp(&pid, "wast2json", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The script to convert: `wast` itself, or a desugared copy of it written into `dir`.
plexus::Result<fs::path> desugared_script(const fs::path& wast, const fs::path& dir) {
  std::ifstream in(wast, std::ios::binary);
  if (!in) return plexus::fail(plexus::Errc::kNotFound, "cannot read " + wast.string());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto desugared = plexus::spectest::desugar_wast(text);
  if (!desugared) return std::unexpected(desugared.error());
  if (!desugared->counts.any()) return wast;
  const fs::path copy = dir / wast.filename();
  std::ofstream out(copy, std::ios::binary);
  out << desugared->text;
  if (!out.flush()) return plexus::fail(plexus::Errc::kIo, "cannot write " + copy.string());
  return copy;
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line.empty() ? "wast2json failed" : line;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<fs::path> input, known, write;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--known-failures" && i + 1 < argc) {
      known = argv[++i];
    } else if (arg == "--write-failures" && i + 1 < argc) {
      write = argv[++i];
    } else if (!arg.starts_with("--") && !input) {
      input = arg;
    } else {
      std::fprintf(stderr, "usage: plexus-spectest <file-or-dir> [--known-failures F] "
                           "[--write-failures F]\n");
      return 2;
    }
  }
  if (!input) {
    std::fprintf(stderr, "usage: plexus-spectest <file-or-dir>\n");
    return 2;
  }
  if (!fs::exists(*input)) {
    std::printf("*** SKIPPED: WebAssembly spec tests not found at %s ***\n",
                input->string().c_str());
    return 0;
  }
  plexus::tools::ConformanceReport report;
  std::vector<fs::path> files;
  if (fs::is_directory(*input)) {
    for (const auto& e : fs::directory_iterator(*input))
      if (e.path().extension() == ".wast") files.push_back(e.path());
    if (fs::is_directory(*input / "simd")) {
      std::vector<fs::path> simd;
      for (const auto& e : fs::directory_iterator(*input / "simd"))
        if (e.path().extension() == ".wast") simd.push_back(e.path());
      std::sort(simd.begin(), simd.end());
      for (const auto& f : simd)
        report.skip("simd/" + f.filename().string(), "SIMD is not implemented yet");
      std::printf("simd/: %zu files skipped (SIMD is not implemented yet)\n", simd.size());
    }
  } else {
    files.push_back(*input);
  }
  std::sort(files.begin(), files.end());
  const fs::path tmp = fs::temp_directory_path() /
                       ("plexus-spectest-" + std::to_string(static_cast<long>(getpid())));
  std::error_code ec;
  fs::create_directories(tmp, ec);
  if (ec) {
    std::printf("error: cannot create %s\n", tmp.string().c_str());
    return 2;
  }
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    const fs::path dir = tmp / file.stem();
    fs::create_directories(dir, ec);
    const fs::path json = dir / (file.stem().string() + ".json");
    const auto script = desugared_script(file, dir);
    if (!script) {
      report.fail(name + ":convert", "cannot desugar: " + script.error().to_string());
      std::printf("%-32s NOT CONVERTED (%s)\n", name.c_str(), script.error().message.c_str());
      fs::remove_all(dir, ec);
      continue;
    }
    if (!convert(*script, json, dir / "wast2json.log")) {
      report.fail(name + ":convert", "wast2json cannot convert: " + first_line(dir / "wast2json.log"));
      std::printf("%-32s NOT CONVERTED (wast2json failed)\n", name.c_str());
      fs::remove_all(dir, ec);
      continue;
    }
    const auto r = plexus::spectest::run_wast_json(json, name, report);
    std::printf("%-32s %zu passed, %zu failed", name.c_str(), r.passed, r.failed);
    if (r.skipped) std::printf(", %zu skipped", r.skipped);
    std::printf("\n");
    fs::remove_all(dir, ec);
  }
  fs::remove_all(tmp, ec);
  return report.finish(known, write);
}
