#include "rpc/basic_methods.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "rpc/params.hpp"

namespace plexus::rpc {

void add_basic_methods(Dispatcher& d, const EndpointInfo& info) {
  const auto constant = [&d](std::string name, json value) {
    d.add(std::move(name), [value = std::move(value)](const json& params) -> Result<json> {
      PLEXUS_CHECK(expect_at_most(params, 0));
      return value;
    });
  };
  constant("web3_clientVersion", info.client_version);
  constant("eth_chainId", quantity(info.chain_id));
  constant("net_version", std::to_string(info.chain_id));  // decimal, unlike eth_chainId
  constant("net_listening", true);
  constant("net_peerCount", quantity(std::uint64_t{0}));  // a dev network has no peers
  constant("eth_syncing", false);
  d.add("web3_sha3", [](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 1));
    PLEXUS_TRY(const json* data, param_at(params, 0));
    PLEXUS_TRY(Bytes bytes, data_bytes(*data, 0));
    return to_hex(keccak256(bytes));
  });
}

}  // namespace plexus::rpc
