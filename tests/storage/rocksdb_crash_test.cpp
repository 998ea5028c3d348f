// Crash safety: a child process writes numbered RocksDB batches and is SIGKILLed, either at a
// random moment or right after a write returned. After reopening, every batch must be entirely
// present or entirely absent, the present ones must be a prefix 0..n of the sequence, and every
// batch whose write() had returned must be present (kBuffered already survives a process kill;
// kSync is needed only against OS crashes, which a test cannot provoke).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>

#include "storage/rocksdb_store.hpp"
#include "temp_dir.hpp"

namespace plexus::kv {
namespace {

constexpr int kKeysPerBatch = 300;
constexpr int kMaxBatches = 100000;
constexpr int kReady = -1;

// Appending piecewise: GCC 12 warns falsely (-Wrestrict) on `"b" + std::to_string(n)`.
std::string batch_prefix(int batch) {
  std::string s = "b";
  s += std::to_string(batch);
  s += '/';
  return s;
}

Bytes key_of(int batch, int i) {
  std::string s = batch_prefix(batch);
  s += std::to_string(i);
  return to_bytes(as_bytes(s));
}

// The child: writes batches forever, reporting kReady and then each acknowledged batch number
// on `ack_fd`.
[[noreturn]] void run_writer(const std::filesystem::path& dir, Durability durability, int ack_fd,
                             bool stop_after_first) {
  auto store = RocksDbStore::open(dir);
  if (!store) ::_exit(2);
  // Opening takes far longer than the kill delays: say when writing starts.
  const int ready = kReady;
  if (::write(ack_fd, &ready, sizeof ready) != sizeof ready) ::_exit(4);
  const Bytes value(64, 0xab);
  for (int batch = 0; batch < kMaxBatches; ++batch) {
    WriteBatch wb;
    for (int i = 0; i < kKeysPerBatch; ++i) wb.put(key_of(batch, i), value);
    if (!(*store)->write(wb, durability)) ::_exit(3);
    if (::write(ack_fd, &batch, sizeof batch) != sizeof batch) ::_exit(4);
    if (stop_after_first) ::pause();
  }
  ::_exit(0);
}

struct Outcome {
  int acknowledged = -1;  // highest batch whose write() returned
};

// Forks the writer, kills it after `delay_us` (or right after its first acknowledged batch when
// delay_us < 0), and returns what it acknowledged.
Outcome crash_writer(const std::filesystem::path& dir, Durability durability, int delay_us) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    run_writer(dir, durability, fds[1], delay_us < 0);
  }
  ::close(fds[1]);
  Outcome out;
  int batch = 0;
  if (::read(fds[0], &batch, sizeof batch) != sizeof batch || batch != kReady)
    throw std::runtime_error("writer did not start");
  if (delay_us < 0) {
    if (::read(fds[0], &batch, sizeof batch) == sizeof batch) out.acknowledged = batch;
  } else {
    ::usleep(static_cast<useconds_t>(delay_us));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  while (::read(fds[0], &batch, sizeof batch) == sizeof batch) out.acknowledged = batch;
  ::close(fds[0]);
  return out;
}

// Checks all-or-nothing per batch and prefix order; returns the number of visible batches.
int verify(const std::filesystem::path& dir, const Outcome& outcome) {
  auto store = RocksDbStore::open(dir);
  EXPECT_TRUE(store.has_value()) << store.error().to_string();
  if (!store) return -1;
  int visible = 0;
  for (int batch = 0;; ++batch) {
    int present = 0;
    auto cursor = (*store)->scan(to_bytes(as_bytes(batch_prefix(batch))));
    for (; cursor->valid(); cursor->next()) ++present;
    EXPECT_TRUE(cursor->status().has_value());
    EXPECT_TRUE(present == 0 || present == kKeysPerBatch) << "batch " << batch << " torn";
    if (present == 0) break;
    visible = batch + 1;
  }
  // Nothing visible beyond the first gap.
  auto all = (*store)->scan({});
  int total = 0;
  for (; all->valid(); all->next()) ++total;
  EXPECT_EQ(total, visible * kKeysPerBatch);
  EXPECT_GE(visible, outcome.acknowledged + 1) << "an acknowledged batch was lost";
  return visible;
}

class RocksDbCrash : public ::testing::TestWithParam<Durability> {};

TEST_P(RocksDbCrash, KilledAtRandomPointsBatchesAreAllOrNothing) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> delay(0, 30000);
  for (int round = 0; round < 8; ++round) {
    testing::TempDir tmp;
    const Outcome outcome = crash_writer(tmp.path() / "db", GetParam(), delay(rng));
    const int visible = verify(tmp.path() / "db", outcome);
    std::printf("crash round %d: %d batches acknowledged, %d visible after reopen\n", round,
                outcome.acknowledged + 1, visible);
  }
}

TEST_P(RocksDbCrash, KilledRightAfterWriteReturnsBatchIsVisible) {
  testing::TempDir tmp;
  const Outcome outcome = crash_writer(tmp.path() / "db", GetParam(), -1);
  ASSERT_EQ(outcome.acknowledged, 0);
  EXPECT_EQ(verify(tmp.path() / "db", outcome), 1);
}

INSTANTIATE_TEST_SUITE_P(Durability, RocksDbCrash,
                         ::testing::Values(Durability::kBuffered, Durability::kSync),
                         [](const auto& info) {
                           return info.param == Durability::kSync ? "Sync" : "Buffered";
                         });

}  // namespace
}  // namespace plexus::kv
