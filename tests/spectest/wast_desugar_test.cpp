// The .wast desugaring run before wast2json (tools/spectest/wast_desugar.hpp): each rewrite on
// small scripts, what it must leave alone (strings, comments, forms wabt reads), the lexer's
// rules and rejections, and over the whole pinned spec suite that only the 7 scripts wabt 1.0.32
// cannot read change at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "testdata.hpp"
#include "wast_desugar.hpp"
#include "wast_sexpr.hpp"

namespace plexus::spectest {
namespace {

DesugaredWast desugar(std::string_view script) {
  auto out = desugar_wast(script);
  EXPECT_TRUE(out) << out.error().to_string();
  return out ? std::move(*out) : DesugaredWast{};
}

std::string rewritten(std::string_view script) { return desugar(script).text; }

void expect_unchanged(std::string_view script) {
  const auto out = desugar(script);
  EXPECT_EQ(out.text, script);
  EXPECT_FALSE(out.counts.any());
}

// ---- omitted table index ----

TEST(WastDesugarTable, InsertsIndexZeroInFoldedForms) {
  const auto out = desugar(
      "(module (table 1 funcref)\n"
      "  (func (param i32) (result funcref) (table.get (local.get 0)))\n"
      "  (func (param i32 funcref) (table.set (local.get 0) (local.get 1)))\n"
      "  (func (result i32) (table.size))\n"
      "  (func (param funcref i32) (result i32) (table.grow (local.get 0) (local.get 1)))\n"
      "  (func (param i32 funcref i32) (table.fill (local.get 0) (local.get 1) (local.get 2))))");
  EXPECT_EQ(out.text,
            "(module (table 1 funcref)\n"
            "  (func (param i32) (result funcref) (table.get 0 (local.get 0)))\n"
            "  (func (param i32 funcref) (table.set 0 (local.get 0) (local.get 1)))\n"
            "  (func (result i32) (table.size 0))\n"
            "  (func (param funcref i32) (result i32) (table.grow 0 (local.get 0) (local.get 1)))\n"
            "  (func (param i32 funcref i32) (table.fill 0 (local.get 0) (local.get 1) (local.get "
            "2))))");
  EXPECT_EQ(out.counts.table_indices_inserted, 5U);
  EXPECT_EQ(out.counts.if_conditions_hoisted, 0U);
}

TEST(WastDesugarTable, InsertsIndexZeroInPlainForms) {
  EXPECT_EQ(rewritten("(func (result i32) table.size)"), "(func (result i32) table.size 0)");
  EXPECT_EQ(rewritten("(func local.get 0 table.get drop)"), "(func local.get 0 table.get 0 drop)");
  EXPECT_EQ(rewritten("(func table.size (i32.const 1) table.grow)"),
            "(func table.size 0 (i32.const 1) table.grow 0)");
}

TEST(WastDesugarTable, KeepsAnIndexThatIsThere) {
  expect_unchanged("(func (table.get $t (local.get 0)) table.size 1 (table.set 0 (x) (y)))");
  // wabt reads these abbreviations itself: table.copy = table.copy 0 0, table.init y = 0 y.
  expect_unchanged("(func (table.copy (i32.const 0) (i32.const 0) (i32.const 0)) table.init 1)");
  expect_unchanged("(func $table.get table.getter (call $table.size))");
}

// ---- folded if with several conditions ----

TEST(WastDesugarIf, HoistsAllButTheLastCondition) {
  const auto out = desugar("(func (if (i32.const 1) (i32.eqz) (then) (else)))");
  EXPECT_EQ(out.text, "(func (i32.const 1) (if (i32.eqz) (then) (else)))");
  EXPECT_EQ(out.counts.if_conditions_hoisted, 1U);
}

TEST(WastDesugarIf, KeepsLabelBlockTypeOrderAndGaps) {
  EXPECT_EQ(rewritten("(func (result i32)\n"
                      "  (if $l (param i32) (result i32) (local.get 0) (; a ;) (i32.const 2)\n"
                      "      (i32.add) (then (i32.const 1)) (else (i32.const 2))))"),
            "(func (result i32)\n"
            "  (local.get 0) (; a ;) (i32.const 2)\n"
            "      (if $l (param i32) (result i32) (i32.add) (then (i32.const 1)) (else "
            "(i32.const 2))))");
  EXPECT_EQ(rewritten("(func (if (type $t) (a) (b) (then)))"),
            "(func (a) (if (type $t) (b) (then)))");
}

TEST(WastDesugarIf, LeavesZeroOrOneConditionAlone) {
  expect_unchanged(
      "(func (if (then) (else)) (if (result i32) (i32.const 1) (then (x)) (else (y))))");
  expect_unchanged("(func if (result i32) i32.const 1 else i32.const 2 end)");
  // Not a folded if the spec defines (no `then`): nothing to desugar.
  expect_unchanged("(func (if (a) (b)) (if (a) (b) (else)))");
}

TEST(WastDesugarIf, RewritesNestedIfsInsideOut) {
  // An inner if whose conditions are hoisted gives the outer if two conditions.
  EXPECT_EQ(rewritten("(func (if (if (result i32) (a) (b) (then (c)) (else (d))) (then)))"),
            "(func (a) (if (if (result i32) (b) (then (c)) (else (d))) (then)))");
  EXPECT_EQ(rewritten("(func (if (x) (if (result i32) (a) (b) (then (c))) (then)))"),
            "(func (x) (a) (if (if (result i32) (b) (then (c))) (then)))");
  EXPECT_EQ(rewritten("(func (if (a) (b) (then (if (c) (d) (then)))))"),
            "(func (a) (if (b) (then (c) (if (d) (then)))))");
  EXPECT_EQ(desugar("(func (if (if (result i32) (a) (b) (then (c))) (then)))")
                .counts.if_conditions_hoisted,
            2U);
}

// ---- top-level (module quote ...) ----

TEST(WastDesugarQuote, WritesTheQuotedModuleAsText) {
  const auto out = desugar("(module quote \"(memory 1)\" \" (func (export \\\"f\\\"))\")");
  EXPECT_EQ(out.text, "(module (memory 1) (func (export \"f\")))");
  EXPECT_EQ(out.counts.quoted_modules_unquoted, 1U);
  EXPECT_EQ(rewritten("(module $M quote \"(memory 1)\")"), "(module $M (memory 1))");
  EXPECT_EQ(rewritten("(module quote \"(module $m (memory 1))\")"), "(module $m (memory 1))");
}

TEST(WastDesugarQuote, EndsLineCommentsAtEveryNewlineTheSpecKnows) {
  // The spec's "Newline recognition" case: CR alone ends a line comment, wabt knows only LF.
  EXPECT_EQ(rewritten("(module quote \"(func (result i32)\" \"  (i32.const 1)\" "
                      "\"  ;; comment\\0d\" \"  (return (i32.const 2))\" \")\")"),
            "(module (func (result i32)  (i32.const 1)  ;; comment\n  (return (i32.const 2))))");
  EXPECT_EQ(rewritten("(module quote \"(func ;; c\\0d\\0a\" \"  nop)\")"),
            "(module (func ;; c\n  nop))");
  // A comment running to the end of the text must not swallow the closing parenthesis.
  EXPECT_EQ(rewritten("(module quote \"(memory 1) ;; end\")"), "(module (memory 1) ;; end\n)");
  // Newlines elsewhere are whitespace; block comments are left in one line.
  EXPECT_EQ(rewritten("(module quote \"(memory\\0a1)(; a\\0db ;)\")"),
            "(module (memory 1)(; a b ;))");
}

TEST(WastDesugarQuote, KeepsTheLinesOfLaterCommands) {
  const std::string script =
      "(module quote\n  \"(func\"\n  \" ;; c\\0a\"\n  \" nop)\"\n)\n(assert_return (invoke "
      "\"f\"))\n";
  const auto out = desugar(script);
  EXPECT_EQ(out.text, "(module (func ;; c\n nop))\n\n\n\n(assert_return (invoke \"f\"))\n");
  EXPECT_EQ(std::ranges::count(out.text, '\n'), std::ranges::count(script, '\n'));
}

TEST(WastDesugarQuote, DesugarsTheQuotedText) {
  EXPECT_EQ(rewritten("(module quote \"(table 1 funcref) (func (result i32) table.size)\")"),
            "(module (table 1 funcref) (func (result i32) table.size 0))");
}

TEST(WastDesugarQuote, LeavesMalformedAndAssertedQuotesAlone) {
  // The texts under test in assertions are strings and stay so.
  expect_unchanged("(assert_malformed (module quote \"(func table.get)\") \"unexpected token\")");
  expect_unchanged("(assert_invalid (module quote \"(func (if (a) (b) (then)))\") \"type\")");
  // Quoted text that is not well-formed stays quoted: wast2json reports it.
  expect_unchanged("(module quote \"(func\")");
  expect_unchanged("(module quote \"(func \\\"\\09\\\")\")");  // a tab inside a string
  expect_unchanged("(module quote \"(memory 1)\" \"\\00\")");
  expect_unchanged("(module quote \"(module)\" \"(module)\")");
  expect_unchanged("(module $M quote \"(module (memory 1))\")");
  expect_unchanged("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")");
}

// ---- what is never touched ----

TEST(WastDesugar, LeavesStringsAndCommentsAlone) {
  expect_unchanged(
      "(module (func (export \"table.get\") (export \"(if (a) (b) (then))\"))\n"
      "  ;; table.size (if (a) (b) (then))\n"
      "  (; table.fill (; nested table.set ;) (if (a) (b) (then)) ;)\n"
      "  (func \"\\\" table.grow\"))");
}

TEST(WastDesugar, LexesLikeTheSpec) {
  // A line comment ends at a lone CR: `(x)` after it is a node.
  auto nodes = parse_sexprs(";; a\r(x) ;; b\r\n(y)");
  ASSERT_TRUE(nodes);
  ASSERT_EQ(nodes->size(), 2U);
  EXPECT_EQ((*nodes)[0].head(";; a\r(x) ;; b\r\n(y)"), "x");
  // Nested block comments, parentheses inside strings.
  nodes = parse_sexprs("(a (; (; ) ;) ) ;) \")(\" (b (c)))");
  ASSERT_TRUE(nodes);
  ASSERT_EQ(nodes->size(), 1U);
  ASSERT_EQ((*nodes)[0].children.size(), 3U);
  EXPECT_EQ((*nodes)[0].children[1].kind, SExpr::Kind::kString);
  EXPECT_EQ((*nodes)[0].children[2].children.size(), 2U);
}

TEST(WastDesugar, DecodesStringEscapes) {
  auto s = decode_string(R"("a\t\n\r\"\'\\\41\u{e9}\u{1F600}")");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "a\t\n\r\"'\\A\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_FALSE(decode_string(R"("\q")"));
  EXPECT_FALSE(decode_string(R"("\4")"));
  EXPECT_FALSE(decode_string(R"("\u{D800}")"));
  EXPECT_FALSE(decode_string(R"("\u{110000}")"));
  EXPECT_FALSE(decode_string(R"("\u{}")"));
}

TEST(WastDesugar, RejectsBrokenScriptsNamingTheRule) {
  const auto error = [](std::string_view script) {
    auto out = desugar_wast(script);
    EXPECT_FALSE(out) << script;
    return out ? std::string() : out.error().message;
  };
  EXPECT_NE(error("(module\n (func \"abc)").find("string not closed by `\"` (line 2)"),
            std::string::npos);
  EXPECT_NE(error("(module (; a (; b ;)").find("block comment not closed"), std::string::npos);
  EXPECT_NE(error("(module (func)").find("`(` never closed (line 1)"), std::string::npos);
  EXPECT_NE(error("(module))").find("`)` closes no list"), std::string::npos);
  EXPECT_NE(error("(func \"a\nb\")").find("control character 10"), std::string::npos);
  const std::string deep(kMaxSExprDepth + 1, '(');
  auto out = desugar_wast(deep + std::string(kMaxSExprDepth + 1, ')'));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, Errc::kLimitExceeded);
  EXPECT_TRUE(desugar_wast(std::string(kMaxSExprDepth, '(') + std::string(kMaxSExprDepth, ')')));
}

// ---- the pinned spec suite ----

TEST(WastDesugarSuite, ChangesOnlyTheScriptsWabtCannotRead) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "wasm/spec");
  const std::set<std::string> rewritten_files = {
      "comments.wast",   "if.wast",        "table_fill.wast", "table_get.wast",
      "table_grow.wast", "table_set.wast", "table_size.wast"};
  std::size_t scripts = 0;
  for (const auto& folder : {dir, dir / "simd"}) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".wast") continue;
      ++scripts;
      const std::string name = entry.path().filename().string();
      const std::string text = testing::read_file(entry.path());
      auto out = desugar_wast(text);
      ASSERT_TRUE(out) << name << ": " << out.error().to_string();
      if (!rewritten_files.contains(name)) {
        EXPECT_EQ(out->text, text) << name << " changed";
        EXPECT_FALSE(out->counts.any()) << name;
        continue;
      }
      EXPECT_TRUE(out->counts.any()) << name << " unchanged";
      EXPECT_EQ(std::ranges::count(out->text, '\n'), std::ranges::count(text, '\n')) << name;
      // The rewrite leaves no form to rewrite: a second pass changes nothing.
      auto again = desugar_wast(out->text);
      ASSERT_TRUE(again) << name << ": " << again.error().to_string();
      EXPECT_FALSE(again->counts.any()) << name;
      const auto& c = out->counts;
      EXPECT_EQ(c.table_indices_inserted > 0, name.starts_with("table_")) << name;
      EXPECT_EQ(c.if_conditions_hoisted > 0, name == "if.wast") << name;
      EXPECT_EQ(c.quoted_modules_unquoted, name == "comments.wast" ? 1U : 0U) << name;
    }
  }
  EXPECT_EQ(scripts, 148U);  // 90 core + 58 SIMD scripts (the data's MANIFEST.txt)
}

}  // namespace
}  // namespace plexus::spectest
