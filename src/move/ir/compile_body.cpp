#include "move/ir/compile_body.hpp"

#include <algorithm>

#include "move/binary/binary.hpp"

namespace plexus::move::ir {
namespace {

// Decimal text to a little-endian integer of `width` bytes; nullopt on overflow or bad digits.
std::optional<WideLiteral> parse_decimal(const std::string& digits, std::size_t width) {
  WideLiteral out{};
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned carry = static_cast<unsigned>(c - '0');
    for (std::size_t i = 0; i < width; ++i) {
      const unsigned v = out[i] * 10u + carry;
      out[i] = static_cast<Byte>(v & 0xFF);
      carry = v >> 8;
    }
    if (carry != 0) return std::nullopt;
  }
  return out;
}

std::uint64_t low_u64(const WideLiteral& w) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | w[static_cast<std::size_t>(i)];
  return v;
}

class BodyCompiler {
 public:
  BodyCompiler(Context& ctx, const TypeParamMap& tps) : ctx_(ctx), tps_(tps) {}

  IrResult<CodeUnit> run(const Function& f) {
    for (const auto& p : f.params) {
      IR_TRY(auto tok, compile_type(ctx_, tps_, *p.type));
      IR_CHECK(define_local(p));
      (void)tok;
    }
    Signature locals;
    for (const auto& l : f.locals) {
      IR_TRY(auto tok, compile_type(ctx_, tps_, *l.type));
      IR_CHECK(define_local(l));
      locals.push_back(std::move(tok));
    }
    IR_TRY(unit_.locals, ctx_.signature(locals));
    for (const auto& b : f.blocks) {
      labels_.emplace(b.label, static_cast<CodeOffset>(unit_.code.size()));
      for (const auto& s : b.statements) IR_CHECK(statement(s));
    }
    for (const auto& [pc, label] : fixups_) unit_.code[pc].a = labels_.at(label);
    return std::move(unit_);
  }

 private:
  IrResult<void> define_local(const Local& l) {
    if (locals_.size() >= 65535) return compile_error("Max number of locals reached", l.pos);
    // Indices wrap at 256 like the reference compiler's; a function with that many locals is
    // rejected later (signature length when serializing, TOO_MANY_LOCALS when verifying).
    if (!locals_.emplace(l.name, static_cast<LocalIndex>(locals_.size() & 0xFF)).second)
      return compile_error("variable redefinition " + l.name, l.pos);
    return {};
  }

  IrResult<std::uint32_t> local(const std::string& name, SourcePos pos) const {
    auto it = locals_.find(name);
    if (it == locals_.end()) return compile_error("variable " + name + " undefined", pos);
    return it->second;
  }

  void emit(Opcode op, std::uint32_t a = 0, std::uint64_t b = 0) {
    unit_.code.push_back(Instruction{op, a, b});
  }

  void emit_branch(Opcode op, const std::string& label) {
    fixups_.emplace_back(unit_.code.size(), label);
    emit(op);
  }

  IrResult<TableIndex> type_args_signature(const std::vector<TypePtr>& tys) {
    Signature sig;
    for (const auto& t : tys) {
      IR_TRY(auto tok, compile_type(ctx_, tps_, *t));
      sig.push_back(std::move(tok));
    }
    return ctx_.signature(sig);
  }

  IrResult<void> statement(const Statement& s);
  IrResult<void> expression(const Exp& e);
  IrResult<void> value(const Value& v, SourcePos pos);
  IrResult<void> call(const Call& c);
  IrResult<void> struct_op(const Call& c, Opcode plain, Opcode generic);

  Context& ctx_;
  const TypeParamMap& tps_;
  std::map<std::string, LocalIndex> locals_;
  std::map<std::string, CodeOffset> labels_;
  std::vector<std::pair<std::size_t, std::string>> fixups_;
  CodeUnit unit_;
};

