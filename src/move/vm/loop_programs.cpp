#include "move/vm/loop_programs.hpp"

#include <vector>

#include "move/binary/module_builder.hpp"

namespace plexus::move {
namespace {

using O = Opcode;
const SignatureToken kU64{TokenKind::kU64, 0, {}};

Instruction op(Opcode o, std::uint32_t a = 0, std::uint64_t b = 0) { return {o, a, b}; }

}  // namespace

Bytes loop_programs_address() {
  Bytes a(32, 0);
  a[30] = 0x01;
  return a;
}

CompiledModule loop_programs_module() {
  ModuleBuilder b(loop_programs_address(), "loops");
  const TableIndex vec = b.signature({kU64});
  const SignatureToken vec_u64{TokenKind::kVector, 0, {kU64}};
  b.add_function(
      {"arith",
       Visibility::kPublic,
       false,
       {kU64},
       {kU64},
       {kU64, kU64},
       {op(O::LdU64),      op(O::StLoc, 1),          op(O::LdU64),       op(O::StLoc, 2),
        op(O::CopyLoc, 1), op(O::CopyLoc, 0),        op(O::Lt),          op(O::BrFalse, 21),
        op(O::CopyLoc, 2), op(O::CopyLoc, 1),        op(O::LdU64, 0, 3), op(O::Mul),
        op(O::Add),        op(O::LdU64, 0, 1000003), op(O::Mod),         op(O::StLoc, 2),
        op(O::CopyLoc, 1), op(O::LdU64, 0, 1),       op(O::Add),         op(O::StLoc, 1),
        op(O::Branch, 4),  op(O::MoveLoc, 2),        op(O::Ret)},
       {},
       {}});
  b.add_function({"vector",
                  Visibility::kPublic,
                  false,
                  {kU64},
                  {kU64},
                  {vec_u64, kU64, kU64},
                  {op(O::VecPack, vec, 0),
                   op(O::StLoc, 1),
                   op(O::LdU64),
                   op(O::StLoc, 2),
                   op(O::LdU64),
                   op(O::StLoc, 3),
                   op(O::CopyLoc, 2),
                   op(O::CopyLoc, 0),
                   op(O::Lt),
                   op(O::BrFalse, 18),
                   op(O::MutBorrowLoc, 1),
                   op(O::CopyLoc, 2),
                   op(O::VecPushBack, vec),
                   op(O::CopyLoc, 2),
                   op(O::LdU64, 0, 1),
                   op(O::Add),
                   op(O::StLoc, 2),
                   op(O::Branch, 6),
                   op(O::ImmBorrowLoc, 1),
                   op(O::VecLen, vec),
                   op(O::LdU64),
                   op(O::Neq),
                   op(O::BrFalse, 29),
                   op(O::MutBorrowLoc, 1),
                   op(O::VecPopBack, vec),
                   op(O::MoveLoc, 3),
                   op(O::Add),
                   op(O::StLoc, 3),
                   op(O::Branch, 18),
                   op(O::MoveLoc, 1),
                   op(O::VecUnpack, vec, 0),
                   op(O::MoveLoc, 3),
                   op(O::Ret)},
                  {},
                  {}});
  const TableIndex point = b.add_struct("Point", AbilitySet{AbilitySet::kCopy | AbilitySet::kDrop},
                                        {{"x", kU64}, {"y", kU64}});
  const TableIndex fx = b.field_handle(point, 0);
  const TableIndex fy = b.field_handle(point, 1);
  const SignatureToken point_t{TokenKind::kStruct, b.struct_handle_of(point), {}};
  const SignatureToken u64_mut{TokenKind::kMutableReference, 0, {kU64}};
  b.add_function({"fields",
                  Visibility::kPublic,
                  false,
                  {kU64},
                  {kU64},
                  {point_t, kU64, u64_mut},
                  {op(O::LdU64),
                   op(O::LdU64),
                   op(O::Pack, point),
                   op(O::StLoc, 1),
                   op(O::LdU64),
                   op(O::StLoc, 2),
                   op(O::CopyLoc, 2),
                   op(O::CopyLoc, 0),
                   op(O::Lt),
                   op(O::BrFalse, 32),
                   op(O::MutBorrowLoc, 1),
                   op(O::MutBorrowField, fx),
                   op(O::StLoc, 3),
                   op(O::CopyLoc, 3),
                   op(O::ReadRef),
                   op(O::CopyLoc, 2),
                   op(O::Add),
                   op(O::MoveLoc, 3),
                   op(O::WriteRef),
                   op(O::ImmBorrowLoc, 1),
                   op(O::ImmBorrowField, fy),
                   op(O::ReadRef),
                   op(O::LdU64, 0, 1),
                   op(O::Add),
                   op(O::MutBorrowLoc, 1),
                   op(O::MutBorrowField, fy),
                   op(O::WriteRef),
                   op(O::CopyLoc, 2),
                   op(O::LdU64, 0, 1),
                   op(O::Add),
                   op(O::StLoc, 2),
                   op(O::Branch, 6),
                   op(O::MoveLoc, 1),
                   op(O::Unpack, point),
                   op(O::Add),
                   op(O::Ret)},
                  {},
                  {}});
  return std::move(b).build();
}

std::uint64_t native_arith_loop(std::uint64_t n) {
  std::uint64_t acc = 0;
  for (std::uint64_t i = 0; i < n; ++i) acc = (acc + i * 3) % 1000003;
  return acc;
}

std::uint64_t native_vector_loop(std::uint64_t n) {
  std::vector<std::uint64_t> v;
  for (std::uint64_t i = 0; i < n; ++i) v.push_back(i);
  std::uint64_t sum = 0;
  while (!v.empty()) {
    sum += v.back();
    v.pop_back();
  }
  return sum;
}

std::uint64_t native_fields_loop(std::uint64_t n) {
  struct Point {
    std::uint64_t x = 0, y = 0;
  } p;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t& x = p.x;
    x += i;
    p.y += 1;
  }
  return p.x + p.y;
}

}  // namespace plexus::move
