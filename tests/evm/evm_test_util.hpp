#pragma once
// Bytecode assembly and a one-call runner for interpreter tests.
#include <gtest/gtest.h>

#include <initializer_list>

#include "core/uint256.hpp"
#include "evm/interpreter.hpp"
#include "evm/opcodes.hpp"
#include "mock_host.hpp"

namespace plexus::evm::test {

// Appends opcodes and minimal PUSHes: Asm().push(1).push(2).op(kAdd).ret_top().
class Asm {
 public:
  Asm& op(std::uint8_t opcode) {
    code_.push_back(opcode);
    return *this;
  }
  Asm& ops(std::initializer_list<std::uint8_t> opcodes) {
    code_.insert(code_.end(), opcodes);
    return *this;
  }
  Asm& push(const uint256& v) {
    const unsigned n = std::max(1u, byte_width(v));
    const Bytes32 word = to_bytes32(v);
    code_.push_back(static_cast<Byte>(kPush1 + n - 1));
    code_.insert(code_.end(), word.bytes.end() - n, word.bytes.end());
    return *this;
  }
  Asm& push(const Address& a) { return push(load_be(a.view())); }
  Asm& bytes(BytesView b) {
    code_.insert(code_.end(), b.begin(), b.end());
    return *this;
  }
  // MSTORE the top item at 0 and RETURN those 32 bytes.
  Asm& ret_top() { return push(0).op(kMstore).push(32).push(0).op(kReturn); }
  [[nodiscard]] std::size_t size() const { return code_.size(); }
  [[nodiscard]] const Bytes& code() const { return code_; }

 private:
  Bytes code_;
};

inline Address addr(std::uint8_t last) {
  Address a;
  a[19] = last;
  return a;
}

struct Runner {
  MockHost host;
  Message msg;
  Revision rev = Revision::kCancun;
  Bytes input;

  Runner() {
    msg.gas = 1'000'000;
    msg.recipient = addr(0xaa);
    msg.sender = addr(0xbb);
    msg.code_address = msg.recipient;
  }
  ExecResult run(const Asm& a) { return run(a.code()); }
  ExecResult run(const Bytes& code) {
    msg.input = input;
    return execute(host, rev, msg, code);
  }
  std::int64_t gas_used(const ExecResult& r) const { return msg.gas - r.gas_left; }
};

// The first output word of a successful run.
inline uint256 output_word(const ExecResult& r) {
  EXPECT_EQ(r.status, StatusCode::kSuccess);
  EXPECT_GE(r.output.size(), 32u);
  return r.output.size() >= 32 ? load_be32(r.output.data()) : uint256{};
}

}  // namespace plexus::evm::test
