#include "rpc/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "rpc/reply_gate.hpp"
#include "test_client.hpp"

namespace plexus::rpc {
namespace {

using namespace testing;

std::shared_ptr<Dispatcher> evm_dispatcher() {
  auto d = std::make_shared<Dispatcher>();
  d->add("eth_chainId", [](const json&) -> Result<json> { return json("0x539"); });
  d->add("echo", [](const json& params) -> Result<json> { return params; });
  d->subscriptions().add_topic("newHeads");
  return d;
}

std::shared_ptr<Dispatcher> wasm_dispatcher() {
  auto d = std::make_shared<Dispatcher>();
  d->add("eth_chainId", [](const json&) -> Result<json> { return json("0x53a"); });
  return d;
}

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerConfig config = {}) {
    config.port = 0;
    server = std::make_unique<Server>(config);
    evm = evm_dispatcher();
    ASSERT_TRUE(server->add_endpoint("/", evm));
    ASSERT_TRUE(server->add_endpoint("/subnet/evm", evm));
    ASSERT_TRUE(server->add_endpoint("/subnet/wasm", wasm_dispatcher()));
    const auto started = server->start();
    ASSERT_TRUE(started) << started.error().to_string();
    port = server->port();
    ASSERT_NE(port, 0);
  }

  // Serves `evm` alone at "/" on `threads` threads.
  void serve_evm(std::size_t threads) {
    server = std::make_unique<Server>(ServerConfig{.port = 0, .threads = threads});
    ASSERT_TRUE(server->add_endpoint("/", evm));
    ASSERT_TRUE(server->start());
    port = server->port();
  }

  json call(std::string_view path, std::string_view body) {
    const auto reply = post(port, path, body);
    EXPECT_TRUE(reply);
    if (!reply) return {};
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->content_type, "application/json");
    return json::parse(reply->body);
  }

  // The server still answers after whatever a test threw at it.
  void expect_alive() {
    EXPECT_EQ(call("/", R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})")["result"], "0x539");
  }

  std::unique_ptr<Server> server;
  std::shared_ptr<Dispatcher> evm;
  std::uint16_t port = 0;
};

constexpr std::string_view kChainId = R"({"jsonrpc":"2.0","id":7,"method":"eth_chainId"})";

TEST_F(ServerTest, ServesEachPathWithItsOwnMethodTable) {
  start();
  EXPECT_EQ(call("/", kChainId), json::parse(R"({"jsonrpc":"2.0","id":7,"result":"0x539"})"));
  EXPECT_EQ(call("/subnet/evm", kChainId)["result"], "0x539");
  EXPECT_EQ(call("/subnet/evm/", kChainId)["result"], "0x539");
  EXPECT_EQ(call("/subnet/wasm?x=1", kChainId)["result"], "0x53a");
  EXPECT_EQ(call("/subnet/wasm", R"({"jsonrpc":"2.0","id":1,"method":"echo"})")["error"]["code"],
            code::kMethodNotFound);
  const auto missing = post(port, "/subnet/move", kChainId);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(ServerTest, BatchesAndErrorsOverHttp) {
  start();
  const json batch = call("/", R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
                                   {"jsonrpc":"2.0","id":2,"method":"echo","params":[true]},
                                   {"jsonrpc":"2.0","id":3,"method":"nope"}])");
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch[1]["result"], json::parse("[true]"));
  EXPECT_EQ(batch[2]["error"]["code"], code::kMethodNotFound);
  EXPECT_EQ(call("/", "{not json")["error"]["code"], code::kParseError);
  // Only notifications: nothing to say.
  const auto empty = post(port, "/", R"({"jsonrpc":"2.0","method":"echo"})");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 204);
  EXPECT_TRUE(empty->body.empty());
}

