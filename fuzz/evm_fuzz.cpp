// EVM interpreter on arbitrary code: the first byte picks the revision and static mode, the rest
// is both the code and the call data. The host is the in-memory one of the unit tests (nested
// calls return a canned success). Checks the result contract of interpreter.hpp: gas never grows,
// and a frame that failed (other than by REVERT) returns no gas and no output; and that the
// untraced loop (stack and gas checked once per block, fused jumps) ends exactly as the traced
// one, which checks every instruction by itself.
#include "evm/interpreter.hpp"
#include "evm/tracer.hpp"
#include "fuzz_check.hpp"
#include "mock_host.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  using namespace plexus::evm;
  // Bounds the work per input: memory expansion and loops are paid for with gas.
  constexpr std::int64_t kGas = 300'000;

  fuzz::Cursor in(fuzz::input_view(data, size));
  const std::uint8_t flags = in.byte();
  const BytesView code = in.rest();

  Message msg;
  msg.gas = kGas;
  msg.is_static = (flags & 0x04) != 0;
  msg.depth = (flags & 0x08) != 0 ? 1023 : 0;  // the depth limit path of nested calls
  msg.recipient[19] = 0xaa;
  msg.code_address = msg.recipient;
  msg.sender[19] = 0xbb;
  msg.input = code;
  msg.value[31] = flags >> 4;
  const auto rev = static_cast<Revision>(flags & 0x03);

  // A fresh world for every run, so runs must agree (on the world they leave, too).
  Tracer silent;  // sees every step and does nothing with it
  const auto run = [&](const auto& program, bool traced, test::MockHost& host) {
    host.trace_with = traced ? &silent : nullptr;
    host.accounts[msg.recipient].balance[30] = 1;
    host.accounts[msg.recipient].code = to_bytes(code);
    host.tx.block_gas_limit = 30'000'000;
    host.tx.blob_hashes.resize(flags & 0x03);
    return execute(host, rev, msg, program);
  };

  test::MockHost untraced_host;
  const ExecResult result = run(code, false, untraced_host);
  FUZZ_CHECK(result.gas_left >= 0 && result.gas_left <= kGas);
  if (result.status != StatusCode::kSuccess && result.status != StatusCode::kRevert) {
    FUZZ_CHECK(result.gas_left == 0);
    FUZZ_CHECK(result.output.empty());
  }
  // Running the same code from a reusable analysis gives the same result (no hidden state).
  test::MockHost again_host;
  const ExecResult again = run(analyze(code), false, again_host);
  FUZZ_CHECK(again.status == result.status && again.gas_left == result.gas_left);
  FUZZ_CHECK(again.gas_refund == result.gas_refund && again.output == result.output);
  // The traced loop ends the same way, with the whole gas and with less: the gas this code used
  // and fractions of it put the out-of-gas failures at many points of its blocks.
  const std::int64_t used = kGas - result.gas_left;
  for (const std::int64_t gas : {kGas, used, used - 1, used / 2, used / 3, used / 5}) {
    if (gas < 0) continue;
    msg.gas = gas;
    test::MockHost fast_host;
    const ExecResult fast = run(code, false, fast_host);
    test::MockHost traced_host;
    const ExecResult traced = run(code, true, traced_host);
    FUZZ_CHECK(traced.status == fast.status && traced.gas_left == fast.gas_left);
    FUZZ_CHECK(traced.gas_refund == fast.gas_refund && traced.output == fast.output);
    FUZZ_CHECK(traced_host.accounts == fast_host.accounts);
    FUZZ_CHECK(traced_host.logs.size() == fast_host.logs.size());
  }
  return 0;
}
