// Move IR lexer and parser: accepted syntax and syntax errors with their positions.
#include <gtest/gtest.h>

#include "move/ir/lexer.hpp"
#include "move/ir/parser.hpp"

namespace plexus::move::ir {
namespace {

IrError parse_error(std::string_view text) {
  auto r = parse_unit(text, 16);
  EXPECT_FALSE(r.has_value()) << text;
  return r ? IrError{} : r.error();
}

TEST(IrLexer, ContextSensitiveTokens) {
  Lexer lex("copy(x) copy vec_pack_3<u8> vector<u64> M.f h\"0a0B\" 0x1f 7u8 &mut r >>");
  const Tok expected[] = {Tok::Copy, Tok::NameValue, Tok::RParen, Tok::Copy, Tok::VecPack,
                          Tok::Less, Tok::NameValue, Tok::Greater, Tok::NameBeginTyValue,
                          Tok::NameValue, Tok::Greater, Tok::DotNameValue, Tok::ByteArrayValue,
                          Tok::AccountAddressValue, Tok::U8Value, Tok::AmpMut, Tok::NameValue,
                          Tok::GreaterGreater, Tok::EndOfFile};
  for (Tok want : expected) {
    ASSERT_TRUE(lex.advance().has_value());
    EXPECT_EQ(lex.peek(), want) << token_name(lex.peek()) << " vs " << token_name(want);
    if (want == Tok::VecPack) {
      EXPECT_EQ(lex.vec_count(), 3u);
    }
  }
}

TEST(IrLexer, UnknownCharacterHasPosition) {
  Lexer lex("main()\n  { # }");
  ASSERT_TRUE(lex.advance());  // main
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(lex.advance());
  auto r = lex.advance();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().pos.line, 2u);
  EXPECT_EQ(r.error().pos.column, 5u);
  EXPECT_TRUE(r.error().parse);
}

TEST(IrParser, ModuleWithEverything) {
  const char* text = R"(module 0x42.M {
    friend 0x42.N;
    import 0x1.signer;
    struct S<T: copy + drop, phantom U> has copy, drop { f: T, g: vector<u8> }
    native struct N has key;
    public(friend) entry f<T: store>(x: u64, r: &mut Self.S<u64, bool>): u64 * bool acquires S {
        let y: u64;
    label b0:
        y = move(x) + 1u64 * (2 - copy(x));
        jump_if_false (copy(y) > 3) b1;
        *&mut move(r).S<u64, bool>::f = 5;
        assert(true, 7);
        return move(y), false;
    label b1:
        abort 1;
    }
    native public g(a: address);
})";
  auto r = parse_module(text, 16);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->ident.name, "M");
  EXPECT_EQ(r->ident.address.size(), 16u);
  EXPECT_EQ(r->ident.address.back(), 0x42);
  ASSERT_EQ(r->structs.size(), 2u);
  EXPECT_EQ(r->structs[0].type_params.size(), 2u);
  EXPECT_TRUE(r->structs[0].type_params[1].is_phantom);
  EXPECT_TRUE(r->structs[1].is_native);
  ASSERT_EQ(r->functions.size(), 2u);
  const Function& f = r->functions[0];
  EXPECT_EQ(f.visibility, FunVisibility::kFriend);
  EXPECT_TRUE(f.is_entry);
  EXPECT_EQ(f.returns.size(), 2u);
  EXPECT_EQ(f.acquires, std::vector<std::string>{"S"});
  ASSERT_EQ(f.blocks.size(), 2u);
  EXPECT_EQ(f.blocks[0].statements.size(), 5u);
  EXPECT_TRUE(r->functions[1].is_native);
}

TEST(IrParser, SpecificationsAreSkipped) {
  auto r = parse_module(R"(module 0x1.T {
    synthetic x: u64;
    struct S { i: u64, invariant i > 0 }
    public f() ensures RET == 1 requires true {
    label b0:
        return;
    }
})", 16);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->functions.size(), 1u);
}

TEST(IrParser, SyntaxErrorsCarryPositions) {
  // `label` is a keyword, not a parameter name.
  IrError e = parse_error("main(label: address) {\nlabel b0:\n    return;\n}");
  EXPECT_EQ(e.message, "Invalid Token: expected Tok::NameValue");
  EXPECT_EQ(e.pos.line, 1u);
  EXPECT_EQ(e.pos.column, 6u);

  e = parse_error("module 0x1.M {\n    struct T {\n        x: u64,\n        f() {}\n    }\n}");
  EXPECT_EQ(e.message, "Invalid Token: expected Colon, not LParen");
  EXPECT_EQ(e.pos.line, 4u);
  EXPECT_EQ(e.pos.column, 10u);

  e = parse_error("main() {\nlabel b0:\n    / return;\n}");
  EXPECT_EQ(e.message, "Invalid Token: invalid token kind for statement Slash");
  EXPECT_EQ(e.pos.line, 3u);
  EXPECT_EQ(e.pos.column, 5u);

  e = parse_error("main() {\nlabel b0:\n    return\n}");
  EXPECT_EQ(e.message, "Invalid Token: unrecognized token kind for term RBrace");
  EXPECT_EQ(e.pos.line, 4u);
}

TEST(IrParser, RejectsOverlongAddressAndDuplicateAbility) {
  IrError e = parse_error("module 0x112233445566778899aabbccddeeff0011.M {}");
  EXPECT_NE(e.message.find("longer than 16 bytes"), std::string::npos);
  e = parse_error("module 0x1.M { struct S has copy, copy { f: u64 } }");
  EXPECT_EQ(e.message, "Duplicate ability");
}

}  // namespace
}  // namespace plexus::move::ir
