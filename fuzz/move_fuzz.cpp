// Move bytecode: the input is a module or script file. Whatever the deserializer accepts must pass
// the bounds checker (the deserializer runs it), serialize back to the identical bytes (as
// binary.hpp promises) and go through the verifier without crashing, for both address lengths.
#include "fuzz_check.hpp"
#include "move/binary/binary.hpp"
#include "move/verifier/verifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  using namespace plexus::move;
  const BytesView input = fuzz::input_view(data, size);
  for (const std::size_t address_length : {32u, 16u}) {
    BinaryConfig config;
    config.address_length = address_length;
    if (auto module = deserialize_module(input, config)) {
      FUZZ_CHECK(check_bounds(*module).has_value());
      FUZZ_CHECK(serialize_module(*module) == to_bytes(input));
      (void)verify_module(*module);
    }
    if (auto script = deserialize_script(input, config)) {
      FUZZ_CHECK(check_bounds(*script).has_value());
      FUZZ_CHECK(serialize_script(*script) == to_bytes(input));
      (void)verify_script(*script);
    }
  }
  return 0;
}
