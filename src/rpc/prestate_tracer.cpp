#include "rpc/prestate_tracer.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "evm/opcodes.hpp"
#include "rpc/params.hpp"
#include "transition/state_host.hpp"

namespace plexus::rpc {
namespace {

Address word_address(const uint256& word) {
  const Bytes32 bytes = to_bytes32(word);
  Address out;
  std::copy(bytes.bytes.begin() + 12, bytes.bytes.end(), out.bytes.begin());
  return out;
}

// memory[offset, offset + size) with zeros past its end, as CREATE2 reads its initcode.
Bytes memory_range(BytesView memory, const uint256& offset, const uint256& size) {
  // Past 2^32 the instruction runs out of gas before it could create anything.
  if (size > uint256(0xffffffffu) || (size != 0 && offset > uint256(0xffffffffu))) return {};
  const auto start = static_cast<std::size_t>(offset.limb(0));
  Bytes out(static_cast<std::size_t>(size.limb(0)), 0);
  for (std::size_t i = 0; i < out.size() && start + i < memory.size(); ++i)
    out[i] = memory[start + i];
  return out;
}

}  // namespace

void PrestateTracer::look_up(const Address& addr) {
  if (state_ == nullptr || pre_.contains(addr)) return;
  Seen seen;
  if (const exec::Account* acc = state_->find(addr)) {
    seen.balance = acc->balance;
    seen.nonce = acc->nonce;
    seen.code = acc->code;
  }
  // As go-ethereum: emptiness is judged with the code even when the code is not reported.
  seen.empty = seen.balance == 0 && seen.nonce == 0 && seen.code.empty();
  if (config_.disable_code) seen.code.clear();
  pre_.emplace(addr, std::move(seen));
}

void PrestateTracer::look_up_slot(const Address& addr, const Bytes32& key) {
  if (config_.disable_storage || state_ == nullptr) return;
  look_up(addr);
  pre_[addr].storage.try_emplace(key, state_->get_storage(addr, key));
}

void PrestateTracer::on_tx_start(const exec::State& state, const evm::TxStart& tx) {
  state_ = &state;
  if (tx.create) created_.insert(tx.recipient);
  look_up(tx.sender);
  look_up(tx.recipient);
  look_up(tx.coinbase);
  for (const Address& authority : tx.authorities) look_up(authority);
}

void PrestateTracer::on_step(const evm::Step& step) {
  if (step.address == nullptr) return;
  const Address& self = *step.address;
  const std::size_t height = step.stack.size();
  const auto arg = [&](std::size_t i) -> const uint256& { return step.stack[height - 1 - i]; };
  switch (step.op) {
    case evm::kSload:
    case evm::kSstore:
      if (height >= 1) look_up_slot(self, to_bytes32(arg(0)));
      break;
    case evm::kBalance:
    case evm::kExtcodesize:
    case evm::kExtcodecopy:
    case evm::kExtcodehash:
    case evm::kSelfdestruct:
      if (height >= 1) look_up(word_address(arg(0)));
      if (step.op == evm::kSelfdestruct) destroyed_.insert(self);
      break;
    case evm::kCall:
    case evm::kCallcode:
    case evm::kDelegatecall:
    case evm::kStaticcall:
      if (height >= 5) look_up(word_address(arg(1)));
      break;
    case evm::kCreate: {
      const exec::Account* acc = state_ != nullptr ? state_->find(self) : nullptr;
      const Address made = transition::create_address(self, acc != nullptr ? acc->nonce : 0);
      look_up(made);
      created_.insert(made);
      break;
    }
    case evm::kCreate2:
      if (height >= 4) {
        const Bytes initcode = memory_range(step.memory, arg(1), arg(2));
        const Address made = transition::create2_address(self, to_bytes32(arg(3)), initcode);
        look_up(made);
        created_.insert(made);
      }
      break;
    default:
      break;
  }
}

void PrestateTracer::diff(const exec::State& state) {
  for (auto it = pre_.begin(); it != pre_.end();) {
    const Address& addr = it->first;
    Seen& before = it->second;
    // A destroyed account stays in `pre` and has no `post`.
    if (destroyed_.contains(addr)) {
      ++it;
      continue;
    }
    const exec::Account* acc = state.find(addr);
    const uint256 balance = acc != nullptr ? acc->balance : uint256(0);
    const std::uint64_t nonce = acc != nullptr ? acc->nonce : 0;
    json after = json::object();
    if (balance != before.balance) after["balance"] = quantity(balance);
    if (nonce != before.nonce && nonce != 0) after["nonce"] = nonce;
    bool changed = balance != before.balance || nonce != before.nonce;
    if (!config_.disable_code) {
      const Bytes code = acc != nullptr ? acc->code : Bytes{};
      if (code != before.code) {
        changed = true;
        if (!code.empty()) after["code"] = to_hex(code);
      }
    }
    json slots = json::object();
    for (auto slot = before.storage.begin(); slot != before.storage.end();) {
      const Bytes32 now = state.get_storage(addr, slot->first);
      if (now != slot->second) {
        changed = true;
        if (!now.is_zero()) slots[to_hex(slot->first)] = to_hex(now);
      }
      // `pre` keeps the slots that changed and were not zero.
      if (now == slot->second || slot->second.is_zero()) {
        slot = before.storage.erase(slot);
      } else {
        ++slot;
      }
    }
    if (!slots.empty()) after["storage"] = std::move(slots);
    if (changed) {
      post_[to_hex(addr)] = std::move(after);
      ++it;
    } else {
      it = pre_.erase(it);
    }
  }
}

void PrestateTracer::on_tx_end(const exec::State& state) {
  if (config_.diff_mode) diff(state);
  // An address the transaction creates held nothing before: it is no part of the prestate.
  for (const Address& addr : created_) {
    if (const auto it = pre_.find(addr); it != pre_.end() && it->second.empty) pre_.erase(it);
  }
  state_ = nullptr;
}

json PrestateTracer::account_json(const Seen& seen) const {
  json out = {{"balance", quantity(seen.balance)}};
  if (seen.nonce != 0) out["nonce"] = seen.nonce;
  if (!seen.code.empty()) out["code"] = to_hex(seen.code);
  if (!seen.storage.empty()) {
    json storage = json::object();
    for (const auto& [key, value] : seen.storage) storage[to_hex(key)] = to_hex(value);
    out["storage"] = std::move(storage);
  }
  return out;
}

json PrestateTracer::result() const {
  json pre = json::object();
  for (const auto& [addr, seen] : pre_) pre[to_hex(addr)] = account_json(seen);
  if (!config_.diff_mode) return pre;
  return json{{"pre", std::move(pre)}, {"post", post_}};
}

}  // namespace plexus::rpc
