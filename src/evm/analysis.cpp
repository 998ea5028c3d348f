#include <algorithm>
#include <limits>
#include <map>

#include "evm/interpreter.hpp"
#include "evm/opcodes.hpp"

namespace plexus::evm {
namespace {

// What the instructions from one offset to the end of its block need, before clamping to
// BlockEntry's fields. Built backwards: an instruction's entry is its own needs combined with the
// entry of the instruction after it, unless it ends the block.
struct Suffix {
  std::int64_t gas = 0;
  std::int64_t min_items = 0;
  std::int64_t max_items = kStackLimit;
};

Suffix prepend(const OpTraits& t, const Suffix& next) {
  const std::int64_t change = t.stack_change;
  Suffix s;
  s.gas = t.gas + next.gas;
  // At least the items this instruction reads, and enough that the rest finds theirs.
  s.min_items = std::max<std::int64_t>(t.stack_required, next.min_items - change);
  // An instruction adding an item needs room for it; the rest must not overflow either.
  s.max_items = std::min(change > 0 ? kStackLimit - change : kStackLimit, next.max_items - change);
  return s;
}

BlockEntry clamp(const Suffix& s) {
  constexpr std::int64_t kMaxGas = std::numeric_limits<std::int32_t>::max();
  BlockEntry e;
  e.gas = static_cast<std::int32_t>(std::min(s.gas, kMaxGas));
  if (s.gas > kMaxGas || s.min_items > s.max_items || s.min_items > kStackLimit) {
    e.min_items = BlockEntry::kNever;  // always handed to the checking loop
    e.max_items = -1;
  } else {
    e.min_items = static_cast<std::int16_t>(s.min_items);
    e.max_items = static_cast<std::int16_t>(s.max_items);
  }
  return e;
}

}  // namespace

AnalyzedCode analyze(BytesView code) {
  AnalyzedCode a;
  a.size = code.size();
  a.padded.assign(code.size() + AnalyzedCode::kCodePadding, 0);
  std::copy(code.begin(), code.end(), a.padded.begin());
  a.jumpdests.assign(code.size() / 64 + 1, 0);
  std::vector<std::uint32_t> offsets;  // of the instructions, in order
  offsets.reserve(code.size());
  for (std::size_t pc = 0; pc < code.size(); ++pc) {
    offsets.push_back(static_cast<std::uint32_t>(pc));
    const Byte op = code[pc];
    if (op == kJumpdest)
      a.jumpdests[pc / 64] |= std::uint64_t{1} << (pc % 64);
    else if (op >= kPush1 && op <= kPush32)
      pc += static_cast<std::size_t>(op - kPush1 + 1);  // skip the immediate data
  }
  // Past the end the padding's STOP ends every block.
  a.entries.assign(code.size() + 1, clamp(Suffix{}));
  Suffix next;
  for (auto it = offsets.rbegin(); it != offsets.rend(); ++it) {
    const OpTraits& t = kOpTraits[code[*it]];
    next = prepend(t, t.ends_block ? Suffix{} : next);
    a.entries[*it] = clamp(next);
  }
  a.jump_map.assign(code.size(), 0);
  std::map<BlockEntry, std::uint8_t> indices;  // of the distinct JUMPDEST entries, from 1
  for (std::size_t pc = 0; pc < code.size(); ++pc) {
    if (!a.is_jumpdest(pc)) continue;
    const BlockEntry& e = a.entries[pc];
    std::uint8_t index = AnalyzedCode::kJumpEntryOverflow;
    if (const auto it = indices.find(e); it != indices.end()) {
      index = it->second;
    } else if (a.jump_blocks.size() + 1 < AnalyzedCode::kJumpEntryOverflow) {
      a.jump_blocks.push_back(e);
      index = static_cast<std::uint8_t>(a.jump_blocks.size());
      indices.emplace(e, index);
    }
    a.jump_map[pc] = index;
  }
  return a;
}

}  // namespace plexus::evm
