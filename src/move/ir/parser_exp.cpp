// Expressions, statements and basic blocks of the Move IR grammar.
#include "core/hex.hpp"
#include "move/ir/parser_impl.hpp"

namespace plexus::move::ir {
namespace {

int precedence(Tok t) {
  switch (t) {
    case Tok::EqualEqualGreater: return 1;
    case Tok::ColonEqual: return 3;
    case Tok::PipePipe: return 5;
    case Tok::AmpAmp: return 10;
    case Tok::EqualEqual: case Tok::ExclaimEqual: case Tok::Less: case Tok::Greater:
    case Tok::LessEqual: case Tok::GreaterEqual: return 15;
    case Tok::PeriodPeriod: return 20;
    case Tok::Pipe: return 25;
    case Tok::Caret: return 30;
    case Tok::Amp: return 35;
    case Tok::LessLess: case Tok::GreaterGreater: return 40;
    case Tok::Plus: case Tok::Minus: return 45;
    case Tok::Star: case Tok::Slash: case Tok::Percent: return 50;
    default: return 0;
  }
}

std::optional<BinOp> binop(Tok t) {
  switch (t) {
    case Tok::EqualEqual: return BinOp::kEq;
    case Tok::ExclaimEqual: return BinOp::kNeq;
    case Tok::Less: return BinOp::kLt;
    case Tok::Greater: return BinOp::kGt;
    case Tok::LessEqual: return BinOp::kLe;
    case Tok::GreaterEqual: return BinOp::kGe;
    case Tok::PipePipe: return BinOp::kOr;
    case Tok::AmpAmp: return BinOp::kAnd;
    case Tok::Caret: return BinOp::kXor;
    case Tok::LessLess: return BinOp::kShl;
    case Tok::GreaterGreater: return BinOp::kShr;
    case Tok::Pipe: return BinOp::kBitOr;
    case Tok::Amp: return BinOp::kBitAnd;
    case Tok::Plus: return BinOp::kAdd;
    case Tok::Minus: return BinOp::kSub;
    case Tok::Star: return BinOp::kMul;
    case Tok::Slash: return BinOp::kDiv;
    case Tok::Percent: return BinOp::kMod;
    default: return std::nullopt;
  }
}

bool is_call_start(Tok t) {
  switch (t) {
    case Tok::Exists: case Tok::BorrowGlobal: case Tok::BorrowGlobalMut: case Tok::MoveFrom:
    case Tok::MoveTo: case Tok::VecPack: case Tok::VecLen: case Tok::VecImmBorrow:
    case Tok::VecMutBorrow: case Tok::VecPushBack: case Tok::VecPopBack: case Tok::VecUnpack:
    case Tok::VecSwap: case Tok::Freeze: case Tok::DotNameValue: case Tok::ToU8: case Tok::ToU16:
    case Tok::ToU32: case Tok::ToU64: case Tok::ToU128: case Tok::ToU256: return true;
    default: return false;
  }
}

ExpPtr make_exp(Exp::Kind kind, SourcePos pos) {
  auto e = std::make_unique<Exp>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

}  // namespace

IrResult<ExpPtr> Parser::exp() {
  IR_TRY(auto lhs, unary_exp());
  return rhs_of_binary(std::move(lhs), 1);
}

IrResult<ExpPtr> Parser::rhs_of_binary(ExpPtr lhs, int min_prec) {
  ExpPtr result = std::move(lhs);
  int next_prec = precedence(peek());
  while (next_prec >= min_prec) {
    const Tok op_tok = peek();
    const SourcePos op_pos = lex_.position();
    const auto op = binop(op_tok);
    if (!op)  // spec-only operators (==>, :=, ..) have no bytecode
      return std::unexpected(error("unexpected operator " + std::string(token_name(op_tok))));
    IR_CHECK(lex_.advance());
    IR_TRY(auto rhs, unary_exp());
    const int this_prec = next_prec;
    next_prec = precedence(peek());
    if (this_prec < next_prec) {
      IR_TRY(auto r, rhs_of_binary(std::move(rhs), this_prec + 1));
      rhs = std::move(r);
      next_prec = precedence(peek());
    }
    auto e = make_exp(Exp::Kind::kBinop, op_pos);
    e->op = *op;
    e->children.push_back(std::move(result));
    e->children.push_back(std::move(rhs));
    result = std::move(e);
  }
  return result;
}

IrResult<ExpPtr> Parser::unary_exp() {
  const SourcePos pos = lex_.position();
  switch (peek()) {
    case Tok::Exclaim:
    case Tok::Star: {
      const bool is_not = peek() == Tok::Exclaim;
      IR_CHECK(lex_.advance());
      IR_TRY(auto inner, unary_exp());
      auto e = make_exp(is_not ? Exp::Kind::kNot : Exp::Kind::kDeref, pos);
      e->children.push_back(std::move(inner));
      return e;
    }
    case Tok::AmpMut:
    case Tok::Amp: {
      const bool is_mut = peek() == Tok::AmpMut;
      IR_CHECK(lex_.advance());
      return borrow_field(is_mut, pos);
    }
    default: return call_or_term();
  }
}

// `&x`, `&mut x`, or `&e.S::f` / `&mut e.S<T>::f`.
IrResult<ExpPtr> Parser::borrow_field(bool is_mut, SourcePos pos) {
  ExpPtr base;
  if (peek() == Tok::NameValue) {
    IR_TRY(Tok next, lex_.lookahead());
    if (next != Tok::LBrace) {
      auto e = make_exp(Exp::Kind::kBorrowLocal, pos);
      e->is_mut = is_mut;
      IR_TRY(e->name, name());
      return e;
    }
    const SourcePos at = lex_.position();
    IR_TRY(auto n, name());
    IR_TRY(base, pack(std::move(n), {}, at));
  } else {
    IR_TRY(base, unary_exp());
  }
  IR_CHECK(consume(Tok::Period));
  auto e = make_exp(Exp::Kind::kBorrowField, pos);
  e->is_mut = is_mut;
  IR_TRY(auto nt, name_and_type_actuals());
  e->name = std::move(nt.first);
  e->type_args = std::move(nt.second);
  IR_CHECK(consume(Tok::Colon));
  IR_CHECK(consume(Tok::Colon));
  IR_TRY(e->field, name());
  e->children.push_back(std::move(base));
  return e;
}

IrResult<Call> Parser::qualified_function_name() {
  Call c;
  c.pos = lex_.position();
  c.builtin = peek();
  switch (peek()) {
    case Tok::Exists: case Tok::BorrowGlobal: case Tok::BorrowGlobalMut: case Tok::MoveFrom:
    case Tok::MoveTo: {
      IR_CHECK(lex_.advance());
      IR_TRY(auto nt, name_and_type_actuals());
      c.name = std::move(nt.first);
      c.type_args = std::move(nt.second);
      if (peek() == Tok::GreaterGreater) lex_.replace_token(Tok::Greater, 1);
      if (peek() != Tok::Greater)
        return std::unexpected(error("expected Tok::Greater or Tok::GreaterGreater"));
      IR_CHECK(lex_.advance());
      return c;
    }
    case Tok::VecPack: case Tok::VecLen: case Tok::VecImmBorrow: case Tok::VecMutBorrow:
    case Tok::VecPushBack: case Tok::VecPopBack: case Tok::VecUnpack: case Tok::VecSwap: {
      c.count = lex_.vec_count();
      IR_CHECK(lex_.advance());
      IR_TRY(c.type_args, type_actuals());
      return c;
    }
    case Tok::Freeze: case Tok::ToU8: case Tok::ToU16: case Tok::ToU32: case Tok::ToU64:
    case Tok::ToU128: case Tok::ToU256:
      IR_CHECK(lex_.advance());
      return c;
    case Tok::DotNameValue: {
      const std::string_view s = lex_.content();
      const auto dot = s.find('.');
      c.module = std::string(s.substr(0, dot));
      c.name = std::string(s.substr(dot + 1));
      IR_CHECK(lex_.advance());
      IR_TRY(c.type_args, type_actuals());
      return c;
    }
    default:
      return std::unexpected(error("unrecognized token kind for qualified function name " +
                                   std::string(token_name(peek()))));
  }
}

IrResult<ExpPtr> Parser::call_or_term() {
  if (!is_call_start(peek())) return term();
  const SourcePos pos = lex_.position();
  IR_TRY(auto c, qualified_function_name());
  IR_TRY(auto arg, call_or_term());
  auto e = make_exp(Exp::Kind::kCall, pos);
  e->call = std::move(c);
  e->children.push_back(std::move(arg));
  return e;
}

IrResult<Value> Parser::copyable_val() {
  Value v;
  const Tok t = peek();
  const std::string_view c = lex_.content();
  using K = Value::Kind;
  auto digits_of = [&](std::size_t suffix) {
    std::string d;
    for (char ch : c.substr(0, c.size() - suffix))
      if (ch != '_') d += ch;
    return d;
  };
  switch (t) {
    case Tok::AccountAddressValue: {
      v.kind = K::kAddress;
      IR_TRY(v.bytes, account_address());
      return v;
    }
    case Tok::True: case Tok::False:
      v.kind = K::kBool;
      v.flag = t == Tok::True;
      break;
    case Tok::U8Value: v.kind = K::kU8; v.digits = digits_of(c.ends_with("u8") ? 2 : 0); break;
    case Tok::U16Value: v.kind = K::kU16; v.digits = digits_of(3); break;
    case Tok::U32Value: v.kind = K::kU32; v.digits = digits_of(3); break;
    case Tok::U64Value: v.kind = K::kU64; v.digits = digits_of(c.ends_with("u64") ? 3 : 0); break;
    case Tok::U128Value: v.kind = K::kU128; v.digits = digits_of(4); break;
    case Tok::U256Value: v.kind = K::kU256; v.digits = digits_of(4); break;
    case Tok::ByteArrayValue: {
      v.kind = K::kBytes;
      auto bytes = from_hex(c.substr(2, c.size() - 3));
      if (!bytes) return std::unexpected(error("invalid hex byte array " + std::string(c)));
      v.bytes = std::move(*bytes);
      break;
    }
    default:
      return std::unexpected(error("unrecognized token kind " + std::string(token_name(t))));
  }
  IR_CHECK(lex_.advance());
  return v;
}

IrResult<ExpPtr> Parser::pack(std::string name, std::vector<TypePtr> tys, SourcePos pos) {
  IR_CHECK(consume(Tok::LBrace));
  auto e = make_exp(Exp::Kind::kPack, pos);
  e->name = std::move(name);
  e->type_args = std::move(tys);
  IR_TRY(e->fields, comma_list<FieldExp>({Tok::RBrace}, [&]() -> IrResult<FieldExp> {
    FieldExp f;
    f.pos = lex_.position();
    IR_TRY(f.field, this->name());
    IR_CHECK(consume(Tok::Colon));
    IR_TRY(f.exp, exp());
    return f;
  }, true));
  IR_CHECK(consume(Tok::RBrace));
  return e;
}

IrResult<ExpPtr> Parser::term() {
  const SourcePos pos = lex_.position();
  switch (peek()) {
    case Tok::Move: case Tok::Copy: {
      auto e = make_exp(peek() == Tok::Move ? Exp::Kind::kMove : Exp::Kind::kCopy, pos);
      IR_CHECK(lex_.advance());
      IR_TRY(e->name, name());
      IR_CHECK(consume(Tok::RParen));
      return e;
    }
    case Tok::AmpMut: case Tok::Amp: {
      auto e = make_exp(Exp::Kind::kBorrowLocal, pos);
      e->is_mut = peek() == Tok::AmpMut;
      IR_CHECK(lex_.advance());
      IR_TRY(e->name, name());
      return e;
    }
    case Tok::AccountAddressValue: case Tok::True: case Tok::False: case Tok::U8Value:
    case Tok::U16Value: case Tok::U32Value: case Tok::U64Value: case Tok::U128Value:
    case Tok::U256Value: case Tok::ByteArrayValue: {
      auto e = make_exp(Exp::Kind::kValue, pos);
      IR_TRY(e->value, copyable_val());
      return e;
    }
    case Tok::NameValue: case Tok::NameBeginTyValue: {
      IR_TRY(auto nt, name_and_type_actuals());
      return pack(std::move(nt.first), std::move(nt.second), pos);
    }
    case Tok::LParen: {
      IR_CHECK(lex_.advance());
      auto e = make_exp(Exp::Kind::kList, pos);
      IR_TRY(e->children, comma_list<ExpPtr>({Tok::RParen}, [&] { return exp(); }, true));
      IR_CHECK(consume(Tok::RParen));
      return e;
    }
    default:
      return std::unexpected(
          error("unrecognized token kind for term " + std::string(token_name(peek()))));
  }
}

IrResult<LValue> Parser::lvalue() {
  LValue l;
  l.pos = lex_.position();
  switch (peek()) {
    case Tok::NameValue: {
      l.kind = LValue::Kind::kVar;
      IR_TRY(l.var, name());
      return l;
    }
    case Tok::Star: {
      l.kind = LValue::Kind::kMutate;
      IR_CHECK(lex_.advance());
      IR_TRY(l.exp, exp());
      return l;
    }
    case Tok::Underscore:
      l.kind = LValue::Kind::kPop;
      IR_CHECK(lex_.advance());
      return l;
    default:
      return std::unexpected(
          error("unrecognized token kind for lvalue " + std::string(token_name(peek()))));
  }
}

IrResult<void> Parser::assign(Statement& s) {
  s.kind = Statement::Kind::kAssign;
  IR_TRY(s.lvalues, comma_list<LValue>({Tok::Equal}, [&] { return lvalue(); }, false));
  if (s.lvalues.empty()) return std::unexpected(error("could not parse lvalues in assignment"));
  IR_CHECK(consume(Tok::Equal));
  IR_TRY(s.exp, exp());
  return {};
}

IrResult<void> Parser::unpack(Statement& s, std::string name, std::vector<TypePtr> tys) {
  s.kind = Statement::Kind::kUnpack;
  s.struct_name = std::move(name);
  s.type_args = std::move(tys);
  IR_CHECK(consume(Tok::LBrace));
  using Binding = std::pair<std::string, std::string>;
  IR_TRY(s.bindings, comma_list<Binding>({Tok::RBrace}, [&]() -> IrResult<Binding> {
    IR_TRY(auto f, this->name());
    if (peek() != Tok::Colon) return Binding{f, f};
    IR_CHECK(lex_.advance());
    IR_TRY(auto v, this->name());
    return Binding{std::move(f), std::move(v)};
  }, true));
  IR_CHECK(consume(Tok::RBrace));
  IR_CHECK(consume(Tok::Equal));
  IR_TRY(s.exp, exp());
  return {};
}

IrResult<Statement> Parser::statement() {
  Statement s;
  s.pos = lex_.position();
  const Tok t = peek();
  switch (t) {
    case Tok::Abort:
      s.kind = Statement::Kind::kAbort;
      IR_CHECK(lex_.advance());
      if (peek() != Tok::Semicolon) {
        IR_TRY(auto code, exp());
        s.exp = std::move(code);
      }
      break;
    case Tok::Assert: {
      s.kind = Statement::Kind::kAssert;
      IR_CHECK(lex_.advance());
      IR_TRY(auto cond, exp());
      IR_CHECK(consume(Tok::Comma));
      IR_TRY(s.exp2, exp());
      IR_CHECK(consume(Tok::RParen));
      // assert(c, e) branches over the abort when c holds: the condition is negated here.
      s.exp = make_exp(Exp::Kind::kNot, cond->pos);
      s.exp->children.push_back(std::move(cond));
      break;
    }
    case Tok::Jump: case Tok::JumpIf: case Tok::JumpIfFalse: {
      s.kind = t == Tok::Jump     ? Statement::Kind::kJump
               : t == Tok::JumpIf ? Statement::Kind::kJumpIf
                                  : Statement::Kind::kJumpIfFalse;
      IR_CHECK(lex_.advance());
      if (t != Tok::Jump) {
        IR_CHECK(consume(Tok::LParen));
        IR_TRY(s.exp, exp());
        IR_CHECK(consume(Tok::RParen));
      }
      IR_TRY(s.label, name());
      break;
    }
    case Tok::NameValue: {
      IR_TRY(Tok next, lex_.lookahead());
      if (next == Tok::LBrace) {
        IR_TRY(auto n, name());
        IR_CHECK(unpack(s, std::move(n), {}));
      } else {
        IR_CHECK(assign(s));
      }
      break;
    }
    case Tok::Return: {
      s.kind = Statement::Kind::kReturn;
      IR_CHECK(lex_.advance());
      s.exp = make_exp(Exp::Kind::kList, lex_.position());
      IR_TRY(s.exp->children, comma_list<ExpPtr>({Tok::Semicolon}, [&] { return exp(); }, true));
      break;
    }
    case Tok::Star: case Tok::Underscore: IR_CHECK(assign(s)); break;
    case Tok::NameBeginTyValue: {
      IR_TRY(auto nt, name_and_type_actuals());
      IR_CHECK(unpack(s, std::move(nt.first), std::move(nt.second)));
      break;
    }
    case Tok::LParen: {
      s.kind = Statement::Kind::kExp;
      IR_CHECK(lex_.advance());
      s.exp = make_exp(Exp::Kind::kList, lex_.position());
      IR_TRY(s.exp->children, comma_list<ExpPtr>({Tok::RParen}, [&] { return exp(); }, true));
      IR_CHECK(consume(Tok::RParen));
      break;
    }
    default:
      if (!is_call_start(t))
        return std::unexpected(
            error("invalid token kind for statement " + std::string(token_name(t))));
      s.kind = Statement::Kind::kExp;
      {
        const SourcePos pos = lex_.position();
        IR_TRY(auto c, qualified_function_name());
        IR_TRY(auto arg, call_or_term());
        s.exp = make_exp(Exp::Kind::kCall, pos);
        s.exp->call = std::move(c);
        s.exp->children.push_back(std::move(arg));
      }
      break;
  }
  IR_CHECK(consume(Tok::Semicolon));
  return s;
}

IrResult<Block> Parser::block() {
  Block b;
  b.pos = lex_.position();
  IR_CHECK(consume(Tok::Label));
  IR_TRY(b.label, name());
  IR_CHECK(consume(Tok::Colon));
  while (peek() != Tok::Label && peek() != Tok::RBrace) {
    if (peek() == Tok::EndOfFile) return std::unexpected(error("expected RBrace, not EOF"));
    IR_TRY(auto s, statement());
    b.statements.push_back(std::move(s));
  }
  return b;
}

IrResult<std::vector<Block>> Parser::blocks() {
  std::vector<Block> out;
  while (peek() != Tok::RBrace) {
    IR_TRY(auto b, block());
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace plexus::move::ir
