#include "wast_runner.hpp"

#include <fstream>
#include <iterator>
#include <map>

#include <nlohmann/json.hpp>

#include "spectest_host.hpp"
#include "wast_values.hpp"

namespace plexus::spectest {
namespace {

using nlohmann::json;

// The suite's expected texts sometimes carry extra detail ("uninitialized element 2").
bool same_message(const std::string& expected, const std::string& actual) {
  return expected.starts_with(actual) || actual.starts_with(expected);
}

class FileRunner {
 public:
  FileRunner(std::filesystem::path dir, std::string name, tools::ConformanceReport& report)
      : dir_(std::move(dir)), name_(std::move(name)), report_(report) {
    registry_["spectest"] = make_spectest_module(store_);
  }

  void run(const json& commands) {
    for (const auto& cmd : commands) {
      id_ = name_ + ":" + std::to_string(cmd.value("line", 0));
      command(cmd);
    }
  }

  FileResult result;

 private:
  void pass() {
    report_.pass(id_);
    ++result.passed;
  }
  void failure(const std::string& why) {
    report_.fail(id_, why);
    ++result.failed;
  }
  void skip(const std::string& why) {
    report_.skip(id_, why);
    ++result.skipped;
  }

  Result<std::shared_ptr<const wasm::CompiledModule>> compile(const json& cmd) {
    std::ifstream in(dir_ / cmd.value("filename", ""), std::ios::binary);
    if (!in) return fail(Errc::kNotFound, "cannot read " + cmd.value("filename", ""));
    const Bytes binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return wasm::compile_module(binary);
  }

  Result<wasm::ModuleInstance*> instantiate(const std::shared_ptr<const wasm::CompiledModule>& m) {
    std::vector<wasm::Extern> imports;
    for (const auto& imp : m->module.imports) {
      const auto mod = registry_.find(imp.module);
      if (mod == registry_.end()) return fail(Errc::kNotFound, "unknown import module");
      const auto ext = mod->second.find(imp.name);
      if (ext == mod->second.end()) return fail(Errc::kNotFound, "unknown import " + imp.name);
      imports.push_back(ext->second);
    }
    return store_.instantiate(m, imports);
  }

  Result<wasm::Outcome> action(const json& a) {
    wasm::ModuleInstance* inst = current_;
    if (a.contains("module")) {
      const auto it = named_.find(a["module"].get<std::string>());
      if (it == named_.end()) return fail(Errc::kNotFound, "unknown module name");
      inst = it->second;
    }
    if (!inst) return fail(Errc::kNotFound, "no module instantiated");
    const wasm::Extern* ext = inst->find_export(a.value("field", ""));
    if (!ext) return fail(Errc::kNotFound, "unknown export " + a.value("field", ""));
    if (a.value("type", "") == "get") {
      if (ext->kind != wasm::ExternKind::kGlobal) return fail(Errc::kNotFound, "not a global");
      wasm::Outcome out;
      auto bits = ext->global->value;
      const auto t = ext->global->type.type;
      if (t == wasm::ValType::kI32 || t == wasm::ValType::kF32) bits &= 0xFFFFFFFFu;
      out.results.push_back(wasm::Value{t, bits});
      return out;
    }
    if (ext->kind != wasm::ExternKind::kFunc) return fail(Errc::kNotFound, "not a function");
    std::vector<wasm::Value> args;
    for (const auto& j : a.value("args", json::array())) {
      const auto v = parse_value(j);
      if (!v) return not_supported("argument type " + j.value("type", ""));
      args.push_back(*v);
    }
    return store_.invoke(ext->func, args);
  }

