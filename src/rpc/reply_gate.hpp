#pragma once
// A reply that has to wait without holding a thread. A method that already knows its answer but
// must not send it yet (eth_sendRawTransaction on an instant-mining node answers once its block
// is committed) defers it on the gate of the request being handled; the server then sends the
// reply when every deferral has opened, or when the timeout passes, and its thread serves other
// requests meanwhile. HTTP requests and WebSocket messages carry a gate; elsewhere (code that
// calls the dispatcher directly) ReplyGate::current() is null and the method waits in place.
#include <chrono>
#include <functional>
#include <vector>

namespace plexus::rpc {

class ReplyGate {
 public:
  // Opens one deferral; callable once, from any thread.
  using Open = std::function<void()>;
  // Receives the Open of its deferral when the server is ready to send.
  using Arm = std::function<void(Open)>;

  // The gate of the request this thread is handling, or nullptr.
  [[nodiscard]] static ReplyGate* current() noexcept;

  // Sets current() for the lifetime of the scope.
  class Scope {
   public:
    explicit Scope(ReplyGate& gate) noexcept;
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ReplyGate* previous_;
  };

  // The reply waits for `arm`'s Open as well, at most `timeout` in all (the longest asked).
  void defer(Arm arm, std::chrono::milliseconds timeout);

  [[nodiscard]] bool deferred() const noexcept { return !arms_.empty(); }
  [[nodiscard]] std::chrono::milliseconds timeout() const noexcept { return timeout_; }
  // Moves the deferrals out, for the server to arm.
  [[nodiscard]] std::vector<Arm> take_arms() { return std::move(arms_); }

 private:
  std::vector<Arm> arms_;
  std::chrono::milliseconds timeout_{0};
};

}  // namespace plexus::rpc
