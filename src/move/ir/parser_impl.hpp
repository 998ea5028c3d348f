#pragma once
// Internal: the recursive-descent parser shared by parser.cpp (declarations, types) and
// parser_exp.cpp (expressions, statements).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "move/ir/ast.hpp"
#include "move/ir/lexer.hpp"

namespace plexus::move::ir {

class Parser {
 public:
  Parser(std::string_view text, std::size_t address_length)
      : lex_(text), address_length_(address_length) {}

  [[nodiscard]] IrResult<void> start() { return lex_.advance(); }
  [[nodiscard]] IrResult<ModuleDef> module();
  [[nodiscard]] IrResult<ScriptDef> script();
  [[nodiscard]] IrResult<void> expect_eof() { return consume(Tok::EndOfFile); }
  [[nodiscard]] Tok peek() const { return lex_.peek(); }

  // parser.cpp
  [[nodiscard]] IrResult<TypePtr> type();
  [[nodiscard]] IrResult<std::vector<TypePtr>> type_actuals();
  [[nodiscard]] IrResult<std::pair<std::string, std::vector<TypePtr>>> name_and_type_actuals();
  [[nodiscard]] IrResult<std::string> name();
  [[nodiscard]] IrResult<Bytes> account_address();

  // parser_exp.cpp
  [[nodiscard]] IrResult<ExpPtr> exp();
  [[nodiscard]] IrResult<std::vector<Block>> blocks();

  [[nodiscard]] IrError error(std::string message) const {
    return IrError{"Invalid Token: " + std::move(message), lex_.position(), true};
  }
  [[nodiscard]] IrResult<void> consume(Tok tok);
  [[nodiscard]] IrResult<bool> match(Tok tok);
  // Comma-separated items up to (not including) one of `ends`; `>>` is split when `>` may end.
  template <typename T>
  [[nodiscard]] IrResult<std::vector<T>> comma_list(std::vector<Tok> ends,
                                                    const std::function<IrResult<T>()>& item,
                                                    bool allow_trailing);

 private:
  [[nodiscard]] IrResult<Function> function_decl();
  [[nodiscard]] IrResult<StructDecl> struct_decl();
  [[nodiscard]] IrResult<Import> import_decl();
  [[nodiscard]] IrResult<ModuleIdent> module_ident();
  [[nodiscard]] IrResult<TypeParam> type_parameter(bool allow_phantom);
  [[nodiscard]] IrResult<Abilities> ability();
  [[nodiscard]] IrResult<Local> arg_decl();
  [[nodiscard]] IrResult<void> function_body(Function& f);
  [[nodiscard]] IrResult<void> skip_spec(const std::vector<Tok>& stops);

  // parser_exp.cpp
  [[nodiscard]] IrResult<ExpPtr> unary_exp();
  [[nodiscard]] IrResult<ExpPtr> rhs_of_binary(ExpPtr lhs, int min_prec);
  [[nodiscard]] IrResult<ExpPtr> call_or_term();
  [[nodiscard]] IrResult<ExpPtr> term();
  [[nodiscard]] IrResult<ExpPtr> borrow_field(bool is_mut, SourcePos pos);
  [[nodiscard]] IrResult<ExpPtr> pack(std::string name, std::vector<TypePtr> tys, SourcePos pos);
  [[nodiscard]] IrResult<Call> qualified_function_name();
  [[nodiscard]] IrResult<Value> copyable_val();
  [[nodiscard]] IrResult<Statement> statement();
  [[nodiscard]] IrResult<void> assign(Statement& s);
  [[nodiscard]] IrResult<void> unpack(Statement& s, std::string name, std::vector<TypePtr> tys);
  [[nodiscard]] IrResult<LValue> lvalue();
  [[nodiscard]] IrResult<Block> block();

  void adjust(const std::vector<Tok>& ends);

  Lexer lex_;
  std::size_t address_length_;
};

template <typename T>
IrResult<std::vector<T>> Parser::comma_list(std::vector<Tok> ends,
                                            const std::function<IrResult<T>()>& item,
                                            bool allow_trailing) {
  auto at_end = [&] {
    adjust(ends);
    for (Tok t : ends)
      if (lex_.peek() == t) return true;
    return false;
  };
  std::vector<T> out;
  if (at_end()) return out;
  for (;;) {
    IR_TRY(auto v, item());
    out.push_back(std::move(v));
    if (at_end()) break;
    IR_CHECK(consume(Tok::Comma));
    if (at_end() && allow_trailing) break;
  }
  return out;
}

}  // namespace plexus::move::ir
