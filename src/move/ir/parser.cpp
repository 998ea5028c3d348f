// Declarations, types and the top level of the Move IR grammar.
#include "move/ir/parser.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "move/binary/file_format.hpp"
#include "move/ir/parser_impl.hpp"

namespace plexus::move::ir {

IrResult<void> Parser::consume(Tok tok) {
  if (lex_.peek() != tok)
    return std::unexpected(error("expected " + std::string(token_name(tok)) + ", not " +
                                 std::string(token_name(lex_.peek()))));
  return lex_.advance();
}

IrResult<bool> Parser::match(Tok tok) {
  if (lex_.peek() != tok) return false;
  IR_CHECK(lex_.advance());
  return true;
}

void Parser::adjust(const std::vector<Tok>& ends) {
  if (lex_.peek() == Tok::GreaterGreater &&
      std::find(ends.begin(), ends.end(), Tok::Greater) != ends.end())
    lex_.replace_token(Tok::Greater, 1);
}

IrResult<std::string> Parser::name() {
  if (lex_.peek() != Tok::NameValue) return std::unexpected(error("expected Tok::NameValue"));
  std::string n(lex_.content());
  IR_CHECK(lex_.advance());
  return n;
}

IrResult<Bytes> Parser::account_address() {
  if (lex_.peek() != Tok::AccountAddressValue)
    return std::unexpected(error("expected Tok::AccountAddressValue"));
  std::string digits;
  for (char c : lex_.content().substr(2))
    if (c != '_') digits += c;
  if (digits.size() > 2 * address_length_)
    return std::unexpected(IrError{"address " + std::string(lex_.content()) + " is longer than " +
                                       std::to_string(address_length_) + " bytes",
                                   lex_.position(), true});
  digits.insert(0, 2 * address_length_ - digits.size(), '0');
  auto bytes = from_hex(digits);
  if (!bytes) return std::unexpected(error("bad address literal"));
  IR_CHECK(lex_.advance());
  return *bytes;
}

IrResult<std::pair<std::string, std::vector<TypePtr>>> Parser::name_and_type_actuals() {
  if (lex_.peek() == Tok::NameBeginTyValue) {
    const std::string_view s = lex_.content();
    std::string n(s.substr(0, s.size() - 1));
    IR_CHECK(lex_.advance());
    IR_TRY(auto tys, comma_list<TypePtr>({Tok::Greater}, [&] { return type(); }, true));
    IR_CHECK(consume(Tok::Greater));
    return std::pair{std::move(n), std::move(tys)};
  }
  IR_TRY(auto n, name());
  return std::pair{std::move(n), std::vector<TypePtr>{}};
}

IrResult<std::vector<TypePtr>> Parser::type_actuals() {
  if (lex_.peek() != Tok::Less) return std::vector<TypePtr>{};
  IR_CHECK(lex_.advance());
  IR_TRY(auto tys, comma_list<TypePtr>({Tok::Greater}, [&] { return type(); }, true));
  IR_CHECK(consume(Tok::Greater));
  return tys;
}

IrResult<TypePtr> Parser::type() {
  auto t = std::make_shared<Type>();
  using K = Type::Kind;
  const Tok tok = lex_.peek();
  const std::string_view c = lex_.content();
  if (tok == Tok::NameValue) {
    static constexpr std::pair<std::string_view, K> kPrims[] = {
        {"address", K::kAddress}, {"u8", K::kU8}, {"u16", K::kU16}, {"u32", K::kU32},
        {"u64", K::kU64}, {"u128", K::kU128}, {"u256", K::kU256}, {"bool", K::kBool},
        {"signer", K::kSigner}};
    for (const auto& [word, kind] : kPrims)
      if (c == word) {
        t->kind = kind;
        IR_CHECK(lex_.advance());
        return t;
      }
    t->kind = K::kTypeParam;
    IR_TRY(t->name, name());
    return t;
  }
  if (tok == Tok::NameBeginTyValue && c == "vector<") {
    IR_CHECK(lex_.advance());
    t->kind = K::kVector;
    IR_TRY(auto inner, type());
    t->args.push_back(std::move(inner));
    adjust({Tok::Greater});
    IR_CHECK(consume(Tok::Greater));
    return t;
  }
  if (tok == Tok::DotNameValue) {
    const auto dot = c.find('.');
    t->kind = K::kStruct;
    t->module = std::string(c.substr(0, dot));
    t->name = std::string(c.substr(dot + 1));
    IR_CHECK(lex_.advance());
    IR_TRY(t->args, type_actuals());
    return t;
  }
  if (tok == Tok::Amp || tok == Tok::AmpMut) {
    IR_CHECK(lex_.advance());
    t->kind = tok == Tok::Amp ? K::kRef : K::kMutRef;
    IR_TRY(auto inner, type());
    t->args.push_back(std::move(inner));
    return t;
  }
  return std::unexpected(error("invalid token kind for type " + std::string(token_name(tok))));
}

IrResult<Abilities> Parser::ability() {
  const std::string_view c = lex_.content();
  Abilities a = 0;
  if (lex_.peek() == Tok::Copy) a = AbilitySet::kCopy;
  else if (lex_.peek() == Tok::NameValue && c == "drop") a = AbilitySet::kDrop;
  else if (lex_.peek() == Tok::NameValue && c == "store") a = AbilitySet::kStore;
  else if (lex_.peek() == Tok::NameValue && c == "key") a = AbilitySet::kKey;
  else return std::unexpected(error("could not parse ability"));
  IR_CHECK(lex_.advance());
  return a;
}

IrResult<TypeParam> Parser::type_parameter(bool allow_phantom) {
  TypeParam p;
  if (allow_phantom && lex_.peek() == Tok::NameValue && lex_.content() == "phantom") {
    p.is_phantom = true;
    IR_CHECK(lex_.advance());
  }
  IR_TRY(p.name, name());
  if (lex_.peek() != Tok::Colon) return p;
  IR_CHECK(lex_.advance());
  for (;;) {
    const SourcePos at = lex_.position();
    IR_TRY(auto a, ability());
    if (p.constraints & a) return std::unexpected(IrError{"Duplicate ability", at, true});
    p.constraints |= a;
    IR_TRY(bool more, match(Tok::Plus));
    if (!more) return p;
  }
}

IrResult<Local> Parser::arg_decl() {
  Local l;
  l.pos = lex_.position();
  IR_TRY(l.name, name());
  IR_CHECK(consume(Tok::Colon));
  IR_TRY(l.type, type());
  return l;
}

// Specification syntax is parsed only far enough to skip it: tokens up to one of `stops` at
// bracket depth zero.
IrResult<void> Parser::skip_spec(const std::vector<Tok>& stops) {
  int depth = 0;
  for (;;) {
    const Tok t = lex_.peek();
    if (t == Tok::EndOfFile) return std::unexpected(error("unterminated specification"));
    if (depth == 0 && std::find(stops.begin(), stops.end(), t) != stops.end()) return {};
    if (t == Tok::LParen || t == Tok::LSquare || t == Tok::LBrace) ++depth;
    if (t == Tok::RParen || t == Tok::RSquare || t == Tok::RBrace) --depth;
    IR_CHECK(lex_.advance());
  }
}

IrResult<void> Parser::function_body(Function& f) {
  IR_CHECK(consume(Tok::LBrace));
  while (lex_.peek() == Tok::Let) {
    IR_CHECK(lex_.advance());
    IR_TRY(auto l, arg_decl());
    IR_CHECK(consume(Tok::Semicolon));
    f.locals.push_back(std::move(l));
  }
  IR_TRY(f.blocks, blocks());
  return consume(Tok::RBrace);
}

IrResult<Function> Parser::function_decl() {
  Function f;
  f.pos = lex_.position();
  IR_TRY(f.is_native, match(Tok::Native));
  IR_TRY(bool is_public, match(Tok::Public));
  if (is_public) {
    f.visibility = FunVisibility::kPublic;
    IR_TRY(bool sub, match(Tok::LParen));
    if (sub) {
      const Tok t = lex_.peek();
      if (t != Tok::Script && t != Tok::Friend)
        return std::unexpected(error("expected Tok::Script or Tok::Friend, not " +
                                     std::string(token_name(t))));
      IR_CHECK(lex_.advance());
      IR_CHECK(consume(Tok::RParen));
      // The legacy public(script) reads as public + entry, like pre-v5 bytecode.
      if (t == Tok::Friend) f.visibility = FunVisibility::kFriend;
      else f.is_entry = true;
    }
  }
  if (lex_.peek() == Tok::NameValue && lex_.content() == "entry") {
    f.is_entry = true;
    IR_CHECK(lex_.advance());
  }
  if (lex_.peek() == Tok::NameBeginTyValue) {
    const std::string_view s = lex_.content();
    f.name = std::string(s.substr(0, s.size() - 1));
    IR_CHECK(lex_.advance());
    IR_TRY(f.type_params,
           comma_list<TypeParam>({Tok::Greater}, [&] { return type_parameter(false); }, true));
    IR_CHECK(consume(Tok::Greater));
  } else {
    IR_TRY(f.name, name());
  }
  IR_CHECK(consume(Tok::LParen));
  IR_TRY(f.params, comma_list<Local>({Tok::RParen}, [&] { return arg_decl(); }, true));
  IR_CHECK(consume(Tok::RParen));
  if (lex_.peek() == Tok::Colon) {
    IR_CHECK(lex_.advance());
    IR_TRY(auto t, type());
    f.returns.push_back(std::move(t));
    while (lex_.peek() == Tok::Star) {
      IR_CHECK(lex_.advance());
      IR_TRY(auto more, type());
      f.returns.push_back(std::move(more));
    }
  }
  if (lex_.peek() == Tok::Acquires) {
    IR_CHECK(lex_.advance());
    for (;;) {
      IR_TRY(auto s, name());
      f.acquires.push_back(std::move(s));
      IR_TRY(bool more, match(Tok::Comma));
      if (!more) break;
    }
  }
  static const std::vector<Tok> kSpecStops = {Tok::Ensures, Tok::Requires, Tok::SucceedsIf,
                                              Tok::AbortsIf, Tok::LBrace, Tok::Semicolon};
  while (lex_.peek() == Tok::Ensures || lex_.peek() == Tok::Requires ||
         lex_.peek() == Tok::SucceedsIf || lex_.peek() == Tok::AbortsIf) {
    IR_CHECK(lex_.advance());
    IR_CHECK(skip_spec(kSpecStops));
  }
  if (f.is_native) {
    IR_CHECK(consume(Tok::Semicolon));
    return f;
  }
  IR_CHECK(function_body(f));
  return f;
}

IrResult<StructDecl> Parser::struct_decl() {
  StructDecl s;
  s.pos = lex_.position();
  IR_TRY(s.is_native, match(Tok::Native));
  IR_CHECK(consume(Tok::Struct));
  if (lex_.peek() == Tok::NameBeginTyValue) {
    const std::string_view c = lex_.content();
    s.name = std::string(c.substr(0, c.size() - 1));
    IR_CHECK(lex_.advance());
    IR_TRY(s.type_params,
           comma_list<TypeParam>({Tok::Greater}, [&] { return type_parameter(true); }, true));
    IR_CHECK(consume(Tok::Greater));
  } else {
    IR_TRY(s.name, name());
  }
  if (lex_.peek() == Tok::NameValue && lex_.content() == "has") {
    IR_CHECK(lex_.advance());
    using Spanned = std::pair<Abilities, SourcePos>;
    const std::function<IrResult<Spanned>()> spanned_ability = [&]() -> IrResult<Spanned> {
      const SourcePos at = lex_.position();
      IR_TRY(auto a, ability());
      return Spanned{a, at};
    };
    IR_TRY(auto list, comma_list<Spanned>({Tok::LBrace, Tok::Semicolon}, spanned_ability, false));
    for (const auto& [a, at] : list) {
      if (s.abilities & a) return std::unexpected(IrError{"Duplicate ability", at, true});
      s.abilities |= a;
    }
  }
  if (s.is_native) {
    IR_CHECK(consume(Tok::Semicolon));
    return s;
  }
  IR_CHECK(consume(Tok::LBrace));
  IR_TRY(s.fields, comma_list<Local>({Tok::RBrace, Tok::Invariant}, [&] { return arg_decl(); },
                                     true));
  while (lex_.peek() == Tok::Invariant) {
    IR_CHECK(lex_.advance());
    IR_CHECK(skip_spec({Tok::Comma, Tok::RBrace}));
    IR_TRY(bool more, match(Tok::Comma));
    if (!more) break;
  }
  IR_CHECK(consume(Tok::RBrace));
  return s;
}

IrResult<ModuleIdent> Parser::module_ident() {
  ModuleIdent id;
  IR_TRY(id.address, account_address());
  IR_CHECK(consume(Tok::Period));
  IR_TRY(id.name, name());
  return id;
}

IrResult<Import> Parser::import_decl() {
  IR_CHECK(consume(Tok::Import));
  Import im;
  IR_TRY(im.ident, module_ident());
  im.alias = im.ident.name;
  if (lex_.peek() == Tok::As) {
    IR_CHECK(lex_.advance());
    const SourcePos at = lex_.position();
    IR_TRY(im.alias, name());
    if (im.alias == "Self")
      return std::unexpected(IrError{"Invalid use of reserved module alias 'Self'", at, true});
  }
  IR_CHECK(consume(Tok::Semicolon));
  return im;
}

IrResult<ModuleDef> Parser::module() {
  ModuleDef m;
  IR_CHECK(consume(Tok::Module));
  IR_TRY(m.ident, module_ident());
  IR_CHECK(consume(Tok::LBrace));
  while (lex_.peek() == Tok::Friend) {
    IR_CHECK(lex_.advance());
    IR_TRY(auto id, module_ident());
    IR_CHECK(consume(Tok::Semicolon));
    m.friends.push_back(std::move(id));
  }
  while (lex_.peek() == Tok::Import) {
    IR_TRY(auto im, import_decl());
    m.imports.push_back(std::move(im));
  }
  while (lex_.peek() == Tok::Synthetic) {
    IR_CHECK(lex_.advance());
    IR_CHECK(skip_spec({Tok::Semicolon}));
    IR_CHECK(consume(Tok::Semicolon));
  }
  for (;;) {
    bool is_struct = lex_.peek() == Tok::Struct;
    if (lex_.peek() == Tok::Native) {
      IR_TRY(Tok next, lex_.lookahead());
      is_struct = next == Tok::Struct;
    }
    if (!is_struct) break;
    IR_TRY(auto s, struct_decl());
    m.structs.push_back(std::move(s));
  }
  while (lex_.peek() != Tok::RBrace) {
    if (lex_.peek() == Tok::EndOfFile) return std::unexpected(error("expected RBrace, not EOF"));
    IR_TRY(auto f, function_decl());
    m.functions.push_back(std::move(f));
  }
  IR_CHECK(lex_.advance());
  return m;
}

IrResult<ScriptDef> Parser::script() {
  ScriptDef s;
  while (lex_.peek() == Tok::Import) {
    IR_TRY(auto im, import_decl());
    s.imports.push_back(std::move(im));
  }
  s.main.pos = lex_.position();
  IR_CHECK(consume(Tok::Main));
  s.main.name = "main";
  s.main.visibility = FunVisibility::kPublic;
  s.main.is_entry = true;
  if (lex_.peek() == Tok::Less) {
    IR_CHECK(lex_.advance());
    IR_TRY(s.main.type_params,
           comma_list<TypeParam>({Tok::Greater}, [&] { return type_parameter(false); }, true));
    IR_CHECK(consume(Tok::Greater));
  }
  IR_CHECK(consume(Tok::LParen));
  IR_TRY(s.main.params, comma_list<Local>({Tok::RParen}, [&] { return arg_decl(); }, true));
  IR_CHECK(consume(Tok::RParen));
  IR_CHECK(function_body(s.main));
  return s;
}

namespace {

// Runs one top-level rule over the whole text, which must then be exhausted.
template <typename T, typename Rule>
IrResult<T> parse_all(std::string_view text, std::size_t address_length, Rule rule) {
  Parser p(text, address_length);
  IR_CHECK(p.start());
  IR_TRY(T unit, rule(p));
  IR_CHECK(p.expect_eof());
  return unit;
}

}  // namespace

IrResult<ModuleDef> parse_module(std::string_view text, std::size_t address_length) {
  return parse_all<ModuleDef>(text, address_length, [](Parser& p) { return p.module(); });
}

IrResult<ScriptDef> parse_script(std::string_view text, std::size_t address_length) {
  return parse_all<ScriptDef>(text, address_length, [](Parser& p) { return p.script(); });
}

IrResult<CompilationUnit> parse_unit(std::string_view text, std::size_t address_length) {
  return parse_all<CompilationUnit>(text, address_length,
                                    [](Parser& p) -> IrResult<CompilationUnit> {
    if (p.peek() == Tok::Module) return p.module();
    return p.script();
  });
}

}  // namespace plexus::move::ir
