// The VM backend of the IR test runner: modules are published through the Move layer's
// ModuleStore (bounds check, full verifier, link-time checks); scripts are verified with
// verify_script and then run on the interpreter (irtest_exec.cpp). Reported as not supported,
// and counted as failures with that reason: calling published functions directly (`run
// 0x1::M::f`), publishing a module the verifier rejects in the paranoid suite (it needs an
// unverified publish) and viewing global storage.
#include <memory>

#include "core/hex.hpp"
#include "irtest_exec.hpp"
#include "irtest_runner.hpp"
#include "move/binary/binary.hpp"
#include "move/binary/disassembler.hpp"
#include "move/verifier/verifier.hpp"
#include "move/vm/module_store.hpp"

namespace plexus::move::irtest {
namespace {

std::string vm_error_block(const std::string& header, const VmError& e, const std::string& loc) {
  return header + "VMError: {\n    major_status: " + std::string(status_name(e.status)) +
         ",\n    sub_status: None,\n    location: " + loc + ",\n    indices: [],\n    offsets: [],\n}";
}

// Errors the reference reports before any module-level check (while loading) carry no location.
bool is_load_time(StatusCode s) {
  return s == StatusCode::INDEX_OUT_OF_BOUNDS || s == StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH ||
         s == StatusCode::BACKWARD_INCOMPATIBLE_MODULE_UPDATE;
}

// The script verifier currently dereferences the element type of a vector instruction without
// checking the instantiation's length; such scripts are reported instead of verified.
bool has_malformed_vector_op(const CompiledScript& s) {
  for (const auto& i : s.code.code) {
    if (i.op < Opcode::VecPack || i.op > Opcode::VecSwap) continue;
    if (i.a >= s.signatures.size() || s.signatures[i.a].size() != 1) return true;
  }
  return false;
}

class StoreBackend final : public VmBackend {
 public:
  void reset(const std::vector<CompiledModule>& stdlib) override {
    store_ = std::make_unique<ModuleStore>();
    storage_ = std::make_unique<GlobalStorage>();
    scripts_ = 0;
    stdlib_ok_ = static_cast<bool>(store_->publish_bundle(stdlib));
  }

  Result<TaskOutput> publish(const CompiledModule& m, const Task&, bool paranoid) override {
    if (!stdlib_ok_) return fail(Errc::kInternal, "standard library did not publish");
    const auto& h = m.self_handle();
    const std::string header = "Error: Unable to publish module '" +
                               to_hex(m.address_identifiers[h.address], false) + "::" +
                               m.identifiers[h.name] + "'. Got ";
    if (auto bounds = check_bounds(m); !bounds)
      return TaskOutput{vm_error_block(header, bounds.error(), "undefined")};
    auto published = store_->publish(m);
    if (published) return TaskOutput{};
    // The paranoid suite publishes without the verifier: a module the verifier accepts is
    // published all the same, a rejected one would need an unverified publish.
    if (paranoid) return not_supported("Move loader without the verifier (paranoid suite)");
    const VmError& e = published.error();
    const std::string loc = is_load_time(e.status) ? "undefined" : module_name(m, m.self_module_handle);
    return TaskOutput{vm_error_block(header, e, loc)};
  }

  Result<TaskOutput> run_script(const CompiledScript& s, const Task& task, bool paranoid) override {
    if (has_malformed_vector_op(s))
      return fail(Errc::kInternal, "vector instruction without exactly one type argument: the "
                                   "script verifier cannot check it yet");
    if (!paranoid) {
      auto verified = verify_script(s);
      if (!verified) {
        const std::string loc = is_load_time(verified.error().status) ? "undefined" : "script";
        return TaskOutput{
            vm_error_block("Error: Script execution failed with ", verified.error(), loc)};
      }
    }
    auto run = execute_script(*store_, *storage_, s, task, "script" + std::to_string(++scripts_));
    if (!run) return std::unexpected(run.error());
    if (!run->error) return TaskOutput{};
    return TaskOutput{execution_error(*run->error)};
  }

  Result<TaskOutput> run_function(const std::string&, const Task&, bool) override {
    return not_supported("Move interpreter harness (function arguments and signers)");
  }

  Result<TaskOutput> view(const Task&) override {
    return not_supported("Move global storage view");
  }

 private:
  // The VMError block of a failed script; the interpreter names the failing function
  // "0x2::M::f" at the start of its message, and the wrapped script's module means `script`.
  static std::string execution_error(const VmError& e) {
    std::string loc = "undefined";
    const std::string where = e.message.substr(0, e.message.find(": "));
    if (const auto cut = where.rfind("::"); cut != std::string::npos) {
      loc = where.substr(0, cut);
      if (loc.starts_with("0x0::script")) loc = "script";
    }
    std::string sub = "None";
    if (e.status == StatusCode::ABORTED) sub = "Some(" + std::to_string(e.abort_code) + ")";
    return "Error: Script execution failed with VMError: {\n    major_status: " +
           std::string(status_name(e.status)) + ",\n    sub_status: " + sub +
           ",\n    location: " + loc + ",\n    indices: [],\n    offsets: [],\n}";
  }

  std::unique_ptr<ModuleStore> store_;
  std::unique_ptr<GlobalStorage> storage_;
  std::size_t scripts_ = 0;
  bool stdlib_ok_ = false;
};

}  // namespace

std::unique_ptr<VmBackend> make_backend() { return std::make_unique<StoreBackend>(); }

}  // namespace plexus::move::irtest
