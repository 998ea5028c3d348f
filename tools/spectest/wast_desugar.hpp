#pragma once
// Text-level desugaring of a .wast script before wabt's wast2json converts it.
//
// Why: Debian ships wabt 1.0.32 (no newer wabt is packaged), and its text parser lacks three
// forms the WebAssembly 2.0 spec suite uses, so wast2json rejects 7 files of the suite. This
// pass rewrites exactly those forms into the equivalent unabbreviated forms the text-format
// spec defines them as, and leaves every other byte of the script alone:
//
//   1. An omitted table index (text format, "Table Instructions"): `table.get` is
//      `table.get 0`, likewise table.set, table.size, table.grow and table.fill.
//      (table.copy = table.copy 0 0 and table.init y = table.init 0 y are read by wabt 1.0.32
//      already and are left as written.)
//   2. A folded `if` with several condition instructions (text format, "Folded Instructions"):
//      `(if label? blocktype c1 ... cn (then ...) (else ...)?)` is `c1 ... cn if ...`, so it is
//      rewritten to `c1 ... cn-1 (if label? blocktype cn (then ...) (else ...)?)`, which wabt
//      reads (one folded condition).
//   3. A top-level `(module $id? quote string*)` command: wast2json 1.0.32 aborts on any such
//      command. The module it denotes is the one the concatenated strings parse as, so it is
//      written out as that text module. Its line comments end where the spec's lexer ends them
//      (LF, CR or CR LF; wabt knows only LF), so each becomes `;;...` plus LF, and every other
//      newline of the quoted text becomes a space. Blank lines after the module then keep the
//      line numbers of later commands (the ids of their assertions) unchanged, unless the text
//      has more line comments than the command had lines.
//
// Quoted modules inside assert_malformed / assert_invalid stay strings: they are the malformed
// texts under test. This is spec-suite tooling only; no part of the node reads the text format.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace plexus::spectest {

struct DesugarCounts {
  std::size_t table_indices_inserted = 0;
  std::size_t if_conditions_hoisted = 0;
  std::size_t quoted_modules_unquoted = 0;

  [[nodiscard]] bool any() const noexcept {
    return table_indices_inserted + if_conditions_hoisted + quoted_modules_unquoted != 0;
  }
};

struct DesugaredWast {
  std::string text;  // byte-identical to the input when counts.any() is false
  DesugarCounts counts;
};

// Rejects a script whose strings, comments or parentheses do not close (wast_sexpr.hpp).
[[nodiscard]] Result<DesugaredWast> desugar_wast(std::string_view script);

}  // namespace plexus::spectest