  void command(const json& cmd) {
    const std::string type = cmd.value("type", "");
    if (type == "module") {
      current_ = nullptr;
      auto m = compile(cmd);
      if (!m) return failure("module does not load: " + m.error().to_string());
      auto inst = instantiate(*m);
      if (!inst) return failure("module does not instantiate: " + inst.error().to_string());
      current_ = *inst;
      if (cmd.contains("name")) named_[cmd["name"].get<std::string>()] = current_;
    } else if (type == "register") {
      wasm::ModuleInstance* inst = current_;
      if (cmd.contains("name")) inst = named_[cmd["name"].get<std::string>()];
      if (!inst) return failure("register: no module");
      registry_[cmd.value("as", "")] = inst->exports;
    } else if (type == "action") {
      auto out = action(cmd["action"]);
      if (!out) return failure("action failed: " + out.error().to_string());
      if (out->trap != wasm::Trap::kNone)
        return failure(std::string("action trapped: ") + wasm::trap_message(out->trap));
    } else if (type == "assert_return") {
      assert_return(cmd);
    } else if (type == "assert_trap" || type == "assert_exhaustion") {
      auto out = action(cmd["action"]);
      if (!out) return failure("action failed: " + out.error().to_string());
      if (out->trap == wasm::Trap::kNone) return failure("expected trap " + cmd.value("text", ""));
      if (!same_message(cmd.value("text", ""), wasm::trap_message(out->trap)))
        return failure(std::string("wrong trap: ") + wasm::trap_message(out->trap) +
                       ", expected " + cmd.value("text", ""));
      pass();
    } else if (type == "assert_invalid" || type == "assert_malformed") {
      if (cmd.value("module_type", "binary") != "binary") return skip("text module");
      auto m = compile(cmd);
      if (m) return failure("module loads, expected: " + cmd.value("text", ""));
      // Malformed binaries must fail in the decoder, invalid ones in validation.
      const Errc expected = type == "assert_malformed" ? Errc::kDecode : Errc::kValidation;
      if (m.error().code != expected)
        return failure("wrong kind of error: " + m.error().to_string() + ", expected " +
                       cmd.value("text", ""));
      pass();
    } else if (type == "assert_unlinkable" || type == "assert_uninstantiable") {
      auto m = compile(cmd);
      if (!m) return failure("module does not load: " + m.error().to_string());
      auto inst = instantiate(*m);
      if (inst) return failure("module instantiates, expected: " + cmd.value("text", ""));
      const std::string& message = inst.error().message;
      const bool trapped = message.starts_with("trap: ");
      if (trapped != (type == "assert_uninstantiable"))
        return failure("wrong kind of failure: " + inst.error().to_string());
      if (trapped && !same_message(cmd.value("text", ""), message.substr(6)))
        return failure("wrong trap: " + message + ", expected " + cmd.value("text", ""));
      pass();
    } else {
      skip("unknown command " + type);
    }
  }

  void assert_return(const json& cmd) {
    auto out = action(cmd["action"]);
    if (!out) return failure("action failed: " + out.error().to_string());
    if (out->trap != wasm::Trap::kNone)
      return failure(std::string("trapped: ") + wasm::trap_message(out->trap));
    const auto& expected = cmd.value("expected", json::array());
    if (expected.size() != out->results.size()) return failure("wrong number of results");
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!matches(expected[i], out->results[i]))
        return failure("result " + std::to_string(i) + " is " + describe(out->results[i]) +
                       ", expected " + expected[i].dump());
    }
    pass();
  }

  std::filesystem::path dir_;
  std::string name_;
  tools::ConformanceReport& report_;
  std::string id_;
  wasm::Store store_;
  std::map<std::string, Exports> registry_;
  std::map<std::string, wasm::ModuleInstance*> named_;
  wasm::ModuleInstance* current_ = nullptr;
};

}  // namespace

FileResult run_wast_json(const std::filesystem::path& json_path, const std::string& name,
                         tools::ConformanceReport& report) {
  FileRunner runner(json_path.parent_path(), name, report);
  std::ifstream in(json_path);
  const json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.contains("commands")) {
    report.fail(name + ":json", "converted JSON does not parse");
    return FileResult{0, 1, 0};
  }
  try {
    runner.run(doc["commands"]);
  } catch (const json::exception& e) {  // a JSON shape this harness does not expect
    report.fail(name + ":json", std::string("unexpected JSON: ") + e.what());
    ++runner.result.failed;
  }
  return runner.result;
}

}  // namespace plexus::spectest
