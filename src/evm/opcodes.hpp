#pragma once
// Opcode numbers and their static traits (base gas, stack requirement and change), the tables the
// interpreter checks before running each instruction. Gas figures are those of Berlin and later
// (EIP-2929 warm costs); the revisions supported here (London..Osaka) agree on every one of them
// and differ only in which opcodes exist.
#include <array>
#include <cstdint>

#include "evm/host.hpp"

namespace plexus::evm {

enum Opcode : std::uint8_t {
  kStop = 0x00,
  kAdd = 0x01,
  kMul = 0x02,
  kSub = 0x03,
  kDiv = 0x04,
  kSdiv = 0x05,
  kMod = 0x06,
  kSmod = 0x07,
  kAddmod = 0x08,
  kMulmod = 0x09,
  kExp = 0x0a,
  kSignextend = 0x0b,
  kLt = 0x10,
  kGt = 0x11,
  kSlt = 0x12,
  kSgt = 0x13,
  kEq = 0x14,
  kIszero = 0x15,
  kAnd = 0x16,
  kOr = 0x17,
  kXor = 0x18,
  kNot = 0x19,
  kByte = 0x1a,
  kShl = 0x1b,
  kShr = 0x1c,
  kSar = 0x1d,
  kClz = 0x1e,
  kKeccak256 = 0x20,
  kAddress = 0x30,
  kBalance = 0x31,
  kOrigin = 0x32,
  kCaller = 0x33,
  kCallvalue = 0x34,
  kCalldataload = 0x35,
  kCalldatasize = 0x36,
  kCalldatacopy = 0x37,
  kCodesize = 0x38,
  kCodecopy = 0x39,
  kGasprice = 0x3a,
  kExtcodesize = 0x3b,
  kExtcodecopy = 0x3c,
  kReturndatasize = 0x3d,
  kReturndatacopy = 0x3e,
  kExtcodehash = 0x3f,
  kBlockhash = 0x40,
  kCoinbase = 0x41,
  kTimestamp = 0x42,
  kNumber = 0x43,
  kPrevrandao = 0x44,
  kGaslimit = 0x45,
  kChainid = 0x46,
  kSelfbalance = 0x47,
  kBasefee = 0x48,
  kBlobhash = 0x49,
  kBlobbasefee = 0x4a,
  kPop = 0x50,
  kMload = 0x51,
  kMstore = 0x52,
  kMstore8 = 0x53,
  kSload = 0x54,
  kSstore = 0x55,
  kJump = 0x56,
  kJumpi = 0x57,
  kPc = 0x58,
  kMsize = 0x59,
  kGas = 0x5a,
  kJumpdest = 0x5b,
  kTload = 0x5c,
  kTstore = 0x5d,
  kMcopy = 0x5e,
  kPush0 = 0x5f,
  kPush1 = 0x60,
  kPush32 = 0x7f,
  kDup1 = 0x80,
  kDup16 = 0x8f,
  kSwap1 = 0x90,
  kSwap16 = 0x9f,
  kLog0 = 0xa0,
  kLog4 = 0xa4,
  kCreate = 0xf0,
  kCall = 0xf1,
  kCallcode = 0xf2,
  kReturn = 0xf3,
  kDelegatecall = 0xf4,
  kCreate2 = 0xf5,
  kStaticcall = 0xfa,
  kRevert = 0xfd,
  kInvalid = 0xfe,
  kSelfdestruct = 0xff,
};

struct OpTraits {
  bool defined = false;
  Revision since = Revision::kLondon;  // first supported revision defining the opcode
  std::int16_t gas = 0;                // base cost charged before the instruction runs
  std::int8_t stack_required = 0;      // items the instruction reads
  std::int8_t stack_change = 0;        // height after minus height before
  // The instruction ends a block of the untraced loop (see AnalyzedCode::entries): it jumps, ends
  // the frame, reads the gas left (GAS, SSTORE's stipend check, the calls' 63/64) or reaches the
  // Host, so the gas it sees and any failure it reports must be exact.
  bool ends_block = false;
};

inline constexpr int kStackLimit = 1024;

namespace detail {
constexpr std::array<OpTraits, 256> make_op_traits() {
  std::array<OpTraits, 256> t{};
  auto def = [&t](int op, int gas, int req, int change, Revision since = Revision::kLondon) {
    t[op] = OpTraits{true, since, static_cast<std::int16_t>(gas), static_cast<std::int8_t>(req),
                     static_cast<std::int8_t>(change)};
  };
  def(kStop, 0, 0, 0);
  for (int op : {kAdd, kSub, kLt, kGt, kSlt, kSgt, kEq, kAnd, kOr, kXor, kByte, kShl, kShr, kSar})
    def(op, 3, 2, -1);
  for (int op : {kMul, kDiv, kSdiv, kMod, kSmod, kSignextend}) def(op, 5, 2, -1);
  def(kAddmod, 8, 3, -2);
  def(kMulmod, 8, 3, -2);
  def(kExp, 10, 2, -1);
  def(kClz, 5, 1, 0, Revision::kOsaka);
  def(kIszero, 3, 1, 0);
  def(kNot, 3, 1, 0);
  def(kKeccak256, 30, 2, -1);
  for (int op : {kAddress, kOrigin, kCaller, kCallvalue, kCalldatasize, kCodesize, kGasprice,
                 kReturndatasize, kCoinbase, kTimestamp, kNumber, kPrevrandao, kGaslimit, kChainid,
                 kBasefee, kPc, kMsize, kGas})
    def(op, 2, 0, 1);
  def(kBlobbasefee, 2, 0, 1, Revision::kCancun);
  def(kSelfbalance, 5, 0, 1);
  for (int op : {kBalance, kExtcodesize, kExtcodehash, kSload}) def(op, 100, 1, 0);
  def(kCalldataload, 3, 1, 0);
  def(kCalldatacopy, 3, 3, -3);
  def(kCodecopy, 3, 3, -3);
  def(kReturndatacopy, 3, 3, -3);
  def(kExtcodecopy, 100, 4, -4);
  def(kBlockhash, 20, 1, 0);
  def(kBlobhash, 3, 1, 0, Revision::kCancun);
  def(kPop, 2, 1, -1);
  def(kMload, 3, 1, 0);
  def(kMstore, 3, 2, -2);
  def(kMstore8, 3, 2, -2);
  def(kSstore, 0, 2, -2);  // entirely dynamic (EIP-2200)
  def(kJump, 8, 1, -1);
  def(kJumpi, 10, 2, -2);
  def(kJumpdest, 1, 0, 0);
  def(kTload, 100, 1, 0, Revision::kCancun);
  def(kTstore, 100, 2, -2, Revision::kCancun);
  def(kMcopy, 3, 3, -3, Revision::kCancun);
  def(kPush0, 2, 0, 1, Revision::kShanghai);
  for (int op = kPush1; op <= kPush32; ++op) def(op, 3, 0, 1);
  for (int n = 1; n <= 16; ++n) {
    def(kDup1 + n - 1, 3, n, 1);
    def(kSwap1 + n - 1, 3, n + 1, 0);
  }
  for (int n = 0; n <= 4; ++n) def(kLog0 + n, 375 * (n + 1), n + 2, -(n + 2));
  def(kCreate, 32000, 3, -2);
  def(kCreate2, 32000, 4, -3);
  def(kCall, 100, 7, -6);
  def(kCallcode, 100, 7, -6);
  def(kDelegatecall, 100, 6, -5);
  def(kStaticcall, 100, 6, -5);
  def(kReturn, 0, 2, -2);
  def(kRevert, 0, 2, -2);
  def(kInvalid, 0, 0, 0);
  def(kSelfdestruct, 5000, 1, -1);
  for (int op :
       {kStop,        kJump,         kJumpi,          kGas,         kReturn,       kRevert,
        kInvalid,     kSelfdestruct, kKeccak256,      kBalance,     kCalldatacopy, kCodecopy,
        kExtcodesize, kExtcodecopy,  kReturndatacopy, kExtcodehash, kSload,        kSstore,
        kTstore,      kMcopy,        kCreate,         kCall,        kCallcode,     kDelegatecall,
        kCreate2,     kStaticcall})
    t[op].ends_block = true;
  for (int n = 0; n <= 4; ++n) t[kLog0 + n].ends_block = true;
  for (OpTraits& op : t) op.ends_block = op.ends_block || !op.defined;
  return t;
}
}  // namespace detail

inline constexpr std::array<OpTraits, 256> kOpTraits = detail::make_op_traits();

[[nodiscard]] constexpr bool is_defined(std::uint8_t op, Revision rev) noexcept {
  return kOpTraits[op].defined && rev >= kOpTraits[op].since;
}

}  // namespace plexus::evm
