// RLP form of the five transaction types, signed and unsigned, and of EIP-7702 authorizations.
#include <string>

#include "core/rlp.hpp"
#include "core/transaction.hpp"

namespace plexus::tx {
namespace {

// Walks the fields of a transaction list, naming the field in every error.
class FieldReader {
 public:
  explicit FieldReader(std::vector<rlp::Item> items) : items_(std::move(items)) {}

  [[nodiscard]] Result<std::uint64_t> u64(std::string_view name) {
    PLEXUS_TRY(const rlp::Item* item, next(name, false));
    auto v = rlp::to_uint64(*item);
    if (!v) return field_error(name, v.error());
    return *v;
  }
  [[nodiscard]] Result<uint256> u256(std::string_view name) {
    PLEXUS_TRY(const rlp::Item* item, next(name, false));
    auto bytes = rlp::to_uint_bytes(*item, 32);
    if (!bytes) return field_error(name, bytes.error());
    return load_be(*bytes);
  }
  [[nodiscard]] Result<Bytes> bytes(std::string_view name) {
    PLEXUS_TRY(const rlp::Item* item, next(name, false));
    return to_bytes(item->payload);
  }
  [[nodiscard]] Result<std::optional<Address>> to() {
    PLEXUS_TRY(const rlp::Item* item, next("to", false));
    if (item->payload.empty()) return std::optional<Address>{};
    if (item->payload.size() != Address::size())
      return fail(Errc::kDecode, "tx: `to` must be empty or 20 bytes, got " +
                                     std::to_string(item->payload.size()));
    return std::optional<Address>{Address::right_aligned(item->payload)};
  }
  [[nodiscard]] Result<std::vector<AccessListEntry>> access_list() {
    PLEXUS_TRY(const rlp::Item* item, next("access list", true));
    PLEXUS_TRY(auto entries, rlp::list_items(*item));
    std::vector<AccessListEntry> out;
    out.reserve(entries.size());
    for (const rlp::Item& entry : entries) {
      PLEXUS_TRY(auto parts, rlp::list_items(entry));
      if (parts.size() != 2 || parts[0].is_list || parts[0].payload.size() != Address::size())
        return fail(Errc::kDecode, "tx: access list entry must be [20-byte address, keys]");
      AccessListEntry e{Address::right_aligned(parts[0].payload), {}};
      PLEXUS_TRY(e.storage_keys, hashes(parts[1], "access list storage key"));
      out.push_back(std::move(e));
    }
    return out;
  }
  [[nodiscard]] Result<std::vector<Authorization>> authorization_list() {
    PLEXUS_TRY(const rlp::Item* item, next("authorization list", true));
    PLEXUS_TRY(auto tuples, rlp::list_items(*item));
    std::vector<Authorization> out;
    out.reserve(tuples.size());
    for (const rlp::Item& tuple : tuples) {
      if (!tuple.is_list) return fail(Errc::kDecode, "tx: each authorization must be a list");
      PLEXUS_TRY(auto parts, rlp::list_items(tuple));
      FieldReader f(std::move(parts));
      Authorization a;
      PLEXUS_TRY(a.chain_id, f.u256("authorization chain id"));
      PLEXUS_TRY(const Bytes address, f.bytes("authorization address"));
      if (address.size() != Address::size())
        return fail(Errc::kDecode, "tx: an authorization address must be 20 bytes");
      a.address = Address::right_aligned(address);
      PLEXUS_TRY(a.nonce, f.u64("authorization nonce"));
      PLEXUS_TRY(a.y_parity, f.u256("authorization y parity"));
      PLEXUS_TRY(a.r, f.u256("authorization r"));
      PLEXUS_TRY(a.s, f.u256("authorization s"));
      if (!f.done()) return fail(Errc::kDecode, "tx: an authorization has six fields");
      out.push_back(std::move(a));
    }
    return out;
  }
  [[nodiscard]] Result<std::vector<Hash256>> hash_list(std::string_view name) {
    PLEXUS_TRY(const rlp::Item* item, next(name, true));
    return hashes(*item, name);
  }
  [[nodiscard]] bool done() const noexcept { return pos_ == items_.size(); }

