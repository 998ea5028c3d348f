// Resource reads with a JSON rendering by struct layout (see resource_view.hpp).
#include "move/adapter/resource_view.hpp"

#include "core/hex.hpp"
#include "move/adapter/address.hpp"
#include "move/adapter/module_loader.hpp"
#include "move/vm/entry_args.hpp"
#include "move/vm/types.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {
namespace {

constexpr std::size_t kMaxJsonDepth = 64;

std::string decimal(u128 v) {
  if (v == 0) return "0";
  std::string out;
  for (; v != 0; v /= 10)
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  return out;
}

nlohmann::json render(const Type& t, const Value& v, std::size_t depth);

nlohmann::json render_fields(const Type& t, const std::vector<FieldDefinition>& fields,
                             const std::vector<Value>& values, std::size_t depth) {
  const auto& m = t.module->module;
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i)
    out[m.identifiers[fields[i].name]] =
        render(make_type(*t.module, fields[i].type, t.args), values[i], depth + 1);
  return out;
}

nlohmann::json render(const Type& t, const Value& v, std::size_t depth) {
  if (depth > kMaxJsonDepth) return nullptr;
  switch (t.kind) {
    case TypeKind::kBool:
      return v.as_bool();
    case TypeKind::kU8:
    case TypeKind::kU16:
    case TypeKind::kU32:
      return v.as_u64();
    case TypeKind::kU64:
    case TypeKind::kU128:
      return decimal(v.num);
    case TypeKind::kU256:
      return v.big ? v.big->str() : "0";
    case TypeKind::kAddress:
      return v.address ? to_hex(*v.address) : "";
    case TypeKind::kVector: {
      if (t.args[0].kind == TypeKind::kU8) return to_hex(bytes_of(v));
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : v.elems()) out.push_back(render(t.args[0], e, depth + 1));
      return out;
    }
    case TypeKind::kStruct: {
      const auto& m = t.module->module;
      const auto& def = m.struct_defs[t.def];
      if (type_tag(t) == "0x1::string::String") {
        const Bytes b = bytes_of(v.elems()[0]);
        return std::string(b.begin(), b.end());
      }
      if (def.layout == StructLayout::kVariants) {
        const auto& variant = def.variants[v.container->variant];
        nlohmann::json out = nlohmann::json::object();
        out[m.identifiers[variant.name]] = render_fields(t, variant.fields, v.elems(), depth);
        return out;
      }
      return render_fields(t, def.fields, v.elems(), depth);
    }
    default:
      return nullptr;  // signers and references are never stored
  }
}

}  // namespace

Result<std::optional<MoveResource>> read_move_resource(const StateRead& read, const Address& owner,
                                                       std::string_view struct_tag) {
  ModuleCache cache;
  ModuleStore store;
  ModuleLoader loader(
      [&read](const Address& account, const std::string& name) {
        return read(account, exec::Namespace::kMoveModule, as_bytes(name));
      },
      cache, store);
  auto loaded = loader.load_for_type(struct_tag);
  if (!loaded) return std::unexpected(to_error(loaded.error()));
  auto type = parse_type(store, struct_tag, kMoveAddressLength);
  if (!type) return std::unexpected(to_error(type.error()));
  if (type->kind != TypeKind::kStruct)
    return fail(Errc::kInvalidArgument, "not a struct type: " + std::string(struct_tag));
  MoveResource out;
  out.type = type_tag(*type);
  auto bytes = read(owner, exec::Namespace::kMoveResource, as_bytes(out.type));
  if (!bytes) return std::nullopt;
  auto value = decode_argument(*type, *bytes, kMoveAddressLength);
  if (!value) return fail(Errc::kCorruption, "stored " + out.type + ": " + value.error().message);
  out.json = render(*type, *value, 0);
  out.bcs = std::move(*bytes);
  return out;
}

}  // namespace plexus::move