IrResult<void> BodyCompiler::statement(const Statement& s) {
  using K = Statement::Kind;
  switch (s.kind) {
    case K::kAbort:
      if (s.exp) IR_CHECK(expression(*s.exp));
      emit(Opcode::Abort);
      return {};
    case K::kAssert: {
      IR_CHECK(expression(*s.exp));
      const std::size_t br = unit_.code.size();
      emit(Opcode::BrFalse);
      IR_CHECK(expression(*s.exp2));
      emit(Opcode::Abort);
      unit_.code[br].a = static_cast<std::uint32_t>(unit_.code.size());
      return {};
    }
    case K::kAssign:
      IR_CHECK(expression(*s.exp));
      for (auto it = s.lvalues.rbegin(); it != s.lvalues.rend(); ++it) {
        if (it->kind == LValue::Kind::kVar) {
          IR_TRY(auto idx, local(it->var, it->pos));
          emit(Opcode::StLoc, idx);
        } else if (it->kind == LValue::Kind::kMutate) {
          IR_CHECK(expression(*it->exp));
          emit(Opcode::WriteRef);
        } else {
          emit(Opcode::Pop);
        }
      }
      return {};
    case K::kExp: return expression(*s.exp);
    case K::kJump: emit_branch(Opcode::Branch, s.label); return {};
    case K::kJumpIf:
    case K::kJumpIfFalse:
      IR_CHECK(expression(*s.exp));
      emit_branch(s.kind == K::kJumpIf ? Opcode::BrTrue : Opcode::BrFalse, s.label);
      return {};
    case K::kReturn:
      IR_CHECK(expression(*s.exp));
      emit(Opcode::Ret);
      return {};
    case K::kUnpack: {
      IR_TRY(auto sig, type_args_signature(s.type_args));
      IR_CHECK(expression(*s.exp));
      IR_TRY(auto def, ctx_.struct_definition_index(s.struct_name));
      if (s.type_args.empty()) {
        emit(Opcode::Unpack, def);
      } else {
        IR_TRY(auto inst, ctx_.struct_instantiation(def, sig));
        emit(Opcode::UnpackGeneric, inst);
      }
      for (auto it = s.bindings.rbegin(); it != s.bindings.rend(); ++it) {
        IR_TRY(auto idx, local(it->second, s.pos));
        emit(Opcode::StLoc, idx);
      }
      return {};
    }
  }
  return {};
}

IrResult<void> BodyCompiler::value(const Value& v, SourcePos pos) {
  using K = Value::Kind;
  switch (v.kind) {
    case K::kAddress: {
      IR_TRY(auto idx, ctx_.constant(Constant{SignatureToken{TokenKind::kAddress, 0, {}}, v.bytes}));
      emit(Opcode::LdConst, idx);
      return {};
    }
    case K::kBytes: {
      Bytes data;
      write_uleb(data, v.bytes.size());
      data.insert(data.end(), v.bytes.begin(), v.bytes.end());
      SignatureToken ty{TokenKind::kVector, 0, {SignatureToken{TokenKind::kU8, 0, {}}}};
      IR_TRY(auto idx, ctx_.constant(Constant{std::move(ty), std::move(data)}));
      emit(Opcode::LdConst, idx);
      return {};
    }
    case K::kBool: emit(v.flag ? Opcode::LdTrue : Opcode::LdFalse); return {};
    default: break;
  }
  static constexpr std::pair<K, std::pair<Opcode, std::size_t>> kInts[] = {
      {K::kU8, {Opcode::LdU8, 1}}, {K::kU16, {Opcode::LdU16, 2}}, {K::kU32, {Opcode::LdU32, 4}},
      {K::kU64, {Opcode::LdU64, 8}}, {K::kU128, {Opcode::LdU128, 16}},
      {K::kU256, {Opcode::LdU256, 32}}};
  for (const auto& [kind, spec] : kInts) {
    if (kind != v.kind) continue;
    const auto lit = parse_decimal(v.digits, spec.second);
    if (!lit) return compile_error("integer literal " + v.digits + " out of range", pos);
    if (spec.second > 8) {
      emit(spec.first, static_cast<std::uint32_t>(unit_.wide_literals.size()));
      unit_.wide_literals.push_back(*lit);
    } else if (spec.second == 8) {
      emit(spec.first, 0, low_u64(*lit));
    } else {
      emit(spec.first, static_cast<std::uint32_t>(low_u64(*lit)));
    }
  }
  return {};
}

