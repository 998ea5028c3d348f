// `plexus-move verify <dir>`: publish every module below a folder into an empty store, in
// dependency order, running the verifier and the link checks.
#include <cstdio>

#include "commands.hpp"
#include "move/vm/module_store.hpp"

namespace plexus::move::cli {

int cmd_verify(const std::filesystem::path& dir, const Options& opts) {
  if (!std::filesystem::is_directory(dir)) {
    std::printf("SKIPPED: test data missing: %s\n", dir.string().c_str());
    return 0;
  }
  auto modules = load_modules(dir, opts);
  if (!modules) {
    std::fprintf(stderr, "error: %s\n", modules.error().to_string().c_str());
    return 1;
  }
  const std::size_t count = modules->size();
  ModuleStore store;
  const auto published = store.publish_bundle(std::move(*modules));
  if (!published) {
    std::fprintf(stderr, "rejected: %s\n", published.error().to_string().c_str());
    return 1;
  }
  for (const auto* m : *published) std::printf("verified %s\n", m->id.to_string().c_str());
  std::printf("%zu of %zu modules verified and linked\n", published->size(), count);
  return 0;
}

}  // namespace plexus::move::cli
