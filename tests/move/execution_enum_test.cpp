// Version 7 enums end to end: a module with an enum is built, serialized, verified, published
// and run (PackVariant, TestVariant, UnpackVariant, variant field borrows).
#include <gtest/gtest.h>

#include "move/binary/binary.hpp"
#include "move/binary/module_builder.hpp"
#include "move/vm/runtime.hpp"

namespace plexus::move {
namespace {

using O = Opcode;
const SignatureToken kU64{TokenKind::kU64, 0, {}};

Bytes account() {
  Bytes a(32, 0);
  a.back() = 0x77;
  return a;
}

// enum Shape has copy, drop { Circle { r: u64 }, Rect { w: u64, h: u64 } }
CompiledModule shapes_module() {
  ModuleBuilder b(account(), "shapes", 0x0A000007);
  const TableIndex shape =
      b.add_enum("Shape", AbilitySet{AbilitySet::kCopy | AbilitySet::kDrop},
                 {{"Circle", {{"r", kU64}}}, {"Rect", {{"w", kU64}, {"h", kU64}}}});
  const SignatureToken shape_t{TokenKind::kStruct, b.struct_handle_of(shape), {}};
  const SignatureToken shape_ref{TokenKind::kReference, 0, {shape_t}};
  const TableIndex circle = b.struct_variant_handle(shape, 0);
  const TableIndex rect = b.struct_variant_handle(shape, 1);
  const TableIndex first_field = b.variant_field_handle(shape, 0, {0, 1});  // r or w
  b.add_function({"circle",
                  Visibility::kPublic,
                  false,
                  {kU64},
                  {shape_t},
                  {},
                  {{O::MoveLoc, 0, 0}, {O::PackVariant, circle, 0}, {O::Ret, 0, 0}},
                  {},
                  {}});
  b.add_function(
      {"rect",
       Visibility::kPublic,
       false,
       {kU64, kU64},
       {shape_t},
       {},
       {{O::MoveLoc, 0, 0}, {O::MoveLoc, 1, 0}, {O::PackVariant, rect, 0}, {O::Ret, 0, 0}},
       {},
       {}});
  // area(s) = if (s is Circle) { let Circle{r} = s; 3 * r * r } else { let Rect{w, h} = s; w * h }
  b.add_function({"area",
                  Visibility::kPublic,
                  false,
                  {shape_t},
                  {kU64},
                  {kU64},
                  {{O::ImmBorrowLoc, 0, 0},
                   {O::TestVariant, circle, 0},
                   {O::BrFalse, 12, 0},
                   {O::MoveLoc, 0, 0},
                   {O::UnpackVariant, circle, 0},
                   {O::StLoc, 1, 0},
                   {O::LdU64, 0, 3},
                   {O::CopyLoc, 1, 0},
                   {O::Mul, 0, 0},
                   {O::MoveLoc, 1, 0},
                   {O::Mul, 0, 0},
                   {O::Ret, 0, 0},
                   {O::MoveLoc, 0, 0},
                   {O::UnpackVariant, rect, 0},
                   {O::Mul, 0, 0},
                   {O::Ret, 0, 0}},
                  {},
                  {}});
  b.add_function({"first",
                  Visibility::kPublic,
                  false,
                  {shape_ref},
                  {kU64},
                  {},
                  {{O::MoveLoc, 0, 0},
                   {O::ImmBorrowVariantField, first_field, 0},
                   {O::ReadRef, 0, 0},
                   {O::Ret, 0, 0}},
                  {},
                  {}});
  return std::move(b).build();
}

TEST(MoveEnums, BuildVerifyAndRun) {
  const Bytes bytes = serialize_module(shapes_module());
  auto module = deserialize_module(bytes);
  ASSERT_TRUE(module) << module.error().to_string();
  EXPECT_EQ(module->version(), 7u);
  EXPECT_EQ(serialize_module(*module), bytes);
  ModuleStore store;
  auto published = store.publish(std::move(*module));
  ASSERT_TRUE(published) << published.error().to_string();

  GlobalStorage storage;
  MoveVm vm(store, storage);
  const ModuleId id{account(), "shapes"};
  auto circle = vm.execute(id, "circle", {}, {Value::u64(2)});
  auto rect = vm.execute(id, "rect", {}, {Value::u64(4), Value::u64(5)});
  ASSERT_TRUE(circle && rect);
  auto area = vm.execute(id, "area", {}, {circle->returns[0]});
  ASSERT_TRUE(area) << area.error().to_string();
  EXPECT_EQ(area->returns[0].as_u64(), 12u);  // 3 * 2 * 2
  area = vm.execute(id, "area", {}, {rect->returns[0]});
  ASSERT_TRUE(area) << area.error().to_string();
  EXPECT_EQ(area->returns[0].as_u64(), 20u);
  auto first = vm.execute(id, "first", {}, {rect->returns[0]});
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_EQ(first->returns[0].as_u64(), 4u);
  // BCS of an enum value: ULEB variant tag, then the fields.
  auto encoded = bcs_encode(rect->returns[0]);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->size(), 17u);
  EXPECT_EQ((*encoded)[0], 1u);
}

TEST(MoveEnums, UnpackingTheWrongVariantFails) {
  auto m = shapes_module();
  // Make area() unpack a Circle as a Rect: the verifier accepts it (types agree), the
  // interpreter must refuse at run time.
  auto& area = m.function_defs[2].code->code;
  area[13].a = area[4].a;  // UnpackVariant Circle where Rect was expected: returns its field
  area[14] = {O::Nop, 0, 0};
  ModuleStore store;
  ASSERT_TRUE(store.publish(std::move(m)));
  GlobalStorage storage;
  MoveVm vm(store, storage);
  const ModuleId id{account(), "shapes"};
  auto rect = vm.execute(id, "rect", {}, {Value::u64(4), Value::u64(5)});
  ASSERT_TRUE(rect);
  const auto r = vm.execute(id, "area", {}, {rect->returns[0]});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, StatusCode::STRUCT_VARIANT_MISMATCH);
}

}  // namespace
}  // namespace plexus::move
