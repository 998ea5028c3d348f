// debug_traceTransaction and debug_traceCall with go-ethereum's struct logger (the default),
// callTracer and prestateTracer. A mined transaction is executed again on its parent block's state
// (any retained block); a call runs as eth_call does, state overrides included.
#include "rpc/block_tag.hpp"
#include "rpc/call_request.hpp"
#include "rpc/call_tracer.hpp"
#include "rpc/eth_endpoint.hpp"
#include "rpc/params.hpp"
#include "rpc/prestate_tracer.hpp"
#include "rpc/struct_logger.hpp"

namespace plexus::rpc {
namespace {

// go-ethereum's TraceConfig (and TraceCallConfig's stateOverrides), checked field by field.
struct TraceConfig {
  std::string tracer;  // empty: the struct logger
  StructLoggerConfig logger;
  bool only_top_call = false;
  PrestateConfig prestate;
  chain::StateOverrides overrides;
  chain::BlockOverrides block;
};

Result<bool> flag(const json& value, const char* name, std::size_t index) {
  if (!value.is_boolean())
    return fail(Errc::kInvalidArgument,
                "invalid argument " + std::to_string(index) + ": " + name + " must be a boolean");
  return value.get<bool>();
}

// tracerConfig's fields for the tracer chosen; the struct logger takes none.
Result<void> parse_tracer_config(const json& object, std::size_t index, TraceConfig& config) {
  for (auto field = object.begin(); field != object.end(); ++field) {
    const std::string& name = field.key();
    const json& value = field.value();
    if (value.is_null()) continue;
    bool* target = nullptr;
    if (config.tracer == "callTracer" && name == "onlyTopCall") target = &config.only_top_call;
    if (config.tracer == "callTracer" && name == "withLog") {
      PLEXUS_TRY(const bool with_log, flag(value, "withLog", index));
      if (with_log) return not_supported("callTracer withLog");
      continue;
    }
    if (config.tracer == "prestateTracer") {
      if (name == "diffMode") target = &config.prestate.diff_mode;
      if (name == "disableCode") target = &config.prestate.disable_code;
      if (name == "disableStorage") target = &config.prestate.disable_storage;
    }
    if (target == nullptr)
      return fail(Errc::kInvalidArgument,
                  "invalid argument " + std::to_string(index) + ": unknown tracerConfig option \"" +
                      name + "\" for " +
                      (config.tracer.empty() ? std::string("the struct logger") : config.tracer));
    PLEXUS_TRY(*target, flag(value, name.c_str(), index));
  }
  return {};
}

Result<TraceConfig> parse_trace_config(const json* object, std::size_t index, bool for_call) {
  TraceConfig config;
  const json* tracer_config = nullptr;
  if (object == nullptr || object->is_null()) return config;
  const auto bad = [index](const std::string& why) {
    return fail(Errc::kInvalidArgument, "invalid argument " + std::to_string(index) + ": " + why);
  };
  if (!object->is_object()) return bad("trace config must be an object");
  for (auto field = object->begin(); field != object->end(); ++field) {
    const std::string& name = field.key();
    const json& value = field.value();
    if (value.is_null()) continue;
    if (name == "tracer") {
      if (!value.is_string()) return bad("tracer must be a string");
      config.tracer = value.get<std::string>();
    } else if (name == "tracerConfig") {
      if (!value.is_object()) return bad("tracerConfig must be an object");
      tracer_config = &value;
    } else if (name == "disableStack") {
      PLEXUS_TRY(config.logger.disable_stack, flag(value, "disableStack", index));
    } else if (name == "disableStorage") {
      PLEXUS_TRY(config.logger.disable_storage, flag(value, "disableStorage", index));
    } else if (name == "enableMemory") {
      PLEXUS_TRY(config.logger.enable_memory, flag(value, "enableMemory", index));
    } else if (name == "enableReturnData") {
      PLEXUS_TRY(config.logger.enable_return_data, flag(value, "enableReturnData", index));
    } else if (name == "limit") {
      if (!value.is_number_unsigned()) return bad("limit must be a non-negative integer");
      config.logger.limit = value.get<std::uint64_t>();
    } else if (name == "timeout" || name == "reexec" || name == "debug") {
      // Accepted and ignored: the execution pool's time budget bounds every trace.
    } else if (name == "stateOverrides" && for_call) {
      PLEXUS_TRY(config.overrides, parse_state_overrides(value, index));
    } else if (name == "blockOverrides" && for_call) {
      PLEXUS_TRY(config.block, parse_block_overrides(value, index));
    } else {
      return bad("unknown trace option \"" + name + "\"");
    }
  }
  if (!config.tracer.empty() && config.tracer != "callTracer" && config.tracer != "prestateTracer")
    return not_supported("tracer \"" + config.tracer +
                         "\" (struct logger, the default, callTracer and prestateTracer are)");
  if (tracer_config != nullptr) PLEXUS_CHECK(parse_tracer_config(*tracer_config, index, config));
  return config;
}

// Runs `execute` under the tracer the config names and formats its result.
template <typename Execute>
Result<json> traced(const TraceConfig& config, Execute&& execute) {
  if (config.tracer == "callTracer") {
    CallTracer tracer(config.only_top_call);
    PLEXUS_TRY(const chain::CallOutcome outcome, execute(tracer));
    return tracer.result(outcome.gas_limit, outcome.gas_used);
  }
  if (config.tracer == "prestateTracer") {
    PrestateTracer tracer(config.prestate);
    PLEXUS_CHECK(execute(tracer));
    return tracer.result();
  }
  StructLogger logger(config.logger);
  PLEXUS_TRY(const chain::CallOutcome outcome, execute(logger));
  return logger.result(outcome);
}

}  // namespace

void add_debug_methods(Dispatcher& d, const std::shared_ptr<EthEndpoint>& endpoint) {
  chain::SubnetChain& chain = endpoint->chain;
  d.add("debug_traceTransaction", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 2));
    PLEXUS_TRY(const json* h, param_at(params, 0));
    PLEXUS_TRY(const Hash256 hash, hash_value(*h, 0));
    PLEXUS_TRY(const json* c, param_at(params, 1, false));
    PLEXUS_TRY(const TraceConfig config, parse_trace_config(c, 1, false));
    return traced(config,
                  [&](evm::Tracer& tracer) { return chain.replay_transaction(hash, tracer); });
  });
  d.add("debug_traceCall", [&chain](const json& params) -> Result<json> {
    PLEXUS_CHECK(expect_at_most(params, 3));
    PLEXUS_TRY(const json* c, param_at(params, 0));
    PLEXUS_TRY(chain::CallRequest request, parse_call_request(*c, 0));
    PLEXUS_TRY(const json* tag, param_at(params, 1, false));
    PLEXUS_TRY(const auto block, state_block(tag, chain, 1));
    PLEXUS_TRY(const json* options, param_at(params, 2, false));
    PLEXUS_TRY(TraceConfig config, parse_trace_config(options, 2, true));
    request.overrides = std::move(config.overrides);
    request.block = config.block;
    return traced(config,
                  [&](evm::Tracer& tracer) { return chain.trace_call(request, block, &tracer); });
  });
}

}  // namespace plexus::rpc
