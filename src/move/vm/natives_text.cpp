// Natives over text: UTF-8 strings, type names and debug output.
#include <algorithm>
#include <string>

#include "move/vm/natives.hpp"

namespace plexus::move {

using Args = std::vector<Value>;

namespace {

// Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF), as Rust's str::from_utf8.
bool valid_utf8(const Bytes& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const Byte c = s[i];
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool is_char_boundary(const Bytes& s, std::uint64_t i) {
  if (i == s.size()) return true;
  return i < s.size() && (s[i] & 0xC0) != 0x80;
}

Value ascii_string(const std::string& s) { return Value::make_struct({Value::bytes(as_bytes(s))}); }

void emit(NativeContext& ctx, const std::string& line) {
  if (ctx.config.debug_sink) ctx.config.debug_sink(line);
}

}  // namespace

VmResult<void> string_check_utf8(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  out.push_back(Value::boolean(valid_utf8(bytes_of(deref(a[0])))));
  return {};
}

VmResult<void> string_is_char_boundary(NativeContext&, const std::vector<Type>&, Args& a,
                                       Args& out) {
  out.push_back(Value::boolean(is_char_boundary(bytes_of(deref(a[0])), a[1].as_u64())));
  return {};
}

// The Move wrapper checks boundaries and order before calling; re-checked so that bad input can
// never read outside the string.
VmResult<void> string_sub_string(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  const Bytes s = bytes_of(deref(a[0]));
  const std::uint64_t i = a[1].as_u64(), j = a[2].as_u64();
  if (i > j || j > s.size()) return vm_fail(StatusCode::VECTOR_OPERATION_ERROR, "sub_string range");
  out.push_back(Value::bytes(BytesView(s).subspan(i, j - i)));
  return {};
}

VmResult<void> string_index_of(NativeContext&, const std::vector<Type>&, Args& a, Args& out) {
  const Bytes s = bytes_of(deref(a[0]));
  const Bytes r = bytes_of(deref(a[1]));
  const auto it = std::search(s.begin(), s.end(), r.begin(), r.end());
  out.push_back(Value::u64(static_cast<std::uint64_t>(it - s.begin())));
  return {};
}

// type_name::get<T>() -> TypeName { name: ascii::String }.
VmResult<void> type_name_get(NativeContext&, const std::vector<Type>& t, Args&, Args& out) {
  out.push_back(Value::make_struct({ascii_string(canonical_type_name(t.at(0)))}));
  return {};
}

// type_info::type_name<T>() -> string::String (Aptos spelling: short "0x1::m::S").
VmResult<void> type_info_type_name(NativeContext&, const std::vector<Type>& t, Args&, Args& out) {
  out.push_back(ascii_string(type_tag(t.at(0))));
  return {};
}

VmResult<void> debug_print(NativeContext& ctx, const std::vector<Type>&, Args& a, Args&) {
  emit(ctx, "[debug] " + to_string(deref(a[0])));
  return {};
}

VmResult<void> debug_print_string(NativeContext& ctx, const std::vector<Type>&, Args& a, Args&) {
  const Bytes b = bytes_of(a[0].elems()[0]);
  emit(ctx, "[debug] " + std::string(b.begin(), b.end()));
  return {};
}

VmResult<void> debug_stack_trace(NativeContext& ctx, const std::vector<Type>&, Args&, Args&) {
  emit(ctx, "[debug] (stack trace not recorded)");
  return {};
}

VmResult<void> debug_stack_trace_string(NativeContext&, const std::vector<Type>&, Args&,
                                        Args& out) {
  out.push_back(ascii_string(""));
  return {};
}

}  // namespace plexus::move
