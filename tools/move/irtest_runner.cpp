// GCC 12 reports a false -Wrestrict inside std::string's operator+ (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"

#include "irtest_runner.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>

#include <sys/wait.h>
#include <unistd.h>

#include "conformance_report.hpp"
#include "move/ir/compiler.hpp"
#include "move/ir/parser.hpp"
#include "move/ir/printer.hpp"

namespace plexus::move::irtest {
namespace {

constexpr std::size_t kAddressLength = 16;

std::optional<std::string> read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string compile_error_text(const ir::IrError& e) {
  return "Error: " + std::string(e.parse ? "ParserError: " : "") + e.message;
}

// The fields of a VMError block the comparison looks at: major status, sub status, location.
std::optional<std::string> vm_error_key(const std::string& block) {
  if (block.find("major_status:") == std::string::npos) return std::nullopt;
  std::string key = block.substr(0, block.find('\n'));
  for (const char* field : {"major_status:", "sub_status:", "location:"}) {
    const auto at = block.find(field);
    if (at == std::string::npos) continue;
    key += "|" + block.substr(at, block.find('\n', at) - at);
  }
  return key;
}

bool outputs_match(const TaskOutput& got, const std::optional<std::string>& want) {
  if (!got || !want) return !got && !want;
  const auto gk = vm_error_key(*got), wk = vm_error_key(*want);
  if (wk) return gk && *gk == *wk;
  return *got == *want;
}

// One line for a failure reason: the major status of a VMError block, else the first line.
std::string summary(const std::optional<std::string>& output) {
  if (!output) return "success";
  if (const auto at = output->find("major_status: "); at != std::string::npos)
    return output->substr(at + 14, output->find(',', at) - at - 14);
  return output->substr(0, output->find('\n'));
}

struct FileState {
  std::vector<CompiledModule> published;  // modules compiled by earlier publish tasks
  const std::vector<CompiledModule>* stdlib = nullptr;

  [[nodiscard]] std::vector<const CompiledModule*> deps() const {
    std::vector<const CompiledModule*> out;
    for (const auto& m : *stdlib) out.push_back(&m);
    for (const auto& m : published) out.push_back(&m);
    return out;
  }
};

const ir::CompileOptions kCompile{kAddressLength, 6};

// The binary format caps a signature at 255 tokens; the reference harness serializes a module
// before publishing it and reports this limit with its serializer's message.
std::optional<std::string> unserializable(const BinaryTables& t) {
  for (const auto& sig : t.signatures)
    if (sig.size() > 255)
      return "Error: value (" + std::to_string(sig.size()) + ") cannot exceed (255)";
  return std::nullopt;
}

Result<TaskOutput> handle_task(const Task& task, FileState& state, VmBackend& vm, bool paranoid) {
  if (task.name == "init") return TaskOutput{};
  if (task.name == "print-bytecode") return print_bytecode_task(task, state.deps());
  if (task.name == "view") return vm.view(task);
  if (task.name == "publish") {
    if (!task.body) return fail(Errc::kInvalidArgument, "publish without a module");
    auto parsed = ir::parse_module(*task.body, kAddressLength);
    if (!parsed) return TaskOutput{compile_error_text(parsed.error())};
    auto module = ir::compile_module(*parsed, state.deps(), kCompile);
    if (!module) return TaskOutput{compile_error_text(module.error())};
    if (auto e = unserializable(*module)) return TaskOutput{*e};
    auto out = vm.publish(*module, task, paranoid);
    // A module whose publication could not be decided stays visible to later compilations, so
    // that their compile-time outcome can still be checked.
    if (out ? !out->has_value() : out.error().code == Errc::kNotSupported)
      state.published.push_back(std::move(*module));
    return out;
  }
  if (task.name == "run") {
    if (!task.body) {
      const auto pos = task.positional();
      if (pos.empty()) return fail(Errc::kInvalidArgument, "run without script or function");
      return vm.run_function(pos.front(), task, paranoid);
    }
    auto parsed = ir::parse_script(*task.body, kAddressLength);
    if (!parsed) return TaskOutput{compile_error_text(parsed.error())};
    auto script = ir::compile_script(*parsed, state.deps(), kCompile);
    if (!script) return TaskOutput{compile_error_text(script.error())};
    if (auto e = unserializable(*script)) return TaskOutput{*e};
    return vm.run_script(*script, task, paranoid);
  }
  return fail(Errc::kInvalidArgument, "unknown task command '" + task.name + "'");
}

// Runs `body` in a child process and returns the lines it emitted (one per task, newlines
// replaced). A child that dies early simply yields fewer lines.
std::vector<std::string> run_isolated(
    const std::function<void(const std::function<void(const std::string&)>&)>& body) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    alarm(60);  // a file that hangs the VM fails its remaining tasks
    body([&](const std::string& line) {
      std::string l = line;
      std::replace(l.begin(), l.end(), '\n', ' ');
      l += '\n';
      for (std::size_t off = 0; off < l.size();) {
        const ssize_t n = write(fds[1], l.data() + off, l.size() - off);
        if (n <= 0) _exit(1);
        off += static_cast<std::size_t>(n);
      }
    });
    _exit(0);
  }
  close(fds[1]);
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    all.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = all.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(all.substr(at, nl - at));
  return lines;
}

