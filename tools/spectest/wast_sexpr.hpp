#pragma once
// The tokens and S-expression structure of a .wast script, as far as the text-format desugaring
// (wast_desugar.hpp) needs them: parentheses, atoms (keywords, numbers, $ids) and strings, each
// with its byte range in the source. Whitespace and comments are not nodes: they are the source
// text between nodes, so a rewrite that copies those gaps leaves them byte-identical.
//
// The lexical rules follow the WebAssembly 2.0 text format ("Lexical Format"): a line comment runs
// from `;;` to the next newline (LF, CR or CR LF) or the end, block comments `(; ... ;)` nest,
// a string may hold no control character (only escapes produce them).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace plexus::spectest {

struct WastToken {
  enum class Kind { kOpen, kClose, kAtom, kString, kWhitespace, kLineComment, kBlockComment };
  Kind kind;
  std::size_t begin;  // byte range in the source; a line comment excludes its ending newline
  std::size_t end;
};

// Every token of `source`, gaps included, so the ranges cover it without holes. Rejects an
// unterminated string or block comment and a control character in a string, naming the rule
// and the line.
[[nodiscard]] Result<std::vector<WastToken>> lex_wast(std::string_view source);

struct SExpr {
  enum class Kind { kList, kAtom, kString };
  Kind kind = Kind::kAtom;
  std::size_t begin = 0;  // first byte; for a list its `(`
  std::size_t end = 0;    // one past the last byte; for a list one past its `)`
  std::vector<SExpr> children;

  [[nodiscard]] std::string_view text(std::string_view source) const {
    return source.substr(begin, end - begin);
  }
  // The keyword a list starts with (`module`, `if`, `then`), or "" if it starts otherwise.
  [[nodiscard]] std::string_view head(std::string_view source) const;
};

// Nesting deeper than this is rejected; the spec suite nests at most a few dozen levels.
inline constexpr std::size_t kMaxSExprDepth = 1000;

// The top-level nodes of `source`: lex_wast's rules, plus balanced parentheses and nesting up
// to kMaxSExprDepth.
[[nodiscard]] Result<std::vector<SExpr>> parse_sexprs(std::string_view source);

// The bytes a string token (quotes included) denotes: escapes \t \n \r \" \' \\ \hh \u{h+}.
[[nodiscard]] Result<std::string> decode_string(std::string_view token);

}  // namespace plexus::spectest
