// The router's dispatch, publishing, and the mapping of Move outcomes to call results.
#include "move/adapter/router_vm.hpp"

#include <set>

#include "move/adapter/address.hpp"
#include "move/adapter/gas.hpp"
#include "move/binary/binary.hpp"
#include "move/binary/disassembler.hpp"

namespace plexus::move {

exec::CallResult call_failure(std::string error) {
  // Like the EVM's exceptional halt: the call's gas is gone.
  return exec::CallResult{exec::CallStatus::kFailure, 0, {}, std::move(error)};
}

exec::CallResult call_out_of_gas(std::string error) {
  return exec::CallResult{exec::CallStatus::kOutOfGas, 0, {}, std::move(error)};
}

Bytes abi_error_string(std::string_view reason) {
  Bytes out = {0x08, 0xc3, 0x79, 0xa0};
  auto word = [&](std::uint64_t v) {
    Bytes w(32, 0);
    for (int i = 0; i < 8; ++i) w[31 - i] = static_cast<Byte>(v >> (8 * i));
    out.insert(out.end(), w.begin(), w.end());
  };
  word(32);
  word(reason.size());
  out.insert(out.end(), reason.begin(), reason.end());
  out.resize(out.size() + (32 - reason.size() % 32) % 32, 0);
  return out;
}

ModuleReader host_module_reader(exec::Host& host) {
  return [&host](const Address& account, const std::string& name) {
    return host.load(account, exec::Namespace::kMoveModule, as_bytes(name));
  };
}

exec::CallResult MoveRouterVm::execute(exec::Host& host, const exec::CallMessage& msg) {
  // Move code cannot receive the chain's coin: value sent along would be stranded.
  if (msg.value != 0) return call_failure("Move: calls to the Move router take no value");
  auto call = decode_router_call(msg.input);
  if (!call) return call_failure(call.error().message);
  if (auto* p = std::get_if<PublishCall>(&*call)) return publish(host, msg, std::move(p->modules));
  return entry(host, msg, std::get<EntryCall>(*call));
}

exec::CallResult MoveRouterVm::create(exec::Host& host, const exec::CallMessage& msg) {
  if (msg.value != 0) return call_failure("Move publish: takes no value");
  auto modules = decode_creation_payload(msg.input);
  if (!modules) return call_failure(modules.error().message);
  return publish(host, msg, std::move(*modules));
}

// Publishing: every module must be at the sender's address, and the bundle must verify and link
// against what is published (dependencies first, whatever the order given). A module already
// published at the sender is replaced only by a compatible upgrade.
exec::CallResult MoveRouterVm::publish(exec::Host& host, const exec::CallMessage& msg,
                                       std::vector<Bytes> modules) {
  if (msg.is_static) return call_failure("Move publish: not allowed in a static call");
  if (modules.empty()) return call_failure("Move publish: no modules");
  const Bytes publisher = to_move_address(msg.sender);
  std::uint64_t gas_used = 0;
  for (const auto& b : modules)
    gas_used += gas::kPublishPerModule + gas::kPublishPerByte * b.size();
  if (gas_used > gas_limit(msg)) return call_out_of_gas("Move publish: out of gas");

  std::vector<CompiledModule> compiled;
  std::set<std::string> names;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    auto m = deserialize_module(modules[i], BinaryConfig{kMoveAddressLength, kMaxVersion});
    if (!m)
      return call_failure("Move publish: module " + std::to_string(i) + ": " +
                          m.error().to_string());
    const ModuleId id = self_id(*m);
    if (id.address != publisher)
      return call_failure("Move publish: module " + id.to_string() +
                          " is not at the sender's address " + address_string(publisher));
    if (!names.insert(id.name).second)
      return call_failure("Move publish: module " + id.name + " given twice");
    compiled.push_back(std::move(*m));
  }

  // The store holds what the bundle links against: its outside dependencies and the versions
  // it replaces (for the upgrade checks).
  ModuleStore store;
  ModuleLoader loader(host_module_reader(host), cache_, store);
  for (const auto& m : compiled) {
    for (std::size_t h = 0; h < m.module_handles.size(); ++h) {
      const ModuleId dep = module_id(m, static_cast<TableIndex>(h));
      if (h == m.self_module_handle || (dep.address == publisher && names.contains(dep.name)))
        continue;
      if (auto ok = loader.load(dep); !ok)
        return call_failure("Move publish: " + self_id(m).to_string() + ": " +
                            ok.error().to_string());
    }
    const ModuleId self = self_id(m);
    if (host.load(msg.sender, exec::Namespace::kMoveModule, as_bytes(self.name))) {
      if (auto ok = loader.load(self); !ok)
        return call_failure("Move publish: " + ok.error().to_string());
    }
  }
  gas_used +=
      gas::kModuleLoad * loader.modules_loaded() + gas::kModuleLoadPerByte * loader.bytes_loaded();
  if (gas_used > gas_limit(msg)) return call_out_of_gas("Move publish: out of gas");
  if (auto ok = store.publish_bundle(compiled); !ok)
    return call_failure("Move publish: " + ok.error().to_string());
  for (std::size_t i = 0; i < modules.size(); ++i) {
    cache_.remember(modules[i], compiled[i]);
    host.store(msg.sender, exec::Namespace::kMoveModule, as_bytes(self_id(compiled[i]).name),
               std::move(modules[i]));
  }
  return exec::CallResult{
      exec::CallStatus::kSuccess, static_cast<std::int64_t>(gas_limit(msg) - gas_used), {}, {}};
}

}  // namespace plexus::move
