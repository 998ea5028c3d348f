// EVM interpreter on arbitrary code: the first byte picks the revision and static mode, the rest
// is both the code and the call data. The host is the in-memory one of the unit tests (nested
// calls return a canned success). Checks the result contract of interpreter.hpp: gas never grows,
// and a frame that failed (other than by REVERT) returns no gas and no output.
#include "evm/interpreter.hpp"
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

  // A fresh world for every run, so two runs must agree.
  const auto run = [&](const auto& program) {
    test::MockHost host;
    host.accounts[msg.recipient].balance[30] = 1;
    host.accounts[msg.recipient].code = to_bytes(code);
    host.tx.block_gas_limit = 30'000'000;
    host.tx.blob_hashes.resize(flags & 0x03);
    return execute(host, rev, msg, program);
  };

  const ExecResult result = run(code);
  FUZZ_CHECK(result.gas_left >= 0 && result.gas_left <= kGas);
  if (result.status != StatusCode::kSuccess && result.status != StatusCode::kRevert) {
    FUZZ_CHECK(result.gas_left == 0);
    FUZZ_CHECK(result.output.empty());
  }
  // Running the same code from a reusable analysis gives the same result (no hidden state).
  const ExecResult again = run(analyze(code));
  FUZZ_CHECK(again.status == result.status && again.gas_left == result.gas_left);
  FUZZ_CHECK(again.gas_refund == result.gas_refund && again.output == result.output);
  return 0;
}