TEST_F(ServerTest, HttpRules) {
  start();
  HttpRequest wrong_type{.method = "POST",
                         .path = "/",
                         .body = std::string(kChainId),
                         .content_type = "text/plain",
                         .headers = {}};
  EXPECT_EQ(http_request(port, wrong_type)->status, 415);
  wrong_type.content_type = "";
  EXPECT_EQ(http_request(port, wrong_type)->status, 415);
  wrong_type.content_type = "Application/JSON; charset=utf-8";
  EXPECT_EQ(http_request(port, wrong_type)->status, 200);
  HttpRequest get{.method = "GET", .path = "/", .body = "", .content_type = "", .headers = {}};
  EXPECT_EQ(http_request(port, get)->status, 405);
  HttpRequest preflight{
      .method = "OPTIONS",
      .path = "/",
      .body = "",
      .content_type = "",
      .headers = {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}}};
  EXPECT_EQ(http_request(port, preflight)->status, 204);
}

TEST_F(ServerTest, OversizedBodiesAreRefused) {
  start(ServerConfig{.max_body_bytes = 1024});
  const std::string big =
      R"({"jsonrpc":"2.0","id":1,"method":"echo","params":[")" + std::string(2000, 'a') + R"("]})";
  const auto reply = post(port, "/", big);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  // A lying Content-Length is refused before the body arrives.
  const std::string response =
      raw_exchange(port,
                   "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   "Content-Length: 99999999\r\n\r\n{");
  EXPECT_NE(response.find("413"), std::string::npos) << response;
  expect_alive();
}

TEST_F(ServerTest, GarbageAndAbruptDisconnectsNeverCrash) {
  start();
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919) & 0xff));
  const std::string inputs[] = {
      "garbage\r\n\r\n",
      binary,
      "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
      "zz\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
      std::string(20000, 'A'),  // a header line beyond the header limit
  };
  for (const std::string& input : inputs) {
    const std::string response = raw_exchange(port, input, 500ms);
    if (!response.empty()) {
      EXPECT_EQ(response.substr(0, 5), "HTTP/") << response;
    }
  }
  for (int i = 0; i < 20; ++i) {
    RawConnection c(port);
    ASSERT_TRUE(c.connected());
    c.write(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500"
        "\r\n\r\n{\"jsonrpc\":");
  }  // each closes mid-body
  expect_alive();
}

TEST_F(ServerTest, ConnectionLimit) {
  start(ServerConfig{.max_connections = 2});
  RawConnection a(port), b(port);
  ASSERT_TRUE(a.connected() && b.connected());
  // Wait until both are admitted, then a third is closed at once.
  for (int i = 0; i < 100 && server->connection_count() < 2; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(server->connection_count(), 2u);
  EXPECT_TRUE(closed_by_server(port));
}

TEST_F(ServerTest, WebSocketCallsAndSubscriptions) {
  start();
  WsClient ws(port, "/");
  ASSERT_TRUE(ws.connected());
  ASSERT_TRUE(ws.send(kChainId));
  auto reply = ws.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(json::parse(*reply)["result"], "0x539");

  ASSERT_TRUE(
      ws.send(R"({"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]})"));
  reply = ws.receive();
  ASSERT_TRUE(reply);
  const std::string id = json::parse(*reply)["result"];
  for (int n = 1; n <= 3; ++n)
    EXPECT_EQ(evm->subscriptions().publish("newHeads", json{{"number", n}}), 1u);
  for (int n = 1; n <= 3; ++n) {
    const auto note = ws.receive();
    ASSERT_TRUE(note) << "notification " << n;
    const json j = json::parse(*note);
    EXPECT_EQ(j["method"], "eth_subscription");
    EXPECT_EQ(j["params"]["subscription"], id);
    EXPECT_EQ(j["params"]["result"]["number"], n);
  }
  ASSERT_TRUE(
      ws.send(R"({"jsonrpc":"2.0","id":3,"method":"eth_unsubscribe","params":[")" + id + R"("]})"));
  reply = ws.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(json::parse(*reply)["result"], true);
  EXPECT_EQ(evm->subscriptions().publish("newHeads", json(4)), 0u);
  EXPECT_FALSE(ws.receive(200ms));

  // Garbage over the socket gets a parse error, not a disconnect.
  ASSERT_TRUE(ws.send("{{{"));
  reply = ws.receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(json::parse(*reply)["error"]["code"], code::kParseError);
}

