// CALL-family and CREATE-family: gas forwarding, stipend, surcharges, depth and balance checks,
// return data, static mode and EIP-3860 initcode limits.
#include "evm_test_util.hpp"

namespace plexus::evm::test {
namespace {

constexpr std::int64_t kRetTopGasNoGrowth = 12;  // ret_top when memory already covers word 0

// CALL(gas, target, value, in 0..in_size, out 0..32) then returns the success flag.
Asm call_code(std::uint8_t op, const uint256& gas, const Address& target, const uint256& value,
              std::uint64_t in_size = 0) {
  Asm a;
  a.push(32).push(0).push(in_size).push(0);
  if (op == kCall || op == kCallcode) a.push(value);
  return a.push(target).push(gas).op(op);
}

TEST(EvmCall, ForwardsGasAndBuildsMessage) {
  Runner r;
  r.host.accounts[addr(0x42)] = {};
  r.host.call_result.output = Bytes(40, 0x11);
  const ExecResult res = r.run(call_code(kCall, 5000, addr(0x42), 0, 4).ret_top());
  EXPECT_EQ(output_word(res), 1);
  ASSERT_EQ(r.host.calls.size(), 1u);
  const Message& m = r.host.calls[0].msg;
  EXPECT_EQ(m.kind, CallKind::kCall);
  EXPECT_EQ(m.gas, 5000);
  EXPECT_EQ(m.depth, 1);
  EXPECT_EQ(m.recipient, addr(0x42));
  EXPECT_EQ(m.code_address, addr(0x42));
  EXPECT_EQ(m.sender, r.msg.recipient);
  EXPECT_EQ(r.host.calls[0].input, Bytes(4, 0));
  // 7 pushes, CALL 100 + cold 2500 + 1 word of memory; the callee returned all its gas.
  EXPECT_EQ(r.gas_used(res), 21 + 100 + 2500 + 3 + kRetTopGasNoGrowth);
}

TEST(EvmCall, OutputCopiedAndReturnDataKept) {
  Runner r;
  Bytes out(40);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<Byte>(i);
  r.host.call_result.output = out;
  // After the call: RETURNDATASIZE, and the first output word copied to memory 0.
  Asm a = call_code(kStaticcall, 100, addr(0x42), 0);
  a.op(kPop).op(kReturndatasize).push(32).op(kMstore).push(64).push(0).op(kReturn);
  const ExecResult res = r.run(a);
  ASSERT_EQ(res.status, StatusCode::kSuccess);
  EXPECT_EQ(Bytes(res.output.begin(), res.output.begin() + 32),
            Bytes(out.begin(), out.begin() + 32));
  EXPECT_EQ(load_be32(res.output.data() + 32), 40);
  EXPECT_TRUE(r.host.calls[0].msg.is_static);
  // RETURNDATACOPY within bounds works; past the end is an exceptional halt.
  Asm ok = call_code(kStaticcall, 100, addr(0x42), 0);
  ok.push(8).push(32).push(0).op(kReturndatacopy).op(kStop);
  EXPECT_EQ(r.run(ok).status, StatusCode::kSuccess);
  Asm bad = call_code(kStaticcall, 100, addr(0x42), 0);
  bad.push(9).push(32).push(0).op(kReturndatacopy);
  EXPECT_EQ(r.run(bad).status, StatusCode::kInvalidMemoryAccess);
  Asm bad_offset = call_code(kStaticcall, 100, addr(0x42), 0);
  bad_offset.push(0).push(41).push(0).op(kReturndatacopy);
  EXPECT_EQ(r.run(bad_offset).status, StatusCode::kInvalidMemoryAccess);
}

TEST(EvmCall, SixtyThreeSixtyFourthsAndStipend) {
  Runner r;
  r.msg.gas = 100'000;
  r.host.warm_accounts.insert(addr(0x42));
  r.host.accounts[addr(0x42)] = {};
  r.host.accounts[r.msg.recipient].balance = to_bytes32(10);
  const ExecResult res = r.run(call_code(kCall, uint256::max(), addr(0x42), 1));
  ASSERT_EQ(res.status, StatusCode::kSuccess);
  const std::int64_t before = 100'000 - 21 - 100 - 3 - 9000;  // pushes, CALL, memory, value
  EXPECT_EQ(r.host.calls[0].msg.gas, before - before / 64 + 2300);
  EXPECT_EQ(r.host.calls[0].msg.value, to_bytes32(1));
  // The callee handed everything back, stipend included.
  EXPECT_EQ(res.gas_left, before + 2300);
}

TEST(EvmCall, ValueToNewAccountCostsExtra) {
  Runner r;
  r.host.accounts[r.msg.recipient].balance = to_bytes32(10);
  r.host.return_all_gas = false;
  r.host.call_result.gas_left = 0;
  const ExecResult res = r.run(call_code(kCall, 0, addr(0x43), 1));
  ASSERT_EQ(res.status, StatusCode::kSuccess);
  EXPECT_EQ(r.host.calls[0].msg.gas, 2300);
  EXPECT_EQ(r.gas_used(res), 21 + 100 + 2500 + 3 + 9000 + 25000);
}

TEST(EvmCall, DepthAndBalanceFailuresSkipTheHost) {
  Runner r;
  r.msg.depth = 1024;
  const ExecResult deep = r.run(call_code(kCall, 1000, addr(0x42), 0).ret_top());
  EXPECT_EQ(output_word(deep), 0);
  EXPECT_TRUE(r.host.calls.empty());
  Runner poor;
  poor.host.accounts[addr(0x42)] = {};
  const ExecResult res = poor.run(call_code(kCall, 1000, addr(0x42), 5).ret_top());
  EXPECT_EQ(output_word(res), 0);
  EXPECT_TRUE(poor.host.calls.empty());
  // The stipend is kept by the caller: only pushes, CALL, cold access, memory and value remain.
  EXPECT_EQ(poor.gas_used(res), 21 + 100 + 2500 + 3 + 9000 - 2300 + kRetTopGasNoGrowth);
  Runner create_deep;
  create_deep.msg.depth = 1024;
  EXPECT_EQ(output_word(create_deep.run(Asm().push(0).push(0).push(0).op(kCreate).ret_top())), 0);
  EXPECT_TRUE(create_deep.host.calls.empty());
}

TEST(EvmCall, DelegateAndCallcodeMessages) {
  Runner r;
  r.msg.value = to_bytes32(7);
  ASSERT_EQ(r.run(call_code(kDelegatecall, 10, addr(0x42), 0)).status, StatusCode::kSuccess);
  const Message& d = r.host.calls[0].msg;
  EXPECT_EQ(d.kind, CallKind::kDelegateCall);
  EXPECT_EQ(d.recipient, r.msg.recipient);
  EXPECT_EQ(d.sender, r.msg.sender);
  EXPECT_EQ(d.code_address, addr(0x42));
  EXPECT_EQ(d.value, to_bytes32(7));
  ASSERT_EQ(r.run(call_code(kCallcode, 10, addr(0x42), 0)).status, StatusCode::kSuccess);
  const Message& c = r.host.calls[1].msg;
  EXPECT_EQ(c.kind, CallKind::kCallCode);
  EXPECT_EQ(c.recipient, r.msg.recipient);
  EXPECT_EQ(c.sender, r.msg.recipient);
  EXPECT_EQ(c.value, Bytes32{});
}

TEST(EvmCall, StaticModeViolations) {
  Runner r;
  r.msg.is_static = true;
  EXPECT_EQ(r.run(Asm().push(1).push(1).op(kSstore)).status, StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(Asm().push(1).push(1).op(kTstore)).status, StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(Asm().push(0).push(0).op(kLog0)).status, StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(Asm().push(0).push(0).push(0).op(kCreate)).status,
            StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(Asm().push(0).push(0).push(0).push(0).op(kCreate2)).status,
            StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(Asm().push(1).op(kSelfdestruct)).status, StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(call_code(kCall, 10, addr(0x42), 1)).status, StatusCode::kStaticModeViolation);
  EXPECT_EQ(r.run(call_code(kCall, 10, addr(0x42), 0)).status, StatusCode::kSuccess);
  EXPECT_TRUE(r.host.calls.back().msg.is_static);
  EXPECT_EQ(r.run(call_code(kCallcode, 10, addr(0x42), 1)).status, StatusCode::kSuccess);
  EXPECT_EQ(r.run(Asm().push(1).op(kSload)).status, StatusCode::kSuccess);
  EXPECT_EQ(r.run(Asm().push(1).op(kTload)).status, StatusCode::kSuccess);
}

TEST(EvmCreate, CreateMessageResultAndReturnData) {
  Runner r;
  r.host.call_result.create_address = addr(0xcc);
  r.host.call_result.output = Bytes{1, 2, 3};
  // CREATE(value 0, initcode = memory[0..3]) then RETURNDATASIZE must be 0 after success.
  Asm a;
  a.push(3).push(0).push(0).op(kCreate).op(kReturndatasize).op(kAdd).ret_top();
  const ExecResult res = r.run(a);
  EXPECT_EQ(output_word(res), load_be(addr(0xcc).view()));
  const Message& m = r.host.calls[0].msg;
  EXPECT_EQ(m.kind, CallKind::kCreate);
  EXPECT_EQ(m.sender, r.msg.recipient);
  EXPECT_EQ(r.host.calls[0].input, Bytes(3, 0));
  const std::int64_t before = 1'000'000 - 9 - 32000 - 3 - 2;  // pushes, CREATE, memory, 1 word
  EXPECT_EQ(m.gas, before - before / 64);
  // A failed create exposes its revert data.
  r.host.call_result.status = StatusCode::kRevert;
  const ExecResult failed = r.run(a);
  EXPECT_EQ(output_word(failed), 3);
}

TEST(EvmCreate, Create2SaltAndHashingCost) {
  Runner r;
  r.host.return_all_gas = false;
  r.host.call_result.gas_left = 0;
  const ExecResult res = r.run(Asm().push(0x5a17).push(64).push(0).push(0).op(kCreate2));
  ASSERT_EQ(res.status, StatusCode::kSuccess);
  EXPECT_EQ(r.host.calls[0].msg.create2_salt, to_bytes32(0x5a17));
  EXPECT_EQ(r.host.calls[0].msg.kind, CallKind::kCreate2);
  const std::int64_t before = 1'000'000 - 12 - 32000 - 6 - 2 * 2 - 6 * 2;
  EXPECT_EQ(r.gas_used(res), 1'000'000 - before + (before - before / 64));
}

TEST(EvmCreate, InitcodeSizeLimit) {
  Runner r;
  r.msg.gas = 10'000'000;
  EXPECT_EQ(r.run(Asm().push(49152).push(0).push(0).op(kCreate)).status, StatusCode::kSuccess);
  EXPECT_EQ(r.run(Asm().push(49153).push(0).push(0).op(kCreate)).status, StatusCode::kOutOfGas);
  EXPECT_EQ(r.run(Asm().push(0).push(49153).push(0).push(0).op(kCreate2)).status,
            StatusCode::kOutOfGas);
  r.rev = Revision::kLondon;  // before EIP-3860 only memory limits the size
  EXPECT_EQ(r.run(Asm().push(49153).push(0).push(0).op(kCreate)).status, StatusCode::kSuccess);
  Runner poor;
  poor.host.accounts[poor.msg.recipient].balance = to_bytes32(1);
  EXPECT_EQ(output_word(poor.run(Asm().push(0).push(0).push(2).op(kCreate).ret_top())), 0);
  EXPECT_TRUE(poor.host.calls.empty());
}

TEST(EvmCall, RefundsFromNestedFramesAccumulate) {
  Runner r;
  r.host.call_result.gas_refund = 4800;
  const ExecResult res = r.run(call_code(kCall, 10, addr(0x42), 0));
  EXPECT_EQ(res.gas_refund, 4800);
}

}  // namespace
}  // namespace plexus::evm::test
