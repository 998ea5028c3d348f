// Transactions: decode() accepts only canonical encodings (so encode() gives the input back and
// decoding that again gives the same transaction), and validation of whatever decodes never
// crashes, under the oldest and the newest fork.
#include "core/transaction.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plexus;
  const BytesView input = fuzz::input_view(data, size);
  auto tx = tx::decode(input);
  if (!tx) {
    FUZZ_CHECK(!tx.error().message.empty());
    return 0;
  }
  const Bytes encoded = tx::encode(*tx);
  FUZZ_CHECK(encoded == to_bytes(input));
  auto again = tx::decode(encoded);
  FUZZ_CHECK(again.has_value() && *again == *tx);
  (void)tx::hash(*tx);
  (void)tx::signing_payload(*tx);
  for (const auto fork : {tx::Fork::kFrontier, tx::Fork::kBerlin, tx::Fork::kCancun}) {
    (void)tx::intrinsic_gas(*tx, fork);
    auto sender = tx::validate(*tx, fork, tx->chain_id);
    if (!sender) FUZZ_CHECK(!sender.error().message.empty());
  }
  return 0;
}
