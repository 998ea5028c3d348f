#include "node/message_receiving.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "chain/header_rules.hpp"
#include "consensus/bft/epoch.hpp"
#include "core/hex.hpp"
#include "messaging/abi_words.hpp"
#include "net/relay.hpp"

namespace plexus::node {
namespace {

using Signers = std::vector<consensus::CertificateSigner>;

// Sets by (source, height); a set at a final platform height never changes, so entries are
// never stale, only evicted (oldest height first) to bound memory.
class SetCache {
 public:
  static constexpr std::size_t kEntries = 64;

  explicit SetCache(const platform::PlatformRegistry& registry) : registry_(registry) {}

  Result<std::optional<Signers>> get(const messaging::SubnetKey& source, std::uint64_t height) {
    const auto key = std::pair{height, to_hex(source)};
    {
      std::lock_guard lock(mutex_);
      if (const auto it = sets_.find(key); it != sets_.end()) return it->second;
    }
    if (height > registry_.height()) return std::nullopt;
    std::optional<std::string> name;
    for (const platform::Subnet& subnet : registry_.subnets())
      if (subnet_key(subnet.spec.name) == source) name = subnet.spec.name;
    if (!name) return std::nullopt;
    PLEXUS_TRY(const platform::ValidatorSet set, registry_.validator_set(*name, height));
    std::optional<Signers> signers;
    if (!set.empty()) {
      PLEXUS_TRY(signers, consensus::certificate_order(set));
    }
    std::lock_guard lock(mutex_);
    if (sets_.size() >= kEntries) sets_.erase(sets_.begin());
    sets_.emplace(key, signers);
    return signers;
  }

 private:
  const platform::PlatformRegistry& registry_;
  std::mutex mutex_;
  std::map<std::pair<std::uint64_t, std::string>, std::optional<Signers>> sets_;
};

}  // namespace

messaging::SubnetKey subnet_key(std::string_view name) {
  return messaging::SubnetKey::right_aligned(net::subnet_id(name).view());
}

messaging::Receiving message_receiving(const platform::PlatformRegistry& registry,
                                       std::uint32_t quorum_bps) {
  auto cache = std::make_shared<SetCache>(registry);
  messaging::Receiving receiving;
  if (quorum_bps != 0) receiving.quorum_bps = quorum_bps;
  receiving.validators = [cache](const messaging::SubnetKey& source, std::uint64_t height) {
    return cache->get(source, height);
  };
  return receiving;
}

std::uint32_t message_quorum_of(const platform::PlatformRegistry& registry,
                                const messaging::SubnetKey& subnet) {
  for (const platform::Subnet& s : registry.subnets())
    if (subnet_key(s.spec.name) == subnet && s.spec.genesis.message_quorum_bps != 0)
      return s.spec.genesis.message_quorum_bps;
  return messaging::kDefaultQuorumBps;
}

std::optional<messaging::DeliveryStatus> delivery_status(const chain::SubnetChain& chain,
                                                         const Hash256& id) {
  chain::CallRequest request;
  request.to = exec::kMessenger;
  request.data = messaging::encode_status_call(id);
  const auto answer = chain.call(request);
  if (!answer || answer->status != evm::StatusCode::kSuccess || answer->output.size() != 32)
    return std::nullopt;
  return static_cast<messaging::DeliveryStatus>(answer->output[31]);
}

std::optional<std::pair<Hash256, BytesView>> sent_message(const chain::Log& log) {
  if (log.address != exec::kMessenger || log.topics.size() != 3 ||
      log.topics[0] != messaging::message_sent_topic())
    return std::nullopt;
  const auto message = messaging::abi::bytes_at(log.data, 0);
  if (!message) return std::nullopt;
  return std::pair{Hash256::right_aligned(log.topics[1].view()), *message};
}

std::uint64_t block_platform_height(const chain::BlockHeader& header) {
  const auto tag = consensus::bft::decode_epoch_tag(chain::engine_data(header));
  return tag ? tag->platform_height : 0;
}

Bytes dev_block_tag(std::uint64_t platform_height) {
  return consensus::bft::encode_epoch_tag(
      {.epoch = 0, .platform_height = platform_height, .next_platform_height = std::nullopt});
}

}  // namespace plexus::node