TEST_F(ServerTest, ClosedWebSocketsLoseTheirSubscriptions) {
  start();
  {
    WsClient ws(port, "/subnet/evm");
    ASSERT_TRUE(ws.connected());
    ASSERT_TRUE(
        ws.send(R"({"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]})"));
    ASSERT_TRUE(ws.receive());
    EXPECT_EQ(evm->subscriptions().count("newHeads"), 1u);
  }
  for (int i = 0; i < 200 && evm->subscriptions().count("newHeads") > 0; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(evm->subscriptions().count("newHeads"), 0u);
  EXPECT_FALSE(WsClient(port, "/nowhere").connected());
  expect_alive();
}

TEST_F(ServerTest, OversizedWebSocketMessageClosesThatConnectionOnly) {
  start(ServerConfig{.max_body_bytes = 1024});
  WsClient ws(port, "/");
  ASSERT_TRUE(ws.connected());
  ASSERT_TRUE(ws.send(std::string(4096, ' ')));
  EXPECT_FALSE(ws.receive(2000ms));
  expect_alive();
}

TEST_F(ServerTest, StopsCleanlyWithOpenConnections) {
  start();
  WsClient ws(port, "/");
  ASSERT_TRUE(ws.connected());
  RawConnection idle(port);
  ASSERT_TRUE(idle.connected());
  server->stop();
  server->stop();  // idempotent
  EXPECT_FALSE(post(port, "/", kChainId));
}

TEST(ServerSetup, RejectsBadConfiguration) {
  Server server(ServerConfig{.address = "not an address", .port = 0});
  EXPECT_FALSE(server.add_endpoint("subnet", std::make_shared<Dispatcher>()));
  EXPECT_FALSE(server.add_endpoint("/", nullptr));
  EXPECT_FALSE(server.start());
}

TEST(ServerSetup, ReportsAPortInUse) {
  Server first(ServerConfig{.port = 0});
  ASSERT_TRUE(first.start());
  Server second(ServerConfig{.port = first.port()});
  const auto started = second.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, Errc::kIo);
}

}  // namespace
}  // namespace plexus::rpc

