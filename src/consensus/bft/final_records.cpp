#include "consensus/bft/final_records.hpp"

namespace plexus::consensus::bft {
namespace {

Bytes final_key(std::uint64_t height) {
  Bytes key = {'Q', 'f', 'i', 'n', 'a', 'l'};
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<Byte>(height >> shift));
  return key;
}

// Blocks a client may be sent past a block without its own certificate, at most.
constexpr std::uint64_t kMaxUncertifiedRun = 256;

}  // namespace

Bytes FinalRecords::encode(const Record& record) {
  Bytes body;
  rlp::append_uint(body, record.round);
  if (record.certificate) {
    append_quorum_cert(body, *record.certificate);
  } else {
    rlp::append_string(body, {});
  }
  if (!record.tail.empty()) append_round_blocks(body, record.tail);
  Bytes value;
  append_list(value, body);
  return value;
}

Result<FinalRecords::Record> FinalRecords::decode(BytesView encoded) {
  // Bare reasons: read() and callers name the record.
  const auto malformed = [](const std::string& what) { return fail(Errc::kDecode, what); };
  auto item = rlp::decode(encoded);
  if (!item || !item->is_list) return malformed("not a list");
  auto fields = rlp::list_items(*item);
  if (!fields || fields->size() < 2 || fields->size() > 3)
    return malformed("expected [round, certificate, tail?]");
  auto round = rlp::to_uint64((*fields)[0]);
  if (!round) return malformed(round.error().message);
  Record out{*round, std::nullopt};
  if ((*fields)[1].is_list) {
    auto cert = read_quorum_cert((*fields)[1]);
    if (!cert) return malformed(cert.error().message);
    out.certificate = std::move(*cert);
  } else if (!(*fields)[1].payload.empty()) {
    return malformed("a certificate that is not a list");
  }
  if (fields->size() == 3) {
    auto tail = rlp::list_items((*fields)[2]);
    if (!tail) return malformed("tail");
    for (const rlp::Item& entry_item : *tail) {
      auto entry = rlp::list_items(entry_item);
      if (!entry || entry->size() != 2 || (*entry)[1].is_list) return malformed("tail entry");
      auto tail_round = rlp::to_uint64((*entry)[0]);
      if (!tail_round) return malformed("tail round");
      out.tail.emplace_back(*tail_round, to_bytes((*entry)[1].payload));
    }
  }
  return out;
}

Result<void> FinalRecords::write(std::uint64_t height, const Record& record) {
  return store_.put(final_key(height), encode(record), kv::Durability::kSync);
}

Result<std::optional<Bytes>> FinalRecords::read_encoded(std::uint64_t height) const {
  return store_.get(final_key(height));
}

Result<std::optional<FinalRecords::Record>> FinalRecords::read(std::uint64_t height) const {
  PLEXUS_TRY(const auto stored, store_.get(final_key(height)));
  if (!stored) return std::optional<Record>{};
  auto record = decode(*stored);
  if (!record)
    return fail(Errc::kCorruption,
                "bft final record " + std::to_string(height) + ": " + record.error().message);
  return std::optional<Record>(std::move(*record));
}

Result<std::optional<FinalRecords::Finality>> FinalRecords::finality(std::uint64_t height,
                                                                     std::uint64_t head) const {
  for (std::uint64_t h = height; h <= head && h < height + kMaxUncertifiedRun; ++h) {
    PLEXUS_TRY(auto stored, read(h));
    if (stored && stored->certificate)
      // A last block of an epoch may hold the certificate of a block past it (its tail).
      return std::optional<Finality>(Finality{stored->certificate->vote.height, stored->round,
                                              std::move(*stored->certificate)});
  }
  return std::optional<Finality>{};
}

}  // namespace plexus::consensus::bft
