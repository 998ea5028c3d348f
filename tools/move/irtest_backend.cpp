// The VM backend of the IR test runner for this build. The Move layer here provides the
// deserializer and the bounds checker only, so publishing can reject out-of-bounds modules and
// everything else (verification, linking, execution) is reported as not supported, which the
// runner counts as a failure with that reason.
#include <cstdio>

#include "core/hex.hpp"
#include "irtest_runner.hpp"
#include "move/binary/binary.hpp"

namespace plexus::move::irtest {
namespace {

std::string vm_error_block(const std::string& header, const VmError& e, const std::string& loc) {
  return header + " Got VMError: {\n    major_status: " + std::string(status_name(e.status)) +
         ",\n    sub_status: None,\n    location: " + loc + ",\n    indices: [],\n    offsets: [],\n}";
}

class BoundsOnlyBackend final : public VmBackend {
 public:
  void reset(const std::vector<CompiledModule>&) override {}

  Result<TaskOutput> publish(const CompiledModule& m, const Task&, bool paranoid) override {
    auto bounds = check_bounds(m);
    if (!bounds) {
      const auto& h = m.self_handle();
      const std::string header = "Error: Unable to publish module '" +
                                 to_hex(m.address_identifiers[h.address], false) +
                                 "::" + m.identifiers[h.name] + "'.";
      // Errors found while loading, before any verifier pass, carry no location.
      return TaskOutput{vm_error_block(header, bounds.error(), "undefined")};
    }
    if (paranoid) return not_supported("Move loader (runtime checks without verifier)");
    return not_supported("Move bytecode verifier");
  }

  Result<TaskOutput> run_script(const CompiledScript&, const Task&, bool) override {
    return not_supported("Move interpreter (script execution)");
  }

  Result<TaskOutput> run_function(const std::string&, const Task&, bool) override {
    return not_supported("Move interpreter (function execution)");
  }

  Result<TaskOutput> view(const Task&) override {
    return not_supported("Move global storage view");
  }
};

}  // namespace

std::unique_ptr<VmBackend> make_backend() { return std::make_unique<BoundsOnlyBackend>(); }

}  // namespace plexus::move::irtest
