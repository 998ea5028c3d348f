// The Transport contract, run against both implementations: code above the seam sees the same
// connect, send, receive and disconnect behaviour from SimNetwork and from TlsTransport.
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "net/sim_network.hpp"
#include "net/tls_transport.hpp"

namespace plexus::net {
namespace {

using namespace std::chrono_literals;

// What one node's handlers saw. Locked: TlsTransport calls from its own thread.
struct Recorder {
  std::mutex mutex;
  std::vector<NodeId> connected, disconnected;
  std::vector<Message> messages;

  TransportHandlers handlers() {
    return TransportHandlers{
        .on_message = [this](const NodeId&, Message m) {
          std::lock_guard lock(mutex);
          messages.push_back(std::move(m));
        },
        .on_connect = [this](const NodeId& p) {
          std::lock_guard lock(mutex);
          connected.push_back(p);
        },
        .on_disconnect = [this](const NodeId& p, const Error&) {
          std::lock_guard lock(mutex);
          disconnected.push_back(p);
        }};
  }
  template <typename F>
  auto read(F&& f) {
    std::lock_guard lock(mutex);
    return f();
  }
};

class Harness {
 public:
  virtual ~Harness() = default;
  virtual Transport& a() = 0;
  virtual Transport& b() = 0;
  virtual Endpoint b_endpoint() = 0;
  // Lets time pass until `done` holds; false when it never does.
  virtual bool settle(const std::function<bool()>& done) = 0;
};

class SimHarness final : public Harness {
 public:
  SimHarness() {
    a_id_[0] = 1;
    b_id_[0] = 2;
    net_.add_node(a_id_);
    net_.add_node(b_id_);
  }
  Transport& a() override { return net_.node(a_id_); }
  Transport& b() override { return net_.node(b_id_); }
  Endpoint b_endpoint() override { return net_.endpoint_of(b_id_); }
  bool settle(const std::function<bool()>& done) override {
    for (int i = 0; i < 1000 && !done(); ++i) net_.run_for(10ms);  // 10 s of simulated time
    return done();
  }

 private:
  SimNetwork net_{1};
  NodeId a_id_{}, b_id_{};
};

class TlsHarness final : public Harness {
 public:
  TlsHarness() : a_(start()), b_(start()) {}
  Transport& a() override { return *a_; }
  Transport& b() override { return *b_; }
  Endpoint b_endpoint() override { return b_->local_endpoint(); }
  bool settle(const std::function<bool()>& done) override {
    for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(10ms);
    return done();
  }

 private:
  static std::unique_ptr<TlsTransport> start() {
    TlsConfig config;
    config.network_id = 1;
    config.log = [](std::string_view) {};
    return std::move(*TlsTransport::start(std::move(*Identity::generate()), std::move(config)));
  }
  std::unique_ptr<TlsTransport> a_, b_;
};

class TransportContract : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (std::string(GetParam()) == "sim") {
      harness_ = std::make_unique<SimHarness>();
    } else {
      harness_ = std::make_unique<TlsHarness>();
    }
    harness_->a().set_handlers(ra_.handlers());
    harness_->b().set_handlers(rb_.handlers());
  }
  // Before the recorders go: TlsTransport's thread may still be calling them.
  void TearDown() override { harness_.reset(); }

  std::unique_ptr<Harness> harness_;
  Recorder ra_, rb_;
};

TEST_P(TransportContract, ConnectExchangeDisconnect) {
  Harness& h = *harness_;
  const NodeId a = h.a().self();
  const NodeId b = h.b().self();
  EXPECT_FALSE(h.a().send(b, Message{.kind = MessageKind::kConsensus, .subnet = {}, .payload = {1}}));

  h.a().connect(h.b_endpoint());
  ASSERT_TRUE(h.settle([&] {
    return ra_.read([&] { return ra_.connected.size(); }) == 1 &&
           rb_.read([&] { return rb_.connected.size(); }) == 1;
  }));
  EXPECT_EQ(ra_.connected[0], b);
  EXPECT_EQ(rb_.connected[0], a);
  EXPECT_EQ(h.a().peers(), std::vector<NodeId>{b});
  EXPECT_EQ(h.b().peers(), std::vector<NodeId>{a});

  Message m{.kind = MessageKind::kBlockAnnounce, .subnet = {}, .payload = {9, 9}};
  m.subnet[31] = 5;
  ASSERT_TRUE(h.a().send(b, m));
  ASSERT_TRUE(h.b().send(a, m, Priority::kTransactions));
  ASSERT_TRUE(h.settle([&] {
    return ra_.read([&] { return ra_.messages.size(); }) == 1 &&
           rb_.read([&] { return rb_.messages.size(); }) == 1;
  }));
  EXPECT_EQ(rb_.messages[0], m);
  EXPECT_EQ(ra_.messages[0], m);

  h.b().disconnect(a);
  ASSERT_TRUE(h.settle([&] {
    return ra_.read([&] { return ra_.disconnected.size(); }) == 1 &&
           rb_.read([&] { return rb_.disconnected.size(); }) == 1;
  }));
  EXPECT_TRUE(h.a().peers().empty());
  const auto after = h.a().send(b, m);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, Errc::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(BothImplementations, TransportContract, ::testing::Values("sim", "tls"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace plexus::net
