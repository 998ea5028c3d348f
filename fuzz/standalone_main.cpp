// Replays committed inputs through one fuzz target without libFuzzer, so the normal (GCC) test
// run keeps every seed and every fixed crash reproducer passing. Arguments are files or
// directories (searched recursively); a missing directory is skipped, because a target with no
// reproducers yet has no regressions/ folder. Any crash or failed property aborts the process.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;

bool run_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.string().c_str());
    return false;
  }
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  (void)LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (fs::exists(arg)) {
      files.push_back(arg);
    }
  }
  std::sort(files.begin(), files.end());  // a stable order makes a failure easy to reproduce
  if (files.empty()) {
    std::fprintf(stderr, "no inputs found\n");
    return 1;
  }
  for (const auto& file : files) {
    std::printf("running %s\n", file.string().c_str());
    std::fflush(stdout);  // so a crash log names the input that caused it
    if (!run_file(file)) return 1;
  }
  std::printf("%zu inputs passed\n", files.size());
  return 0;
}
