// Mutated bytecode published without the verifier: whatever the mutation, running it ends in a
// result or a VM status, with or without the paranoid type checks (run this under the
// sanitizers to catch undefined behaviour).
#include <gtest/gtest.h>

#include <random>

#include "corpus.hpp"
#include "move/binary/binary.hpp"
#include "move/ir/compiler.hpp"
#include "move/vm/runtime.hpp"
#include "testdata.hpp"

namespace plexus::move {
namespace {

constexpr std::size_t kAddressLength = 16;

const char* kSeed = R"(module 0x42.F {
    struct R has key, store, drop { v: u64, w: vector<u64> }
    struct Box<T> has drop, store { t: T }
    struct Slot<T: store> has key { t: T }
    public id<T>(t: T): T {
    label b0:
        return move(t);
    }
    public values(): u64 {
        let a: u64;
        let b: bool;
        let v: vector<u64>;
        let x: &mut u64;
        let box: Self.Box<u8>;
        let r: Self.R;
    label b0:
        a = 7;
        b = (copy(a) > 3) && true;
        v = vec_pack_2<u64>(copy(a), 2);
        vec_push_back<u64>(&mut v, 9);
        x = vec_mut_borrow<u64>(&mut v, 1);
        *move(x) = (copy(a) << 2u8) ^ 5;
        vec_swap<u64>(&mut v, 0, 2);
        box = Box<u8> { t: to_u8(vec_pop_back<u64>(&mut v)) };
        r = R { v: Self.id<u64>(vec_len<u64>(&v)), w: move(v) };
        jump_if_false (move(b)) b2;
    label b1:
        a = copy(a) + *&(&r).R::v;
    label b2:
        *&mut (&mut box).Box<u8>::t = 1u8;
        return copy(a) * 2 + to_u64(*&(&box).Box<u8>::t);
    }
    public store(s: &signer): bool acquires R, Slot {
        let r: Self.R;
        let w: vector<u64>;
        let v: u64;
    label b0:
        move_to<R>(copy(s), R { v: 1, w: vec_pack_0<u64>() });
        move_to<Slot<u64>>(copy(s), Slot<u64> { t: 5 });
        r = move_from<R>(0x1);
        R { v, w } = move(r);
        _ = borrow_global_mut<Slot<u64>>(0x1);
        return exists<R>(0x1) == (copy(v) != 0);
    }
})";

CompiledModule seed() {
  auto r = ir::assemble(kSeed, {});
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || !std::holds_alternative<CompiledModule>(*r)) return {};
  return std::get<CompiledModule>(std::move(*r));
}

// One random instruction whose operand is near the ranges the module's tables allow, so that
// many mutations pass the structural checks and reach the interpreter.
Instruction random_instruction(std::mt19937& rng, std::size_t code_size) {
  auto below = [&](std::uint64_t n) {
    return std::uniform_int_distribution<std::uint64_t>(0, n)(rng);
  };
  Instruction ins;
  do {
    ins.op = static_cast<Opcode>(below(kMaxOpcode - 1) + 1);
  } while (ins.op == Opcode::LdU128 || ins.op == Opcode::LdU256 || opcode_min_version(ins.op) > 6);
  switch (operand_shape(ins.op)) {
    case OperandShape::kOffset:
      ins.a = static_cast<std::uint32_t>(below(code_size));
      break;
    case OperandShape::kLocal:
      ins.a = static_cast<std::uint32_t>(below(8));
      break;
    case OperandShape::kIndex:
      ins.a = static_cast<std::uint32_t>(below(6));
      break;
    case OperandShape::kIndexCount:
      ins.a = static_cast<std::uint32_t>(below(6));
      ins.b = below(3);
      break;
    default:
      ins.a = static_cast<std::uint32_t>(below(255));
      ins.b = below(1) ? ~std::uint64_t{0} : below(64);
      break;
  }
  return ins;
}

void mutate(CompiledModule& m, std::mt19937& rng) {
  std::vector<CodeUnit*> bodies;
  for (auto& d : m.function_defs)
    if (d.code && !d.code->code.empty()) bodies.push_back(&*d.code);
  const int changes = std::uniform_int_distribution<int>(1, 3)(rng);
  for (int i = 0; i < changes; ++i) {
    CodeUnit& c = *bodies[std::uniform_int_distribution<std::size_t>(0, bodies.size() - 1)(rng)];
    const auto at = std::uniform_int_distribution<std::size_t>(0, c.code.size() - 1)(rng);
    if (rng() % 4 == 0) {
      std::swap(c.code[at], c.code[rng() % c.code.size()]);
    } else {
      c.code[at] = random_instruction(rng, c.code.size());
    }
  }
}

