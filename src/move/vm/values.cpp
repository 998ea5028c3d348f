#include "move/vm/values.hpp"

#include "core/hex.hpp"
#include "move/binary/binary.hpp"
#include "move/binary/disassembler.hpp"

namespace plexus::move {

Value Value::u256(const uint256& v) {
  Value out;
  out.kind = ValueKind::kU256;
  out.big = std::make_shared<const uint256>(v);
  return out;
}

Value Value::address_of(Bytes a) {
  Value out;
  out.kind = ValueKind::kAddress;
  out.address = std::make_shared<const Bytes>(std::move(a));
  return out;
}

Value Value::signer(Bytes a) {
  Value out;
  out.kind = ValueKind::kSigner;
  out.container = std::make_shared<Container>();
  out.container->elems.push_back(address_of(std::move(a)));
  return out;
}

Value Value::make_struct(std::vector<Value> fields) {
  Value out;
  out.kind = ValueKind::kStruct;
  out.container = std::make_shared<Container>(Container{std::move(fields), 0, false});
  return out;
}

Value Value::make_variant(std::vector<Value> fields, std::uint16_t variant) {
  Value out;
  out.kind = ValueKind::kStruct;
  out.container = std::make_shared<Container>(Container{std::move(fields), variant, true});
  return out;
}

Value Value::vector(std::vector<Value> elems) {
  Value out;
  out.kind = ValueKind::kVector;
  out.container = std::make_shared<Container>(Container{std::move(elems), 0, false});
  return out;
}

Value Value::bytes(BytesView b) {
  std::vector<Value> elems;
  elems.reserve(b.size());
  for (Byte x : b) elems.push_back(integer(ValueKind::kU8, x));
  return vector(std::move(elems));
}

Value Value::ref(std::shared_ptr<Container> owner, std::uint32_t index) {
  Value out;
  out.kind = ValueKind::kRef;
  out.container = std::move(owner);
  out.index = index;
  return out;
}

Value deep_copy(const Value& v) {
  switch (v.kind) {
    case ValueKind::kStruct:
    case ValueKind::kVector:
    case ValueKind::kSigner: {
      Value out = v;
      auto c = std::make_shared<Container>();
      c->variant = v.container->variant;
      c->is_variant = v.container->is_variant;
      c->elems.reserve(v.container->elems.size());
      for (const auto& e : v.container->elems) c->elems.push_back(deep_copy(e));
      out.container = std::move(c);
      return out;
    }
    default:
      return v;  // scalars are immutable; references are copied as references
  }
}

bool equals(const Value& a, const Value& b) {
  if (a.kind == ValueKind::kRef) return equals(deref(a), b);
  if (b.kind == ValueKind::kRef) return equals(a, deref(b));
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::kU256:
      return *a.big == *b.big;
    case ValueKind::kAddress:
      return *a.address == *b.address;
    case ValueKind::kStruct:
    case ValueKind::kVector:
    case ValueKind::kSigner: {
      const auto& x = a.container->elems;
      const auto& y = b.container->elems;
      if (a.container->variant != b.container->variant || x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!equals(x[i], y[i])) return false;
      return true;
    }
    default:
      return a.num == b.num;
  }
}

Bytes bytes_of(const Value& v) {
  Bytes out;
  out.reserve(v.container->elems.size());
  for (const auto& e : v.container->elems) out.push_back(static_cast<Byte>(e.num));
  return out;
}

namespace {

void put_le(Bytes& out, u128 v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<Byte>(v >> (8 * i)));
}

VmResult<void> encode(Bytes& out, const Value& v) {
  switch (v.kind) {
    case ValueKind::kBool:
    case ValueKind::kU8:
      put_le(out, v.num, 1);
      return {};
    case ValueKind::kU16:
      put_le(out, v.num, 2);
      return {};
    case ValueKind::kU32:
      put_le(out, v.num, 4);
      return {};
    case ValueKind::kU64:
      put_le(out, v.num, 8);
      return {};
    case ValueKind::kU128:
      put_le(out, v.num, 16);
      return {};
    case ValueKind::kU256: {
      const Bytes32 be = to_bytes32(*v.big);
      for (std::size_t i = 0; i < 32; ++i) out.push_back(be[31 - i]);
      return {};
    }
    case ValueKind::kAddress:
      out.insert(out.end(), v.address->begin(), v.address->end());
      return {};
    case ValueKind::kVector:
      write_uleb(out, v.container->elems.size());
      for (const auto& e : v.container->elems) MOVE_CHECK(encode(out, e));
      return {};
    case ValueKind::kStruct:
      if (v.container->is_variant) write_uleb(out, v.container->variant);
      for (const auto& e : v.container->elems) MOVE_CHECK(encode(out, e));
      return {};
    case ValueKind::kRef:
      return encode(out, deref(v));
    default:
      return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "value has no BCS encoding");
  }
}

std::string u128_string(u128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return s;
}

}  // namespace

VmResult<Bytes> bcs_encode(const Value& v) {
  Bytes out;
  MOVE_CHECK(encode(out, v));
  return out;
}

std::string to_string(const Value& v) {
  switch (v.kind) {
    case ValueKind::kInvalid:
      return "<moved>";
    case ValueKind::kBool:
      return v.num ? "true" : "false";
    case ValueKind::kU256:
      return v.big->str();
    case ValueKind::kAddress:
      return address_string(*v.address);
    case ValueKind::kSigner:
      return "signer(" + to_string(v.container->elems[0]) + ")";
    case ValueKind::kRef:
      return "&" + to_string(deref(v));
    case ValueKind::kVector:
    case ValueKind::kStruct: {
      const auto& e = v.container->elems;
      if (v.kind == ValueKind::kVector && !e.empty() && e[0].kind == ValueKind::kU8)
        return to_hex(bytes_of(v));  // vector<u8> reads best as hex
      std::string out = v.kind == ValueKind::kVector ? "[" : "{";
      if (v.kind == ValueKind::kStruct && v.container->is_variant)
        out = "#" + std::to_string(v.container->variant) + out;
      for (std::size_t i = 0; i < v.container->elems.size(); ++i) {
        if (i) out += ", ";
        out += to_string(v.container->elems[i]);
      }
      return out + (v.kind == ValueKind::kVector ? "]" : "}");
    }
    default:
      return u128_string(v.num);
  }
}

}  // namespace plexus::move
