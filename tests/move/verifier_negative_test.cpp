// Negative verifier tests: real corpus modules mutated in one place, each rejected with the
// reference's status for that violation.
#include <gtest/gtest.h>

#include <algorithm>

#include "corpus.hpp"
#include "move/verifier/verifier.hpp"
#include "move/vm/module_store.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

class MoveVerifierNegative : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = ::plexus::testing::testdata_dir("move/modules");
    if (!dir) GTEST_SKIP() << "test data missing: move/modules";
    dir_ = *dir;
  }

  CompiledModule load(const std::string& rel, std::size_t address_length = 32) {
    auto m = deserialize_module(testing::read_bytes(dir_ / rel), BinaryConfig{address_length});
    EXPECT_TRUE(m) << rel;
    EXPECT_TRUE(verify_module(*m)) << "unmodified " << rel << " must verify";
    return std::move(*m);
  }

  static FunctionDefinition& function(CompiledModule& m, const std::string& name) {
    for (auto& d : m.function_defs)
      if (m.identifiers[m.function_handles[d.function].name] == name) return d;
    throw std::runtime_error("no function " + name);
  }

  static TableIndex signature(CompiledModule& m, Signature sig) {
    const auto it = std::ranges::find(m.signatures, sig);
    if (it != m.signatures.end()) return static_cast<TableIndex>(it - m.signatures.begin());
    m.signatures.push_back(std::move(sig));
    return static_cast<TableIndex>(m.signatures.size() - 1);
  }

  static TableIndex identifier(CompiledModule& m, const std::string& name) {
    const auto it = std::ranges::find(m.identifiers, name);
    if (it != m.identifiers.end()) return static_cast<TableIndex>(it - m.identifiers.begin());
    m.identifiers.push_back(name);
    return static_cast<TableIndex>(m.identifiers.size() - 1);
  }

  // Inserts an instruction, shifting branch targets behind it.
  static void insert(CodeUnit& code, std::size_t at, Instruction ins) {
    for (auto& i : code.code)
      if ((i.op == Opcode::Branch || i.op == Opcode::BrTrue || i.op == Opcode::BrFalse) &&
          i.a >= at)
        ++i.a;
    code.code.insert(code.code.begin() + static_cast<std::ptrdiff_t>(at), ins);
  }

  static StatusCode rejected(const CompiledModule& m) {
    const auto r = verify_module(m);
    return r ? StatusCode::EXECUTED : r.error().status;
  }

  std::filesystem::path dir_;
  const std::string option_ = "rooch-framework-r27/MoveStdlib/option.mv";
};

TEST_F(MoveVerifierNegative, CopyWithoutCopyAbility) {
  auto m = load(option_);
  auto& code = *function(m, "destroy_some").code;
  const auto mv = std::ranges::find_if(
      code.code, [](const Instruction& i) { return i.op == Opcode::MoveLoc && i.a == 0; });
  ASSERT_NE(mv, code.code.end());
  mv->op = Opcode::CopyLoc;  // Option<T> with unconstrained T has no copy
  EXPECT_EQ(rejected(m), StatusCode::COPYLOC_WITHOUT_COPY_ABILITY);
}

TEST_F(MoveVerifierNegative, DroppingAValueWithoutDrop) {
  auto m = load(option_);
  function(m, "destroy_none").code->code = {{Opcode::Ret, 0, 0}};  // Option<T> silently dropped
  EXPECT_EQ(rejected(m), StatusCode::UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP);
}

TEST_F(MoveVerifierNegative, ReturningAReferenceToALocal) {
  auto m = load(option_);
  auto& def = function(m, "borrow");
  auto& handle = m.function_handles[def.function];
  const SignatureToken u64{TokenKind::kU64, 0, {}};
  handle.parameters = signature(m, {u64});
  handle.return_ = signature(m, {SignatureToken{TokenKind::kReference, 0, {u64}}});
  def.code->code = {{Opcode::ImmBorrowLoc, 0, 0}, {Opcode::Ret, 0, 0}};
  EXPECT_EQ(rejected(m), StatusCode::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED);
}

