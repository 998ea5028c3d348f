#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "evm/interpreter.hpp"
#include "evm/opcodes.hpp"

namespace plexus::evm {
namespace {

// An opcode's traits as the analysis combines them.
struct StepNeeds {
  std::int32_t gas = 0;
  std::int32_t reads = 0;   // items it reads
  std::int32_t change = 0;  // height after minus height before
  bool ends_block = true;   // (undefined opcodes end blocks too)
};

constexpr std::array<StepNeeds, 256> make_step_needs() {
  std::array<StepNeeds, 256> t{};
  for (std::size_t op = 0; op < 256; ++op) {
    const OpTraits& o = kOpTraits[op];
    t[op] = StepNeeds{o.gas, o.stack_required, o.stack_change, o.ends_block};
  }
  return t;
}
constexpr std::array<StepNeeds, 256> kStepNeeds = make_step_needs();

// The bytes of PUSH data after the opcode op.
constexpr std::size_t immediate_size(Byte op) {
  return op >= kPush1 && op <= kPush32 ? static_cast<std::size_t>(op - kPush1 + 1) : 0;
}

// The distinct entries of JUMPDESTs, up to the 254 the jump map can index: a small
// open-addressing table from entry to index (a std::map cost a node allocation per entry and
// made analysis ten times evmone's on JUMPDEST-heavy code).
class JumpBlockIndex {
 public:
  explicit JumpBlockIndex(std::vector<BlockEntry>& blocks) : blocks_(blocks) {}

  std::uint8_t index_of(const BlockEntry& e) {
    std::uint64_t key;
    static_assert(sizeof(BlockEntry) == sizeof key);
    std::memcpy(&key, &e, sizeof key);
    for (std::size_t slot = (key * 0x9e3779b97f4a7c15) >> (64 - kSlotBits);;
         slot = (slot + 1) % kSlots) {
      if (slots_[slot] == 0) {
        if (blocks_.size() + 1 >= AnalyzedCode::kJumpEntryOverflow)
          return AnalyzedCode::kJumpEntryOverflow;
        blocks_.push_back(e);
        slots_[slot] = static_cast<std::uint8_t>(blocks_.size());
        return slots_[slot];
      }
      if (blocks_[slots_[slot] - 1] == e) return slots_[slot];
    }
  }

 private:
  static constexpr unsigned kSlotBits = 9;  // twice the most entries, so probes stay short
  static constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
  std::vector<BlockEntry>& blocks_;
  std::array<std::uint8_t, kSlots> slots_{};  // index + 1 in blocks_, 0 for free
};

// The instructions between two entries (a block, or the part of one before a JUMPDEST), their
// needs relative to the height at their start.
struct Segment {
  std::uint32_t start;
  std::int64_t gas;
  std::int32_t min_items;  // items needed at the start
  std::int32_t peak;       // highest height reached, relative to the start
  std::int32_t change;     // height at the end, relative to the start
  bool ends_block;         // its last instruction ends the block
};

}  // namespace

std::int64_t block_gas_from(const AnalyzedCode& code, std::size_t pc) noexcept {
  std::int64_t gas = 0;
  for (;;) {
    const Byte op = code.padded[pc];  // the padding's STOP ends the scan
    gas += kOpTraits[op].gas;
    if (kOpTraits[op].ends_block) return gas;  // undefined opcodes end blocks too
    pc += 1 + immediate_size(op);
  }
}

std::size_t heap_bytes(const AnalyzedCode& code) noexcept {
  return code.padded.capacity() + code.jumpdests.capacity() * sizeof(std::uint64_t) +
         code.entries.capacity() * sizeof(BlockEntry) + code.jump_map.capacity() +
         code.jump_blocks.capacity() * sizeof(BlockEntry);
}

AnalyzedCode analyze(BytesView code) {
  AnalyzedCode a;
  a.size = code.size();
  a.padded.assign(code.size() + AnalyzedCode::kCodePadding, 0);
  std::copy(code.begin(), code.end(), a.padded.begin());
  a.jumpdests.assign(code.size() / 64 + 1, 0);

  // Forwards: the segments, each starting at an entry (the code's start, a JUMPDEST, the
  // instruction after one that ends a block). The open one is kept in locals.
  std::vector<Segment> segments;
  segments.reserve(code.size() / 8 + 1);
  std::uint32_t start = 0;
  std::int64_t seg_gas = 0;
  std::int32_t seg_min = 0;
  std::int32_t seg_peak = 0;
  std::int32_t seg_change = 0;
  const Byte* const bytes = code.data();
  for (std::size_t pc = 0; pc < code.size(); ++pc) {
    const Byte op = bytes[pc];
    if (op == kJumpdest) {
      a.jumpdests[pc / 64] |= std::uint64_t{1} << (pc % 64);
      if (start < pc) {  // unless a block ended just before it
        segments.push_back(Segment{start, seg_gas, seg_min, seg_peak, seg_change, false});
        start = static_cast<std::uint32_t>(pc);
        seg_gas = 0;
        seg_min = seg_peak = seg_change = 0;
      }
    }
    const StepNeeds& s = kStepNeeds[op];
    seg_gas += s.gas;
    seg_min = std::max(seg_min, s.reads - seg_change);
    seg_change += s.change;
    seg_peak = std::max(seg_peak, seg_change);
    if (s.ends_block) {
      segments.push_back(Segment{start, seg_gas, seg_min, seg_peak, seg_change, true});
      start = static_cast<std::uint32_t>(pc + 1);
      seg_gas = 0;
      seg_min = seg_peak = seg_change = 0;
    }
    if (const std::size_t data = immediate_size(op); data != 0) pc += data;
  }
  if (start < code.size())
    segments.push_back(Segment{start, seg_gas, seg_min, seg_peak, seg_change, false});

  // Backwards: an entry's needs are its segment's combined with those of the entry after it,
  // unless the segment ends the block. Past the end the padding's STOP ends every block.
  a.entries.resize(code.size() + 1);
  a.entries[code.size()] = BlockEntry{0, 0, kStackLimit};
  a.jump_map.assign(code.size(), 0);
  JumpBlockIndex jump_blocks(a.jump_blocks);
  constexpr std::int64_t kMaxGas = std::numeric_limits<std::int32_t>::max();
  std::int64_t gas = 0;
  std::int64_t min_items = 0;
  std::int64_t max_items = kStackLimit;
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    if (it->ends_block) {
      gas = 0;
      min_items = 0;
      max_items = kStackLimit;
    }
    gas += it->gas;
    min_items = std::max<std::int64_t>(it->min_items, min_items - it->change);
    max_items = std::min<std::int64_t>(kStackLimit - it->peak, max_items - it->change);
    BlockEntry& e = a.entries[it->start];
    if (gas <= kMaxGas && min_items <= max_items && min_items <= kStackLimit) {
      e = BlockEntry{static_cast<std::int32_t>(gas), static_cast<std::int16_t>(min_items),
                     static_cast<std::int16_t>(max_items)};
    } else {  // always handed to the checking loop
      e = BlockEntry{static_cast<std::int32_t>(std::min(gas, kMaxGas)), BlockEntry::kNever, -1};
    }
    if (code[it->start] == kJumpdest) a.jump_map[it->start] = jump_blocks.index_of(e);
  }
  return a;
}

}  // namespace plexus::evm
