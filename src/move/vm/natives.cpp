// Standard-library natives. Each takes its arguments in declaration order and appends its
// results; references arrive as Value refs (deref() gives the referenced value).
#include "move/vm/natives.hpp"

#include <algorithm>
#include <map>

#include <cryptopp/sha3.h>

#include "core/hash.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {
namespace {

using Args = std::vector<Value>;

std::unexpected<VmError> vector_error(const char* what) {
  return vm_fail(StatusCode::VECTOR_OPERATION_ERROR, what);
}

std::vector<Value>& elems_of(const Value& ref) { return deref(ref).elems(); }

// vector

VmResult<void> vector_empty(NativeContext&, const std::vector<Type>&, Args&, Args& out) {
  out.push_back(Value::vector({}));
  return {};
}
VmResult<void> vector_length(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  out.push_back(Value::u64(elems_of(a[0]).size()));
  return {};
}
VmResult<void> vector_borrow(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  const Value& vec = deref(a[0]);
  const std::uint64_t i = a[1].as_u64();
  if (i >= vec.elems().size()) return vector_error("index out of range");
  out.push_back(Value::ref(vec.container, static_cast<std::uint32_t>(i)));
  return {};
}
VmResult<void> vector_push_back(NativeContext&, const std::vector<Type>&, Args& a, Args&) {
  elems_of(a[0]).push_back(std::move(a[1]));
  return {};
}
VmResult<void> vector_pop_back(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  auto& e = elems_of(a[0]);
  if (e.empty()) return vector_error("pop from empty vector");
  out.push_back(std::move(e.back()));
  e.pop_back();
  return {};
}
VmResult<void> vector_destroy_empty(NativeContext&, const std::vector<Type>&, Args& a, Args&) {
  if (!a[0].elems().empty()) return vector_error("destroy non-empty vector");
  return {};
}
VmResult<void> vector_swap(NativeContext&, const std::vector<Type>&, Args& a, Args&) {
  auto& e = elems_of(a[0]);
  const std::uint64_t i = a[1].as_u64(), j = a[2].as_u64();
  if (i >= e.size() || j >= e.size()) return vector_error("index out of range");
  std::swap(e[i], e[j]);
  return {};
}
// append(&mut lhs, other): `other` is a value (Starcoin) or a &mut that is left empty (Rooch).
VmResult<void> vector_append(NativeContext&, const std::vector<Type>&, Args& a, Args&) {
  auto& lhs = elems_of(a[0]);
  auto& rhs = a[1].kind == ValueKind::kRef ? elems_of(a[1]) : a[1].elems();
  std::move(rhs.begin(), rhs.end(), std::back_inserter(lhs));
  rhs.clear();
  return {};
}
VmResult<void> vector_reverse(NativeContext&, const std::vector<Type>&, Args& a, Args&) {
  auto& e = elems_of(a[0]);
  std::reverse(e.begin(), e.end());
  return {};
}
VmResult<void> vector_remove(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  auto& e = elems_of(a[0]);
  const std::uint64_t i = a[1].as_u64();
  if (i >= e.size()) return vector_error("index out of range");
  out.push_back(std::move(e[i]));
  e.erase(e.begin() + static_cast<std::ptrdiff_t>(i));
  return {};
}
VmResult<void> vector_spawn_from(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  const auto& e = elems_of(a[0]);
  const std::uint64_t from = a[1].as_u64(), to = a[2].as_u64();
  if (from > to || to > e.size()) return vector_error("range out of bounds");
  std::vector<Value> part;
  for (std::uint64_t i = from; i < to; ++i) part.push_back(deep_copy(e[i]));
  out.push_back(Value::vector(std::move(part)));
  return {};
}

// move_range(from, removal_position, length, to, insert_position) (Aptos/Initia).
VmResult<void> vector_move_range(NativeContext&, const std::vector<Type>&, Args& a, Args&) {
  auto& from = elems_of(a[0]);
  const std::uint64_t pos = a[1].as_u64(), len = a[2].as_u64(), at = a[4].as_u64();
  auto& to = elems_of(a[3]);
  if (pos > from.size() || len > from.size() - pos || at > to.size())
    return vector_error("range out of bounds");
  const auto first = from.begin() + static_cast<std::ptrdiff_t>(pos);
  const auto last = first + static_cast<std::ptrdiff_t>(len);
  std::vector<Value> moved(std::make_move_iterator(first), std::make_move_iterator(last));
  from.erase(first, last);
  to.insert(to.begin() + static_cast<std::ptrdiff_t>(at), std::make_move_iterator(moved.begin()),
            std::make_move_iterator(moved.end()));
  return {};
}

// cmp::compare (Aptos/Initia): integers by value, bool false < true, addresses and vectors
// lexicographically (vectors then by length), structs field by field, enums by tag first.
int compare_values(const Value& a, const Value& b) {
  if (a.kind == ValueKind::kRef) return compare_values(deref(a), b);
  if (b.kind == ValueKind::kRef) return compare_values(a, deref(b));
  switch (a.kind) {
    case ValueKind::kU256:
      return *a.big < *b.big ? -1 : (*a.big == *b.big ? 0 : 1);
    case ValueKind::kAddress:
      return *a.address < *b.address ? -1 : (*a.address == *b.address ? 0 : 1);
    case ValueKind::kStruct:
    case ValueKind::kVector:
    case ValueKind::kSigner: {
      if (a.container->variant != b.container->variant)
        return a.container->variant < b.container->variant ? -1 : 1;
      const auto& x = a.container->elems;
      const auto& y = b.container->elems;
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (const int c = compare_values(x[i], y[i]); c != 0) return c;
      return x.size() < y.size() ? -1 : (x.size() == y.size() ? 0 : 1);
    }
    default:
      return a.num < b.num ? -1 : (a.num == b.num ? 0 : 1);
  }
}

VmResult<void> cmp_compare(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  // Ordering { Less, Equal, Greater } are variants 0, 1, 2.
  const int c = compare_values(a[0], a[1]);
  out.push_back(Value::make_variant({}, static_cast<std::uint16_t>(c + 1)));
  return {};
}

// bcs, hash, signer

VmResult<void> bcs_to_bytes(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  MOVE_TRY(const Bytes b, bcs_encode(a[0]));
  MOVE_CHECK(ctx.gas.charge(b.size()));
  out.push_back(Value::bytes(b));
  return {};
}
VmResult<void> bcs_serialized_size(NativeContext& ctx, const std::vector<Type>&, Args& a,
                                   Args& out) {
  MOVE_TRY(const Bytes b, bcs_encode(a[0]));
  MOVE_CHECK(ctx.gas.charge(b.size()));
  out.push_back(Value::u64(b.size()));
  return {};
}
VmResult<void> bcs_to_address(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  Bytes b = bytes_of(a[0]);
  if (b.size() != ctx.config.address_length)
    return vm_fail(StatusCode::ABORTED, "bad address bytes");
  out.push_back(Value::address_of(std::move(b)));
  return {};
}

template <typename Digest>
VmResult<void> hash_native(NativeContext& ctx, Args& a, Args& out, Digest digest) {
  const Bytes input = bytes_of(a[0]);
  MOVE_CHECK(ctx.gas.charge(10 + input.size()));
  const auto d = digest(input);
  out.push_back(Value::bytes(d.view()));
  return {};
}
VmResult<void> hash_sha2_256(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  return hash_native(ctx, a, out, [](BytesView b) { return sha256(b); });
}
VmResult<void> hash_keccak_256(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  return hash_native(ctx, a, out, [](BytesView b) { return keccak256(b); });
}
VmResult<void> hash_ripemd160(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  return hash_native(ctx, a, out, [](BytesView b) { return ripemd160(b); });
}
VmResult<void> hash_sha3_256(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  return hash_native(ctx, a, out, [](BytesView b) {
    Hash256 d;
    CryptoPP::SHA3_256 h;
    h.CalculateDigest(d.data(), b.data(), b.size());
    return d;
  });
}
VmResult<void> signer_borrow_address(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  out.push_back(Value::ref(deref(a[0]).container, 0));
  return {};
}

}  // namespace