TEST_F(MoveVerifierNegative, UnbalancedStack) {
  auto m = load(option_);
  auto& code = *function(m, "is_none").code;
  insert(code, code.code.size() - 1, {Opcode::LdTrue, 0, 0});
  EXPECT_EQ(rejected(m), StatusCode::POSITIVE_STACK_SIZE_AT_BLOCK_END);
}

TEST_F(MoveVerifierNegative, JumpOutOfRange) {
  auto m = load(option_);
  auto& code = *function(m, "destroy_some").code;
  const auto br = std::ranges::find_if(code.code, [](const Instruction& i) {
    return i.op == Opcode::BrFalse || i.op == Opcode::BrTrue || i.op == Opcode::Branch;
  });
  ASSERT_NE(br, code.code.end());
  br->a = static_cast<std::uint32_t>(code.code.size() + 7);
  EXPECT_EQ(rejected(m), StatusCode::INDEX_OUT_OF_BOUNDS);
}

TEST_F(MoveVerifierNegative, FallingOffTheEnd) {
  auto m = load(option_);
  function(m, "is_none").code->code.back().op = Opcode::Nop;
  EXPECT_EQ(rejected(m), StatusCode::INVALID_FALL_THROUGH);
}

TEST_F(MoveVerifierNegative, UsingAMovedLocal) {
  auto m = load(option_);
  auto& code = *function(m, "is_none").code;
  // is_none(t) = vector::is_empty(&t.vec): read the parameter twice, then drop the extra copy.
  insert(code, 0, {Opcode::MoveLoc, 0, 0});
  insert(code, 1, {Opcode::Pop, 0, 0});
  EXPECT_EQ(rejected(m), StatusCode::MOVELOC_UNAVAILABLE_ERROR);
}

TEST_F(MoveVerifierNegative, MoveToOfAStructWithoutKey) {
  auto m = load("starcoin-framework/v12/ChainId.mv", 16);
  for (auto& h : m.struct_handles)
    if (m.identifiers[h.name] == "ChainId") h.abilities.bits &= ~AbilitySet::kKey;
  // `get` borrows the resource globally; keep it out of the way so MoveTo is what fails.
  auto& get = function(m, "get");
  get.acquires.clear();
  get.code->code = {{Opcode::LdU8, 1, 0}, {Opcode::Ret, 0, 0}};
  EXPECT_EQ(rejected(m), StatusCode::MOVETO_WITHOUT_KEY_ABILITY);
}

TEST_F(MoveVerifierNegative, CallingAPrivateFunctionOfAnotherModule) {
  ModuleStore store;
  auto stdlib = testing::load_folder(dir_.parent_path(), "MoveStdlib");
  std::erase_if(stdlib, [](const CompiledModule& mod) { return self_id(mod).name == "option"; });
  auto m = load(option_);
  // Point option's import of vector::is_empty at vector's private native_append instead.
  for (auto& h : m.function_handles)
    if (module_id(m, h.module).name == "vector" && m.identifiers[h.name] == "is_empty")
      h.name = identifier(m, "native_append");
  ASSERT_TRUE(verify_module(m));  // locally consistent: the violation is only visible at link time
  auto vector_only = stdlib;
  std::erase_if(vector_only,
                [](const CompiledModule& mod) { return self_id(mod).name != "vector"; });
  ASSERT_TRUE(store.publish_bundle(vector_only));
  const auto r = store.publish(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::LOOKUP_FAILED) << r.error().to_string();
}

TEST_F(MoveVerifierNegative, CyclicDependency) {
  ModuleStore store;
  auto stdlib = testing::load_folder(dir_.parent_path(), "MoveStdlib");
  auto vector = *std::ranges::find_if(
      stdlib, [](const CompiledModule& mod) { return self_id(mod).name == "vector"; });
  auto option = *std::ranges::find_if(
      stdlib, [](const CompiledModule& mod) { return self_id(mod).name == "option"; });
  // Make vector import option (which imports vector).
  const TableIndex name = identifier(vector, "option");
  vector.module_handles.push_back({vector.self_handle().address, name});
  const auto r = store.publish_bundle({vector, option});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::CYCLIC_MODULE_DEPENDENCY);
}

}  // namespace
}  // namespace plexus::move
