// The reference-safety pass on small IR modules: field-precise borrows, conflicting mutable
// borrows, dangling references, and the work budget that bounds the pass on hostile code.
#include <gtest/gtest.h>

#include "move/ir/compiler.hpp"
#include "move/verifier/passes.hpp"

namespace plexus::move {
namespace {

CompiledModule module_of(std::string_view body) {
  const std::string text = std::string("module 0x1.M {\n struct S has drop { f: u64, g: u64 }\n") +
                           std::string(body) + "\n}";
  auto r = ir::assemble(text, {});
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || !std::holds_alternative<CompiledModule>(*r)) return {};
  return std::get<CompiledModule>(std::move(*r));
}

template <typename T>
StatusCode status_of(const VmResult<T>& r) {
  return r ? StatusCode::EXECUTED : r.error().status;
}

constexpr const char* kDisjointFields = R"(t(root: &mut Self.S) {
    let x: &mut u64;
    let y: &mut u64;
label b0:
    x = &mut copy(root).S::f;
    y = &mut move(root).S::g;
    *move(y) = 2;
    *move(x) = 1;
    return;
})";

TEST(MoveReferenceSafety, DisjointFieldsMayBeMutablyBorrowedTogether) {
  EXPECT_EQ(status_of(verify_module(module_of(kDisjointFields))), StatusCode::EXECUTED);
}

TEST(MoveReferenceSafety, WriteWhileTheSameFieldIsBorrowedIsRejected) {
  const auto m = module_of(R"(t(root: &mut Self.S) {
    let x: &mut u64;
    let y: &mut u64;
label b0:
    x = &mut copy(root).S::f;
    y = &mut move(root).S::f;
    *move(y) = 2;
    *move(x) = 1;
    return;
})");
  EXPECT_EQ(status_of(verify_module(m)), StatusCode::WRITEREF_EXISTS_BORROW_ERROR);
}

TEST(MoveReferenceSafety, ReturningAReferenceToALocalIsRejected) {
  const auto m = module_of(R"(t(): &u64 {
    let x: u64;
    let r: &u64;
label b0:
    x = 0;
    r = &x;
    return move(r);
})");
  EXPECT_EQ(status_of(verify_module(m)), StatusCode::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED);
}

TEST(MoveReferenceSafety, MutableArgumentMustNotBeBorrowedElsewhere) {
  const auto m = module_of(R"(t(root: &mut Self.S) {
    let x: &u64;
label b0:
    x = &copy(root).S::f;
    Self.take(copy(root));
    _ = move(x);
    _ = move(root);
    return;
}
take(s: &mut Self.S) {
label b0:
    _ = move(s);
    return;
})");
  EXPECT_EQ(status_of(verify_module(m)), StatusCode::CALL_BORROWED_MUTABLE_REFERENCE_ERROR);
}

TEST(MoveReferenceSafety, WorkBeyondTheBudgetFailsCleanly) {
  const auto m = module_of(kDisjointFields);
  ASSERT_EQ(m.function_defs.size(), 1u);
  const auto f = verifier::function_view(m, 0);
  const auto g = verifier::build_cfg(*f.code);
  EXPECT_EQ(status_of(verifier::check_reference_safety(f, g)), StatusCode::EXECUTED);
  EXPECT_EQ(status_of(verifier::check_reference_safety(f, g, 5)),
            StatusCode::CONSTRAINT_NOT_SATISFIED);
}

}  // namespace
}  // namespace plexus::move
