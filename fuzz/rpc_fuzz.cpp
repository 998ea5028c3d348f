// JSON-RPC without the network: the input is one HTTP body or WebSocket message (bit 0 of the
// first byte picks the transport, bit 1 a batch-size limit of 2), handed to a dispatcher with the
// basic methods, every eth_* method of a subnet that enables all three VMs (over a chain in memory
// that makes a block now and then, so block, receipt and log methods have something to read; calls
// and creations reach the WASM contract VM and the Move router, whose standard library is in the
// genesis) and a method that runs every positional parameter reader. Every reply must be valid JSON; nothing may crash or hang.
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "chain/subnet_chain.hpp"
#include "node/subnet_vms.hpp"
#include "rpc/basic_methods.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/params.hpp"
#include "storage/memory_store.hpp"
#include "wasm/contract/contract_vm.hpp"

namespace {

using namespace plexus;
using namespace plexus::rpc;

class DiscardSink final : public SubscriptionSink {
 public:
  bool send(std::string message) override { return !message.empty(); }
};

// One chain for all inputs: genesis funds the address of private key 1, so a fuzzer-made
// transaction signed with it can be valid.
struct Subnet {
  Subnet() {
    chain::ChainConfig config;
    config.alloc = {{secp256k1::PrivateKey::from_secret(secp256k1::Bytes32::right_aligned(
                                                            Bytes{1}))
                         .value()
                         .address(),
                     uint256(1'000'000'000'000'000'000ULL)}};
    config.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
    FUZZ_CHECK(node::configure_subnet_vms({platform::VmKind::kEvm, platform::VmKind::kWasm,
                                           platform::VmKind::kMove},
                                          config)
                   .has_value());
    chain = chain::SubnetChain::open(store, config).value();
    endpoint = std::make_shared<EthEndpoint>(*chain);
  }
  kv::MemoryStore store;
  std::unique_ptr<chain::SubnetChain> chain;
  std::shared_ptr<EthEndpoint> endpoint;
  std::size_t inputs = 0;
};

// Runs each reader on each parameter, so any JSON value reaches each of them.
Result<json> read_all(const json& params) {
  PLEXUS_CHECK(expect_at_most(params, 8));
  json out = json::array();
  for (std::size_t i = 0; i < 8; ++i) {
    PLEXUS_TRY(const json* p, param_at(params, i, false));
    if (p == nullptr) break;
    if (auto v = quantity_u64(*p, i)) out.push_back(quantity(*v));
    if (auto v = quantity_u256(*p, i)) out.push_back(quantity(*v));
    if (auto v = data_bytes(*p, i)) out.push_back(v->size());
    if (auto v = address_value(*p, i)) out.push_back(v->is_zero());
    if (auto v = hash_value(*p, i)) out.push_back(v->is_zero());
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  DispatchLimits limits;
  if ((flags & 2) != 0) limits.max_batch = 2;
  Dispatcher dispatcher(limits);
  add_basic_methods(dispatcher, EndpointInfo{31337, "plexus/fuzz"});
  static Subnet subnet;
  add_eth_methods(dispatcher, subnet.endpoint);
  dispatcher.add("fuzz_readParams", read_all);
  dispatcher.subscriptions().add_topic("newHeads");

  std::shared_ptr<SubscriptionSink> sink;
  if ((flags & 1) != 0) sink = std::make_shared<DiscardSink>();
  const auto reply = dispatcher.handle(text, sink);
  if (reply) FUZZ_CHECK(json::accept(*reply));
  if (++subnet.inputs % 16 == 0) {
    const auto block = subnet.chain->produce_block(true);
    FUZZ_CHECK(block.has_value());
    if (*block) publish_block(dispatcher, *subnet.endpoint, **block);
  }
  return 0;
}
