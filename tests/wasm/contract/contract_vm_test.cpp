// ContractVm's rules on hand-assembled modules: creation payloads, what is rejected at creation
// and with which message, traps and gas exhaustion at run time.
#include <string>

#include <gtest/gtest.h>

#include "contract_test_util.hpp"
#include "wasm/contract/outcome.hpp"
#include "test_host.hpp"
#include "wasm/contract/contract_vm.hpp"
#include "wasm/contract/envelope.hpp"
#include "../wasm_test_util.hpp"

namespace plexus::wasm::test {
namespace {

using exec::CallStatus;

const Address kUser = address_of(1);
const Address kContract = address_of(0x70);

void put_name(Bytes& out, const std::string& name) {
  put_u32(out, static_cast<std::uint32_t>(name.size()));
  out.insert(out.end(), name.begin(), name.end());
}

struct ModuleSpec {
  std::vector<std::uint8_t> body = {0x0B};  // the function's code after its locals, with `end`
  std::string import_module;                // non-empty: one () -> () function import
  std::string import_name;
  std::string entry = "call";
  bool export_memory = true;
};

// A module with one () -> () function exported as `entry` and a one-page memory.
Bytes contract_module(const ModuleSpec& spec) {
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  put_section(m, 1, {0x01, 0x60, 0x00, 0x00});
  const bool imports = !spec.import_module.empty();
  if (imports) {
    Bytes sec = {0x01};
    put_name(sec, spec.import_module);
    put_name(sec, spec.import_name);
    sec.insert(sec.end(), {0x00, 0x00});
    put_section(m, 2, sec);
  }
  put_section(m, 3, {0x01, 0x00});
  put_section(m, 5, {0x01, 0x00, 0x01});
  Bytes exports = {static_cast<Byte>(spec.export_memory ? 2 : 1)};
  if (spec.export_memory) {
    put_name(exports, "memory");
    exports.insert(exports.end(), {0x02, 0x00});
  }
  put_name(exports, spec.entry);
  exports.insert(exports.end(), {0x00, static_cast<Byte>(imports ? 1 : 0)});
  put_section(m, 7, exports);
  Bytes body = {0x00};
  body.insert(body.end(), spec.body.begin(), spec.body.end());
  Bytes code = {0x01};
  put_u32(code, static_cast<std::uint32_t>(body.size()));
  code.insert(code.end(), body.begin(), body.end());
  put_section(m, 10, code);
  return m;
}

Bytes with_body(std::vector<std::uint8_t> body) {
  ModuleSpec spec;
  spec.body = std::move(body);
  return contract_module(spec);
}

Bytes with_import(const std::string& module, const std::string& name) {
  ModuleSpec spec;
  spec.import_module = module;
  spec.import_name = name;
  return contract_module(spec);
}

class ContractVmTest : public ::testing::Test {
 protected:
  exec::CallResult deploy(BytesView payload, std::int64_t gas = 10'000'000) {
    return host_.deploy(kUser, kContract, payload, gas);
  }
  void expect_rejected(BytesView payload, const std::string& message_part) {
    const auto r = deploy(payload);
    EXPECT_EQ(r.status, CallStatus::kFailure);
    EXPECT_EQ(r.gas_left, 0);
    EXPECT_NE(r.error.find(message_part), std::string::npos) << r.error;
    EXPECT_EQ(host_.code_kind(kContract), exec::CodeKind::kNone);
  }

