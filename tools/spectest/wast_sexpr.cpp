#include "wast_sexpr.hpp"

#include <algorithm>
#include <cstdint>

namespace plexus::spectest {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool ends_atom(char c) { return is_space(c) || c == '(' || c == ')' || c == '"' || c == ';'; }

std::string line_of(std::string_view source, std::size_t pos) {
  return "line " + std::to_string(1 + std::count(source.begin(), source.begin() + pos, '\n'));
}

// One past the `;)` closing the block comment opened at `pos`, counting nested `(;`.
Result<std::size_t> block_comment_end(std::string_view source, std::size_t pos) {
  std::size_t depth = 0;
  for (std::size_t i = pos; i + 1 < source.size();) {
    if (source[i] == '(' && source[i + 1] == ';') {
      ++depth;
      i += 2;
    } else if (source[i] == ';' && source[i + 1] == ')') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return fail(Errc::kDecode,
              "wast: block comment not closed by `;)` (" + line_of(source, pos) + ")");
}

// One past the `"` closing the string opened at `pos`.
Result<std::size_t> string_end(std::string_view source, std::size_t pos) {
  for (std::size_t i = pos + 1; i < source.size(); ++i) {
    const auto c = static_cast<unsigned char>(source[i]);
    if (c == '"') return i + 1;
    if (c < 0x20 || c == 0x7f)
      return fail(Errc::kDecode, "wast: a string may not hold control character " +
                                     std::to_string(c) + " (" + line_of(source, i) + ")");
    if (c == '\\') ++i;  // the escaped character cannot end the string
  }
  return fail(Errc::kDecode, "wast: string not closed by `\"` (" + line_of(source, pos) + ")");
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

Result<std::vector<WastToken>> lex_wast(std::string_view source) {
  using Kind = WastToken::Kind;
  std::vector<WastToken> tokens;
  std::size_t i = 0;
  while (i < source.size()) {
    const std::size_t start = i;
    const char c = source[i];
    const char next = i + 1 < source.size() ? source[i + 1] : '\0';
    Kind kind;
    if (is_space(c)) {
      kind = Kind::kWhitespace;
      while (i < source.size() && is_space(source[i])) ++i;
    } else if (c == ';' && next == ';') {
      kind = Kind::kLineComment;
      while (i < source.size() && source[i] != '\n' && source[i] != '\r') ++i;
    } else if (c == '(' && next == ';') {
      kind = Kind::kBlockComment;
      auto end = block_comment_end(source, i);
      if (!end) return std::unexpected(end.error());
      i = *end;
    } else if (c == '(' || c == ')') {
      kind = c == '(' ? Kind::kOpen : Kind::kClose;
      ++i;
    } else if (c == '"') {
      kind = Kind::kString;
      auto end = string_end(source, i);
      if (!end) return std::unexpected(end.error());
      i = *end;
    } else {
      kind = Kind::kAtom;
      ++i;  // a lone `;` is an atom of its own
      while (i < source.size() && !ends_atom(source[i])) ++i;
    }
    tokens.push_back(WastToken{kind, start, i});
  }
  return tokens;
}

std::string_view SExpr::head(std::string_view source) const {
  if (kind != Kind::kList || children.empty() || children.front().kind != Kind::kAtom) return {};
  return children.front().text(source);
}

Result<std::vector<SExpr>> parse_sexprs(std::string_view source) {
  auto tokens = lex_wast(source);
  if (!tokens) return std::unexpected(tokens.error());
  std::vector<SExpr> top;
  std::vector<SExpr> open;  // the lists not closed yet, innermost last
  const auto add = [&](SExpr node) {
    (open.empty() ? top : open.back().children).push_back(std::move(node));
  };
  for (const auto& token : *tokens) {
    switch (token.kind) {
      case WastToken::Kind::kOpen:
        if (open.size() == kMaxSExprDepth)
          return fail(Errc::kLimitExceeded, "wast: nesting deeper than " +
                                                std::to_string(kMaxSExprDepth) + " (" +
                                                line_of(source, token.begin) + ")");
        open.push_back(SExpr{SExpr::Kind::kList, token.begin, token.begin, {}});
        break;
      case WastToken::Kind::kClose: {
        if (open.empty())
          return fail(Errc::kDecode,
                      "wast: `)` closes no list (" + line_of(source, token.begin) + ")");
        SExpr list = std::move(open.back());
        open.pop_back();
        list.end = token.end;
        add(std::move(list));
        break;
      }
      case WastToken::Kind::kAtom:
        add(SExpr{SExpr::Kind::kAtom, token.begin, token.end, {}});
        break;
      case WastToken::Kind::kString:
        add(SExpr{SExpr::Kind::kString, token.begin, token.end, {}});
        break;
      default:  // whitespace and comments are gaps between nodes
        break;
    }
  }
  if (!open.empty())
    return fail(Errc::kDecode,
                "wast: `(` never closed (" + line_of(source, open.back().begin) + ")");
  return top;
}

Result<std::string> decode_string(std::string_view token) {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"')
    return fail(Errc::kDecode, "wast: a string starts and ends with `\"`");
  const std::string_view body = token.substr(1, token.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    if (++i == body.size()) return fail(Errc::kDecode, "wast: `\\` ends a string");
    const char e = body[i];
    if (e == 't') {
      out += '\t';
    } else if (e == 'n') {
      out += '\n';
    } else if (e == 'r') {
      out += '\r';
    } else if (e == '"' || e == '\'' || e == '\\') {
      out += e;
    } else if (e == 'u') {
      const std::size_t close = body.find('}', i);
      if (i + 1 >= body.size() || body[i + 1] != '{' || close == std::string_view::npos ||
          close == i + 2)
        return fail(Errc::kDecode, "wast: a \\u escape is \\u{hexdigits}");
      std::uint32_t cp = 0;
      for (std::size_t k = i + 2; k < close; ++k) {
        const int d = hex_digit(body[k]);
        if (d < 0 || cp > 0x10FFFF) return fail(Errc::kDecode, "wast: bad \\u{...} escape");
        cp = cp * 16 + static_cast<std::uint32_t>(d);
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
        return fail(Errc::kDecode, "wast: a \\u escape names a Unicode scalar value");
      append_utf8(out, cp);
      i = close;
    } else {
      const int hi = hex_digit(e);
      const int lo = i + 1 < body.size() ? hex_digit(body[i + 1]) : -1;
      if (hi < 0 || lo < 0) return fail(Errc::kDecode, "wast: unknown escape in a string");
      out += static_cast<char>(hi * 16 + lo);
      ++i;
    }
  }
  return out;
}

}  // namespace plexus::spectest
