// The interpreter loop: frames, calls (including natives), and every opcode.
#include <algorithm>

#include "move/binary/reader.hpp"
#include "move/vm/arithmetic.hpp"
#include "move/vm/machine.hpp"
#include "move/vm/natives.hpp"
#include "move/vm/type_depth.hpp"

namespace plexus::move {

namespace detail {
namespace {

// Constants are BCS bytes of a primitive or vector type (the verifier checked they decode).
VmResult<Value> decode_rec(Reader& r, const SignatureToken& tok, std::size_t alen) {
  auto fixed = [&](ValueKind kind, std::size_t n) -> VmResult<Value> {
    MOVE_TRY(const auto b, r.bytes(n));
    u128 v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | b[i];
    return Value::integer(kind, v);
  };
  switch (tok.kind) {
    case TokenKind::kBool:
      return fixed(ValueKind::kBool, 1);
    case TokenKind::kU8:
      return fixed(ValueKind::kU8, 1);
    case TokenKind::kU16:
      return fixed(ValueKind::kU16, 2);
    case TokenKind::kU32:
      return fixed(ValueKind::kU32, 4);
    case TokenKind::kU64:
      return fixed(ValueKind::kU64, 8);
    case TokenKind::kU128:
      return fixed(ValueKind::kU128, 16);
    case TokenKind::kU256: {
      MOVE_TRY(const auto b, r.bytes(32));
      Bytes be(b.rbegin(), b.rend());
      return Value::u256(load_be(be));
    }
    case TokenKind::kAddress: {
      MOVE_TRY(const auto b, r.bytes(alen));
      return Value::address_of(to_bytes(b));
    }
    case TokenKind::kVector: {
      MOVE_TRY(const auto n, r.uleb(0xFFFFFFFF, "vector length"));
      std::vector<Value> elems;
      for (std::uint64_t i = 0; i < n; ++i) {
        MOVE_TRY(auto e, decode_rec(r, tok.args[0], alen));
        elems.push_back(std::move(e));
      }
      return Value::vector(std::move(elems));
    }
    default:
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "constant type");
  }
}

}  // namespace

VmResult<Value> decode_constant(const Constant& c, std::size_t address_length) {
  Reader r(c.data);
  return decode_rec(r, c.type, address_length);
}

Value wide_literal(const CodeUnit& code, const Instruction& ins) {
  const auto& lit = code.wide_literals[ins.a];
  if (ins.op == Opcode::LdU128) {
    u128 v = 0;
    for (std::size_t i = 16; i-- > 0;) v = (v << 8) | lit[i];
    return Value::integer(ValueKind::kU128, v);
  }
  Bytes be(lit.rbegin(), lit.rend());
  return Value::u256(load_be(be));
}

VmResult<std::vector<Value>> Machine::run(const LoadedModule& m, TableIndex def,
                                          std::vector<Type> type_args, std::vector<Value> args) {
  MOVE_CHECK(enter(m, def, std::move(type_args), std::move(args)));
  while (!frames_.empty()) {
    Frame& f = frames_.back();
    if (f.pc >= f.code->code.size())
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "pc out of range");
    const std::uint32_t pc = f.pc;
    const LoadedModule* module = f.module;
    const TableIndex fn = f.def;
    auto flow = checked_step(f, f.code->code[pc]);
    if (!flow) {
      VmError e = std::move(flow).error();
      // An error that carries a location already names where it is attributed.
      if (e.location.function != Location::kNone) return std::unexpected(std::move(e));
      e.location = {fn, pc};
      const std::string where = module->id.to_string() + "::" + module->function_name(fn);
      e.message = e.message.empty() ? where : where + ": " + e.message;
      return std::unexpected(std::move(e));
    }
    if (*flow == Flow::kNext) ++frames_.back().pc;  // calls advance the caller themselves
  }
  return std::move(stack_);
}

VmResult<void> Machine::enter(const LoadedModule& m, TableIndex def, std::vector<Type> type_args,
                              std::vector<Value> args) {
  if (frames_.size() >= config_.max_call_depth) return vm_fail(StatusCode::CALL_STACK_OVERFLOW);
  const auto& d = m.module.function_defs[def];
  const auto& h = m.module.function_handles[d.function];
  if (d.is_native) {
    const NativeFn native = find_native(m.id, m.function_name(def));
    if (!native)
      return vm_fail(StatusCode::NATIVE_NOT_SUPPORTED,
                     "native not supported: " + m.id.name + "::" + m.function_name(def));
    MOVE_CHECK(gas_.charge(5));
    std::vector<Value> results;
    // A native has no frame: the frame below it is its caller's.
    const ModuleId* caller = frames_.empty() ? nullptr : &frames_.back().module->id;
    NativeContext ctx{gas_, config_, caller};
    MOVE_CHECK(native(ctx, type_args, args, results));
    for (auto& r : results) MOVE_CHECK(push(std::move(r)));
    return {};
  }
  if (checks_) MOVE_CHECK(checks_->enter(m, def, type_args));
  Frame f{&m, def, &*d.code, std::move(type_args), std::make_shared<Container>(), 0};
  f.locals->elems.resize(m.module.signatures[h.parameters].size() +
                         m.module.signatures[d.code->locals].size());
  std::move(args.begin(), args.end(), f.locals->elems.begin());
  frames_.push_back(std::move(f));
  return {};
}

VmResult<Flow> Machine::call(Frame& f, TableIndex handle, std::vector<Type> type_args) {
  MOVE_CHECK(gas_.charge(5));
  const auto& target = f.module->function_targets[handle];
  const auto& callee = target.module->module;
  const auto& h = callee.function_handles[callee.function_defs[target.def].function];
  if (checks_) MOVE_CHECK(check_call(f, target, type_args));
  std::vector<Value> args = pop_n(callee.signatures[h.parameters].size());
  ++f.pc;  // `f` may dangle once the callee's frame is pushed
  MOVE_CHECK(enter(*target.module, target.def, std::move(type_args), std::move(args)));
  return Flow::kCall;
}

