// plexus-statetest's reading of the newer fixture format: `config` (chain id, blob schedule per
// fork), post entries per fork with `txbytes`, an EIP-7702 `authorizationList`, on a small fixture
// written here with a transaction signed in the test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "core/secp256k1.hpp"
#include "state_test.hpp"

namespace plexus::statetest {
namespace {

using nlohmann::json;

const secp256k1::PrivateKey& sender_key() {
  static const secp256k1::PrivateKey key = secp256k1::PrivateKey::from_seed(Bytes{7});
  return key;
}

Address target() {
  Address a;
  a[19] = 0x42;
  return a;
}

// The set-code transaction the fixture describes, signed for chain 10.
tx::Transaction fixture_tx() {
  tx::Transaction t;
  t.type = tx::Type::kSetCode;
  t.chain_id = 10;
  t.nonce = 0;
  t.max_fee_per_gas = 10;
  t.max_priority_fee_per_gas = 1;
  t.gas_limit = 100'000;
  t.to = target();
  t.value = 5;
  t.data = {0xab, 0xcd};
  tx::Authorization auth;
  auth.chain_id = 10;
  auth.address = target();
  auth.nonce = 1;
  auth.y_parity = 1;
  auth.r = 2;
  auth.s = 3;
  t.authorization_list = {auth};
  return t;
}

std::string signed_hex(tx::Transaction t, const secp256k1::PrivateKey& key) {
  tx::sign(t, key);
  return to_hex(tx::encode(t));
}

json fixture(const std::string& txbytes) {
  const std::string sender = to_hex(sender_key().address());
  const json schedule = {
      {"Cancun", {{"target", "0x03"}, {"max", "0x06"}, {"baseFeeUpdateFraction", "0x32f0ed"}}},
      {"Prague", {{"target", "0x06"}, {"max", "0x09"}, {"baseFeeUpdateFraction", "0x4c6964"}}}};
  const json auth = json::array({{{"chainId", "0x0a"},
                                  {"address", to_hex(target())},
                                  {"nonce", "0x01"},
                                  {"v", "0x01"},
                                  {"r", "0x02"},
                                  {"s", "0x03"},
                                  {"signer", sender}}});
  const json cases = json::array({{{"indexes", {{"data", 0}, {"gas", 0}, {"value", 0}}},
                                   {"hash", "0x" + std::string(64, '1')},
                                   {"logs", "0x" + std::string(64, '2')},
                                   {"txbytes", txbytes}}});
  return {{"set_code_format",
           {{"env",
             {{"currentCoinbase", to_hex(target())},
              {"currentGasLimit", "0x1c9c380"},
              {"currentNumber", "0x01"},
              {"currentTimestamp", "0x03e8"},
              {"currentBaseFee", "0x07"},
              {"currentExcessBlobGas", "0x00"}}},
            {"pre",
             {{sender,
               {{"nonce", "0x00"},
                {"balance", "0x3b9aca00"},
                {"code", "0x"},
                {"storage", json::object()}}}}},
            {"transaction",
             {{"nonce", "0x00"},
              {"maxFeePerGas", "0x0a"},
              {"maxPriorityFeePerGas", "0x01"},
              {"gasLimit", {"0x0186a0"}},
              {"to", to_hex(target())},
              {"value", {"0x05"}},
              {"data", {"0xabcd"}},
              {"sender", sender},
              {"authorizationList", auth},
              {"secretKey", "0x" + std::string(64, '0')}}},
            {"post", {{"Prague", cases}, {"Osaka", cases}}},
            {"config", {{"chainid", "0x0a"}, {"blobSchedule", schedule}}}}}};
}

// Writes the fixture to a file and loads it as the runner does.
StateTest load(const json& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("plexus_statetest_format_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << content.dump();
  auto tests = load_state_test_file(path);
  std::filesystem::remove(path);
  EXPECT_TRUE(tests) << tests.error().message;
  EXPECT_EQ(tests->size(), 1u);
  return std::move(tests->front());
}

TEST(StateTestFormat, ReadsConfigBlobScheduleAuthorizationsAndPerForkPosts) {
  const StateTest test = load(fixture(signed_hex(fixture_tx(), sender_key())));
  EXPECT_EQ(test.block.chain_id, uint256(10));
  EXPECT_EQ(test.tx.chain_id, uint256(10));
  EXPECT_EQ(test.tx.type, tx::Type::kSetCode);
  ASSERT_EQ(test.tx.authorization_list.size(), 1u);
  EXPECT_EQ(test.tx.authorization_list[0].address, target());
  EXPECT_EQ(test.tx.authorization_list[0].nonce, 1u);
  EXPECT_EQ(test.post.size(), 2u);
  ASSERT_TRUE(test.post.contains("Osaka"));
  ASSERT_TRUE(test.post.at("Prague")[0].txbytes.has_value());
  EXPECT_EQ(test.blob_schedules.at("Prague"),
            (transition::BlobSchedule{.target = 6, .max = 9, .update_fraction = 5007716}));
  EXPECT_EQ(test.blob_schedules.at("Cancun").update_fraction, 3338477u);
  // A fork the schedule names gets it with its block; one it does not keeps the fork's own.
  EXPECT_EQ(case_block(test, "Prague").blob_schedule, test.blob_schedules.at("Prague"));
  EXPECT_FALSE(case_block(test, "Osaka").blob_schedule.has_value());
}

TEST(StateTestFormat, RunsTheSignedBytesWhenTheyMatchTheCase) {
  const StateTest test = load(fixture(signed_hex(fixture_tx(), sender_key())));
  const ExpectedCase& c = test.post.at("Prague")[0];
  const auto tx = case_transaction(test, c, evm::Revision::kPrague);
  ASSERT_TRUE(tx) << tx.error().message;
  EXPECT_EQ(tx->chain_id, uint256(10));
  EXPECT_EQ(tx->type, tx::Type::kSetCode);
  EXPECT_EQ(tx->authorization_list.size(), 1u);
  EXPECT_NE(tx->r, uint256(0));  // the decoded, signed transaction

  // Signed by someone else than the test's sender.
  const auto other = secp256k1::PrivateKey::from_seed(Bytes{8});
  const StateTest forged = load(fixture(signed_hex(fixture_tx(), other)));
  const auto refused =
      case_transaction(forged, forged.post.at("Prague")[0], evm::Revision::kPrague);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("txbytes signed by"), std::string::npos);

  // Bytes that disagree with the case's fields.
  tx::Transaction changed = fixture_tx();
  changed.value = 6;
  const StateTest differing = load(fixture(signed_hex(changed, sender_key())));
  const auto mismatch =
      case_transaction(differing, differing.post.at("Prague")[0], evm::Revision::kPrague);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message, "txbytes differ from the transaction's fields");

  // Bytes that do not decode.
  const StateTest broken = load(fixture("0x04c0"));
  EXPECT_FALSE(case_transaction(broken, broken.post.at("Prague")[0], evm::Revision::kPrague));
}

}  // namespace
}  // namespace plexus::statetest
