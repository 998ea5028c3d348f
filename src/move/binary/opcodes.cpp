#include "move/binary/opcodes.hpp"

#include <array>

namespace plexus::move {
namespace {

struct OpInfo {
  std::string_view name;
  OperandShape shape = OperandShape::kNone;
  bool known = false;
};

constexpr std::array<OpInfo, kMaxOpcode + 1> make_table() {
  std::array<OpInfo, kMaxOpcode + 1> t{};
#define PLEXUS_MOVE_OPCODE_INFO(op, byte, shape) t[byte] = OpInfo{#op, OperandShape::shape, true};
  PLEXUS_MOVE_OPCODES(PLEXUS_MOVE_OPCODE_INFO)
#undef PLEXUS_MOVE_OPCODE_INFO
  return t;
}

constexpr auto kTable = make_table();

}  // namespace

bool is_known_opcode(std::uint8_t byte) noexcept {
  return byte <= kMaxOpcode && kTable[byte].known;
}

OperandShape operand_shape(Opcode op) noexcept {
  return kTable[static_cast<std::uint8_t>(op)].shape;
}

std::string_view opcode_name(Opcode op) noexcept {
  return kTable[static_cast<std::uint8_t>(op)].name;
}

std::uint32_t opcode_min_version(Opcode op) noexcept {
  const auto b = static_cast<std::uint8_t>(op);
  if (b >= 0x4E) return 7;
  if (b >= 0x48) return 6;
  if (b >= 0x40) return 4;
  return 1;
}

}  // namespace plexus::move