  ContractVm vm_;
  TestHost host_{vm_};
};

TEST_F(ContractVmTest, RecognisesBothCreationForms) {
  const Bytes module = contract_module({});
  EXPECT_TRUE(vm_.accepts_creation(module));
  EXPECT_TRUE(vm_.accepts_creation(contract::make_creation(module)));
  EXPECT_FALSE(vm_.accepts_creation(Bytes{0x60, 0x80, 0x60, 0x40}));  // EVM initcode
  EXPECT_FALSE(vm_.accepts_creation(Bytes{0xEF, 'W', 'A'}));
  EXPECT_FALSE(vm_.accepts_creation(Bytes{}));
}

TEST_F(ContractVmTest, InstallsABareModuleAndRunsIt) {
  const Bytes module = contract_module({});
  const auto r = deploy(module);
  ASSERT_EQ(r.status, CallStatus::kSuccess) << r.error;
  EXPECT_EQ(r.gas_left, 10'000'000 - 200 * static_cast<std::int64_t>(module.size()));
  EXPECT_EQ(host_.code_kind(kContract), exec::CodeKind::kWasm);
  EXPECT_EQ(host_.code(kContract), module);
  const auto call = host_.transact(kUser, kContract, {});
  EXPECT_EQ(call.status, CallStatus::kSuccess) << call.error;
  EXPECT_TRUE(call.output.empty());
  // One page of memory (4096) and the function's one-instruction block.
  EXPECT_EQ(call.gas_left, 10'000'000 - 4096 - 1);
}

TEST_F(ContractVmTest, MalformedModuleIsRejectedWithAClearError) {
  expect_rejected(Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0xFF},
                  "wasm contract: invalid module:");
  expect_rejected(Bytes{0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00},
                  "wasm contract: invalid module:");
}

TEST_F(ContractVmTest, TruncatedEnvelopeIsRejected) {
  expect_rejected(Bytes{0xEF, 'W', 'A', 'S', 0x00, 0x00, 0x01, 0x00, 0x00, 0x61, 0x73},
                  "declares a module of 256 bytes but carries 3");
  expect_rejected(Bytes{0xEF, 'W', 'A', 'S', 0x00}, "shorter than its header");
}

TEST_F(ContractVmTest, FloatingPointIsRejected) {
  // f32.const 1.5, drop
  expect_rejected(with_body({0x43, 0x00, 0x00, 0xC0, 0x3F, 0x1A, 0x0B}),
                  "not supported: floating-point instructions in contracts");
  // i32.const 0, f64.load, drop: a float load pushes a float as well
  expect_rejected(with_body({0x41, 0x00, 0x2B, 0x03, 0x00, 0x1A, 0x0B}),
                  "not supported: floating-point instructions in contracts");
  // a float parameter, even unused
  expect_rejected(single_function_module({0x7D}, {}, {0x0B}),
                  "not supported: floating-point instructions in contracts (a function type "
                  "uses f32)");
  // i32.const 0, f32.reinterpret_i32, drop
  expect_rejected(with_body({0x41, 0x00, 0xBE, 0x1A, 0x0B}),
                  "not supported: floating-point instructions in contracts");
}

TEST_F(ContractVmTest, ImportsOutsideTheHostApiAreRejected) {
  expect_rejected(with_import("env", "abort"),
                  "unknown import env.abort");
  expect_rejected(with_import("plexus", "selfdestruct"),
                  "unknown import plexus.selfdestruct");
  // plexus.finish takes (i32, i32)
  expect_rejected(with_import("plexus", "finish"),
                  "import plexus.finish has the wrong signature");
}

TEST_F(ContractVmTest, EntryPointAndMemoryMustBeExported) {
  ModuleSpec spec;
  spec.entry = "main";
  expect_rejected(contract_module(spec), "no exported function `call`");
  spec.entry = "call";
  spec.export_memory = false;
  expect_rejected(contract_module(spec), "no exported memory `memory`");
}

TEST_F(ContractVmTest, ConstructorArgumentsNeedDeploy) {
  const Bytes payload = contract::make_creation(contract_module({}), Bytes(32, 1));
  expect_rejected(payload, "constructor arguments given but no `deploy` export");
}

TEST_F(ContractVmTest, CodeDepositIsPaidFirst) {
  const Bytes module = contract_module({});
  const auto r = deploy(module, 200 * static_cast<std::int64_t>(module.size()) - 1);
  EXPECT_EQ(r.status, CallStatus::kOutOfGas);
  EXPECT_EQ(r.gas_left, 0);
  EXPECT_EQ(host_.code_kind(kContract), exec::CodeKind::kNone);
}

TEST_F(ContractVmTest, TrapIsAFailureWithItsReason) {
  ASSERT_EQ(deploy(with_body({0x00, 0x0B})).status, CallStatus::kSuccess);
  const auto r = host_.transact(kUser, kContract, {});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_EQ(r.error, "wasm trap: unreachable");
  EXPECT_EQ(r.gas_left, 0);
}

TEST_F(ContractVmTest, EndlessLoopRunsOutOfGas) {
  // loop br 0 end
  ASSERT_EQ(deploy(with_body({0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B})).status,
            CallStatus::kSuccess);
  const auto r = host_.transact(kUser, kContract, {}, 1'000'000);
  EXPECT_EQ(r.status, CallStatus::kOutOfGas);
  EXPECT_EQ(r.gas_left, 0);
  EXPECT_EQ(r.error, "out of gas");
}

TEST_F(ContractVmTest, AccountWithoutWasmCodeFails) {
  const auto r = host_.transact(kUser, address_of(0x55), {});
  EXPECT_EQ(r.status, CallStatus::kFailure);
  EXPECT_EQ(r.error, "wasm contract: the recipient holds no WebAssembly code");
}

TEST(ContractEnvelope, RoundTrips) {
  const Bytes module = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  const Bytes args = {1, 2, 3};
  const Bytes payload = contract::make_creation(module, args);
  EXPECT_EQ(payload.size(), 8 + module.size() + args.size());
  EXPECT_EQ(payload[7], module.size());
  const auto c = contract::parse_creation(payload);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(to_bytes(c->module), module);
  EXPECT_EQ(to_bytes(c->args), args);
  const auto bare = contract::parse_creation(module);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->module.size(), module.size());
  EXPECT_TRUE(bare->args.empty());
}

TEST(ContractRevertReason, DecodesOnlyWellFormedErrorStrings) {
  EXPECT_EQ(contract::revert_reason(error_string("no")), "no");
  EXPECT_EQ(contract::revert_reason(Bytes{0x08, 0xC3, 0x79, 0xA0}), std::nullopt);
  Bytes lying = error_string("abc");
  lying[4 + 63] = 200;  // length beyond the data
  EXPECT_EQ(contract::revert_reason(lying), std::nullopt);
}

}  // namespace
}  // namespace plexus::wasm::test