TEST(MoveUnverifiedFuzz, MutatedModulesEndInAStatus) {
  const CompiledModule original = seed();
  ASSERT_FALSE(original.function_defs.empty());
  {
    ModuleStore verified;
    auto ok = verified.publish(original);
    ASSERT_TRUE(ok) << "the seed module must be valid Move: " << ok.error().to_string();
  }
  std::mt19937 rng(20261124);
  std::size_t published = 0, ran = 0, succeeded = 0;
  for (int iteration = 0; iteration < 12000; ++iteration) {
    CompiledModule m = original;
    if (iteration > 0) mutate(m, rng);
    // What a transaction could carry: the mutated module as bytes, read back.
    auto bytes = serialize_module(m);
    auto read = deserialize_module(bytes, BinaryConfig{kAddressLength});
    if (!read) continue;
    ModuleStore store;
    store.skip_verification_for_testing();
    const ModuleId id = self_id(*read);
    if (!store.publish(std::move(*read))) continue;
    ++published;
    for (bool paranoid : {false, true}) {
      GlobalStorage storage;
      VmConfig config;
      config.address_length = kAddressLength;
      config.gas_limit = 20'000;
      config.paranoid_type_checks = paranoid;
      MoveVm vm(store, storage, config);
      Bytes signer(kAddressLength, 0);
      signer.back() = 1;
      for (const char* fn : {"values", "store"}) {
        std::vector<Value> args;
        if (std::string_view(fn) == "store") args.push_back(Value::address_of(signer));
        auto r = vm.execute(id, fn, {}, std::move(args));
        // The unmutated seed runs to completion in both modes.
        if (iteration == 0) {
          EXPECT_TRUE(r) << fn << ": " << r.error().to_string();
        }
        ++ran;
        if (r) ++succeeded;
      }
    }
  }
  // The mutations must reach the interpreter, and not only as no-ops.
  EXPECT_GT(published, 300u);
  EXPECT_GT(ran, succeeded);
}

// Natives trust the shapes of their arguments: mutated calls into the standard library's
// natives (vector, bcs, hash, signer, string) must be stopped before a native sees a bad value.
const char* kNativeSeed = R"(module 0x42.G {
    import 0x1.bcs;
    import 0x1.vector;
    import 0x1.hash;
    import 0x1.signer;
    import 0x1.string;
    struct P has copy, drop { a: u64, b: vector<u8> }
    public run(s: &signer): u64 {
        let v: vector<u8>;
        let p: Self.P;
        let h: vector<u8>;
        let w: vector<u64>;
        let t: string.String;
    label b0:
        p = P { a: 5, b: h"0102" };
        v = bcs.to_bytes<Self.P>(&p);
        h = hash.sha2_256(copy(v));
        w = vector.empty<u64>();
        vector.push_back<u64>(&mut w, vector.length<u8>(&h));
        vector.swap<u8>(&mut h, 0, 1);
        t = string.utf8(h"6869");
        _ = string.length(&t);
        _ = *signer.borrow_address(copy(s));
        return *vector.borrow<u64>(&w, 0) + to_u64(*vector.borrow<u8>(&h, 0));
    }
})";

TEST(MoveUnverifiedFuzz, MutatedNativeCallsEndInAStatus) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "move");
  ModuleStore store;
  auto stdlib = testing::load_folder(dir, "MoveStdlib");
  std::vector<const CompiledModule*> deps;
  for (const auto& m : stdlib) deps.push_back(&m);
  auto compiled = ir::assemble(kNativeSeed, deps, ir::CompileOptions{32, 6});
  ASSERT_TRUE(compiled) << compiled.error().to_string();
  const auto original = std::get<CompiledModule>(std::move(*compiled));
  ASSERT_TRUE(store.publish_bundle(std::move(stdlib)));
  store.skip_verification_for_testing();
  std::mt19937 rng(7);
  std::size_t published = 0;
  for (std::uint32_t iteration = 0; iteration < 3000; ++iteration) {
    CompiledModule m = original;
    if (iteration > 0) mutate(m, rng);
    // A fresh address per mutant, so that each is a new module rather than an upgrade.
    Bytes& self = m.address_identifiers[m.module_handles[m.self_module_handle].address];
    for (std::size_t i = 0; i < 4; ++i) self[i] = static_cast<Byte>(iteration >> (8 * i));
    self[4] = 0x42;
    const ModuleId id = self_id(m);
    if (!store.publish(std::move(m))) continue;
    ++published;
    for (bool paranoid : {false, true}) {
      GlobalStorage storage;
      VmConfig config;
      config.gas_limit = 20'000;
      config.paranoid_type_checks = paranoid;
      MoveVm vm(store, storage, config);
      auto r = vm.execute(id, "run", {}, {Value::address_of(testing::address(1))});
      if (iteration == 0) {
        EXPECT_TRUE(r) << r.error().to_string();
      }
    }
  }
  EXPECT_GT(published, 300u);
}

}  // namespace
}  // namespace plexus::move