// Defined in natives_text.cpp (strings, type names, debug output).
VmResult<void> string_check_utf8(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> string_is_char_boundary(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> string_sub_string(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> string_index_of(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> type_name_get(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> type_info_type_name(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> debug_print(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> debug_print_string(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> debug_stack_trace(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> debug_stack_trace_string(NativeContext&, const std::vector<Type>&, Args&, Args&);
// Defined in natives_host.cpp (what reaches the world outside the VM).
VmResult<void> event_emit(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> evm_call(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> message_send(NativeContext&, const std::vector<Type>&, Args&, Args&);
VmResult<void> message_send_from(NativeContext&, const std::vector<Type>&, Args&, Args&);

namespace {

const std::map<std::string, NativeFn, std::less<>>& registry() {
  static const std::map<std::string, NativeFn, std::less<>> table = [] {
    std::map<std::string, NativeFn, std::less<>> t;
    const std::pair<const char*, NativeFn> entries[] = {
        {"vector::empty", vector_empty},
        {"vector::length", vector_length},
        {"vector::borrow", vector_borrow},
        {"vector::borrow_mut", vector_borrow},
        {"vector::push_back", vector_push_back},
        {"vector::pop_back", vector_pop_back},
        {"vector::destroy_empty", vector_destroy_empty},
        {"vector::swap", vector_swap},
        {"vector::native_append", vector_append},
        {"vector::native_reverse", vector_reverse},
        {"vector::native_remove", vector_remove},
        {"vector::spawn_from", vector_spawn_from},
        {"vector::move_range", vector_move_range},
        {"bcs::serialized_size", bcs_serialized_size},
        {"cmp::compare", cmp_compare},
        {"bcs::to_bytes", bcs_to_bytes},
        {"bcs::to_address", bcs_to_address},
        {"hash::sha2_256", hash_sha2_256},
        {"hash::sha3_256", hash_sha3_256},
        {"hash::keccak_256", hash_keccak_256},
        {"hash::ripemd160", hash_ripemd160},
        {"signer::borrow_address", signer_borrow_address},
        {"string::internal_check_utf8", string_check_utf8},
        {"string::internal_is_char_boundary", string_is_char_boundary},
        {"string::internal_sub_string", string_sub_string},
        {"string::internal_index_of", string_index_of},
        {"type_name::get", type_name_get},
        {"type_info::type_name", type_info_type_name},
        {"debug::print", debug_print},
        {"debug::print_stack_trace", debug_stack_trace},
        {"debug::native_print", debug_print_string},
        {"debug::native_stack_trace", debug_stack_trace_string},
        {"event::emit", event_emit},
        {"evm::call", evm_call},
        {"message::send", message_send},
        {"message::send_from", message_send_from},
    };
    for (const auto& [name, fn] : entries) t.emplace(name, fn);
    return t;
  }();
  return table;
}

}  // namespace

NativeFn find_native(const ModuleId& module, std::string_view function) {
  // Standard library natives live at 0x1; Starcoin capitalises module names (Vector, BCS, ...).
  const bool std_address =
      !module.address.empty() && module.address.back() == 1 &&
      std::all_of(module.address.begin(), module.address.end() - 1, [](Byte b) { return b == 0; });
  if (!std_address) return nullptr;
  std::string name;
  for (char c : module.name) name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  name += "::";
  name += function;
  const auto it = registry().find(name);
  return it == registry().end() ? nullptr : it->second;
}

std::vector<std::string> supported_natives() {
  std::vector<std::string> out;
  for (const auto& [name, fn] : registry()) out.push_back(name);
  return out;
}

}  // namespace plexus::move
