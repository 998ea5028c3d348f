// WebAssembly: the input is a binary module. Decoding, validation and compilation (with and
// without gas metering) must reject bad modules with a message and never crash; a module that
// compiles must also decode and validate on its own.
#include "fuzz_check.hpp"
#include "wasm/compiler.hpp"
#include "wasm/module.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  using namespace plexus::wasm;
  const BytesView input = fuzz::input_view(data, size);
  auto decoded = decode_module(input);
  if (!decoded) FUZZ_CHECK(!decoded.error().message.empty());
  const bool valid = decoded && validate_module(*decoded).has_value();
  for (const bool metering : {false, true}) {
    CompileOptions options;
    options.metering = metering;
    auto compiled = compile_module(input, options);
    if (!compiled) {
      FUZZ_CHECK(!compiled.error().message.empty());
      continue;
    }
    FUZZ_CHECK(valid);
    FUZZ_CHECK((*compiled)->functions.size() <= (*compiled)->module.functions.size());
  }
  return 0;
}