IrResult<void> BodyCompiler::expression(const Exp& e) {
  using K = Exp::Kind;
  switch (e.kind) {
    case K::kMove:
    case K::kCopy: {
      IR_TRY(auto idx, local(e.name, e.pos));
      emit(e.kind == K::kMove ? Opcode::MoveLoc : Opcode::CopyLoc, idx);
      return {};
    }
    case K::kBorrowLocal: {
      IR_TRY(auto idx, local(e.name, e.pos));
      emit(e.is_mut ? Opcode::MutBorrowLoc : Opcode::ImmBorrowLoc, idx);
      return {};
    }
    case K::kValue: return value(e.value, e.pos);
    case K::kPack: {
      IR_TRY(auto sig, type_args_signature(e.type_args));
      IR_TRY(auto def, ctx_.struct_definition_index(e.name));
      IR_TRY(auto sh, ctx_.struct_handle_index("Self", e.name));
      for (std::size_t i = 0; i < e.fields.size(); ++i) {
        IR_TRY(auto info, ctx_.field(sh, e.fields[i].field));
        if (info.order != i)
          return compile_error("Field " + e.fields[i].field + " defined out of order for struct " +
                                   e.name,
                               e.fields[i].pos);
        IR_CHECK(expression(*e.fields[i].exp));
      }
      if (e.type_args.empty()) {
        emit(Opcode::Pack, def);
      } else {
        IR_TRY(auto inst, ctx_.struct_instantiation(def, sig));
        emit(Opcode::PackGeneric, inst);
      }
      return {};
    }
    case K::kNot:
      IR_CHECK(expression(*e.children[0]));
      emit(Opcode::Not);
      return {};
    case K::kBinop: {
      IR_CHECK(expression(*e.children[0]));
      IR_CHECK(expression(*e.children[1]));
      static constexpr Opcode kOps[] = {
          Opcode::Add, Opcode::Sub, Opcode::Mul, Opcode::Mod, Opcode::Div, Opcode::BitOr,
          Opcode::BitAnd, Opcode::Xor, Opcode::Shl, Opcode::Shr, Opcode::Or, Opcode::And,
          Opcode::Eq, Opcode::Neq, Opcode::Lt, Opcode::Gt, Opcode::Le, Opcode::Ge};
      emit(kOps[static_cast<std::size_t>(e.op)]);
      return {};
    }
    case K::kDeref:
      IR_CHECK(expression(*e.children[0]));
      emit(Opcode::ReadRef);
      return {};
    case K::kBorrowField: {
      IR_CHECK(expression(*e.children[0]));
      IR_TRY(auto sh, ctx_.struct_handle_index("Self", e.name));
      IR_TRY(auto info, ctx_.field(sh, e.field));
      IR_TRY(auto fh, ctx_.field_handle(info.def, static_cast<TableIndex>(info.order)));
      if (e.type_args.empty()) {
        emit(e.is_mut ? Opcode::MutBorrowField : Opcode::ImmBorrowField, fh);
        return {};
      }
      IR_TRY(auto sig, type_args_signature(e.type_args));
      IR_TRY(auto fi, ctx_.field_instantiation(fh, sig));
      emit(e.is_mut ? Opcode::MutBorrowFieldGeneric : Opcode::ImmBorrowFieldGeneric, fi);
      return {};
    }
    case K::kCall:
      IR_CHECK(expression(*e.children[0]));
      return call(e.call);
    case K::kList:
      for (const auto& c : e.children) IR_CHECK(expression(*c));
      return {};
  }
  return {};
}

IrResult<void> BodyCompiler::struct_op(const Call& c, Opcode plain, Opcode generic) {
  IR_TRY(auto sig, type_args_signature(c.type_args));
  IR_TRY(auto def, ctx_.struct_definition_index(c.name));
  if (c.type_args.empty()) {
    emit(plain, def);
  } else {
    IR_TRY(auto inst, ctx_.struct_instantiation(def, sig));
    emit(generic, inst);
  }
  return {};
}

