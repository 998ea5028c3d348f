#pragma once
// The node's environment as one object, in the spirit of LevelDB's Env: where time, randomness
// and stores come from (and, with the peer-to-peer layer, the transport). Production code takes
// an Env instead of reaching for the system clock or opening RocksDB by path, so that tests can
// hand it a simulated clock, a seeded random source and memory or fault-injecting stores, and run
// several nodes in one process deterministically.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "storage/kv.hpp"

namespace plexus::kv {

// Opens a node's named stores ("primary", "evm", ...). The store stays valid until the factory
// is destroyed or the caller drops it, whichever comes first for the factory's kind.
class StoreFactory {
 public:
  virtual ~StoreFactory() = default;
  [[nodiscard]] virtual Result<std::unique_ptr<KvStore>> open(std::string_view name) = 0;
};

// RocksDB databases in directories below `root` (root/name).
class RocksDbStoreFactory final : public StoreFactory {
 public:
  explicit RocksDbStoreFactory(std::filesystem::path root) : root_(std::move(root)) {}
  [[nodiscard]] Result<std::unique_ptr<KvStore>> open(std::string_view name) override;

 private:
  std::filesystem::path root_;
};

// Memory stores that outlive what open() returns: opening a name again gives a store with the
// same contents, as a restarted node finds its RocksDB directories. Only what a write() completed
// is there, as on disk.
class MemoryStoreFactory final : public StoreFactory {
 public:
  [[nodiscard]] Result<std::unique_ptr<KvStore>> open(std::string_view name) override;
  // The store behind `name` (created empty if new): for tests that inspect or damage it.
  [[nodiscard]] std::shared_ptr<KvStore> backing(std::string_view name);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<KvStore>, std::less<>> stores_;
};

struct Env {
  Clock& clock;
  Random& random;
  StoreFactory& stores;
};

// The production environment for a data directory: system clock and entropy, RocksDB below it.
// The returned object owns its parts; `env()` refers to them.
class SystemEnv {
 public:
  explicit SystemEnv(std::filesystem::path data_dir) : stores_(std::move(data_dir)) {}
  [[nodiscard]] Env env() noexcept { return Env{clock_, random_, stores_}; }

 private:
  SystemClock clock_;
  SystemRandom random_;
  RocksDbStoreFactory stores_;
};

}  // namespace plexus::kv
