#include "move/vm/entry_args.hpp"

#include "move/binary/reader.hpp"
#include "move/vm/module_store.hpp"

namespace plexus::move {
namespace {

// The reference VM's default cap on value nesting; also bounds the recursion below.
constexpr std::size_t kMaxDepth = 128;

std::unexpected<VmError> bad(const std::string& why) {
  return vm_fail(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT, why);
}

const StructDefinition& struct_def(const Type& t) { return t.module->module.struct_defs[t.def]; }

// Field types of a struct type (of one variant for an enum), instantiated with its arguments.
std::vector<Type> field_types(const Type& t, const std::vector<FieldDefinition>& fields) {
  std::vector<Type> out;
  for (const auto& f : fields) out.push_back(make_type(*t.module, f.type, t.args));
  return out;
}

bool is_address(const Value& v, std::size_t alen) {
  return v.kind == ValueKind::kAddress && v.address && v.address->size() == alen;
}

VmResult<void> check(const Type& t, Value& v, std::size_t alen, std::size_t depth) {
  if (depth > kMaxDepth) return vm_fail(StatusCode::VM_MAX_VALUE_DEPTH_REACHED);
  switch (t.kind) {
    case TypeKind::kReference:
    case TypeKind::kMutableReference:
      return check(t.args[0], v, alen, depth);
    case TypeKind::kAddress:
      if (!is_address(v, alen)) return bad("address expected");
      return {};
    case TypeKind::kSigner:
      if (is_address(v, alen)) {
        v = Value::signer(*v.address);
        return {};
      }
      if (v.kind != ValueKind::kSigner || !v.container || v.elems().size() != 1 ||
          !is_address(v.elems()[0], alen))
        return bad("signer expected");
      return {};
    case TypeKind::kVector:
      if (v.kind != ValueKind::kVector || !v.container || v.container->is_variant)
        return bad("vector expected");
      for (auto& e : v.elems()) MOVE_CHECK(check(t.args[0], e, alen, depth + 1));
      return {};
    case TypeKind::kStruct: {
      if (v.kind != ValueKind::kStruct || !v.container) return bad("struct expected");
      const auto& d = struct_def(t);
      const std::vector<FieldDefinition>* fields = &d.fields;
      if (d.layout == StructLayout::kNative) return bad("native struct argument");
      if (d.layout == StructLayout::kVariants) {
        if (!v.container->is_variant || v.container->variant >= d.variants.size())
          return bad("enum variant expected");
        fields = &d.variants[v.container->variant].fields;
      } else if (v.container->is_variant) {
        return bad("struct expected");
      }
      if (v.elems().size() != fields->size()) return bad("wrong field count");
      const auto types = field_types(t, *fields);
      for (std::size_t i = 0; i < types.size(); ++i)
        MOVE_CHECK(check(types[i], v.elems()[i], alen, depth + 1));
      return {};
    }
    default: {
      const ValueKind k = primitive_value_kind(t.kind);
      if (v.kind != k || (k == ValueKind::kU256 && !v.big)) return bad("primitive type mismatch");
      if (k == ValueKind::kBool && v.num > 1) return bad("bool expected");
      const unsigned bits[] = {0, 0, 8, 16, 32, 64, 128};
      const auto idx = static_cast<std::size_t>(k);
      if (idx < std::size(bits) && bits[idx] && bits[idx] < 128 && (v.num >> bits[idx]) != 0)
        return bad("integer out of range");
      return {};
    }
  }
}

VmResult<Value> decode(detail::Reader& r, const Type& t, std::size_t alen, std::size_t depth) {
  if (depth > kMaxDepth) return vm_fail(StatusCode::VM_MAX_VALUE_DEPTH_REACHED);
  auto little = [&](ValueKind kind, std::size_t n) -> VmResult<Value> {
    MOVE_TRY(const auto b, r.bytes(n));
    u128 v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | b[i];
    return Value::integer(kind, v);
  };
  switch (t.kind) {
    case TypeKind::kReference:
    case TypeKind::kMutableReference:
      return decode(r, t.args[0], alen, depth);
    case TypeKind::kBool: {
      MOVE_TRY(const auto b, r.u8());
      if (b > 1) return bad("bool expected");
      return Value::boolean(b == 1);
    }
    case TypeKind::kU256: {
      MOVE_TRY(const auto b, r.bytes(32));
      return Value::u256(load_be(Bytes(b.rbegin(), b.rend())));
    }
    case TypeKind::kAddress:
    case TypeKind::kSigner: {
      MOVE_TRY(const auto b, r.bytes(alen));
      return t.kind == TypeKind::kSigner ? Value::signer(to_bytes(b))
                                         : Value::address_of(to_bytes(b));
    }
    case TypeKind::kVector: {
      MOVE_TRY(const auto n, r.uleb(0xFFFFFFFF, "vector length"));
      if (n > r.remaining()) return bad("vector longer than its bytes");
      std::vector<Value> elems;
      for (std::uint64_t i = 0; i < n; ++i) {
        MOVE_TRY(auto e, decode(r, t.args[0], alen, depth + 1));
        elems.push_back(std::move(e));
      }
      return Value::vector(std::move(elems));
    }
    case TypeKind::kStruct: {
      const auto& d = struct_def(t);
      if (d.layout == StructLayout::kNative) return bad("native struct argument");
      std::vector<Value> fields;
      auto read_fields = [&](const std::vector<FieldDefinition>& defs) -> VmResult<void> {
        for (const auto& ft : field_types(t, defs)) {
          MOVE_TRY(auto f, decode(r, ft, alen, depth + 1));
          fields.push_back(std::move(f));
        }
        return {};
      };
      if (d.layout == StructLayout::kVariants) {
        MOVE_TRY(const auto tag, r.uleb(0xFFFF, "variant tag"));
        if (tag >= d.variants.size()) return bad("unknown enum variant");
        MOVE_CHECK(read_fields(d.variants[tag].fields));
        return Value::make_variant(std::move(fields), static_cast<std::uint16_t>(tag));
      }
      MOVE_CHECK(read_fields(d.fields));
      return Value::make_struct(std::move(fields));
    }
    default: {
      static constexpr std::size_t kWidth[] = {0, 1, 1, 2, 4, 8, 16};
      const ValueKind k = primitive_value_kind(t.kind);
      return little(k, kWidth[static_cast<std::size_t>(k)]);
    }
  }
}

}  // namespace

AbilitySet type_abilities(const Type& t) {
  constexpr AbilitySet kPrimitive{AbilitySet::kCopy | AbilitySet::kDrop | AbilitySet::kStore};
  switch (t.kind) {
    case TypeKind::kSigner:
      return {AbilitySet::kDrop};
    case TypeKind::kReference:
    case TypeKind::kMutableReference:
      return {AbilitySet::kCopy | AbilitySet::kDrop};
    case TypeKind::kVector:
      return type_abilities(t.args[0]).intersect(kPrimitive);
    case TypeKind::kStruct: {
      const auto& m = t.module->module;
      const auto& h = m.struct_handles[m.struct_defs[t.def].handle];
      AbilitySet out = h.abilities;
      for (std::size_t i = 0; i < t.args.size() && i < h.type_parameters.size(); ++i) {
        if (h.type_parameters[i].is_phantom) continue;
        // An argument's key does not matter; a struct has key only if its arguments have store.
        AbilitySet a = type_abilities(t.args[i]);
        if (a.has(AbilitySet::kStore)) a.bits |= AbilitySet::kKey;
        out = out.intersect(a);
      }
      return out;
    }
    default:
      return kPrimitive;
  }
}

// A type built by a caller: a vector has one element type, a struct as many arguments as it has
// type parameters, and references appear nowhere (make_type and the natives rely on this).
VmResult<void> check_well_formed(const Type& t, std::size_t depth) {
  if (depth > kMaxDepth) return vm_fail(StatusCode::VM_MAX_VALUE_DEPTH_REACHED);
  std::size_t want = 0;
  switch (t.kind) {
    case TypeKind::kReference:
    case TypeKind::kMutableReference:
      return vm_fail(StatusCode::INVALID_SIGNATURE_TOKEN, "reference as type argument");
    case TypeKind::kVector:
      want = 1;
      break;
    case TypeKind::kStruct:
      if (!t.module || t.def >= t.module->module.struct_defs.size())
        return vm_fail(StatusCode::LOOKUP_FAILED, "unknown struct in type argument");
      want = t.module->module.struct_handles[t.module->module.struct_defs[t.def].handle]
                 .type_parameters.size();
      break;
    default:
      break;
  }
  if (t.args.size() != want) return vm_fail(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
  for (const auto& a : t.args) MOVE_CHECK(check_well_formed(a, depth + 1));
  return {};
}

VmResult<void> check_type_arguments(std::span<const AbilitySet> constraints,
                                    std::span<const Type> type_args) {
  if (constraints.size() != type_args.size())
    return vm_fail(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH);
  for (std::size_t i = 0; i < type_args.size(); ++i) {
    const Type& t = type_args[i];
    MOVE_CHECK(check_well_formed(t, 1));
    if (!constraints[i].is_subset_of(type_abilities(t)))
      return vm_fail(StatusCode::CONSTRAINT_NOT_SATISFIED);
  }
  return {};
}

VmResult<void> check_argument(const Type& t, Value& v, std::size_t address_length) {
  return check(t, v, address_length, 1);
}

VmResult<Value> decode_argument(const Type& t, BytesView bytes, std::size_t address_length) {
  detail::Reader r(bytes);
  auto v = decode(r, t, address_length, 1);
  if (!v) {
    if (v.error().status == StatusCode::MALFORMED) return bad(v.error().message);
    return v;
  }
  if (!r.at_end()) return bad("trailing bytes");
  return v;
}

}  // namespace plexus::move
