// Binary-format decoder: sections in order, each one consumed exactly, every read bounds-checked.
#include <cstring>

#include "wasm/module.hpp"
#include "wasm/reader.hpp"

namespace plexus::wasm {
namespace {

constexpr std::uint32_t kMaxLocals = 50000;  // implementation limit, keeps frames bounded

[[nodiscard]] Result<ValType> read_val_type(Reader& r) {
  PLEXUS_TRY(const auto b, r.u8());
  switch (b) {
    case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x7B: case 0x70: case 0x6F:
      return static_cast<ValType>(b);
    default:
      return r.error("malformed value type");
  }
}

[[nodiscard]] Result<ValType> read_ref_type(Reader& r) {
  PLEXUS_TRY(const auto b, r.u8());
  if (b != 0x70 && b != 0x6F) return r.error("malformed reference type");
  return static_cast<ValType>(b);
}

[[nodiscard]] Result<Limits> read_limits(Reader& r) {
  PLEXUS_TRY(const auto flag, r.u8());
  if (flag > 1) return r.error("integer too large (limits flag)");
  Limits l;
  PLEXUS_TRY(l.min, r.u32());
  if (flag == 1) {
    PLEXUS_TRY(const auto max, r.u32());
    l.max = max;
  }
  return l;
}

[[nodiscard]] Result<TableType> read_table_type(Reader& r) {
  TableType t;
  PLEXUS_TRY(t.elem, read_ref_type(r));
  PLEXUS_TRY(t.limits, read_limits(r));
  return t;
}

[[nodiscard]] Result<GlobalType> read_global_type(Reader& r) {
  GlobalType g;
  PLEXUS_TRY(g.type, read_val_type(r));
  PLEXUS_TRY(const auto mut, r.u8());
  if (mut > 1) return r.error("malformed mutability");
  g.mut = mut == 1;
  return g;
}

// Whether `op` starts some WebAssembly 2.0 instruction (SIMD's 0xFD prefix included), so that a
// non-constant one in a constant expression is invalid rather than malformed.
[[nodiscard]] bool is_defined_opcode(std::uint8_t op) {
  return op <= 0x05 || (op >= 0x0B && op <= 0x11) || (op >= 0x1A && op <= 0x1C) ||
         (op >= 0x20 && op <= 0x26) || (op >= 0x28 && op <= 0xC4) || (op >= 0xD0 && op <= 0xD2) ||
         op == 0xFC || op == 0xFD;
}

// One constant instruction followed by `end`. Sequences of several instructions or other opcodes
// are not constant in WebAssembly 2.0 and rejected here.
[[nodiscard]] Result<ConstExpr> read_const_expr(Reader& r) {
  ConstExpr e;
  PLEXUS_TRY(const auto op, r.u8());
  switch (op) {
    case 0x41: {
      PLEXUS_TRY(const auto v, r.s32());
      e.type = ValType::kI32, e.bits = static_cast<std::uint32_t>(v);
      break;
    }
    case 0x42: {
      PLEXUS_TRY(const auto v, r.s64());
      e.type = ValType::kI64, e.bits = static_cast<std::uint64_t>(v);
      break;
    }
    case 0x43: {
      PLEXUS_TRY(const auto v, r.f32_bits());
      e.type = ValType::kF32, e.bits = v;
      break;
    }
    case 0x44: {
      PLEXUS_TRY(const auto v, r.f64_bits());
      e.type = ValType::kF64, e.bits = v;
      break;
    }
    case 0x23: {
      e.kind = ConstExpr::Kind::kGlobalGet;
      PLEXUS_TRY(e.index, r.u32());
      break;
    }
    case 0xD0: {
      e.kind = ConstExpr::Kind::kRefNull;
      PLEXUS_TRY(e.type, read_ref_type(r));
      break;
    }
    case 0xD2: {
      e.kind = ConstExpr::Kind::kRefFunc;
      e.type = ValType::kFuncRef;
      PLEXUS_TRY(e.index, r.u32());
      break;
    }
    case 0x0B:
      return fail(Errc::kValidation, "wasm: type mismatch (empty constant expression)");
    default:
      if (!is_defined_opcode(op)) return r.error("illegal opcode " + std::to_string(op));
      return fail(Errc::kValidation, "wasm: constant expression required");
  }
  PLEXUS_TRY(const auto end, r.u8());
  if (end != 0x0B) {
    return fail(Errc::kValidation, "wasm: constant expression required (or type mismatch)");
  }
  return e;
}

class Decoder {
 public:
  explicit Decoder(BytesView binary) { m_.binary.assign(binary.begin(), binary.end()); }

