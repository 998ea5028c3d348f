// Block import: a chain at genesis is handed a block that is either raw bytes (first input byte
// 0) or a valid block of three transfers with input-driven byte flips (pairs of offset and XOR
// mask). Whatever it gets, import never crashes; a refused block carries a message and leaves the
// chain exactly as it was (head, state root, the sender's account), and an accepted one is the
// valid block or one that differs only where the rules allow (extra data).
#include "chain/subnet_chain.hpp"
#include "core/transaction.hpp"
#include "fuzz_check.hpp"
#include "signed_transfer.hpp"
#include "storage/memory_store.hpp"

namespace {

using namespace plexus;

const secp256k1::PrivateKey& sender() {
  static const secp256k1::PrivateKey key = secp256k1::PrivateKey::from_seed(Bytes{0xf0});
  return key;
}

chain::ChainConfig config() {
  chain::ChainConfig c;
  c.alloc = {{sender().address(), uint256(1'000'000'000'000'000'000ULL)}};
  c.genesis_timestamp = 1'700'000'000;
  c.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
  return c;
}

// The block a builder makes from three transfers on the same genesis, encoded.
const Bytes& valid_block() {
  static const Bytes encoded = [] {
    kv::MemoryStore store;
    auto builder = chain::SubnetChain::open(store, config()).value();
    for (std::uint64_t nonce = 0; nonce < 3; ++nonce)
      FUZZ_CHECK(builder
                     ->submit(plexus::testing::signed_transfer(
                         sender(), nonce, Address::right_aligned(Bytes{0x0b}), nonce + 1))
                     .has_value());
    const auto block = builder->produce_block(false).value();
    return chain::encode_block(block->block).value();
  }();
  return encoded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const BytesView input = fuzz::input_view(data, size);
  Bytes candidate;
  if (!input.empty() && input[0] == 0) {
    candidate = to_bytes(input.subspan(1));
  } else {
    candidate = valid_block();
    for (std::size_t i = 0; i + 2 < input.size(); i += 3) {
      const std::size_t offset = (std::size_t{input[i]} << 8 | input[i + 1]) % candidate.size();
      candidate[offset] ^= input[i + 2];
    }
  }
  const auto block = chain::decode_block(candidate);
  if (!block) {
    FUZZ_CHECK(!block.error().message.empty());
    return 0;
  }
  kv::MemoryStore store;
  auto follower = chain::SubnetChain::open(store, config()).value();
  const chain::ChainHead before = follower->head();
  const std::size_t keys_before = store.size();
  const auto account_before = follower->account(sender().address(), std::nullopt).value();
  const auto imported = follower->import_block(*block);
  if (!imported) {
    FUZZ_CHECK(!imported.error().message.empty());
    FUZZ_CHECK(follower->head().hash == before.hash);
    FUZZ_CHECK(store.size() == keys_before);
    const auto account_after = follower->account(sender().address(), std::nullopt).value();
    FUZZ_CHECK(exec::encode_account(account_after) == exec::encode_account(account_before));
    return 0;
  }
  // Accepted: the same transactions and state as the valid block.
  const chain::Block reference = chain::decode_block(valid_block()).value();
  FUZZ_CHECK(block->transactions == reference.transactions);
  FUZZ_CHECK(block->header.state_root == reference.header.state_root);
  FUZZ_CHECK(block->header.extra_data.size() <= 32);
  return 0;
}
