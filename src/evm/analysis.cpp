#include "evm/interpreter.hpp"
#include "evm/opcodes.hpp"

namespace plexus::evm {

AnalyzedCode analyze(BytesView code) {
  AnalyzedCode a;
  a.size = code.size();
  a.padded.assign(code.size() + AnalyzedCode::kCodePadding, 0);
  std::copy(code.begin(), code.end(), a.padded.begin());
  a.jumpdests.assign(code.size() / 64 + 1, 0);
  for (std::size_t pc = 0; pc < code.size(); ++pc) {
    const Byte op = code[pc];
    if (op == kJumpdest)
      a.jumpdests[pc / 64] |= std::uint64_t{1} << (pc % 64);
    else if (op >= kPush1 && op <= kPush32)
      pc += static_cast<std::size_t>(op - kPush1 + 1);  // skip the immediate data
  }
  return a;
}

}  // namespace plexus::evm