  Result<Module> run() {
    Reader r(m_.binary);
    PLEXUS_TRY(const auto magic, r.bytes(4));
    if (std::memcmp(magic.data(), "\0asm", 4) != 0) return r.error("magic header not detected");
    PLEXUS_TRY(const auto version, r.bytes(4));
    if (std::memcmp(version.data(), "\1\0\0\0", 4) != 0) return r.error("unknown binary version");
    int last_order = 0;
    while (!r.at_end()) {
      PLEXUS_TRY(const auto id, r.u8());
      PLEXUS_TRY(const auto size, r.u32());
      const std::size_t start = r.offset();
      PLEXUS_TRY(const auto body, r.bytes(size));
      Reader s(body, start);
      if (id != 0) {
        const int order = section_order(id);
        if (order == 0) return s.error("malformed section id " + std::to_string(id));
        if (order <= last_order) return s.error("unexpected content after last section");
        last_order = order;
      }
      PLEXUS_CHECK(section(id, s));
      if (!s.at_end()) return s.error("section size mismatch");
    }
    if (m_.functions.size() != code_count_)
      return r.error("function and code section have inconsistent lengths");
    if (m_.data_count && *m_.data_count != m_.data.size())
      return r.error("data count and data section have inconsistent lengths");
    return std::move(m_);
  }

