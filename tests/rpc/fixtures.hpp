#pragma once
// Small values shared by the rpc tests.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/bytes.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_endpoint.hpp"
#include "storage/memory_store.hpp"

namespace plexus::rpc::testing {

inline Hash256 filled(Byte b) {
  Hash256 h;
  h.bytes.fill(b);
  return h;
}

// One JSON-RPC request through `dispatcher`, its reply parsed.
inline json call_method(Dispatcher& dispatcher, const std::string& method, json params) {
  const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
  return json::parse(dispatcher.handle(request.dump()).value());
}

// An EVM subnet's eth_* methods over a memory store; key_ (funded with 1 ether) is the endpoint's
// signing key, so eth_sendTransaction works from it.
class EndpointTest : public ::testing::Test {
 protected:
  EndpointTest() : key_(secp256k1::PrivateKey::from_seed(Bytes{9})) {}
  void open(chain::ChainConfig config) {
    config.alloc.push_back({key_.address(), uint256(1'000'000'000'000'000'000ULL)});
    chain_ = chain::SubnetChain::open(store_, std::move(config)).value();
    endpoint_ = std::make_shared<EthEndpoint>(*chain_);
    endpoint_->signing_keys = {key_};
    add_eth_methods(dispatcher_, endpoint_);
  }
  json call(const std::string& method, json params) {
    return call_method(dispatcher_, method, std::move(params));
  }

  kv::MemoryStore store_;
  secp256k1::PrivateKey key_;
  std::unique_ptr<chain::SubnetChain> chain_;
  std::shared_ptr<EthEndpoint> endpoint_;
  Dispatcher dispatcher_;
};

}  // namespace plexus::rpc::testing
