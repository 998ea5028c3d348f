// The server under abuse: one client must not lock out the others (connection slots, request
// rate), slow work must not stall other connections, WebSocket handshakes are checked and slow
// WebSocket readers are cut off. Clients at different addresses connect from different
// loopback addresses (127.0.0.0/8).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "rpc/server.hpp"
#include "test_client.hpp"

namespace plexus::rpc {
namespace {

using namespace testing;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kChainId = R"({"jsonrpc":"2.0","id":7,"method":"eth_chainId"})";
constexpr std::string_view kPartialHeaders = "POST / HTTP/1.1\r\nHost: x\r\nContent-Ty";

class ServerAbuseTest : public ::testing::Test {
 protected:
  void start(ServerConfig config) {
    config.port = 0;
    server = std::make_unique<Server>(config);
    dispatcher = std::make_shared<Dispatcher>();
    dispatcher->add("eth_chainId", [](const json&) -> Result<json> { return json("0x539"); });
    dispatcher->add("echo", [](const json& params) -> Result<json> { return params; });
    // Busy for 150 ms, as an eth_call of 30M gas is.
    dispatcher->add("slow", [](const json&) -> Result<json> {
      const auto until = Clock::now() + 150ms;
      while (Clock::now() < until) {
      }
      return json(true);
    });
    dispatcher->set_offloaded({"slow"});
    ASSERT_TRUE(server->add_endpoint("/", dispatcher));
    ASSERT_TRUE(server->start());
    port = server->port();
  }

  bool chain_id_answers() {
    const auto reply = post(port, "/", kChainId);
    return reply && reply->status == 200 && reply->body.find("0x539") != std::string::npos;
  }

  void wait_for_connections(std::size_t n) {
    for (int i = 0; i < 200 && server->connection_count() < n; ++i)
      std::this_thread::sleep_for(10ms);
  }

  std::unique_ptr<Server> server;
  std::shared_ptr<Dispatcher> dispatcher;
  std::uint16_t port = 0;
};

// 40 connections from one address that never finish their headers fill a 16-slot server; once
// they have waited past the grace period, a well-behaved client from elsewhere is still served.
TEST_F(ServerAbuseTest, SlowHeadersAreEvictedWhenTheServerIsFull) {
  start(ServerConfig{.max_connections = 16});
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 40; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port, "127.0.0.2"));
    slow.back()->write(kPartialHeaders);
  }
  wait_for_connections(16);
  ASSERT_EQ(server->connection_count(), 16u);
  std::this_thread::sleep_for(2200ms);  // past the default grace of 2 s
  EXPECT_TRUE(chain_id_answers());
  EXPECT_TRUE(chain_id_answers());  // the first one's slot, or another slow one's
  EXPECT_GE(server->evicted_count(), 1u);
  EXPECT_LE(server->connection_count(), 16u);
}

// One address gets its share of the slots and no more; others connect at once.
TEST_F(ServerAbuseTest, OneAddressCannotTakeMoreThanItsShare) {
  start(ServerConfig{.max_connections = 16, .max_connections_per_address = 4});
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 10; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port, "127.0.0.2"));
    slow.back()->write(kPartialHeaders);
  }
  wait_for_connections(4);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(server->connection_count(), 4u);
  EXPECT_TRUE(slow.back()->closed_within(1000ms));  // refused at once
  EXPECT_TRUE(chain_id_answers());
  EXPECT_EQ(server->evicted_count(), 0u);
}

TEST_F(ServerAbuseTest, RequestRateIsLimitedPerAddress) {
  start(ServerConfig{.max_requests_per_second_per_address = 5});
  int ok = 0;
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    const auto reply = post(port, "/", kChainId);
    ASSERT_TRUE(reply);
    (reply->status == 200 ? ok : limited) += 1;
    if (reply->status != 200) {
      EXPECT_EQ(reply->status, 429);
      EXPECT_NE(reply->body.find("rate limit exceeded"), std::string::npos);
    }
  }
  EXPECT_LE(ok, 6);  // the burst of one second, and what refilled meanwhile
  EXPECT_GE(limited, 6);
  std::this_thread::sleep_for(1100ms);
  EXPECT_TRUE(chain_id_answers());  // the allowance refills
}

// A batch of slow calls runs off the I/O thread: on a one-thread server, another client's call
// answers within 50 ms while the batch (1.5 s) runs.
TEST_F(ServerAbuseTest, SlowBatchesDoNotStallOtherClients) {
  start(ServerConfig{.threads = 1});
  std::string batch = "[";
  for (int i = 0; i < 10; ++i)
    batch += std::string(i ? "," : "") + R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
             R"(,"method":"slow"})";
  batch += "]";
  std::atomic<bool> batch_done{false};
  std::thread heavy([&] {
    const auto reply = post(port, "/", batch);
    EXPECT_TRUE(reply && reply->body.find(R"("id":9)") != std::string::npos);
    batch_done = true;
  });
  std::this_thread::sleep_for(200ms);  // the batch is running
  for (int i = 0; i < 5; ++i) {
    const auto began = Clock::now();
    EXPECT_TRUE(chain_id_answers());
    const auto took = Clock::now() - began;
    EXPECT_LT(took, 50ms) << std::chrono::duration<double, std::milli>(took).count() << " ms";
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(batch_done.load());  // the calls above really overlapped the batch
  heavy.join();
}

TEST_F(ServerAbuseTest, WebSocketHandshakeKeyIsChecked) {
  start(ServerConfig{});
  const auto upgrade = [&](std::string_view key) {
    return raw_exchange(port,
                        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " +
                            std::string(key) + "\r\n\r\n",
                        500ms);
  };
  EXPECT_TRUE(upgrade("dGhlIHNhbXBsZSBub25jZQ==").starts_with("HTTP/1.1 101"));
  for (const std::string_view bad :
       {"abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZR==", "dGhlIHNhbXBsZSBub25j!Q=="})
    EXPECT_TRUE(upgrade(bad).starts_with("HTTP/1.1 400")) << bad;
}

// A WebSocket client that sends but never reads is disconnected once the replies it leaves
// unread pass the backlog limit, and its memory is let go.
TEST_F(ServerAbuseTest, SlowWebSocketReadersAreClosed) {
  start(ServerConfig{.max_ws_backlog_bytes = 256 * 1024});
  WsClient client(port, "/");
  ASSERT_TRUE(client.connected());
  wait_for_connections(1);
  const std::string big(64 * 1024, 'a');
  const std::string request = R"({"jsonrpc":"2.0","id":1,"method":"echo","params":[")" + big +
                              R"("]})";
  // Enough replies to fill the kernel's socket buffers on both sides and then the backlog.
  for (int i = 0; i < 2000 && server->connection_count() > 0; ++i)
    if (!client.send(request)) break;
  for (int i = 0; i < 300 && server->connection_count() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server->connection_count(), 0u);
  EXPECT_TRUE(chain_id_answers());
}

}  // namespace
}  // namespace plexus::rpc
