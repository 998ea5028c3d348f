// Decoding and encoding of the router envelope and the creation payload (see envelope.hpp).
#include "move/adapter/envelope.hpp"

#include <algorithm>

#include "move/binary/binary.hpp"
#include "move/binary/disassembler.hpp"
#include "move/binary/reader.hpp"

namespace plexus::move {
namespace {

constexpr std::size_t kMaxTypeTagDepth = 16;
constexpr std::uint64_t kMaxLength = 0xFFFFFFFF;

Error envelope_error(const std::string& what) {
  return Error{Errc::kDecode, "Move envelope: " + what};
}

bool is_identifier(const std::string& s) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  return !s.empty() && alpha(s[0]) && std::all_of(s.begin(), s.end(), [&](char c) {
    return alpha(c) || (c >= '0' && c <= '9');
  });
}

class BcsIn {
 public:
  explicit BcsIn(BytesView data) : r_(data) {}

  Result<std::uint64_t> uleb(const char* what) {
    auto v = r_.uleb(kMaxLength, what);
    if (!v) return std::unexpected(envelope_error(v.error().message));
    return *v;
  }
  Result<Bytes> bytes(std::size_t n, const char* what) {
    auto v = r_.bytes(n);
    if (!v) return std::unexpected(envelope_error(std::string("truncated ") + what));
    return to_bytes(*v);
  }
  Result<Bytes> byte_vector(const char* what) {
    PLEXUS_TRY(const auto n, uleb(what));
    return bytes(n, what);
  }
  Result<std::string> identifier(const char* what) {
    PLEXUS_TRY(const auto b, byte_vector(what));
    std::string s(b.begin(), b.end());
    if (!is_identifier(s)) return fail(Errc::kDecode, std::string("Move envelope: bad ") + what);
    return s;
  }
  Result<TypeTag> type_tag(std::size_t depth) {
    if (depth > kMaxTypeTagDepth) return std::unexpected(envelope_error("type tag too deep"));
    PLEXUS_TRY(const auto k, uleb("type tag"));
    if (k > static_cast<std::uint64_t>(TypeTag::Kind::kU256))
      return std::unexpected(envelope_error("unknown type tag " + std::to_string(k)));
    TypeTag t;
    t.kind = static_cast<TypeTag::Kind>(k);
    if (t.kind == TypeTag::Kind::kVector) {
      PLEXUS_TRY(auto e, type_tag(depth + 1));
      t.args.push_back(std::move(e));
    } else if (t.kind == TypeTag::Kind::kStruct) {
      PLEXUS_TRY(t.address, bytes(32, "struct address"));
      PLEXUS_TRY(t.module, identifier("struct module name"));
      PLEXUS_TRY(t.name, identifier("struct name"));
      PLEXUS_TRY(t.args, type_tags(depth + 1));
    }
    return t;
  }
  Result<std::vector<TypeTag>> type_tags(std::size_t depth) {
    PLEXUS_TRY(const auto n, uleb("type argument count"));
    if (n > r_.remaining()) return std::unexpected(envelope_error("truncated type arguments"));
    std::vector<TypeTag> out;
    for (std::uint64_t i = 0; i < n; ++i) {
      PLEXUS_TRY(auto t, type_tag(depth));
      out.push_back(std::move(t));
    }
    return out;
  }
  Result<std::vector<Bytes>> byte_vectors(const char* what) {
    PLEXUS_TRY(const auto n, uleb(what));
    if (n > r_.remaining())
      return std::unexpected(envelope_error(std::string("truncated ") + what));
    std::vector<Bytes> out;
    for (std::uint64_t i = 0; i < n; ++i) {
      PLEXUS_TRY(auto b, byte_vector(what));
      out.push_back(std::move(b));
    }
    return out;
  }
  Result<void> end() {
    if (!r_.at_end()) return std::unexpected(envelope_error("trailing bytes"));
    return {};
  }

