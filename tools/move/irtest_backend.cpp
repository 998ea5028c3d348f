// The VM backend of the IR test runner: modules are published through the Move layer's
// ModuleStore (bounds check, full verifier, link-time checks); scripts and published functions
// run on the interpreter (irtest_exec.cpp). The paranoid suite runs as the reference runs it:
// with the verifier off (the store keeps only its structural checks) and, for tasks that ask
// for it, the interpreter's run-time type checks.
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
         ",\n    sub_status: None,\n    location: " + loc +
         ",\n    indices: [],\n    offsets: [],\n}";
}

// Errors the reference reports before any module-level check (while loading) carry no location.
bool is_load_time(StatusCode s) {
  return s == StatusCode::INDEX_OUT_OF_BOUNDS || s == StatusCode::LINKER_ERROR ||
         s == StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH ||
         s == StatusCode::BACKWARD_INCOMPATIBLE_MODULE_UPDATE;
}

class StoreBackend final : public VmBackend {
 public:
  void reset(const std::vector<CompiledModule>& stdlib) override {
    store_ = std::make_unique<ModuleStore>();
    storage_ = std::make_unique<GlobalStorage>();
    store_->strict_loading();
    stdlib_ok_ = static_cast<bool>(store_->publish_bundle(stdlib));
  }

  Result<TaskOutput> publish(const CompiledModule& m, const Task& task, bool paranoid) override {
    if (!stdlib_ok_) return fail(Errc::kInternal, "standard library did not publish");
    const auto& h = m.self_handle();
    const std::string header = "Error: Unable to publish module '" +
                               to_hex(m.address_identifiers[h.address], false) +
                               "::" + m.identifiers[h.name] + "'. Got ";
    if (auto bounds = check_bounds(m); !bounds)
      return TaskOutput{vm_error_block(header, bounds.error(), "undefined")};
    UpgradePolicy upgrade;
    upgrade.check_struct_and_function_linking =
        !task.has_flag("skip-check-struct-and-pub-function-linking");
    upgrade.check_friend_linking = !task.has_flag("skip-check-friend-linking");
    if (paranoid) store_->skip_verification_for_testing();
    auto published = store_->publish(m, upgrade);
    if (published) return TaskOutput{};
    const VmError& e = published.error();
    const std::string loc =
        is_load_time(e.status) ? "undefined" : module_name(m, m.self_module_handle);
    return TaskOutput{vm_error_block(header, e, loc)};
  }

  Result<TaskOutput> run_script(const CompiledScript& s, const Task& task, bool paranoid) override {
    const std::string header = "Error: Script execution failed with ";
    // The bounds check runs while the script's bytes are read: the reference loader reports
    // any failure there as a deserialization error of the script.
    if (auto bounds = check_bounds(s); !bounds) {
      VmError e = bounds.error();
      e.status = StatusCode::CODE_DESERIALIZATION_ERROR;
      return TaskOutput{vm_error_block(header, e, "script")};
    }
    if (paranoid) {
      store_->skip_verification_for_testing();
    } else if (auto verified = verify_script(s); !verified) {
      return TaskOutput{vm_error_block(header, verified.error(), "script")};
    }
    PLEXUS_TRY(auto run, execute_script(*store_, *storage_, s, task));
    return output(header, run);
  }

  Result<TaskOutput> run_function(const std::string& function, const Task& task, bool) override {
    PLEXUS_TRY(auto run, execute_function(*store_, *storage_, function, task));
    return output("Error: Function execution failed with ", run);
  }

  Result<TaskOutput> view(const Task& task) override {
    PLEXUS_TRY(auto text, view_resource(*store_, *storage_, task));
    return TaskOutput{std::move(text)};
  }

 private:
  static TaskOutput output(const std::string& header, const CallRun& run) {
    if (run.error) return execution_error(header, *run.error);
    return render_result(run.result);
  }

  // The VMError block of a failed call; the interpreter names the failing function
  // "0x2::M::f" at the start of its message, and the script's own module means `script`.
  static std::string execution_error(const std::string& header, const VmError& e) {
    std::string loc = "undefined";
    const std::string where = e.message.substr(0, e.message.find(": "));
    if (const auto cut = where.rfind("::"); where.starts_with("0x") && cut != std::string::npos) {
      loc = where.substr(0, cut);
      if (loc.ends_with(kScriptModuleName)) loc = "script";
    }
    std::string sub = "None";
    if (e.status == StatusCode::ABORTED || e.status == StatusCode::VECTOR_OPERATION_ERROR)
      sub = "Some(" + std::to_string(e.abort_code) + ")";
    return header + "VMError: {\n    major_status: " + std::string(status_name(e.status)) +
           ",\n    sub_status: " + sub + ",\n    location: " + loc +
           ",\n    indices: [],\n    offsets: [],\n}";
  }

  std::unique_ptr<ModuleStore> store_;
  std::unique_ptr<GlobalStorage> storage_;
  bool stdlib_ok_ = false;
};

}  // namespace

std::unique_ptr<VmBackend> make_backend() { return std::make_unique<StoreBackend>(); }

}  // namespace plexus::move::irtest