VmResult<Flow> Machine::global(Opcode op, const Type& t) {
  MOVE_CHECK(gas_.charge(10));
  switch (op) {
    case Opcode::MoveTo:
    case Opcode::MoveToGeneric: {
      Value resource = pop();
      const Value signer = pop();
      MOVE_TRY(const Value* s, target(signer));
      MOVE_TRY(const auto* fields, elements(*s));
      if (fields->size() != 1) return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR);
      MOVE_TRY(const Bytes* address, address_bytes((*fields)[0]));
      const GlobalStorage::Key k{*address, type_tag(t)};
      MOVE_TRY(const auto read_gas, storage_.fetch(k, t));
      MOVE_CHECK(gas_.charge(read_gas));
      if (storage_.exists(k)) return vm_fail(StatusCode::RESOURCE_ALREADY_EXISTS, type_tag(t));
      storage_.put(k, std::move(resource));
      return Flow::kNext;
    }
    default:
      break;
  }
  MOVE_TRY(const Bytes* address, address_bytes(stack_.back()));
  const GlobalStorage::Key k{*address, type_tag(t)};
  pop();
  MOVE_TRY(const auto read_gas, storage_.fetch(k, t));
  MOVE_CHECK(gas_.charge(read_gas));
  switch (op) {
    case Opcode::Exists:
    case Opcode::ExistsGeneric:
      MOVE_CHECK(push(Value::boolean(storage_.exists(k))));
      return Flow::kNext;
    case Opcode::MoveFrom:
    case Opcode::MoveFromGeneric:
      if (!storage_.exists(k)) return vm_fail(StatusCode::MISSING_DATA, type_tag(t));
      MOVE_CHECK(push(storage_.take(k)));
      return Flow::kNext;
    default: {  // borrow_global(_mut)
      auto cell = op == Opcode::MutBorrowGlobal || op == Opcode::MutBorrowGlobalGeneric
                      ? storage_.find_mut(k)
                      : storage_.find(k);
      if (!cell) return vm_fail(StatusCode::MISSING_DATA, type_tag(t));
      MOVE_CHECK(push(Value::ref(std::move(cell), 0)));
      return Flow::kNext;
    }
  }
}

VmResult<Flow> Machine::vector_op(const Frame& f, const Instruction& ins) {
  auto vector_error = [](std::uint64_t kind, const char* what) {
    return std::unexpected(VmError{StatusCode::VECTOR_OPERATION_ERROR, what, {}, kind});
  };
  auto index_error = [&] { return vector_error(kVectorIndexOutOfBounds, "index out of range"); };
  switch (ins.op) {
    case Opcode::VecPack:
      MOVE_CHECK(check_type_depth(
          Type::of(TypeKind::kVector,
                   make_types(*f.module, f.module->module.signatures[ins.a], f.type_args))));
      MOVE_CHECK(push(Value::vector(pop_n(ins.b))));
      return Flow::kNext;
    case Opcode::VecUnpack: {
      Value v = pop();
      MOVE_TRY(auto* elems, elements(v));
      if (elems->size() != ins.b) return vector_error(kVectorUnpackLength, "unpack length");
      for (auto& e : *elems) MOVE_CHECK(push(std::move(e)));
      return Flow::kNext;
    }
    case Opcode::VecLen: {
      const Value ref = pop();
      MOVE_TRY(const Value* vec, target(ref));
      MOVE_TRY(const auto* elems, elements(*vec));
      MOVE_CHECK(push(Value::u64(elems->size())));
      return Flow::kNext;
    }
    case Opcode::VecImmBorrow:
    case Opcode::VecMutBorrow: {
      const std::uint64_t i = pop().as_u64();
      const Value ref = pop();  // keeps the referenced container alive
      MOVE_TRY(const Value* vec, target(ref));
      MOVE_TRY(const auto* elems, elements(*vec));
      if (i >= elems->size()) return index_error();
      MOVE_CHECK(push(Value::ref(vec->container, static_cast<std::uint32_t>(i))));
      return Flow::kNext;
    }
    case Opcode::VecPushBack: {
      Value e = pop();
      const Value ref = pop();
      MOVE_TRY(const Value* vec, target(ref));
      MOVE_TRY(auto* elems, elements(*vec));
      elems->push_back(std::move(e));
      return Flow::kNext;
    }
    case Opcode::VecPopBack: {
      const Value ref = pop();  // keeps the referenced container alive
      MOVE_TRY(const Value* vec, target(ref));
      MOVE_TRY(auto* elems_ptr, elements(*vec));
      auto& elems = *elems_ptr;
      if (elems.empty()) return vector_error(kVectorPopEmpty, "pop from empty");
      Value e = std::move(elems.back());
      elems.pop_back();
      MOVE_CHECK(push(std::move(e)));
      return Flow::kNext;
    }
    default: {  // VecSwap
      const std::uint64_t j = pop().as_u64();
      const std::uint64_t i = pop().as_u64();
      const Value ref = pop();  // keeps the referenced container alive
      MOVE_TRY(const Value* vec, target(ref));
      MOVE_TRY(auto* elems_ptr, elements(*vec));
      auto& elems = *elems_ptr;
      if (i >= elems.size() || j >= elems.size()) return index_error();
      std::swap(elems[i], elems[j]);
      return Flow::kNext;
    }
  }
}

}  // namespace detail

}  // namespace plexus::move
