#pragma once
// Tokenizer of the Move IR (.mvir) surface syntax.
//
// The IR lexer is context sensitive in the same places as the reference one: a name directly
// followed by `<` becomes a generic-name token (`vector<`, `borrow_global<`, `vec_pack_2`), a name
// followed by `(` may be a keyword call (`copy(`, `move(`, `assert(`), `M.f` is a single dotted
// token and `h"0a"` a byte string. The parser therefore pulls one token at a time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plexus::move::ir {

#define PLEXUS_IR_TOKENS(X)                                                                     \
  X(EndOfFile) X(AccountAddressValue) X(U8Value) X(U16Value) X(U32Value) X(U64Value) X(U128Value)     \
  X(U256Value) X(NameValue) X(NameBeginTyValue) X(DotNameValue) X(ByteArrayValue) X(Exclaim)    \
  X(ExclaimEqual) X(Percent) X(Amp) X(AmpAmp) X(AmpMut) X(LParen) X(RParen) X(Star) X(Plus)     \
  X(Comma) X(Minus) X(Period) X(Slash) X(Colon) X(ColonEqual) X(Semicolon) X(Less) X(LessEqual) \
  X(LessLess) X(Equal) X(EqualEqual) X(EqualEqualGreater) X(Greater) X(GreaterEqual)            \
  X(GreaterGreater) X(Caret) X(Underscore) X(Abort) X(AbortsIf) X(Acquires) X(As) X(Assert)     \
  X(BorrowGlobal) X(BorrowGlobalMut) X(Copy) X(Ensures) X(Exists) X(False) X(Freeze) X(Global)  \
  X(GlobalExists) X(ToU8) X(ToU16) X(ToU32) X(ToU64) X(ToU128) X(ToU256) X(Import) X(Invariant) \
  X(Jump) X(JumpIf) X(JumpIfFalse) X(Label) X(Let) X(Main) X(Module) X(Move) X(MoveFrom)        \
  X(MoveTo) X(Native) X(Old) X(Public) X(Script) X(Friend) X(Requires) X(SpecReturn) X(Return)  \
  X(Struct) X(SucceedsIf) X(Synthetic) X(True) X(VecPack) X(VecLen) X(VecImmBorrow)             \
  X(VecMutBorrow) X(VecPushBack) X(VecPopBack) X(VecUnpack) X(VecSwap) X(LBrace) X(Pipe)        \
  X(PipePipe) X(RBrace) X(LSquare) X(RSquare) X(PeriodPeriod)

enum class Tok : std::uint8_t {
#define PLEXUS_IR_TOKEN_ENUM(name) name,
  PLEXUS_IR_TOKENS(PLEXUS_IR_TOKEN_ENUM)
#undef PLEXUS_IR_TOKEN_ENUM
};

// The token's name as the reference prints it in messages ("LParen", "NameValue").
[[nodiscard]] std::string_view token_name(Tok tok) noexcept;

// A position in the source, 1-based.
struct SourcePos {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// An assembler error: the message plus where it was detected. `parse` distinguishes syntax errors
// (reported by the reference as "ParserError: ...") from compile errors.
struct IrError {
  std::string message;
  SourcePos pos;
  bool parse = false;

  [[nodiscard]] std::string to_string() const;  // "line:column: message"
};

template <typename T>
using IrResult = std::expected<T, IrError>;

// IrResult counterparts of PLEXUS_TRY / PLEXUS_CHECK (same expansion, different error type).
#define IR_TRY(decl, expr) PLEXUS_TRY(decl, expr)
#define IR_CHECK(expr) PLEXUS_CHECK(expr)

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  [[nodiscard]] Tok peek() const noexcept { return token_; }
  // Text of the current token; for VecPack/VecUnpack the element count follows in vec_count().
  [[nodiscard]] std::string_view content() const noexcept {
    return text_.substr(cur_start_, cur_end_ - cur_start_);
  }
  [[nodiscard]] std::uint64_t vec_count() const noexcept { return vec_count_; }
  [[nodiscard]] SourcePos position() const noexcept { return pos_of(cur_start_); }
  [[nodiscard]] SourcePos pos_of(std::size_t offset) const noexcept;

  [[nodiscard]] IrResult<void> advance();
  // The token after the current one, without consuming anything.
  [[nodiscard]] IrResult<Tok> lookahead() const;
  // Shortens the current token (splitting `>>` into `>` `>` for nested generics).
  void replace_token(Tok tok, std::size_t len) noexcept;

 private:
  struct Found {
    Tok tok;
    std::size_t len;
    std::uint64_t count = 0;
  };
  [[nodiscard]] std::size_t skip_trivia(std::size_t from) const noexcept;
  [[nodiscard]] IrResult<Found> find_token(std::size_t at) const;
  [[nodiscard]] Found find_name_token(std::string_view rest) const;

  std::string_view text_;
  std::size_t cur_start_ = 0;
  std::size_t cur_end_ = 0;
  std::uint64_t vec_count_ = 0;
  Tok token_ = Tok::EndOfFile;
  // Positions are asked for in increasing order while parsing; resuming from the last answer
  // keeps that linear instead of rescanning the text from the start for every token.
  mutable std::size_t pos_cache_offset_ = 0;
  mutable SourcePos pos_cache_;
};

}  // namespace plexus::move::ir
