// Every Move instruction is charged, and the charge polls the thread's time budget
// (core/deadline.hpp): under a passed deadline execution stops as if out of gas, without one it
// meters as before.
#include <gtest/gtest.h>

#include "core/deadline.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

TEST(GasDeadline, AChargeFailsOnceTheThreadsDeadlinePassed) {
  const deadline::Scope passed(deadline::Clock::now());
  GasMeter meter(1'000'000'000'000ULL);
  std::uint32_t charged = 0;
  VmResult<void> result;
  while ((result = meter.charge(1)) && charged < 10 * deadline::kPollInterval) ++charged;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().status, StatusCode::OUT_OF_GAS);
  EXPECT_LE(charged, 2 * deadline::kPollInterval);
  EXPECT_TRUE(passed.hit());
}

TEST(GasDeadline, WithoutADeadlineOnlyGasStopsIt) {
  GasMeter meter(10 * deadline::kPollInterval);
  for (std::uint32_t i = 0; i < 10 * deadline::kPollInterval; ++i) ASSERT_TRUE(meter.charge(1));
  EXPECT_FALSE(meter.charge(1));
  EXPECT_EQ(meter.remaining(), 0u);
}

}  // namespace
}  // namespace plexus::move
