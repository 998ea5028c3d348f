#include "wast_desugar.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "wast_sexpr.hpp"

namespace plexus::spectest {
namespace {

constexpr std::array<std::string_view, 5> kTableInstrsWithIndex = {
    "table.get", "table.set", "table.size", "table.grow", "table.fill"};

bool is_index(const SExpr& node, std::string_view source) {
  if (node.kind != SExpr::Kind::kAtom) return false;
  const char c = node.text(source).front();
  return c == '$' || (c >= '0' && c <= '9');
}

bool is_label(const SExpr& node, std::string_view source) {
  return node.kind == SExpr::Kind::kAtom && node.text(source).front() == '$';
}

bool is_blocktype(std::string_view head) {
  return head == "type" || head == "param" || head == "result";
}

// Bytes the quoted text may hold to be written out as text: no control character besides
// tab and newlines (a string in it could not hold one anyway).
bool writable_as_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n' || c == '\r';
  });
}

// `text` with the newline ending each line comment (LF, CR or CR LF, or the end of the text)
// written as one LF and every other newline as one space: wabt ends line comments only at LF,
// and the text then has exactly one line per line comment. Strings hold no newline (lex_wast).
Result<std::string> normalize_newlines(std::string_view text) {
  auto tokens = lex_wast(text);
  if (!tokens) return std::unexpected(tokens.error());
  std::string out;
  bool comment_open = false;  // a line comment whose ending newline is not written yet
  for (const auto& token : *tokens) {
    const std::string_view part = text.substr(token.begin, token.end - token.begin);
    if (token.kind != WastToken::Kind::kWhitespace &&
        token.kind != WastToken::Kind::kBlockComment) {
      out += part;
      comment_open = token.kind == WastToken::Kind::kLineComment;
      continue;
    }
    for (std::size_t i = 0; i < part.size(); ++i) {
      if (part[i] != '\n' && part[i] != '\r') {
        out += part[i];
        continue;
      }
      if (part[i] == '\r' && i + 1 < part.size() && part[i + 1] == '\n') ++i;
      out += comment_open ? '\n' : ' ';
      comment_open = false;
    }
  }
  if (comment_open) out += '\n';
  return out;
}

// What a node turns into: usually one piece; a folded `if` whose conditions are hoisted turns
// into those conditions followed by the `if`. `gap_after` is the source text (whitespace,
// comments) that separated a piece from the next one; the last piece's is empty.
struct Piece {
  std::string text;
  std::string gap_after;
};
using Pieces = std::vector<Piece>;

class Desugarer {
 public:
  Desugarer(std::string_view source, DesugarCounts& counts, bool unquote_commands)
      : source_(source), counts_(counts), unquote_commands_(unquote_commands) {}

  std::string script(const std::vector<SExpr>& commands) {
    std::string out;
    std::size_t pos = 0;
    for (const auto& command : commands) {
      out += gap(pos, command.begin);
      append(out, render(command, /*top_level=*/true));
      pos = command.end;
    }
    return out + gap(pos, source_.size());
  }

 private:
  std::string gap(std::size_t from, std::size_t to) const {
    return std::string(source_.substr(from, to - from));
  }

  static void append(std::string& out, const Pieces& pieces) {
    for (const auto& piece : pieces) out += piece.text + piece.gap_after;
  }

  Pieces render(const SExpr& node, bool top_level) {
    if (node.kind != SExpr::Kind::kList) return {Piece{gap(node.begin, node.end), ""}};
    if (top_level && unquote_commands_ && node.head(source_) == "module")
      if (auto text = unquote_module(node)) return {Piece{std::move(*text), ""}};
    std::vector<Pieces> children = render_children(node);
    if (node.head(source_) == "if")
      if (auto hoisted = hoist_conditions(node, children)) return std::move(*hoisted);
    std::string text = "(";
    std::size_t pos = node.begin + 1;
    append_children(text, node, children, 0, node.children.size(), pos);
    return {Piece{text + gap(pos, node.end - 1) + ")", ""}};
  }

  std::vector<Pieces> render_children(const SExpr& list) {
    std::vector<Pieces> out;
    const auto& children = list.children;
    for (std::size_t k = 0; k < children.size(); ++k) {
      out.push_back(render(children[k], /*top_level=*/false));
      const bool table_instr =
          children[k].kind == SExpr::Kind::kAtom &&
          std::ranges::find(kTableInstrsWithIndex, children[k].text(source_)) !=
              kTableInstrsWithIndex.end();
      if (table_instr && (k + 1 == children.size() || !is_index(children[k + 1], source_))) {
        out.back().front().text += " 0";
        ++counts_.table_indices_inserted;
      }
    }
    return out;
  }