 private:
  Result<const rlp::Item*> next(std::string_view name, bool want_list) {
    if (pos_ >= items_.size())
      return fail(Errc::kDecode, "tx: too few fields (missing " + std::string(name) + ")");
    const rlp::Item& item = items_[pos_++];
    if (item.is_list != want_list)
      return fail(Errc::kDecode, "tx: field " + std::string(name) + " must be " +
                                     (want_list ? "a list" : "a string"));
    return &item;
  }
  static std::unexpected<Error> field_error(std::string_view name, const Error& e) {
    return fail(e.code, "tx: field " + std::string(name) + ": " + e.message);
  }
  static Result<std::vector<Hash256>> hashes(const rlp::Item& list, std::string_view name) {
    PLEXUS_TRY(auto items, rlp::list_items(list));
    std::vector<Hash256> out;
    out.reserve(items.size());
    for (const rlp::Item& item : items) {
      if (item.is_list || item.payload.size() != Hash256::size())
        return fail(Errc::kDecode, "tx: each " + std::string(name) + " must be 32 bytes");
      out.push_back(Hash256::right_aligned(item.payload));
    }
    return out;
  }

  std::vector<rlp::Item> items_;
  std::size_t pos_ = 0;
};

Result<Transaction> decode_fields(Type type, const rlp::Item& list) {
  PLEXUS_TRY(auto items, rlp::list_items(list));
  FieldReader f(std::move(items));
  Transaction tx;
  tx.type = type;
  if (type != Type::kLegacy) {
    PLEXUS_TRY(tx.chain_id, f.u256("chain id"));
  }
  PLEXUS_TRY(tx.nonce, f.u64("nonce"));
  if (type == Type::kLegacy || type == Type::kAccessList) {
    PLEXUS_TRY(tx.gas_price, f.u256("gas price"));
  } else {
    PLEXUS_TRY(tx.max_priority_fee_per_gas, f.u256("max priority fee per gas"));
    PLEXUS_TRY(tx.max_fee_per_gas, f.u256("max fee per gas"));
  }
  PLEXUS_TRY(tx.gas_limit, f.u64("gas limit"));
  PLEXUS_TRY(tx.to, f.to());
  PLEXUS_TRY(tx.value, f.u256("value"));
  PLEXUS_TRY(tx.data, f.bytes("data"));
  if (type != Type::kLegacy) {
    PLEXUS_TRY(tx.access_list, f.access_list());
  }
  if (type == Type::kBlob) {
    PLEXUS_TRY(tx.max_fee_per_blob_gas, f.u256("max fee per blob gas"));
    PLEXUS_TRY(tx.blob_versioned_hashes, f.hash_list("blob versioned hash"));
    if (!tx.to) return fail(Errc::kDecode, "tx: a blob transaction cannot create a contract");
  }
  if (type == Type::kSetCode) {
    PLEXUS_TRY(tx.authorization_list, f.authorization_list());
    if (!tx.to) return fail(Errc::kDecode, "tx: a set-code transaction cannot create a contract");
  }
  PLEXUS_TRY(tx.v, f.u256(type == Type::kLegacy ? "v" : "y parity"));
  PLEXUS_TRY(tx.r, f.u256("r"));
  PLEXUS_TRY(tx.s, f.u256("s"));
  if (!f.done()) return fail(Errc::kDecode, "tx: too many fields");
  // EIP-155: v = 35 + 2 * chain id + y parity; 27/28 (and anything below 35) is unprotected.
  if (type == Type::kLegacy && tx.v >= 35) tx.chain_id = (tx.v - 35) / 2;
  return tx;
}

void append_u256(Bytes& out, const uint256& v) { rlp::append_string(out, to_minimal_be(v)); }

void append_hashes(Bytes& out, const std::vector<Hash256>& hashes) {
  rlp::append_list_header(out, hashes.size() * 33);  // each is 0xa0 + 32 bytes
  for (const Hash256& h : hashes) rlp::append_string(out, h.view());
}

// The fields [chain id, address, nonce] of an authorization (without the list header).
Bytes authorization_fields(const Authorization& a) {
  Bytes out;
  append_u256(out, a.chain_id);
  rlp::append_string(out, a.address.view());
  rlp::append_uint(out, a.nonce);
  return out;
}

void append_authorization_list(Bytes& out, const std::vector<Authorization>& list) {
  Bytes payload;
  for (const Authorization& a : list) {
    Bytes tuple = authorization_fields(a);
    append_u256(tuple, a.y_parity);
    append_u256(tuple, a.r);
    append_u256(tuple, a.s);
    rlp::append_list_header(payload, tuple.size());
    payload.insert(payload.end(), tuple.begin(), tuple.end());
  }
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

void append_access_list(Bytes& out, const std::vector<AccessListEntry>& list) {
  Bytes payload;
  for (const AccessListEntry& e : list) {
    Bytes entry;
    rlp::append_string(entry, e.address.view());
    append_hashes(entry, e.storage_keys);
    rlp::append_list_header(payload, entry.size());
    payload.insert(payload.end(), entry.begin(), entry.end());
  }
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

// The list payload (without header); `signed_form` appends v, r, s, otherwise the EIP-155
// (chain id, 0, 0) for a protected legacy transaction.
Bytes fields_payload(const Transaction& tx, bool signed_form) {
  Bytes p;
  const bool legacy = tx.type == Type::kLegacy;
  if (!legacy) append_u256(p, tx.chain_id);
  rlp::append_uint(p, tx.nonce);
  if (legacy || tx.type == Type::kAccessList) {
    append_u256(p, tx.gas_price);
  } else {
    append_u256(p, tx.max_priority_fee_per_gas);
    append_u256(p, tx.max_fee_per_gas);
  }
  rlp::append_uint(p, tx.gas_limit);
  rlp::append_string(p, tx.to ? tx.to->view() : BytesView{});
  append_u256(p, tx.value);
  rlp::append_string(p, tx.data);
  if (!legacy) append_access_list(p, tx.access_list);
  if (tx.type == Type::kBlob) {
    append_u256(p, tx.max_fee_per_blob_gas);
    append_hashes(p, tx.blob_versioned_hashes);
  }
  if (tx.type == Type::kSetCode) append_authorization_list(p, tx.authorization_list);
  if (signed_form) {
    append_u256(p, tx.v);
    append_u256(p, tx.r);
    append_u256(p, tx.s);
  } else if (legacy && tx.chain_id != 0) {
    append_u256(p, tx.chain_id);
    rlp::append_uint(p, 0);
    rlp::append_uint(p, 0);
  }
  return p;
}

Bytes envelope(const Transaction& tx, bool signed_form) {
  const Bytes payload = fields_payload(tx, signed_form);
  Bytes out;
  out.reserve(payload.size() + 10);
  if (tx.type != Type::kLegacy) out.push_back(static_cast<Byte>(tx.type));
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

}  // namespace

Result<Transaction> decode(BytesView raw) {
  if (raw.empty()) return fail(Errc::kDecode, "tx: empty input");
  const Byte first = raw[0];
  if (first >= 0xc0) {
    PLEXUS_TRY(rlp::Item list, rlp::decode(raw));
    return decode_fields(Type::kLegacy, list);
  }
  if (first >= 0x80) return fail(Errc::kDecode, "tx: neither a legacy list nor a typed envelope");
  if (first < 1 || first > 4)
    return fail(Errc::kDecode, "tx: unsupported transaction type " + std::to_string(first));
  PLEXUS_TRY(rlp::Item list, rlp::decode(raw.subspan(1)));
  // The EIP-4844 network form wraps the transaction list with blobs, commitments and proofs.
  if (first == 3 && list.is_list && !list.payload.empty() && list.payload[0] >= 0xc0)
    return fail(Errc::kDecode, "tx: blob transaction network form (with blobs) is not accepted");
  return decode_fields(static_cast<Type>(first), list);
}

Bytes encode(const Transaction& tx) { return envelope(tx, true); }

Bytes authorization_signing_payload(const Authorization& auth) {
  const Bytes fields = authorization_fields(auth);
  Bytes out{0x05};  // EIP-7702's MAGIC: no transaction type's signing payload starts with it
  rlp::append_list_header(out, fields.size());
  out.insert(out.end(), fields.begin(), fields.end());
  return out;
}
Bytes signing_payload(const Transaction& tx) { return envelope(tx, false); }

}  // namespace plexus::tx
