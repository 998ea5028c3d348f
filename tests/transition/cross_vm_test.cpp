// Calls across VMs through StateHost and CrossVmHost, with a scripted stand-in for a foreign VM:
// a revert on either side undoes every write of every VM below it, foreign failures reach the EVM
// as failed calls with their reason, and foreign creation payloads install non-EVM code.
#include <gtest/gtest.h>

#include <functional>

#include "core/hex.hpp"
#include "foreign_call.hpp"
#include "state_test_helpers.hpp"
#include "transition/cross_vm_host.hpp"
#include "transition/state_host.hpp"

namespace plexus::transition {
namespace {

using testing::addr;
using testing::word;

const Bytes kDataKey{'k'};

// Runs `script` as the body of every call it receives.
class ScriptedVm final : public exec::Vm {
 public:
  using Script = std::function<exec::CallResult(exec::Host&, const exec::CallMessage&)>;
  Script script;

  exec::CallResult execute(exec::Host& host, const exec::CallMessage& msg) override {
    return script(host, msg);
  }
  exec::CallResult create(exec::Host& host, const exec::CallMessage& msg) override {
    host.set_code(msg.recipient, exec::CodeKind::kWasm, to_bytes(msg.input));
    exec::CallResult ok;
    ok.status = exec::CallStatus::kSuccess;
    ok.gas_left = msg.gas - 100;
    return ok;
  }
  bool accepts_creation(BytesView payload) const override {
    return !payload.empty() && payload[0] == 0xEF;
  }
};

exec::CallResult success(std::int64_t gas_left) {
  exec::CallResult r;
  r.status = exec::CallStatus::kSuccess;
  r.gas_left = gas_left;
  return r;
}

// EVM code: CALL(gas, target, 0, 0, 0, 0, 0); store the call's success flag at slot 1; then
// STOP or REVERT.
Bytes evm_caller(const Address& target, bool revert_after) {
  return hex_or_throw("6000600060006000600073" + to_hex(target, false) + "5af1600155" +
                      (revert_after ? "60006000fd" : "00"));
}

const Bytes kEvmWriter = {0x60, 0x07, 0x60, 0x00, 0x55, 0x00};  // SSTORE(0, 7); STOP

class CrossVm : public ::testing::Test {
 protected:
  CrossVm() {
    vms_.wasm = &wasm_;
    vms_.move = &move_;
    state_.set_code(kWasmContract, Bytes{0x00, 'a', 's', 'm'}, exec::CodeKind::kWasm);
    state_.get_or_create(kUser).balance = 1'000'000;
    static_cast<void>(state_.finalize_transaction());
  }

  evm::ExecResult call(const Address& to, std::int64_t gas = 1'000'000, BytesView input = {}) {
    return plexus::testing::run_foreign_call(
        state_, vms_, {.from = kUser, .to = to, .input = input, .gas = gas}, last_error_);
  }

