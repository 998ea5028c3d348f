#include "node/da_finality.hpp"

#include "consensus/bft/bls_crypto.hpp"
#include "consensus/bft/final_records.hpp"
#include "core/hex.hpp"
#include "net/subnet_relay.hpp"

namespace plexus::node {
namespace {

constexpr std::size_t kCommitteesKept = 4;

std::string number(std::uint64_t n) { return std::to_string(n); }

std::unexpected<Error> refuse(std::uint64_t block, const std::string& rule) {
  return fail(Errc::kValidation, "block " + number(block) + " " + rule);
}

struct Target {
  std::uint64_t height = 0;
  Hash256 digest{};
};

}  // namespace

FinalityCheck::FinalityCheck(const std::string& subnet, SetAt set_at)
    : chain_(Hash256::right_aligned(net::subnet_id(subnet).view())), set_at_(std::move(set_at)) {}

Result<const consensus::bft::Committee*> FinalityCheck::committee_at(
    std::uint64_t platform_height) {
  if (auto found = committees_.find(platform_height); found != committees_.end())
    return &found->second;
  PLEXUS_TRY(const platform::ValidatorSet set, set_at_(platform_height));
  PLEXUS_TRY(consensus::bft::Committee committee, consensus::bft::verifying_committee(set, chain_));
  if (committees_.size() >= kCommitteesKept) committees_.erase(committees_.begin());
  return &committees_.emplace(platform_height, std::move(committee)).first->second;
}

Result<void> FinalityCheck::check(std::span<const PostedBlock> run, std::size_t i,
                                  std::uint64_t epoch, std::uint64_t platform_height) {
  const std::uint64_t n = run[i].block.header.number;
  Hash256 previous{};
  for (std::size_t j = i; j < run.size(); ++j) {
    // Blocks after the one checked must descend from it for a certificate of theirs to count.
    if (j > i && run[j].block.header.parent_hash != previous) break;
    PLEXUS_TRY(const Hash256 hash, chain::header_hash(run[j].block.header));
    previous = hash;
    if (run[j].finality.empty()) continue;
    const std::uint64_t m = run[j].block.header.number;
    auto record = consensus::bft::FinalRecords::decode(run[j].finality);
    if (!record) return refuse(n, "carries a malformed final record: " + record.error().message);
    if (!record->certificate) continue;
    const consensus::bft::QuorumCert& cert = *record->certificate;
    // The block the certificate must name: block m, or the last block of m's tail.
    Target target{m, hash};
    for (const auto& [round, encoded] : record->tail) {
      auto tail = chain::decode_block(encoded);
      if (!tail) return refuse(n, "carries a tail block that does not decode");
      if (tail->header.parent_hash != target.digest || tail->header.number != target.height + 1)
        return refuse(n, "carries a tail that does not descend from block " + number(m));
      PLEXUS_TRY(target.digest, chain::header_hash(tail->header));
      target.height = tail->header.number;
    }
    const std::string whose = j == i ? "its certificate" : "the certificate of block " + number(m);
    if (cert.vote.kind != consensus::bft::VoteKind::kFinalize)
      return refuse(n, "is not final: " + whose + " is a " +
                           std::string(consensus::bft::vote_kind_name(cert.vote.kind)) +
                           " certificate");
    if (cert.vote.height != target.height || cert.vote.digest != target.digest)
      return refuse(n, "is not final: " + whose + " is for block " + number(cert.vote.height) +
                           " " + to_hex(cert.vote.digest) + ", not block " + number(target.height) +
                           " " + to_hex(target.digest));
    if (cert.vote.epoch != epoch)
      return refuse(n, "is not final: " + whose + " is of epoch " + number(cert.vote.epoch) +
                           ", the block is in epoch " + number(epoch));
    if (verified_ && verified_->first == platform_height && verified_->second == cert) return {};
    PLEXUS_TRY(const consensus::bft::Committee* committee, committee_at(platform_height));
    if (auto checked = committee->check(cert); !checked)
      return refuse(n, "is not final: " + checked.error().message);
    verified_ = std::pair(platform_height, cert);
    return {};
  }
  return refuse(n, "has no finality certificate");
}

}  // namespace plexus::node
