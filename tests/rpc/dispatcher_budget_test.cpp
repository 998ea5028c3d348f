// The dispatcher's budgets: the size of a reply and of a batch's replies, each call's time and
// a batch's time, and how much of a client's method name an error repeats.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/deadline.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/reply_budget.hpp"

namespace plexus::rpc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string batch_of(std::string_view method, int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i)
    out += std::string(i ? "," : "") + R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
           R"(,"method":")" + std::string(method) + R"("})";
  return out + "]";
}

TEST(DispatcherBudget, ABatchStopsAtTheReplySizeLimit) {
  Dispatcher d(DispatchLimits{.max_reply_bytes = 2'500'000});
  int calls = 0;
  d.add("megabyte", [&](const json&) -> Result<json> {
    ++calls;
    return json(std::string(1'000'000, 'x'));
  });
  const json replies = json::parse(*d.handle(batch_of("megabyte", 6)));
  ASSERT_EQ(replies.size(), 6u);
  EXPECT_TRUE(replies[0].contains("result"));
  EXPECT_TRUE(replies[1].contains("result"));
  for (int i = 2; i < 6; ++i) {
    EXPECT_EQ(replies[i]["error"]["code"], -32005) << i;
    EXPECT_TRUE(replies[i]["error"]["message"].get<std::string>().starts_with(
        "response too large"));
  }
  EXPECT_EQ(calls, 3);  // the third did not fit; the rest never ran
}

TEST(DispatcherBudget, AMethodCanRefuseBeforeBuildingItsReply) {
  Dispatcher d(DispatchLimits{.max_reply_bytes = 1'000'000});
  bool built = false;
  d.add("huge", [&](const json&) -> Result<json> {
    PLEXUS_CHECK(ReplyBudget::charge(30'000'000));
    built = true;
    return json(nullptr);
  });
  const json reply = json::parse(*d.handle(R"({"jsonrpc":"2.0","id":1,"method":"huge"})"));
  EXPECT_EQ(reply["error"]["code"], -32005);
  EXPECT_FALSE(built);
}

TEST(DispatcherBudget, ACallIsStoppedAtItsTimeBudget) {
  Dispatcher d(DispatchLimits{.call_timeout = 100ms});
  // As the VMs do: poll the deadline in the loop.
  d.add("spin", [](const json&) -> Result<json> {
    while (!deadline::expired()) {
    }
    return json(true);
  });
  const auto began = Clock::now();
  const json reply = json::parse(*d.handle(R"({"jsonrpc":"2.0","id":1,"method":"spin"})"));
  EXPECT_LT(Clock::now() - began, 1s);
  EXPECT_EQ(reply["error"]["message"], "execution aborted (timeout = 100ms)");
  EXPECT_EQ(reply["error"]["code"], -32000);
}

TEST(DispatcherBudget, ABatchStopsAtItsTimeBudget) {
  Dispatcher d(DispatchLimits{.batch_timeout = 300ms});
  d.add("nap", [](const json&) -> Result<json> {
    const auto until = Clock::now() + 100ms;
    while (Clock::now() < until) {
    }
    return json(true);
  });
  const auto began = Clock::now();
  const json replies = json::parse(*d.handle(batch_of("nap", 10)));
  EXPECT_LT(Clock::now() - began, 600ms);
  ASSERT_EQ(replies.size(), 10u);
  EXPECT_TRUE(replies[0].contains("result"));
  EXPECT_EQ(replies[9]["error"]["code"], -32002);
  EXPECT_TRUE(
      replies[9]["error"]["message"].get<std::string>().starts_with("request timed out"));
}

TEST(DispatcherBudget, UnknownMethodNamesAreNotEchoedInFull) {
  Dispatcher d;
  const std::string name(100'000, 'm');
  const json reply = json::parse(
      *d.handle(R"({"jsonrpc":"2.0","id":1,"method":")" + name + R"("})"));
  EXPECT_EQ(reply["error"]["code"], -32601);
  const std::string message = reply["error"]["message"];
  EXPECT_LT(message.size(), 200u);
  EXPECT_NE(message.find("(100000 bytes)"), std::string::npos);
}

TEST(DispatcherBudget, TheDeadlineIsOnlyThatOfTheCallingThread) {
  // Outside a scope, polling never reports expiry (block production runs without one).
  for (std::uint32_t i = 0; i < 4 * deadline::kPollInterval; ++i) ASSERT_FALSE(deadline::expired());
  {
    const deadline::Scope past(Clock::now() - 1ms);
    bool stopped = false;
    for (std::uint32_t i = 0; i < 2 * deadline::kPollInterval && !stopped; ++i)
      stopped = deadline::expired();
    EXPECT_TRUE(stopped);
    EXPECT_TRUE(past.hit());
    EXPECT_TRUE(deadline::expired());  // sticky: every frame unwinds
  }
  EXPECT_FALSE(deadline::expired());
}

}  // namespace
}  // namespace plexus::rpc
