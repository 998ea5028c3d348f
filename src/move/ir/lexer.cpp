#include "move/ir/lexer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <utility>

namespace plexus::move::ir {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' ||
         c == '_';
}
bool is_hex_char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == '_';
}

std::size_t name_len(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return 0;
  std::size_t n = 0;
  while (n < s.size() && is_name_char(s[n])) ++n;
  return n;
}

std::size_t hex_len(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && is_hex_char(s[n])) ++n;
  return n;
}

// Decimal literal with an optional width suffix; no suffix means u64.
std::pair<Tok, std::size_t> decimal_token(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '_')) ++n;
  const std::string_view rest = s.substr(n);
  static constexpr std::array<std::pair<std::string_view, Tok>, 6> kSuffixes{{
      {"u8", Tok::U8Value}, {"u16", Tok::U16Value}, {"u32", Tok::U32Value},
      {"u64", Tok::U64Value}, {"u128", Tok::U128Value}, {"u256", Tok::U256Value}}};
  for (const auto& [suffix, tok] : kSuffixes)
    if (rest.starts_with(suffix)) return {tok, n + suffix.size()};
  return {Tok::U64Value, n};
}

Tok keyword_token(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Tok>, 37> kKeywords{{
      {"_", Tok::Underscore}, {"abort", Tok::Abort}, {"aborts_if", Tok::AbortsIf},
      {"acquires", Tok::Acquires}, {"as", Tok::As}, {"copy", Tok::Copy},
      {"ensures", Tok::Ensures}, {"false", Tok::False}, {"freeze", Tok::Freeze},
      {"friend", Tok::Friend}, {"global", Tok::Global}, {"global_exists", Tok::GlobalExists},
      {"to_u8", Tok::ToU8}, {"to_u16", Tok::ToU16}, {"to_u32", Tok::ToU32},
      {"to_u64", Tok::ToU64}, {"to_u128", Tok::ToU128}, {"to_u256", Tok::ToU256},
      {"import", Tok::Import}, {"jump", Tok::Jump}, {"jump_if", Tok::JumpIf},
      {"jump_if_false", Tok::JumpIfFalse}, {"label", Tok::Label}, {"let", Tok::Let},
      {"main", Tok::Main}, {"module", Tok::Module}, {"native", Tok::Native},
      {"invariant", Tok::Invariant}, {"old", Tok::Old}, {"public", Tok::Public},
      {"requires", Tok::Requires}, {"RET", Tok::SpecReturn}, {"return", Tok::Return},
      {"script", Tok::Script}, {"struct", Tok::Struct}, {"succeeds_if", Tok::SucceedsIf},
      {"synthetic", Tok::Synthetic}}};
  if (name == "true") return Tok::True;
  for (const auto& [word, tok] : kKeywords)
    if (word == name) return tok;
  return Tok::NameValue;
}

// `vec_pack_3` -> 3; nullopt when the suffix is not a plain u64.
std::optional<std::uint64_t> numbered_suffix(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return std::nullopt;
  const std::string_view digits = name.substr(prefix.size());
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty())
    return std::nullopt;
  return v;
}

}  // namespace

std::string_view token_name(Tok tok) noexcept {
  static constexpr std::string_view kNames[] = {
#define PLEXUS_IR_TOKEN_NAME(name) #name,
      PLEXUS_IR_TOKENS(PLEXUS_IR_TOKEN_NAME)
#undef PLEXUS_IR_TOKEN_NAME
  };
  // The reference spells the end-of-input token EOF, a macro name in C++.
  return tok == Tok::EndOfFile ? "EOF" : kNames[static_cast<std::size_t>(tok)];
}

std::string IrError::to_string() const {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message;
}