IrResult<void> BodyCompiler::call(const Call& c) {
  switch (c.builtin) {
    case Tok::Exists: return struct_op(c, Opcode::Exists, Opcode::ExistsGeneric);
    case Tok::BorrowGlobal:
      return struct_op(c, Opcode::ImmBorrowGlobal, Opcode::ImmBorrowGlobalGeneric);
    case Tok::BorrowGlobalMut:
      return struct_op(c, Opcode::MutBorrowGlobal, Opcode::MutBorrowGlobalGeneric);
    case Tok::MoveFrom: return struct_op(c, Opcode::MoveFrom, Opcode::MoveFromGeneric);
    case Tok::MoveTo: return struct_op(c, Opcode::MoveTo, Opcode::MoveToGeneric);
    case Tok::VecPack: case Tok::VecLen: case Tok::VecImmBorrow: case Tok::VecMutBorrow:
    case Tok::VecPushBack: case Tok::VecPopBack: case Tok::VecUnpack: case Tok::VecSwap: {
      IR_TRY(auto sig, type_args_signature(c.type_args));
      static constexpr std::pair<Tok, Opcode> kVec[] = {
          {Tok::VecPack, Opcode::VecPack}, {Tok::VecLen, Opcode::VecLen},
          {Tok::VecImmBorrow, Opcode::VecImmBorrow}, {Tok::VecMutBorrow, Opcode::VecMutBorrow},
          {Tok::VecPushBack, Opcode::VecPushBack}, {Tok::VecPopBack, Opcode::VecPopBack},
          {Tok::VecUnpack, Opcode::VecUnpack}, {Tok::VecSwap, Opcode::VecSwap}};
      for (const auto& [tok, op] : kVec)
        if (tok == c.builtin) emit(op, sig, c.count);
      return {};
    }
    case Tok::Freeze: emit(Opcode::FreezeRef); return {};
    case Tok::ToU8: emit(Opcode::CastU8); return {};
    case Tok::ToU16: emit(Opcode::CastU16); return {};
    case Tok::ToU32: emit(Opcode::CastU32); return {};
    case Tok::ToU64: emit(Opcode::CastU64); return {};
    case Tok::ToU128: emit(Opcode::CastU128); return {};
    case Tok::ToU256: emit(Opcode::CastU256); return {};
    default: break;
  }
  IR_TRY(auto sig, type_args_signature(c.type_args));
  IR_TRY(auto fh, ctx_.function_handle(c.module, c.name));
  if (c.type_args.empty()) {
    emit(Opcode::Call, fh);
  } else {
    IR_TRY(auto fi, ctx_.function_instantiation(fh, sig));
    emit(Opcode::CallGeneric, fi);
  }
  return {};
}

}  // namespace

IrResult<SignatureToken> compile_type(Context& ctx, const TypeParamMap& tps, const Type& type) {
  using K = Type::Kind;
  auto prim = [](TokenKind k) { return SignatureToken{k, 0, {}}; };
  switch (type.kind) {
    case K::kBool: return prim(TokenKind::kBool);
    case K::kU8: return prim(TokenKind::kU8);
    case K::kU16: return prim(TokenKind::kU16);
    case K::kU32: return prim(TokenKind::kU32);
    case K::kU64: return prim(TokenKind::kU64);
    case K::kU128: return prim(TokenKind::kU128);
    case K::kU256: return prim(TokenKind::kU256);
    case K::kAddress: return prim(TokenKind::kAddress);
    case K::kSigner: return prim(TokenKind::kSigner);
    case K::kVector: case K::kRef: case K::kMutRef: {
      IR_TRY(auto inner, compile_type(ctx, tps, *type.args[0]));
      const TokenKind k = type.kind == K::kVector ? TokenKind::kVector
                          : type.kind == K::kRef  ? TokenKind::kReference
                                                  : TokenKind::kMutableReference;
      return SignatureToken{k, 0, {std::move(inner)}};
    }
    case K::kStruct: {
      IR_TRY(auto sh, ctx.struct_handle_index(type.module, type.name));
      SignatureToken tok{type.args.empty() ? TokenKind::kStruct : TokenKind::kStructInstantiation,
                         sh, {}};
      for (const auto& a : type.args) {
        IR_TRY(auto t, compile_type(ctx, tps, *a));
        tok.args.push_back(std::move(t));
      }
      return tok;
    }
    case K::kTypeParam: {
      auto it = tps.find(type.name);
      if (it == tps.end()) return compile_error("Unbound type parameter " + type.name);
      return SignatureToken{TokenKind::kTypeParameter, it->second, {}};
    }
  }
  return compile_error("unknown type");
}

IrResult<CodeUnit> compile_body(Context& ctx, const TypeParamMap& tps, const Function& f) {
  return BodyCompiler(ctx, tps).run(f);
}

}  // namespace plexus::move::ir