struct SuiteCount {
  std::size_t passed = 0, failed = 0;
};

}  // namespace

TaskOutput print_bytecode_task(const Task& task, const std::vector<const CompiledModule*>& deps) {
  if (!task.body) return TaskOutput{"Error: print-bytecode without a body"};
  const auto input = task.flag("input");
  if (!input.empty() && input.front() == "module") {
    auto parsed = ir::parse_module(*task.body, kAddressLength);
    if (!parsed) return compile_error_text(parsed.error());
    auto module = ir::compile_module(*parsed, deps, kCompile);
    if (!module) return compile_error_text(module.error());
    return ir::print_bytecode(*module);
  }
  auto parsed = ir::parse_script(*task.body, kAddressLength);
  if (!parsed) return compile_error_text(parsed.error());
  auto script = ir::compile_script(*parsed, deps, kCompile);
  if (!script) return compile_error_text(script.error());
  return ir::print_bytecode(*script);
}

int run_ir_tests(const std::filesystem::path& dir, const IrTestOptions& options) {
  if (!std::filesystem::is_directory(dir)) {
    std::printf("SKIPPED: Move IR test data not found at %s\n", dir.string().c_str());
    return 0;
  }
  auto stdlib = build_stdlib();
  if (!stdlib) {
    std::fprintf(stderr, "error: standard library: %s\n", stdlib.error().to_string().c_str());
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".mvir") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  auto vm = make_backend();
  tools::ConformanceReport report(options.verbose);
  std::map<std::string, SuiteCount> suites;
  for (const auto& file : files) {
    const std::string rel = std::filesystem::relative(file, dir).generic_string();
    const std::string suite = rel.substr(0, rel.find('/'));
    const std::string full = std::filesystem::absolute(file).generic_string();
    const bool paranoid = full.find("/move-vm-paranoid/") != std::string::npos;
    const auto text = read_text(file);
    auto exp_path = file;
    exp_path.replace_extension(".exp");
    const auto exp_text = read_text(exp_path);
    const Expected expected = parse_expected(exp_text.value_or(""));
    const auto tasks = taskify(text.value_or(""));
    // Each file runs in a child process: a crash in the VM under test fails that file's
    // remaining tasks instead of ending the whole run.
    const auto results = run_isolated([&](const std::function<void(const std::string&)>& emit) {
      FileState state;
      state.stdlib = &*stdlib;
      vm->reset(*stdlib);
      for (const auto& task : tasks) {
        std::optional<std::string> want;
        if (auto it = expected.blocks.find(task.number); it != expected.blocks.end())
          want = it->second;
        auto got = handle_task(task, state, *vm, paranoid);
        if (got && outputs_match(*got, want)) {
          emit("pass");
        } else if (!got) {
          emit(got.error().message);
        } else {
          emit("ours: " + summary(*got) + "; reference: " + summary(want));
        }
      }
    });
    SuiteCount& count = suites[suite];
    for (const auto& task : tasks) {
      const std::string id = rel + "#" + std::to_string(task.number);
      const std::string r =
          task.number < results.size() ? results[task.number] : "the VM crashed on an earlier task";
      if (r == "pass") {
        report.pass(id);
        ++count.passed;
      } else {
        report.fail(id, r);
        ++count.failed;
      }
    }
  }
  std::size_t total_passed = 0, total_failed = 0;
  for (const auto& [name, c] : suites) {
    std::printf("%s: %zu passed, %zu failed\n", name.c_str(), c.passed, c.failed);
    total_passed += c.passed;
    total_failed += c.failed;
  }
  std::printf("total: %zu passed, %zu failed\n", total_passed, total_failed);
  return report.finish(options.known_failures, options.write_failures);
}

}  // namespace plexus::move::irtest