SourcePos Lexer::pos_of(std::size_t offset) const noexcept {
  offset = std::min(offset, text_.size());
  SourcePos p;
  std::size_t i = 0;
  if (offset >= pos_cache_offset_) {
    p = pos_cache_;
    i = pos_cache_offset_;
  }
  for (; i < offset; ++i) {
    if (text_[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  pos_cache_offset_ = offset;
  pos_cache_ = p;
  return p;
}

std::size_t Lexer::skip_trivia(std::size_t i) const noexcept {
  for (;;) {
    while (i < text_.size() && (text_[i] == '\n' || text_[i] == '\t' || text_[i] == ' ' ||
                                (text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n')))
      ++i;
    if (text_.substr(i).starts_with("//")) {
      while (i < text_.size() && text_[i] != '\n') ++i;
      continue;
    }
    return i;
  }
}

IrResult<void> Lexer::advance() {
  cur_start_ = skip_trivia(cur_end_);
  auto found = find_token(cur_start_);
  if (!found) return std::unexpected(found.error());
  token_ = found->tok;
  cur_end_ = cur_start_ + found->len;
  vec_count_ = found->count;
  return {};
}

IrResult<Tok> Lexer::lookahead() const {
  auto found = find_token(skip_trivia(cur_end_));
  if (!found) return std::unexpected(found.error());
  return found->tok;
}

void Lexer::replace_token(Tok tok, std::size_t len) noexcept {
  token_ = tok;
  cur_end_ = cur_start_ + len;
}

Lexer::Found Lexer::find_name_token(std::string_view rest) const {
  const std::size_t len = name_len(rest);
  const std::string_view name = rest.substr(0, len);
  const char next = len < rest.size() ? rest[len] : '\0';
  if (next == '"' && name == "h") {
    const std::size_t n = hex_len(rest.substr(len + 1));
    if (len + 1 + n < rest.size() && rest[len + 1 + n] == '"') return {Tok::ByteArrayValue, n + 3};
  } else if (next == '.') {
    const std::size_t len2 = name_len(rest.substr(len + 1));
    if (len2 > 0) return {Tok::DotNameValue, len + 1 + len2};
  } else if (next == '<') {
    static constexpr std::array<std::pair<std::string_view, Tok>, 6> kVecOps{{
        {"vec_len", Tok::VecLen}, {"vec_imm_borrow", Tok::VecImmBorrow},
        {"vec_mut_borrow", Tok::VecMutBorrow}, {"vec_push_back", Tok::VecPushBack},
        {"vec_pop_back", Tok::VecPopBack}, {"vec_swap", Tok::VecSwap}}};
    for (const auto& [word, tok] : kVecOps)
      if (word == name) return {tok, len};
    // The global-storage builtins swallow the `<`, like generic names do.
    static constexpr std::array<std::pair<std::string_view, Tok>, 5> kGlobals{{
        {"borrow_global", Tok::BorrowGlobal}, {"borrow_global_mut", Tok::BorrowGlobalMut},
        {"exists", Tok::Exists}, {"move_from", Tok::MoveFrom}, {"move_to", Tok::MoveTo}}};
    for (const auto& [word, tok] : kGlobals)
      if (word == name) return {tok, len + 1};
    if (name == "main") return {Tok::Main, len};
    if (auto n = numbered_suffix(name, "vec_pack_")) return {Tok::VecPack, len, *n};
    if (auto n = numbered_suffix(name, "vec_unpack_")) return {Tok::VecUnpack, len, *n};
    return {Tok::NameBeginTyValue, len + 1};
  } else if (next == '(') {
    if (name == "assert") return {Tok::Assert, len + 1};
    if (name == "copy") return {Tok::Copy, len + 1};
    if (name == "move") return {Tok::Move, len + 1};
  }
  return {keyword_token(name), len};
}

IrResult<Lexer::Found> Lexer::find_token(std::size_t at) const {
  const std::string_view s = text_.substr(at);
  if (s.empty()) return Found{Tok::EndOfFile, 0};
  const char c = s[0];
  if (c >= '0' && c <= '9') {
    if ((s.starts_with("0x") || s.starts_with("0X")) && s.size() > 2) {
      const std::size_t n = hex_len(s.substr(2));
      return n == 0 ? Found{Tok::U64Value, 1} : Found{Tok::AccountAddressValue, 2 + n};
    }
    const auto [tok, len] = decimal_token(s);
    return Found{tok, len};
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_')
    return find_name_token(s);
  auto two = [&](std::string_view p) { return s.starts_with(p); };
  switch (c) {
    case '&':
      if (two("&mut ")) return Found{Tok::AmpMut, 5};
      return two("&&") ? Found{Tok::AmpAmp, 2} : Found{Tok::Amp, 1};
    case '|': return two("||") ? Found{Tok::PipePipe, 2} : Found{Tok::Pipe, 1};
    case '=':
      if (two("==>")) return Found{Tok::EqualEqualGreater, 3};
      return two("==") ? Found{Tok::EqualEqual, 2} : Found{Tok::Equal, 1};
    case '!': return two("!=") ? Found{Tok::ExclaimEqual, 2} : Found{Tok::Exclaim, 1};
    case '<':
      if (two("<=")) return Found{Tok::LessEqual, 2};
      return two("<<") ? Found{Tok::LessLess, 2} : Found{Tok::Less, 1};
    case '>':
      if (two(">=")) return Found{Tok::GreaterEqual, 2};
      return two(">>") ? Found{Tok::GreaterGreater, 2} : Found{Tok::Greater, 1};
    case '%': return Found{Tok::Percent, 1};
    case '(': return Found{Tok::LParen, 1};
    case ')': return Found{Tok::RParen, 1};
    case '*': return Found{Tok::Star, 1};
    case '+': return Found{Tok::Plus, 1};
    case ',': return Found{Tok::Comma, 1};
    case '-': return Found{Tok::Minus, 1};
    case '.': return two("..") ? Found{Tok::PeriodPeriod, 2} : Found{Tok::Period, 1};
    case '/': return Found{Tok::Slash, 1};
    case ':': return two(":=") ? Found{Tok::ColonEqual, 2} : Found{Tok::Colon, 1};
    case ';': return Found{Tok::Semicolon, 1};
    case '^': return Found{Tok::Caret, 1};
    case '{': return Found{Tok::LBrace, 1};
    case '}': return Found{Tok::RBrace, 1};
    case '[': return Found{Tok::LSquare, 1};
    case ']': return Found{Tok::RSquare, 1};
    default: break;
  }
  return std::unexpected(IrError{
      "Invalid Token: unrecognized character for token '" + std::string(1, c) + "'", pos_of(at),
      true});
}

}  // namespace plexus::move::ir