  // Appends children [from, to) of `list` with the gaps before them; `pos` is where the source
  // text not yet copied starts, and ends after child to-1.
  void append_children(std::string& out, const SExpr& list, const std::vector<Pieces>& rendered,
                       std::size_t from, std::size_t to, std::size_t& pos) const {
    for (std::size_t k = from; k < to; ++k) {
      out += gap(pos, list.children[k].begin);
      append(out, rendered[k]);
      pos = list.children[k].end;
    }
  }

  // `(if label? blocktype c1 ... cn (then ...) (else ...)?)` with n >= 2 (after the conditions'
  // own rewrites) -> `c1 ... cn-1 (if label? blocktype cn (then ...) (else ...)?)`.
  std::optional<Pieces> hoist_conditions(const SExpr& list, const std::vector<Pieces>& rendered) {
    const auto& children = list.children;
    std::size_t k = 1;
    if (k < children.size() && is_label(children[k], source_)) ++k;
    while (k < children.size() && is_blocktype(children[k].head(source_))) ++k;
    const std::size_t first = k;
    while (k < children.size() && !children[k].head(source_).empty() &&
           children[k].head(source_) != "then" && children[k].head(source_) != "else")
      ++k;
    if (k == first || k == children.size() || children[k].head(source_) != "then")
      return std::nullopt;
    const std::size_t then_clause = k;
    Pieces conditions;
    for (k = first; k < then_clause; ++k) {
      if (k > first) conditions.back().gap_after = gap(children[k - 1].end, children[k].begin);
      conditions.insert(conditions.end(), rendered[k].begin(), rendered[k].end());
    }
    if (conditions.size() < 2) return std::nullopt;
    conditions.back().gap_after = gap(children[then_clause - 1].end, children[then_clause].begin);

    std::string text = "(";
    std::size_t pos = list.begin + 1;
    append_children(text, list, rendered, 0, first, pos);
    text += gap(pos, children[first].begin) + conditions.back().text + conditions.back().gap_after;
    pos = children[then_clause].begin;
    append_children(text, list, rendered, then_clause, children.size(), pos);
    counts_.if_conditions_hoisted += conditions.size() - 1;
    conditions.back() = Piece{text + gap(pos, list.end - 1) + ")", ""};
    return conditions;
  }

  // `(module $id? quote string*)` -> the text module the strings spell, or nullopt (left as
  // written) if they do not spell well-formed text.
  std::optional<std::string> unquote_module(const SExpr& list) {
    const auto& children = list.children;
    std::size_t k = 1;
    const bool named = k < children.size() && is_label(children[k], source_);
    if (named) ++k;
    if (k == children.size() || children[k].text(source_) != "quote") return std::nullopt;
    std::string quoted;
    for (++k; k < children.size(); ++k) {
      if (children[k].kind != SExpr::Kind::kString) return std::nullopt;
      auto bytes = decode_string(children[k].text(source_));
      if (!bytes) return std::nullopt;
      quoted += *bytes;
    }
    if (!writable_as_text(quoted)) return std::nullopt;
    auto text = normalize_newlines(quoted);
    if (!text) return std::nullopt;
    auto fields = parse_sexprs(*text);
    if (!fields) return std::nullopt;
    const bool whole_module = std::ranges::any_of(
        *fields, [&](const SExpr& node) { return node.head(*text) == "module"; });
    if (whole_module && (named || fields->size() != 1)) return std::nullopt;

    std::string body = Desugarer(*text, counts_, /*unquote_commands=*/false).script(*fields);
    std::string out =
        whole_module
            ? std::move(body)
            : "(module" + (named ? " " + std::string(children[1].text(source_)) : std::string()) +
                  " " + body + ")";
    // Keep the lines of later commands where they were.
    const auto lines = [](std::string_view s) { return std::ranges::count(s, '\n'); };
    const auto missing = lines(list.text(source_)) - lines(out);
    if (missing > 0) out.append(static_cast<std::size_t>(missing), '\n');
    ++counts_.quoted_modules_unquoted;
    return out;
  }

  std::string_view source_;
  DesugarCounts& counts_;
  bool unquote_commands_;
};

}  // namespace

Result<DesugaredWast> desugar_wast(std::string_view script) {
  auto commands = parse_sexprs(script);
  if (!commands) return std::unexpected(commands.error());
  DesugaredWast out;
  out.text = Desugarer(script, out.counts, /*unquote_commands=*/true).script(*commands);
  return out;
}

}  // namespace plexus::spectest
