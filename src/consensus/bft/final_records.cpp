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

Result<void> FinalRecords::write(std::uint64_t height, const Record& record) {
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
  return store_.put(final_key(height), value, kv::Durability::kSync);
}

Result<std::optional<FinalRecords::Record>> FinalRecords::read(std::uint64_t height) const {
  PLEXUS_TRY(const auto stored, store_.get(final_key(height)));
  if (!stored) return std::optional<Record>{};
  const auto corrupt = [&](const std::string& what) {
    return fail(Errc::kCorruption, "bft final record " + std::to_string(height) + ": " + what);
  };
  auto item = rlp::decode(*stored);
  if (!item || !item->is_list) return corrupt("not a list");
  auto fields = rlp::list_items(*item);
  if (!fields || fields->size() < 2 || fields->size() > 3)
    return corrupt("expected [round, certificate, tail?]");
  auto round = rlp::to_uint64((*fields)[0]);
  if (!round) return corrupt(round.error().message);
  Record out{*round, std::nullopt};
  if ((*fields)[1].is_list) {
    auto cert = read_quorum_cert((*fields)[1]);
    if (!cert) return corrupt(cert.error().message);
    out.certificate = std::move(*cert);
  }
  if (fields->size() == 3) {
    auto tail = rlp::list_items((*fields)[2]);
    if (!tail) return corrupt("tail");
    for (const rlp::Item& item : *tail) {
      auto entry = rlp::list_items(item);
      if (!entry || entry->size() != 2 || (*entry)[1].is_list) return corrupt("tail entry");
      auto tail_round = rlp::to_uint64((*entry)[0]);
      if (!tail_round) return corrupt("tail round");
      out.tail.emplace_back(*tail_round, to_bytes((*entry)[1].payload));
    }
  }
  return std::optional<Record>(std::move(out));
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
