// Transaction validation against the state and the block, and the fee accounting of a plain
// value transfer (no code runs).
#include <gtest/gtest.h>

#include "state_test_helpers.hpp"
#include "transition/transition.hpp"

namespace plexus::transition {
namespace {

using testing::addr;

const Address kSender = addr(0xaa);
const Address kRecipient = addr(0xbb);
const Address kCoinbase = addr(0xcc);

struct Fixture {
  exec::State state;
  BlockInfo block;
  tx::Transaction tx;

  Fixture() {
    exec::Account sender;
    sender.balance = 1'000'000'000;
    sender.nonce = 3;
    state.put_account(kSender, sender);
    block.gas_limit = 30'000'000;
    block.base_fee = 10;
    block.coinbase = kCoinbase;
    tx.type = tx::Type::kDynamicFee;
    tx.chain_id = 1;
    tx.nonce = 3;
    tx.gas_limit = 21000;
    tx.max_fee_per_gas = 20;
    tx.max_priority_fee_per_gas = 2;
    tx.to = kRecipient;
    tx.value = 1000;
  }

  std::optional<TxError> apply(evm::Revision rev = evm::Revision::kCancun) {
    return apply_transaction(state, block, tx, kSender, rev).error;
  }
};

TEST(Transition, ValueTransferPaysEffectivePriceAndTip) {
  Fixture f;
  const TxOutcome out = apply_transaction(f.state, f.block, f.tx, kSender, evm::Revision::kCancun);
  ASSERT_FALSE(out.error);
  EXPECT_EQ(out.receipt.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(out.receipt.gas_used, 21000);
  // Effective price = base fee 10 + tip 2; the base fee is burnt, the tip goes to the coinbase.
  EXPECT_EQ(f.state.find(kSender)->balance, uint256(1'000'000'000 - 1000 - 21000 * 12));
  EXPECT_EQ(f.state.find(kSender)->nonce, 4u);
  EXPECT_EQ(f.state.find(kRecipient)->balance, 1000);
  EXPECT_EQ(f.state.find(kCoinbase)->balance, uint256(21000 * 2));
}

TEST(Transition, ZeroValueTransferToNobodyLeavesNoEmptyAccount) {
  Fixture f;
  f.tx.value = 0;
  f.tx.max_priority_fee_per_gas = 0;
  ASSERT_FALSE(f.apply());
  EXPECT_EQ(f.state.find(kRecipient), nullptr);  // touched, empty: deleted (EIP-161)
  EXPECT_EQ(f.state.find(kCoinbase), nullptr);   // zero tip: touched and deleted too
}

TEST(Transition, RejectsNonceMismatch) {
  Fixture f;
  f.tx.nonce = 2;
  EXPECT_EQ(f.apply(), TxError::kNonceTooLow);
  f.tx.nonce = 4;
  EXPECT_EQ(f.apply(), TxError::kNonceTooHigh);
}

TEST(Transition, RejectsInsufficientFundsForGasAndValue) {
  Fixture f;
  f.tx.value = 1'000'000'000 - 21000 * 20 + 1;  // one more than affordable at the fee cap
  EXPECT_EQ(f.apply(), TxError::kInsufficientFunds);
  // A rejected transaction changes nothing.
  EXPECT_EQ(f.state.find(kSender)->balance, 1'000'000'000);
  EXPECT_EQ(f.state.find(kSender)->nonce, 3u);
  EXPECT_EQ(f.state.find(kRecipient), nullptr);
}

TEST(Transition, RejectsGasPriceProductOverflow) {
  Fixture f;
  f.tx.max_fee_per_gas = ~uint256(0);
  f.tx.gas_limit = 21001;
  EXPECT_EQ(f.apply(), TxError::kGasPriceProductOverflow);
}

TEST(Transition, RejectsIntrinsicGasTooLow) {
  Fixture f;
  f.tx.gas_limit = 20999;
  EXPECT_EQ(f.apply(), TxError::kIntrinsicGasTooLow);
  f.tx.gas_limit = 21000;
  f.tx.data = {1};  // one non-zero byte costs 16 more
  EXPECT_EQ(f.apply(), TxError::kIntrinsicGasTooLow);
}

TEST(Transition, RejectsFeeRules) {
  Fixture f;
  f.tx.max_fee_per_gas = 9;
  f.tx.max_priority_fee_per_gas = 1;
  EXPECT_EQ(f.apply(), TxError::kMaxFeeBelowBaseFee);
  f.tx.max_fee_per_gas = 20;
  f.tx.max_priority_fee_per_gas = 21;
  EXPECT_EQ(f.apply(), TxError::kPriorityAboveMaxFee);
}

TEST(Transition, RejectsGasAboveBlockLimit) {
  Fixture f;
  f.tx.gas_limit = 30'000'001;
  EXPECT_EQ(f.apply(), TxError::kGasAllowanceExceeded);
}

TEST(Transition, RejectsSenderWithCode) {
  Fixture f;
  exec::Account sender = *f.state.find(kSender);
  sender.code = {0x00};
  f.state.put_account(kSender, sender);
  EXPECT_EQ(f.apply(), TxError::kSenderNotEoa);
}

TEST(Transition, RejectsMaxNonce) {
  Fixture f;
  exec::Account sender = *f.state.find(kSender);
  sender.nonce = ~std::uint64_t{0};
  f.state.put_account(kSender, sender);
  f.tx.nonce = ~std::uint64_t{0};
  EXPECT_EQ(f.apply(), TxError::kNonceIsMax);
}

TEST(Transition, RejectsOversizeInitcode) {
  Fixture f;
  f.tx.to.reset();
  f.tx.gas_limit = 10'000'000;
  f.tx.data.assign(tx::kMaxInitcodeSize + 1, 0);
  EXPECT_EQ(f.apply(), TxError::kInitcodeSizeExceeded);
}

TEST(Transition, RejectsWrongChainId) {
  Fixture f;
  f.tx.chain_id = 5;
  EXPECT_EQ(f.apply(), TxError::kWrongChainId);
}

TEST(Transition, BlobTransactionRules) {
  Fixture f;
  f.tx.type = tx::Type::kBlob;
  f.tx.max_fee_per_blob_gas = 1;
  EXPECT_EQ(f.apply(), TxError::kBlobZeroBlobs);
  Hash256 h;
  h[0] = 0x01;
  f.tx.blob_versioned_hashes.assign(7, h);
  EXPECT_EQ(f.apply(), TxError::kBlobCountExceeded);
  f.tx.blob_versioned_hashes.assign(1, h);
  f.tx.blob_versioned_hashes[0][0] = 0x02;
  EXPECT_EQ(f.apply(), TxError::kBlobInvalidVersionedHash);
  f.tx.blob_versioned_hashes[0][0] = 0x01;
  f.tx.max_fee_per_blob_gas = 0;
  EXPECT_EQ(f.apply(), TxError::kBlobFeeBelowBlobBaseFee);
  f.tx.max_fee_per_blob_gas = 1;
  f.tx.to.reset();
  EXPECT_EQ(f.apply(), TxError::kBlobContractCreation);
  f.tx.to = kRecipient;
  EXPECT_FALSE(f.apply());
  // The blob fee (one blob at blob base fee 1) is charged on top of the gas.
  EXPECT_EQ(f.state.find(kSender)->balance,
            uint256(1'000'000'000 - 1000 - 21000 * 12 - kBlobGasPerBlob));
}

TEST(Transition, BlobBaseFeeFollowsFakeExponential) {
  EXPECT_EQ(blob_base_fee(0), 1);
  EXPECT_EQ(blob_base_fee(kBlobBaseFeeUpdateFraction), 2);           // floor(e)
  EXPECT_EQ(blob_base_fee(10 * kBlobBaseFeeUpdateFraction), 22026);  // floor(e^10)
  EXPECT_EQ(blob_base_fee(5007716, 5007716), 2);                     // Prague's fraction (EIP-7691)
}

// EIP-7691: Prague raises the blobs a block (and so a transaction) may carry from 6 to 9, and a
// schedule given with the block (a state test's config.blobSchedule) overrides the fork's.
TEST(Transition, BlobScheduleFollowsTheForkOrTheBlock) {
  EXPECT_EQ(blob_schedule(evm::Revision::kCancun), (BlobSchedule{3, 6, 3338477}));
  EXPECT_EQ(blob_schedule(evm::Revision::kPrague), (BlobSchedule{6, 9, 5007716}));
  EXPECT_EQ(blob_schedule(evm::Revision::kOsaka), (BlobSchedule{6, 9, 5007716}));
  Fixture f;
  f.tx.type = tx::Type::kBlob;
  f.tx.max_fee_per_blob_gas = 1;
  Hash256 h;
  h[0] = 0x01;
  f.tx.blob_versioned_hashes.assign(7, h);
  EXPECT_EQ(f.apply(evm::Revision::kCancun), TxError::kBlobCountExceeded);
  f.block.blob_schedule = BlobSchedule{.target = 3, .max = 7, .update_fraction = 3338477};
  EXPECT_EQ(f.apply(evm::Revision::kCancun), std::nullopt);
  f.block.blob_schedule.reset();
  f.tx.nonce = 4;
  EXPECT_EQ(f.apply(evm::Revision::kPrague), std::nullopt);
  f.tx.nonce = 5;
  f.tx.blob_versioned_hashes.assign(10, h);
  EXPECT_EQ(f.apply(evm::Revision::kPrague), TxError::kBlobCountExceeded);
}

// EIP-4844's excess blob gas, with EIP-7918's bound from Osaka: while blobs cost less than
// execution (blob base fee * 2^17 below base fee * 2^13), the excess only grows.
TEST(Transition, ExcessBlobGasFollowsTheScheduleAndOsakasBound) {
  const BlobSchedule prague = blob_schedule(evm::Revision::kPrague);
  const std::uint64_t blob = kBlobGasPerBlob;
  // Below the target (6 blobs): back to 0.
  EXPECT_EQ(next_excess_blob_gas(
                {.excess_blob_gas = blob, .blob_gas_used = 4 * blob, .base_fee = 1'000'000'000},
                prague, evm::Revision::kOsaka),
            0u);
  const ParentBlobGas parent{
      .excess_blob_gas = blob, .blob_gas_used = 6 * blob, .base_fee = 1'000'000'000};
  // Prague: excess + used - target.
  EXPECT_EQ(next_excess_blob_gas(parent, prague, evm::Revision::kPrague), blob);
  // Osaka, blob base fee 1 against a base fee of 1 gwei: excess + used * (9 - 6) / 9.
  EXPECT_EQ(next_excess_blob_gas(parent, prague, evm::Revision::kOsaka), blob + 2 * blob);
  // Osaka with a base fee blobs already outprice: the Prague rule.
  ParentBlobGas cheap = parent;
  cheap.base_fee = 0;
  EXPECT_EQ(next_excess_blob_gas(cheap, prague, evm::Revision::kOsaka), blob);
  // Cancun's schedule: target 3 blobs.
  EXPECT_EQ(
      next_excess_blob_gas(parent, blob_schedule(evm::Revision::kCancun), evm::Revision::kCancun),
      4 * blob);
}

}  // namespace
}  // namespace plexus::transition
