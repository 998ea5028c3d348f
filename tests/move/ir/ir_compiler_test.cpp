// Move IR compiler: table layout, compile errors, and compile -> serialize -> deserialize.
#include <gtest/gtest.h>

#include "move/binary/binary.hpp"
#include "move/ir/compiler.hpp"
#include "move/ir/printer.hpp"

namespace plexus::move::ir {
namespace {

const BinaryConfig kConfig{16, kMaxVersion};

CompiledModule module_of(std::string_view text, const std::vector<const CompiledModule*>& deps) {
  auto r = assemble(text, deps);
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || !std::holds_alternative<CompiledModule>(*r)) return {};
  return std::get<CompiledModule>(std::move(*r));
}

std::string compile_error_of(std::string_view text,
                             const std::vector<const CompiledModule*>& deps = {}) {
  auto r = assemble(text, deps);
  EXPECT_FALSE(r) << text;
  return r ? std::string() : r.error().message;
}

const char* kCoin = R"(module 0x3d10.Example {
    struct Coin has store { value: u64 }
    public value(this: &Self.Coin): u64 {
        let value_ref: &u64;
    label b0:
        value_ref = &move(this).Coin::value;
        return *move(value_ref);
    }
    public split<T: drop>(c: Self.Coin, v: vector<T>): Self.Coin * u128 {
        let n: u64;
    label b0:
        Coin { value: n } = move(c);
        _ = move(v);
        jump_if (copy(n) == 0) b1;
        return Coin { value: move(n) - 1 }, 340282366920938463463374607431768211455u128;
    label b1:
        abort 3;
    }
})";

TEST(IrCompiler, ModuleRoundTripsThroughTheBinaryFormat) {
  const CompiledModule m = module_of(kCoin, {});
  ASSERT_EQ(m.function_defs.size(), 2u);
  EXPECT_EQ(m.identifiers[m.self_handle().name], "Example");
  const Bytes bytes = serialize_module(m);
  auto back = deserialize_module(bytes, kConfig);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(serialize_module(*back), bytes);
  EXPECT_EQ(back->function_defs[1].code->code.size(), m.function_defs[1].code->code.size());
}

TEST(IrCompiler, PoolsAreFilledInFirstUseOrder) {
  const CompiledModule m = module_of(kCoin, {});
  // Function declarations come first: value's parameters (&Coin), then its return (u64).
  ASSERT_GE(m.signatures.size(), 2u);
  EXPECT_EQ(m.signatures[0][0].kind, TokenKind::kReference);
  EXPECT_EQ(m.signatures[1], (Signature{SignatureToken{TokenKind::kU64, 0, {}}}));
  EXPECT_EQ(m.identifiers[0], "Example");
  // The branch target of jump_if is the first instruction of block b1.
  const auto& code = m.function_defs[1].code->code;
  const auto br = std::find_if(code.begin(), code.end(),
                               [](const Instruction& i) { return i.op == Opcode::BrTrue; });
  ASSERT_NE(br, code.end());
  EXPECT_EQ(code[br->a].op, Opcode::LdU64);
  EXPECT_EQ(code[br->a + 1].op, Opcode::Abort);
}

TEST(IrCompiler, PrintsLikeTheReferenceDisassembler) {
  auto r = assemble(R"(main() {
    let x: u64;
label b0:
    x = 3;
    assert(copy(x) > 2, 42);
    return;
})", {});
  ASSERT_TRUE(r) << r.error().to_string();
  const std::string want =
      "// Move bytecode v6\nscript {\n\n\nmain() {\nL0:\tloc0: u64\nB0:\n\t0: LdU64(3)\n"
      "\t1: StLoc[0](loc0: u64)\n\t2: CopyLoc[0](loc0: u64)\n\t3: LdU64(2)\n\t4: Gt\n\t5: Not\n"
      "\t6: BrFalse(9)\nB1:\n\t7: LdU64(42)\n\t8: Abort\nB2:\n\t9: Ret\n}\n}";
  EXPECT_EQ(print_bytecode(std::get<CompiledScript>(*r)), want);
}

TEST(IrCompiler, ImportsResolveAgainstDependencies) {
  const CompiledModule dep = module_of(R"(module 0x1.signer {
    native public borrow_address(s: &signer): &address;
})", {});
  auto r = assemble(R"(import 0x1.signer;
main(s: signer) {
    let a: &address;
label b0:
    a = signer.borrow_address(&s);
    _ = move(a);
    return;
})", {&dep});
  ASSERT_TRUE(r) << r.error().to_string();
  const auto& script = std::get<CompiledScript>(*r);
  ASSERT_EQ(script.function_handles.size(), 1u);
  EXPECT_EQ(script.identifiers[script.function_handles[0].name], "borrow_address");
  auto back = deserialize_script(serialize_script(script), kConfig);
  ASSERT_TRUE(back) << back.error().to_string();
}

TEST(IrCompiler, CompileErrors) {
  EXPECT_EQ(compile_error_of("module 0x1.M { f(m: Self.M) { label b0: return; } }"),
            "Unbound struct Self.M");
  EXPECT_EQ(compile_error_of("main() { label b0: x = 1; return; }"), "variable x undefined");
  EXPECT_EQ(compile_error_of("main() { let x: u64; let x: u64; label b0: return; }"),
            "variable redefinition x");
  EXPECT_EQ(compile_error_of("main() { label b0: jump bar; }"),
            "Invalid block labels, labels were used without being declared (bar)");
  EXPECT_EQ(compile_error_of("module 0x1.M { struct T { u: u64, y: u64 } f(): Self.T { label b0: "
                             "return T { y: 0, u: 1 }; } }"),
            "Field y defined out of order for struct T");
  EXPECT_EQ(compile_error_of("main() { label b0: _ = M.f(); return; }"), "Unbound module alias M");
  EXPECT_EQ(compile_error_of("module 0x1.M { f() { label b0: _ = exists<T>(0x1); return; } }"),
            "Missing struct definition for T");
  EXPECT_EQ(compile_error_of("main() { label b0: _ = 256u8; return; }"),
            "integer literal 256 out of range");
}

}  // namespace
}  // namespace plexus::move::ir
