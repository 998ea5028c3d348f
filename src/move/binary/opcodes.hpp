#pragma once
// Move bytecode opcodes (serialized byte values) and the operand shape of each.
#include <cstdint>
#include <string_view>

namespace plexus::move {

#define PLEXUS_MOVE_OPCODES(X)                                                                   \
  X(Pop, 0x01, kNone) X(Ret, 0x02, kNone) X(BrTrue, 0x03, kOffset) X(BrFalse, 0x04, kOffset)      \
  X(Branch, 0x05, kOffset) X(LdU64, 0x06, kU64) X(LdConst, 0x07, kIndex) X(LdTrue, 0x08, kNone)   \
  X(LdFalse, 0x09, kNone) X(CopyLoc, 0x0A, kLocal) X(MoveLoc, 0x0B, kLocal)                       \
  X(StLoc, 0x0C, kLocal) X(MutBorrowLoc, 0x0D, kLocal) X(ImmBorrowLoc, 0x0E, kLocal)              \
  X(MutBorrowField, 0x0F, kIndex) X(ImmBorrowField, 0x10, kIndex) X(Call, 0x11, kIndex)           \
  X(Pack, 0x12, kIndex) X(Unpack, 0x13, kIndex) X(ReadRef, 0x14, kNone) X(WriteRef, 0x15, kNone)  \
  X(Add, 0x16, kNone) X(Sub, 0x17, kNone) X(Mul, 0x18, kNone) X(Mod, 0x19, kNone)                 \
  X(Div, 0x1A, kNone) X(BitOr, 0x1B, kNone) X(BitAnd, 0x1C, kNone) X(Xor, 0x1D, kNone)            \
  X(Or, 0x1E, kNone) X(And, 0x1F, kNone) X(Not, 0x20, kNone) X(Eq, 0x21, kNone)                   \
  X(Neq, 0x22, kNone) X(Lt, 0x23, kNone) X(Gt, 0x24, kNone) X(Le, 0x25, kNone) X(Ge, 0x26, kNone) \
  X(Abort, 0x27, kNone) X(Nop, 0x28, kNone) X(Exists, 0x29, kIndex)                               \
  X(MutBorrowGlobal, 0x2A, kIndex) X(ImmBorrowGlobal, 0x2B, kIndex) X(MoveFrom, 0x2C, kIndex)     \
  X(MoveTo, 0x2D, kIndex) X(FreezeRef, 0x2E, kNone) X(Shl, 0x2F, kNone) X(Shr, 0x30, kNone)       \
  X(LdU8, 0x31, kU8) X(LdU128, 0x32, kU128) X(CastU8, 0x33, kNone) X(CastU64, 0x34, kNone)        \
  X(CastU128, 0x35, kNone) X(MutBorrowFieldGeneric, 0x36, kIndex)                                 \
  X(ImmBorrowFieldGeneric, 0x37, kIndex) X(CallGeneric, 0x38, kIndex)                             \
  X(PackGeneric, 0x39, kIndex) X(UnpackGeneric, 0x3A, kIndex) X(ExistsGeneric, 0x3B, kIndex)      \
  X(MutBorrowGlobalGeneric, 0x3C, kIndex) X(ImmBorrowGlobalGeneric, 0x3D, kIndex)                 \
  X(MoveFromGeneric, 0x3E, kIndex) X(MoveToGeneric, 0x3F, kIndex) X(VecPack, 0x40, kIndexCount)   \
  X(VecLen, 0x41, kIndex) X(VecImmBorrow, 0x42, kIndex) X(VecMutBorrow, 0x43, kIndex)             \
  X(VecPushBack, 0x44, kIndex) X(VecPopBack, 0x45, kIndex) X(VecUnpack, 0x46, kIndexCount)        \
  X(VecSwap, 0x47, kIndex) X(LdU16, 0x48, kU16) X(LdU32, 0x49, kU32) X(LdU256, 0x4A, kU256)       \
  X(CastU16, 0x4B, kNone) X(CastU32, 0x4C, kNone) X(CastU256, 0x4D, kNone)                        \
  X(ImmBorrowVariantField, 0x4E, kIndex) X(MutBorrowVariantField, 0x4F, kIndex)                   \
  X(ImmBorrowVariantFieldGeneric, 0x50, kIndex) X(MutBorrowVariantFieldGeneric, 0x51, kIndex)     \
  X(PackVariant, 0x52, kIndex) X(PackVariantGeneric, 0x53, kIndex) X(UnpackVariant, 0x54, kIndex) \
  X(UnpackVariantGeneric, 0x55, kIndex) X(TestVariant, 0x56, kIndex)                              \
  X(TestVariantGeneric, 0x57, kIndex)

enum class Opcode : std::uint8_t {
#define PLEXUS_MOVE_OPCODE_ENUM(name, byte, shape) name = byte,
  PLEXUS_MOVE_OPCODES(PLEXUS_MOVE_OPCODE_ENUM)
#undef PLEXUS_MOVE_OPCODE_ENUM
};

// How the operand of an opcode is encoded after the opcode byte.
enum class OperandShape : std::uint8_t {
  kNone,
  kOffset,      // ULEB code offset (u16)
  kLocal,       // ULEB local index (u8)
  kIndex,       // ULEB table index (u16)
  kIndexCount,  // ULEB signature index + raw u64 element count
  kU8,          // raw little-endian literals
  kU16,
  kU32,
  kU64,
  kU128,
  kU256,
};

inline constexpr std::uint8_t kMaxOpcode = 0x57;

// True for bytes naming an opcode this implementation knows (0x01..0x57).
[[nodiscard]] bool is_known_opcode(std::uint8_t byte) noexcept;
[[nodiscard]] OperandShape operand_shape(Opcode op) noexcept;
[[nodiscard]] std::string_view opcode_name(Opcode op) noexcept;
// Lowest bytecode version that may contain the opcode (vector ops v4, small ints v6, enums v7).
[[nodiscard]] std::uint32_t opcode_min_version(Opcode op) noexcept;

}  // namespace plexus::move