  const Address kUser = addr(0xAA);
  const Address kWasmContract = addr(0x57);
  const Address kEvmContract = addr(0xE0);
  exec::State state_;
  ScriptedVm wasm_;
  ScriptedVm move_;
  exec::ForeignVms vms_;
  std::string last_error_;
};

TEST_F(CrossVm, EvmRevertUndoesTheWasmCalleesWrites) {
  wasm_.script = [&](exec::Host& host, const exec::CallMessage& msg) {
    host.store(msg.recipient, exec::Namespace::kWasm, kDataKey, Bytes{1});
    host.emit_log(msg.recipient, {}, Bytes{2});
    return success(msg.gas - 10);
  };
  state_.set_code(kEvmContract, evm_caller(kWasmContract, /*revert_after=*/true));
  EXPECT_EQ(call(kEvmContract).status, evm::StatusCode::kRevert);
  EXPECT_EQ(state_.get_data(kWasmContract, exec::data_key(exec::Namespace::kWasm, kDataKey)),
            nullptr);
  EXPECT_TRUE(state_.logs().empty());

  state_.set_code(addr(0xE1), evm_caller(kWasmContract, /*revert_after=*/false));
  EXPECT_EQ(call(addr(0xE1)).status, evm::StatusCode::kSuccess);
  EXPECT_NE(state_.get_data(kWasmContract, exec::data_key(exec::Namespace::kWasm, kDataKey)),
            nullptr);
  EXPECT_EQ(state_.get_storage(addr(0xE1), word(1)), word(1));  // the CALL succeeded
  EXPECT_EQ(state_.logs().size(), 1U);
}

TEST_F(CrossVm, WasmRevertUndoesTheEvmCalleesWrites) {
  state_.set_code(kEvmContract, kEvmWriter);
  exec::CallResult inner;
  wasm_.script = [&](exec::Host& host, const exec::CallMessage& msg) {
    host.store(msg.recipient, exec::Namespace::kWasm, kDataKey, Bytes{1});
    exec::CallMessage sub{.sender = msg.recipient,
                          .recipient = kEvmContract,
                          .value = 0,
                          .input = {},
                          .gas = 100'000,
                          .depth = msg.depth + 1,
                          .is_static = false};
    inner = host.call(sub);
    exec::CallResult r;
    r.status = exec::CallStatus::kRevert;
    r.gas_left = msg.gas / 2;
    r.output = Bytes{0xde, 0xad};
    return r;
  };
  const evm::ExecResult r = call(kWasmContract);
  EXPECT_EQ(inner.status, exec::CallStatus::kSuccess);
  EXPECT_EQ(r.status, evm::StatusCode::kRevert);
  EXPECT_EQ(r.output, (Bytes{0xde, 0xad}));
  EXPECT_EQ(r.gas_left, 500'000);
  EXPECT_EQ(state_.get_storage(kEvmContract, word(0)), Bytes32{});
  EXPECT_EQ(state_.get_data(kWasmContract, exec::data_key(exec::Namespace::kWasm, kDataKey)),
            nullptr);
}

TEST_F(CrossVm, EvmToMoveRouterRevertsAtomically) {
  move_.script = [&](exec::Host& host, const exec::CallMessage& msg) {
    host.store(msg.sender, exec::Namespace::kMoveResource, Bytes{'R'}, Bytes{9});
    return success(msg.gas);
  };
  state_.set_code(kEvmContract, evm_caller(exec::kMoveRouter, /*revert_after=*/true));
  EXPECT_EQ(call(kEvmContract).status, evm::StatusCode::kRevert);
  EXPECT_EQ(
      state_.get_data(kEvmContract, exec::data_key(exec::Namespace::kMoveResource, Bytes{'R'})),
      nullptr);
}

TEST_F(CrossVm, ForeignOutOfGasAndFailuresReachTheEvmWithTheirReason) {
  wasm_.script = [&](exec::Host& host, const exec::CallMessage& msg) {
    host.store(msg.recipient, exec::Namespace::kWasm, kDataKey, Bytes{1});
    exec::CallResult r;
    r.status = exec::CallStatus::kOutOfGas;
    r.error = "out of gas in wasm";
    return r;
  };
  state_.set_code(kEvmContract, evm_caller(kWasmContract, /*revert_after=*/false));
  EXPECT_EQ(call(kEvmContract).status, evm::StatusCode::kSuccess);  // the caller survives
  EXPECT_EQ(state_.get_storage(kEvmContract, word(1)), Bytes32{});  // but its CALL failed
  EXPECT_EQ(state_.get_data(kWasmContract, exec::data_key(exec::Namespace::kWasm, kDataKey)),
            nullptr);

  const evm::ExecResult direct = call(kWasmContract);
  EXPECT_EQ(direct.status, evm::StatusCode::kOutOfGas);
  EXPECT_EQ(direct.gas_left, 0);
  EXPECT_EQ(last_error_, "out of gas in wasm");
}

TEST_F(CrossVm, NestedForeignCallsStopAtTheSharedDepthLimit) {
  std::int32_t deepest = 0;
  wasm_.script = [&](exec::Host& host, const exec::CallMessage& msg) {
    deepest = std::max(deepest, msg.depth);
    exec::CallMessage sub{.sender = msg.recipient,
                          .recipient = msg.recipient,
                          .value = 0,
                          .input = {},
                          .gas = msg.gas,
                          .depth = msg.depth + 1,
                          .is_static = false};
    const exec::CallResult r = host.call(sub);
    if (r.status != exec::CallStatus::kSuccess) {
      EXPECT_FALSE(r.error.empty());
    }
    return success(msg.gas);
  };
  EXPECT_EQ(call(kWasmContract).status, evm::StatusCode::kSuccess);
  EXPECT_EQ(deepest, exec::kMaxCallDepth);
}

TEST_F(CrossVm, ForeignCreationPayloadsInstallForeignCode) {
  StateHost host(state_, evm::Revision::kCancun, evm::TxContext{}, {}, &vms_);
  evm::Message msg;
  msg.kind = evm::CallKind::kCreate;
  msg.gas = 100'000;
  msg.sender = kUser;
  msg.recipient = create_address(kUser, 0);
  msg.code_address = msg.recipient;
  const Bytes payload = {0xEF, 0x57, 1, 2, 3};
  msg.input = payload;
  const evm::ExecResult r = host.call(msg);
  ASSERT_EQ(r.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(r.gas_left, 100'000 - 100);
  EXPECT_EQ(r.create_address, msg.recipient);
  EXPECT_EQ(state_.find(msg.recipient)->code_kind, exec::CodeKind::kWasm);
  EXPECT_EQ(state_.find(msg.recipient)->code, payload);
}

TEST_F(CrossVm, DelegatecallIntoForeignCodeIsRefusedWithAReason) {
  StateHost host(state_, evm::Revision::kCancun, evm::TxContext{}, {}, &vms_);
  evm::Message msg;
  msg.kind = evm::CallKind::kDelegateCall;
  msg.gas = 100'000;
  msg.sender = kUser;
  msg.recipient = kUser;
  msg.code_address = kWasmContract;
  EXPECT_EQ(host.call(msg).status, evm::StatusCode::kFailure);
  EXPECT_NE(host.last_foreign_error().find("not supported"), std::string::npos);
}

}  // namespace
}  // namespace plexus::transition