namespace plexus::rpc {
namespace {

// A deferred reply is sent when its gate opens (here from another thread, after the method
// returned), or at the gate's timeout if it never does; the server's one thread stays free
// meanwhile and serves another request.
TEST_F(ServerTest, DeferredRepliesWaitForTheirGateWithoutHoldingAThread) {
  std::atomic<bool> opened_first{false};
  evm = evm_dispatcher();
  evm->add("test_deferred", [&](const json& params) -> Result<json> {
    ReplyGate* gate = ReplyGate::current();
    if (gate == nullptr) return fail(Errc::kInternal, "no gate");
    const bool never = params.is_array() && !params.empty() && params[0] == "never";
    gate->defer(
        [&, never](ReplyGate::Open open) {
          if (never) return;
          std::thread([&, open = std::move(open)] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            opened_first = true;
            open();
          }).detach();
        },
        std::chrono::milliseconds(never ? 100 : 10'000));
    return json("done");
  });
  serve_evm(1);

  std::thread other([&] { expect_alive(); });  // served while the deferred reply waits
  const json reply = call("/", R"({"jsonrpc":"2.0","id":1,"method":"test_deferred"})");
  other.join();
  EXPECT_EQ(reply["result"], "done");
  EXPECT_TRUE(opened_first);
  // Never opened: the timeout sends it.
  EXPECT_EQ(
      call("/",
           R"({"jsonrpc":"2.0","id":2,"method":"test_deferred","params":["never"]})")["result"],
      "done");

  // Over WebSocket a deferred reply does not hold up the next request's answer.
  opened_first = false;
  WsClient ws(port, "/");
  ASSERT_TRUE(ws.connected());
  ASSERT_TRUE(ws.send(R"({"jsonrpc":"2.0","id":3,"method":"test_deferred"})"));
  ASSERT_TRUE(ws.send(R"({"jsonrpc":"2.0","id":4,"method":"eth_chainId"})"));
  const auto first = ws.receive();
  const auto second = ws.receive();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(json::parse(*first)["id"], 4);
  EXPECT_EQ(json::parse(*second)["id"], 3);
  EXPECT_TRUE(opened_first);
}

// Many replies waiting on two workers, released by one thread at once (as a block commit does),
// all arrive; a gate opened after the server is gone is ignored.
TEST_F(ServerTest, DeferredRepliesOpenedTogetherReachEveryWorker) {
  std::mutex mutex;
  std::vector<ReplyGate::Open> opens;
  evm = evm_dispatcher();
  evm->add("test_held", [&](const json& params) -> Result<json> {
    ReplyGate* gate = ReplyGate::current();
    if (gate == nullptr) return fail(Errc::kInternal, "no gate");
    gate->defer(
        [&](ReplyGate::Open open) {
          std::lock_guard lock(mutex);
          opens.push_back(std::move(open));
        },
        std::chrono::milliseconds(10'000));
    return params;
  });
  serve_evm(2);

  constexpr int kClients = 16;
  std::vector<json> replies(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&, i] {
      replies[i] = call("/", R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                                 R"(,"method":"test_held","params":[)" + std::to_string(i) + "]}");
    });
  const auto held = [&] {
    std::lock_guard lock(mutex);
    return opens.size();
  };
  for (int i = 0; i < 500 && held() < kClients; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(held(), static_cast<std::size_t>(kClients));
  std::thread([&] {
    std::lock_guard lock(mutex);
    for (ReplyGate::Open& open : opens) open();
    opens.clear();
  }).join();
  for (std::thread& t : clients) t.join();
  for (int i = 0; i < kClients; ++i) {
    EXPECT_EQ(replies[i]["id"], i);
    EXPECT_EQ(replies[i]["result"], json::array({i}));
  }

  std::thread late(
      [&] { (void)post(port, "/", R"({"jsonrpc":"2.0","id":1,"method":"test_held"})"); });
  for (int i = 0; i < 500 && held() < 1; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(held(), 1u);
  server.reset();  // the waiting request's connection closes unanswered
  late.join();
  opens.front()();  // nothing left to release: ignored
}

// Two requests in one write are answered in order; HTTP/1.0 gets its own version and keeps the
// connection only when asked to.
TEST_F(ServerTest, PipelinedAndHttp10Requests) {
  start();
  const std::string request =
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(kChainId.size()) + "\r\n\r\n" + std::string(kChainId);
  const std::string last = "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                           request.substr(request.find("Content-Type"));
  const std::string both = raw_exchange(port, request + last);
  const auto first = both.find("HTTP/1.1 200 OK\r\n");
  ASSERT_NE(first, std::string::npos) << both;
  const auto second = both.find("HTTP/1.1 200 OK\r\n", first + 1);
  ASSERT_NE(second, std::string::npos) << both;
  // Only the second asked to close; both carry the answer.
  const auto close = both.find("Connection: close\r\n\r\n", second);
  EXPECT_NE(close, std::string::npos) << both;
  EXPECT_EQ(both.find("Connection:"), close) << both;
  EXPECT_NE(both.find(R"({"id":7,"jsonrpc":"2.0","result":"0x539"})", second), std::string::npos);
  EXPECT_LT(both.find(R"("result":"0x539")"), second);

  const std::string old = "POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(kChainId.size()) + "\r\n\r\n" + std::string(kChainId);
  const std::string reply = raw_exchange(port, old);
  EXPECT_EQ(reply.substr(0, 17), "HTTP/1.0 200 OK\r\n") << reply;
  EXPECT_EQ(reply.find("Connection:"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Content-Length: "), std::string::npos) << reply;
  const std::string kept = raw_exchange(
      port, "POST / HTTP/1.0\r\nConnection: keep-alive\r\n" + old.substr(old.find("Content-Type")),
      300ms);
  EXPECT_NE(kept.find("Connection: keep-alive\r\n"), std::string::npos) << kept;
}

}  // namespace
}  // namespace plexus::rpc
