// File header, table directory and table contents (FORMAT-NOTES §2-3).
#include <algorithm>
#include <map>

#include "move/binary/deserializer_impl.hpp"

namespace plexus::move {
namespace {

using detail::EntryReader;
using detail::Reader;

struct TableEntry {
  TableKind kind;
  std::uint32_t offset;
  std::uint32_t length;
};

bool known_table(std::uint8_t k) { return (k >= 0x01 && k <= 0x08) || (k >= 0x0A && k <= 0x14); }

VmResult<std::uint32_t> read_version(Reader& r, const BinaryConfig& config) {
  MOVE_TRY(const auto magic, r.fixed(4));
  if (magic != kMagic) return vm_fail(StatusCode::BAD_MAGIC);
  MOVE_TRY(const auto word, r.fixed(4));
  std::uint64_t version = word;
  if ((word & 0xFF000000u) == kAptosVersionMask) version = word & 0x00FFFFFFu;
  if (version < kMinVersion || version > config.max_version)
    return vm_fail(StatusCode::UNKNOWN_VERSION, std::to_string(word));
  return static_cast<std::uint32_t>(word);
}

VmResult<std::vector<TableEntry>> read_directory(Reader& r) {
  MOVE_TRY(const auto count, r.uleb(255, "table count"));
  std::vector<TableEntry> tables;
  for (std::uint64_t i = 0; i < count; ++i) {
    MOVE_TRY(const auto kind, r.u8());
    if (!known_table(kind)) return vm_fail(StatusCode::UNKNOWN_TABLE_TYPE, std::to_string(kind));
    MOVE_TRY(const auto offset, r.uleb(0xFFFFFFFF, "table offset"));
    MOVE_TRY(const auto length, r.uleb(0xFFFFFFFF, "table length"));
    tables.push_back({static_cast<TableKind>(kind), static_cast<std::uint32_t>(offset),
                      static_cast<std::uint32_t>(length)});
  }
  auto sorted = tables;
  std::ranges::sort(sorted, {}, &TableEntry::offset);
  std::uint64_t expected = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (sorted[j].kind == sorted[i].kind) return vm_fail(StatusCode::DUPLICATE_TABLE);
    if (sorted[i].offset != expected || sorted[i].length == 0)
      return vm_fail(StatusCode::BAD_HEADER_TABLE, "tables not contiguous or empty");
    expected += sorted[i].length;
  }
  if (expected > r.remaining()) return vm_fail(StatusCode::BAD_HEADER_TABLE, "tables past end");
  return tables;
}

template <typename T, typename Fn>
VmResult<void> read_all(BytesView bytes, std::vector<T>& out, Fn&& read_one) {
  Reader r(bytes);
  while (!r.at_end()) {
    MOVE_TRY(auto entry, read_one(r));
    out.push_back(std::move(entry));
  }
  return {};
}

VmResult<Instantiation> instantiation(Reader& r) {
  Instantiation i;
  MOVE_TRY(i.handle, r.index("handle"));
  MOVE_TRY(i.type_parameters, r.index("signature"));
  return i;
}

VmResult<ModuleHandle> module_handle(Reader& r) {
  ModuleHandle h;
  MOVE_TRY(h.address, r.index("address"));
  MOVE_TRY(h.name, r.index("identifier"));
  return h;
}

VmResult<Bytes> length_prefixed(Reader& r, std::uint64_t max, const char* what) {
  MOVE_TRY(const auto n, r.uleb(max, what));
  MOVE_TRY(const auto b, r.bytes(n));
  return to_bytes(b);
}

bool forbidden_in_script(TableKind k) {
  switch (k) {
    case TableKind::kStructDefs:
    case TableKind::kStructDefInst:
    case TableKind::kFunctionDefs:
    case TableKind::kFieldHandles:
    case TableKind::kFieldInst:
    case TableKind::kFriendDecls:
    case TableKind::kVariantFieldHandles:
    case TableKind::kVariantFieldInst:
    case TableKind::kStructVariantHandles:
    case TableKind::kStructVariantInst:
      return true;
    default:
      return false;
  }
}

VmResult<void> read_table(const EntryReader& e, TableKind kind, BytesView bytes, BinaryTables& t) {
  const std::uint32_t v = e.version;
  switch (kind) {
    case TableKind::kModuleHandles:
      return read_all(bytes, t.module_handles, module_handle);
    case TableKind::kFriendDecls:
      return read_all(bytes, t.friend_decls, module_handle);
    case TableKind::kStructHandles:
      return read_all(bytes, t.struct_handles, [&](Reader& r) { return e.struct_handle(r); });
    case TableKind::kFunctionHandles:
      return read_all(bytes, t.function_handles, [&](Reader& r) { return e.function_handle(r); });
    case TableKind::kFunctionInst:
      return read_all(bytes, t.function_instantiations, instantiation);
    case TableKind::kStructDefInst:
      return read_all(bytes, t.struct_def_instantiations, instantiation);
    case TableKind::kFieldInst:
      return read_all(bytes, t.field_instantiations, instantiation);
    case TableKind::kSignatures:
      return read_all(bytes, t.signatures, [&](Reader& r) { return e.signature(r); });
    case TableKind::kIdentifiers:
      return read_all(bytes, t.identifiers, [&](Reader& r) { return e.identifier(r); });
    case TableKind::kAddressIdentifiers:
      if (bytes.size() % e.address_length != 0)
        return vm_fail(StatusCode::MALFORMED, "address pool size");
      return read_all(bytes, t.address_identifiers, [&](Reader& r) -> VmResult<Bytes> {
        MOVE_TRY(const auto b, r.bytes(e.address_length));
        return to_bytes(b);
      });
    case TableKind::kConstantPool:
      return read_all(bytes, t.constant_pool, [&](Reader& r) -> VmResult<Constant> {
        Constant c;
        MOVE_TRY(c.type, e.token(r));
        MOVE_TRY(c.data, length_prefixed(r, 0xFFFFFFFF, "constant size"));
        return c;
      });
    case TableKind::kMetadata:
      if (v < 5) return vm_fail(StatusCode::MALFORMED, "metadata before v5");
      return read_all(bytes, t.metadata, [&](Reader& r) -> VmResult<Metadata> {
        Metadata m;
        MOVE_TRY(m.key, length_prefixed(r, 1023, "metadata key"));
        MOVE_TRY(m.value, length_prefixed(r, 65535, "metadata value"));
        return m;
      });
    case TableKind::kStructDefs:
      return read_all(bytes, t.struct_defs, [&](Reader& r) { return e.struct_def(r); });
    case TableKind::kFunctionDefs:
      return read_all(bytes, t.function_defs, [&](Reader& r) { return e.function_def(r); });
    case TableKind::kFieldHandles:
      return read_all(bytes, t.field_handles, [&](Reader& r) -> VmResult<FieldHandle> {
        FieldHandle h;
        MOVE_TRY(h.owner, r.index("struct definition"));
        MOVE_TRY(h.field, r.index("field"));
        return h;
      });
    default:
      break;
  }
  if (v < 7) return vm_fail(StatusCode::MALFORMED, "enum tables before v7");
  switch (kind) {
    case TableKind::kVariantFieldHandles:
      return read_all(bytes, t.variant_field_handles,
                      [&](Reader& r) -> VmResult<VariantFieldHandle> {
                        VariantFieldHandle h;
                        MOVE_TRY(h.owner, r.index("struct definition"));
                        MOVE_TRY(h.field, r.index("field"));
                        MOVE_TRY(const auto n, r.uleb(0xFFFF, "variant count"));
                        for (std::uint64_t i = 0; i < n; ++i) {
                          MOVE_TRY(const auto var, r.index("variant"));
                          h.variants.push_back(var);
                        }
                        return h;
                      });
    case TableKind::kVariantFieldInst:
      return read_all(bytes, t.variant_field_instantiations, instantiation);
    case TableKind::kStructVariantHandles:
      return read_all(bytes, t.struct_variant_handles,
                      [&](Reader& r) -> VmResult<StructVariantHandle> {
                        StructVariantHandle h;
                        MOVE_TRY(h.owner, r.index("struct definition"));
                        MOVE_TRY(h.variant, r.index("variant"));
                        return h;
                      });
    case TableKind::kStructVariantInst:
      return read_all(bytes, t.struct_variant_instantiations, instantiation);
    default:
      return vm_fail(StatusCode::UNKNOWN_TABLE_TYPE);
  }
}

// Reads header, directory and tables; leaves `r` at the start of the trailer.
VmResult<EntryReader> read_tables(Reader& r, BytesView bytes, const BinaryConfig& config,
                                  bool script, BinaryTables& t) {
  MOVE_TRY(t.version_word, read_version(r, config));
  t.address_length = config.address_length;
  MOVE_TRY(const auto tables, read_directory(r));
  const EntryReader e{t.version(), config.address_length};
  const std::size_t base = r.position();
  std::uint64_t total = 0;
  for (const auto& table : tables) {
    if (script && forbidden_in_script(table.kind))
      return vm_fail(StatusCode::MALFORMED, "definition table in a script");
    t.table_order.push_back(table.kind);
    MOVE_CHECK(read_table(e, table.kind, bytes.subspan(base + table.offset, table.length), t));
    total += table.length;
  }
  MOVE_TRY(const auto skipped, r.bytes(total));
  (void)skipped;
  return e;
}

VmResult<void> expect_end(const Reader& r) {
  if (!r.at_end()) return vm_fail(StatusCode::TRAILING_BYTES);
  return {};
}

}  // namespace

VmResult<CompiledModule> deserialize_module(BytesView bytes, const BinaryConfig& config) {
  CompiledModule m;
  Reader r(bytes);
  MOVE_TRY(const auto e, read_tables(r, bytes, config, false, m));
  (void)e;
  MOVE_TRY(m.self_module_handle, r.index("self module handle"));
  MOVE_CHECK(check_bounds(m));
  MOVE_CHECK(expect_end(r));
  return m;
}

VmResult<CompiledScript> deserialize_script(BytesView bytes, const BinaryConfig& config) {
  CompiledScript s;
  Reader r(bytes);
  MOVE_TRY(const auto e, read_tables(r, bytes, config, true, s));
  MOVE_TRY(s.type_parameters, e.ability_sets(r));
  MOVE_TRY(s.parameters, r.index("signature"));
  MOVE_TRY(s.code, e.code_unit(r));
  // Bounds before trailing bytes: the reference reports the fuzzed unit-test script (an
  // out-of-range signature index followed by garbage) as INDEX_OUT_OF_BOUNDS.
  MOVE_CHECK(check_bounds(s));
  MOVE_CHECK(expect_end(r));
  return s;
}

}  // namespace plexus::move
