#pragma once
// A KvStore that fails on purpose, for tests of what a node does when its disk does: it wraps
// another store and, from a chosen write on, either returns an I/O error (the write did not
// happen) or "crashes" (that write and every later one are silently lost, as if the process died
// right before it). Reads always go to the wrapped store. Writes are atomic batches, so a crash
// never leaves half a batch; a test then reopens the wrapped store and checks the node restarted
// where it was.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "storage/kv.hpp"

namespace plexus::kv {

class FaultyKvStore final : public KvStore {
 public:
  enum class Fault : std::uint8_t {
    kFail,   // write number N and later return kIo; nothing of them is applied
    kCrash,  // write number N and later report success but apply nothing (the process "died")
  };

  explicit FaultyKvStore(std::shared_ptr<KvStore> inner) : inner_(std::move(inner)) {}

  // Arms the fault at the `nth` write from now (0: the next one).
  void inject(Fault fault, std::uint64_t nth);
  void clear();
  // Writes seen so far (applied or not).
  [[nodiscard]] std::uint64_t writes() const;

  [[nodiscard]] Result<std::optional<Bytes>> get(BytesView key) const override;
  [[nodiscard]] std::unique_ptr<Cursor> scan(BytesView prefix) const override;
  [[nodiscard]] Result<void> write(const WriteBatch& batch, Durability durability) override;
  [[nodiscard]] std::unique_ptr<ReadView> snapshot() const override;

 private:
  std::shared_ptr<KvStore> inner_;
  mutable std::mutex mutex_;
  std::uint64_t writes_ = 0;
  std::optional<std::pair<Fault, std::uint64_t>> armed_;  // fault and the write number it hits
};

}  // namespace plexus::kv