 private:
  // Position of each known section id in the required order; 0 for unknown ids.
  static int section_order(std::uint8_t id) {
    static constexpr int kOrder[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
    return id < 13 ? kOrder[id] : 0;
  }

  Result<void> section(std::uint8_t id, Reader& s) {
    switch (id) {
      case 0: return custom(s);
      case 1: return types(s);
      case 2: return imports(s);
      case 3: return functions(s);
      case 4: return vec(s, [&] -> Result<void> {
          PLEXUS_TRY(auto t, read_table_type(s));
          m_.tables.push_back(t), m_.all_tables.push_back(t);
          return {};
        });
      case 5: return vec(s, [&] -> Result<void> {
          PLEXUS_TRY(auto l, read_limits(s));
          m_.memories.push_back({l}), m_.all_memories.push_back({l});
          return {};
        });
      case 6: return vec(s, [&] -> Result<void> {
          Global g;
          PLEXUS_TRY(g.type, read_global_type(s));
          PLEXUS_TRY(g.init, read_const_expr(s));
          m_.globals.push_back(g), m_.all_globals.push_back(g.type);
          return {};
        });
      case 7: return exports(s);
      case 8: {
        PLEXUS_TRY(const auto idx, s.u32());
        m_.start = idx;
        return {};
      }
      case 9: return vec(s, [&] { return element(s); });
      case 10: return code(s);
      case 11: return vec(s, [&] { return data(s); });
      case 12: {
        PLEXUS_TRY(const auto n, s.u32());
        m_.data_count = n;
        return {};
      }
      default: return s.error("malformed section id");
    }
  }

  template <typename Fn>
  Result<void> vec(Reader& s, Fn&& each) {
    PLEXUS_TRY(const auto n, s.u32());
    // Every entry takes at least one byte: a count beyond the section is malformed, and checking
    // it first stops huge counts from reserving memory.
    if (n > s.remaining()) return s.error("unexpected end (vector length out of bounds)");
    for (std::uint32_t i = 0; i < n; ++i) PLEXUS_CHECK(each());
    return {};
  }

  Result<void> custom(Reader& s) {
    CustomSection c;
    PLEXUS_TRY(c.name, s.name());
    PLEXUS_TRY(const auto rest, s.bytes(s.remaining()));
    c.bytes.assign(rest.begin(), rest.end());
    m_.customs.push_back(std::move(c));
    return {};
  }

  Result<void> types(Reader& s) {
    return vec(s, [&] -> Result<void> {
      PLEXUS_TRY(const auto form, s.u8());
      if (form != 0x60) return s.error("malformed function type (expected 0x60)");
      FuncType t;
      for (auto* list : {&t.params, &t.results}) {
        PLEXUS_CHECK(vec(s, [&] -> Result<void> {
          PLEXUS_TRY(auto v, read_val_type(s));
          list->push_back(v);
          return {};
        }));
      }
      m_.types.push_back(std::move(t));
      return {};
    });
  }

  Result<void> imports(Reader& s) {
    return vec(s, [&] -> Result<void> {
      Import imp;
      PLEXUS_TRY(imp.module, s.name());
      PLEXUS_TRY(imp.name, s.name());
      PLEXUS_TRY(const auto kind, s.u8());
      switch (kind) {
        case 0: {
          imp.kind = ExternKind::kFunc;
          PLEXUS_TRY(imp.func_type, s.u32());
          m_.func_types.push_back(imp.func_type);
          ++m_.imported_funcs;
          break;
        }
        case 1: {
          imp.kind = ExternKind::kTable;
          PLEXUS_TRY(imp.table, read_table_type(s));
          m_.all_tables.push_back(imp.table);
          ++m_.imported_tables;
          break;
        }
        case 2: {
          imp.kind = ExternKind::kMemory;
          PLEXUS_TRY(imp.memory.limits, read_limits(s));
          m_.all_memories.push_back(imp.memory);
          ++m_.imported_memories;
          break;
        }
        case 3: {
          imp.kind = ExternKind::kGlobal;
          PLEXUS_TRY(imp.global, read_global_type(s));
          m_.all_globals.push_back(imp.global);
          ++m_.imported_globals;
          break;
        }
        default:
          return s.error("malformed import kind");
      }
      m_.imports.push_back(std::move(imp));
      return {};
    });
  }

  Result<void> functions(Reader& s) {
    return vec(s, [&] -> Result<void> {
      FunctionBody f;
      PLEXUS_TRY(f.type, s.u32());
      m_.functions.push_back(f);
      m_.func_types.push_back(f.type);
      return {};
    });
  }

  Result<void> exports(Reader& s) {
    return vec(s, [&] -> Result<void> {
      Export e;
      PLEXUS_TRY(e.name, s.name());
      PLEXUS_TRY(const auto kind, s.u8());
      if (kind > 3) return s.error("malformed export kind");
      e.kind = static_cast<ExternKind>(kind);
      PLEXUS_TRY(e.index, s.u32());
      m_.exports.push_back(std::move(e));
      return {};
    });
  }

  Result<void> element(Reader& s) {
    PLEXUS_TRY(const auto flags, s.u32());
    if (flags > 7) return s.error("malformed elements segment kind");
    ElementSegment seg;
    const bool passive_or_declarative = flags & 1;
    const bool explicit_table = flags & 2;
    const bool uses_exprs = flags & 4;
    if (passive_or_declarative) {
      seg.mode = explicit_table ? SegmentMode::kDeclarative : SegmentMode::kPassive;
    } else {
      if (explicit_table) {
        PLEXUS_TRY(seg.table, s.u32());
      }
      PLEXUS_TRY(seg.offset, read_const_expr(s));
    }
    if (passive_or_declarative || explicit_table) {
      if (uses_exprs) {
        PLEXUS_TRY(seg.type, read_ref_type(s));
      } else {
        PLEXUS_TRY(const auto kind, s.u8());
        if (kind != 0) return s.error("malformed element kind");
      }
    }
    PLEXUS_CHECK(vec(s, [&] -> Result<void> {
      if (uses_exprs) {
        PLEXUS_TRY(auto e, read_const_expr(s));
        seg.init.push_back(e);
      } else {
        ConstExpr e{ConstExpr::Kind::kRefFunc, ValType::kFuncRef, 0, 0};
        PLEXUS_TRY(e.index, s.u32());
        seg.init.push_back(e);
      }
      return {};
    }));
    m_.elements.push_back(std::move(seg));
    return {};
  }

  Result<void> code(Reader& s) {
    PLEXUS_TRY(const auto n, s.u32());
    if (n != m_.functions.size())
      return s.error("function and code section have inconsistent lengths");
    code_count_ = n;
    for (std::uint32_t i = 0; i < n; ++i) {
      PLEXUS_TRY(const auto size, s.u32());
      const std::size_t start = s.offset();
      PLEXUS_TRY(const auto body, s.bytes(size));
      Reader b(body, start);
      FunctionBody& f = m_.functions[i];
      std::uint64_t total = 0;
      PLEXUS_CHECK(vec(b, [&] -> Result<void> {
        PLEXUS_TRY(const auto count, b.u32());
        PLEXUS_TRY(const auto type, read_val_type(b));
        total += count;
        if (total > kMaxLocals) return b.error("too many locals");
        f.locals.insert(f.locals.end(), count, type);
        return {};
      }));
      f.code_offset = b.offset();
      f.code_size = b.remaining();
    }
    return {};
  }

  Result<void> data(Reader& s) {
    PLEXUS_TRY(const auto flags, s.u32());
    if (flags > 2) return s.error("malformed data segment kind");
    DataSegment seg;
    if (flags == 1) {
      seg.mode = SegmentMode::kPassive;
    } else {
      if (flags == 2) {
        PLEXUS_TRY(seg.memory, s.u32());
      }
      PLEXUS_TRY(seg.offset, read_const_expr(s));
    }
    PLEXUS_TRY(const auto len, s.u32());
    PLEXUS_TRY(const auto bytes, s.bytes(len));
    seg.bytes.assign(bytes.begin(), bytes.end());
    m_.data.push_back(std::move(seg));
    return {};
  }

  Module m_;
  std::size_t code_count_ = 0;
};

}  // namespace

Result<Module> decode_module(BytesView binary) { return Decoder(binary).run(); }

}  // namespace plexus::wasm