 private:
  detail::Reader r_;
};

void put_bytes(Bytes& out, BytesView b) {
  write_uleb(out, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

void put_type_tag(Bytes& out, const TypeTag& t) {
  write_uleb(out, static_cast<std::uint64_t>(t.kind));
  if (t.kind == TypeTag::Kind::kVector && !t.args.empty()) put_type_tag(out, t.args[0]);
  if (t.kind != TypeTag::Kind::kStruct) return;
  out.insert(out.end(), t.address.begin(), t.address.end());
  put_bytes(out, as_bytes(t.module));
  put_bytes(out, as_bytes(t.name));
  write_uleb(out, t.args.size());
  for (const auto& a : t.args) put_type_tag(out, a);
}

void put_byte_vectors(Bytes& out, const std::vector<Bytes>& v) {
  write_uleb(out, v.size());
  for (const auto& b : v) put_bytes(out, b);
}

}  // namespace

std::string TypeTag::to_string() const {
  static constexpr const char* kNames[] = {"bool",   "u8",     "u64", "u128", "address", "signer",
                                           "vector", "struct", "u16", "u32",  "u256"};
  if (kind == Kind::kVector) return "vector<" + (args.empty() ? "" : args[0].to_string()) + ">";
  if (kind != Kind::kStruct) return kNames[static_cast<std::size_t>(kind)];
  std::string out = address_string(address) + "::" + module + "::" + name;
  if (args.empty()) return out;
  out += '<';
  for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i].to_string();
  return out + '>';
}

Result<RouterCall> decode_router_call(BytesView input) {
  if (input.empty()) return std::unexpected(envelope_error("empty input"));
  BcsIn in(input);
  PLEXUS_TRY(const auto variant, in.uleb("call variant"));
  if (variant == 1) {
    PLEXUS_TRY(auto modules, in.byte_vectors("modules"));
    PLEXUS_CHECK(in.end());
    return PublishCall{std::move(modules)};
  }
  if (variant != 0)
    return std::unexpected(envelope_error("unknown call variant " + std::to_string(variant)));
  EntryCall call;
  PLEXUS_TRY(call.module_address, in.bytes(32, "module address"));
  PLEXUS_TRY(call.module_name, in.identifier("module name"));
  PLEXUS_TRY(call.function_name, in.identifier("function name"));
  PLEXUS_TRY(call.type_args, in.type_tags(0));
  PLEXUS_TRY(call.args, in.byte_vectors("arguments"));
  PLEXUS_CHECK(in.end());
  return call;
}

Bytes encode_router_call(const RouterCall& call) {
  Bytes out;
  if (const auto* p = std::get_if<PublishCall>(&call)) {
    write_uleb(out, 1);
    put_byte_vectors(out, p->modules);
    return out;
  }
  const auto& e = std::get<EntryCall>(call);
  write_uleb(out, 0);
  out.insert(out.end(), e.module_address.begin(), e.module_address.end());
  put_bytes(out, as_bytes(e.module_name));
  put_bytes(out, as_bytes(e.function_name));
  write_uleb(out, e.type_args.size());
  for (const auto& t : e.type_args) put_type_tag(out, t);
  put_byte_vectors(out, e.args);
  return out;
}

bool is_creation_payload(BytesView payload) {
  return payload.size() >= kCreationMagic.size() &&
         std::equal(kCreationMagic.begin(), kCreationMagic.end(), payload.begin());
}

Result<std::vector<Bytes>> decode_creation_payload(BytesView payload) {
  if (!is_creation_payload(payload)) return std::unexpected(envelope_error("no creation magic"));
  BcsIn in(payload.subspan(kCreationMagic.size()));
  PLEXUS_TRY(auto modules, in.byte_vectors("modules"));
  PLEXUS_CHECK(in.end());
  return modules;
}

Bytes encode_creation_payload(const std::vector<Bytes>& modules) {
  Bytes out(kCreationMagic.begin(), kCreationMagic.end());
  put_byte_vectors(out, modules);
  return out;
}

}  // namespace plexus::move
