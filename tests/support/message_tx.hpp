#pragma once
// Transactions the cross-subnet message tests send: a receiver contract that stores who called
// it and what it was told, and a sendMessage call on the messenger.
#include "core/transaction.hpp"
#include "messaging/abi_words.hpp"
#include "messaging/messenger_vm.hpp"

namespace plexus::testing {

// Creation code of a receiver whose receiveMessage(bytes32 source, address sender, bytes)
// stores CALLER, the source and the sender in slots 0, 1 and 2.
inline constexpr const char* kRecordingReceiverCode =
    "0x601180600b6000396000f33360005560043560015560243560025500";

// An EIP-1559 transaction with room for a contract's work, to be completed and signed.
[[nodiscard]] inline tx::Transaction contract_tx(std::uint64_t chain_id, std::uint64_t nonce) {
  tx::Transaction t;
  t.type = tx::Type::kDynamicFee;
  t.chain_id = chain_id;
  t.nonce = nonce;
  t.max_fee_per_gas = uint256(10'000'000'000ULL);
  t.gas_limit = 200'000;
  return t;
}

[[nodiscard]] inline Bytes deploy_tx(const secp256k1::PrivateKey& key, std::uint64_t chain_id,
                                     std::uint64_t nonce, BytesView code) {
  tx::Transaction t = contract_tx(chain_id, nonce);
  t.data = to_bytes(code);
  tx::sign(t, key);
  return tx::encode(t);
}

// sendMessage(destination, receiver, body) on the messenger of chain `chain_id`.
[[nodiscard]] inline Bytes send_message_tx(const secp256k1::PrivateKey& key, std::uint64_t chain_id,
                                           std::uint64_t nonce, BytesView destination,
                                           const Address& receiver, BytesView body) {
  tx::Transaction t = contract_tx(chain_id, nonce);
  t.to = exec::kMessenger;
  t.data = messaging::abi::selector_bytes(messaging::send_message_selector());
  t.data.insert(t.data.end(), destination.begin(), destination.end());
  Bytes word(32, 0);
  std::copy(receiver.view().begin(), receiver.view().end(), word.begin() + 12);
  t.data.insert(t.data.end(), word.begin(), word.end());
  word.assign(32, 0);
  word[31] = 0x60;  // the body's offset: after three head words
  t.data.insert(t.data.end(), word.begin(), word.end());
  const Bytes tail = messaging::abi::encode_bytes(body);
  t.data.insert(t.data.end(), tail.begin() + 32, tail.end());  // length and data, no offset
  tx::sign(t, key);
  return tx::encode(t);
}

}  // namespace plexus::testing
