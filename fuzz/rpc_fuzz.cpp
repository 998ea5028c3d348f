// JSON-RPC without the network: the input is one HTTP body or WebSocket message (bit 0 of the
// first byte picks the transport, bit 1 a batch-size limit of 2), handed to a dispatcher with the
// basic methods, the polling filter methods (which parse log filters) and a method that runs every
// positional parameter reader. Every reply must be valid JSON; nothing may crash or hang.
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "rpc/basic_methods.hpp"
#include "rpc/dispatcher.hpp"
#include "rpc/eth_json.hpp"
#include "rpc/params.hpp"
#include "rpc/polling_filters.hpp"

namespace {

using namespace plexus;
using namespace plexus::rpc;

class DiscardSink final : public SubscriptionSink {
 public:
  bool send(std::string message) override { return !message.empty(); }
};

void add_filter_methods(Dispatcher& d, const std::shared_ptr<PollingFilters>& filters) {
  d.add("eth_newFilter", [filters](const json& params) -> Result<json> {
    PLEXUS_TRY(const json* filter, param_at(params, 0));
    PLEXUS_TRY(auto parsed, parse_log_filter(*filter));
    PLEXUS_TRY(auto id, filters->new_log_filter(std::move(parsed)));
    return json(id);
  });
  d.add("eth_newBlockFilter", [filters](const json&) -> Result<json> {
    PLEXUS_TRY(auto id, filters->new_block_filter());
    return json(id);
  });
  d.add("eth_getFilterChanges", [filters](const json& params) -> Result<json> {
    PLEXUS_TRY(const json* id, param_at(params, 0));
    if (!id->is_string()) return fail(Errc::kInvalidArgument, "filter id must be a string");
    return filters->take_changes(id->get<std::string>());
  });
}

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
  add_basic_methods(dispatcher, EndpointInfo{1, "plexus/fuzz"});
  add_filter_methods(dispatcher, std::make_shared<PollingFilters>());
  dispatcher.add("fuzz_readParams", read_all);
  dispatcher.subscriptions().add_topic("newHeads");

  std::shared_ptr<SubscriptionSink> sink;
  if ((flags & 1) != 0) sink = std::make_shared<DiscardSink>();
  const auto reply = dispatcher.handle(text, sink);
  if (reply) FUZZ_CHECK(json::accept(*reply));
  return 0;
}
