// Receiving: deliverMessage checks a signed message against the block's platform height and
// calls the receiver with (source, sender, body); a receiver that fails leaves the message
// "failed" until retryMessage succeeds; a replay, a forged certificate or a height the block
// does not know is refused by name, changes nothing and costs only the check.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "foreign_call.hpp"
#include "messaging/abi_words.hpp"
#include "messaging/messenger_vm.hpp"

namespace plexus::messaging {
namespace {

SubnetKey subnet(Byte first) {
  SubnetKey key;
  key[0] = first;
  return key;
}

Address address(Byte last) {
  Address a;
  a[19] = last;
  return a;
}

Bytes32 slot(std::uint64_t n) {
  Bytes32 w;
  w[31] = static_cast<Byte>(n);
  return w;
}

// EVM receiver: stores CALLER at slot 0, the source (first argument) at 1, the sender at 2.
const char* kRecordingReceiver = "0x3360005560043560015560243560025500";
const char* kRevertingReceiver = "0x60006000fd";

class Delivery : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kNetwork = 0x01020304;

  Delivery() {
    for (Byte i = 0; i < 4; ++i)
      keys_.push_back(bls::SecretKey::key_gen(Bytes(32, 0x20 + i)).value());
    for (const auto& k : keys_) set_.push_back({k.public_key(), 10});
    std::sort(set_.begin(), set_.end(), [](const auto& a, const auto& b) {
      return to_hex(a.key.to_bytes().view()) < to_hex(b.key.to_bytes().view());
    });
    Receiving receiving;
    receiving.validators = [this](const SubnetKey& source, std::uint64_t height)
        -> Result<std::optional<std::vector<consensus::CertificateSigner>>> {
      if (source != subnet(0x5c) || height != 10) return std::nullopt;
      return set_;
    };
    vm_ = std::make_unique<MessengerVm>(kNetwork, subnet(0xde), kDefaultMaxPayload, receiving);
    vms_.messenger = vm_.get();
  }

  UnsignedMessage message(std::uint64_t nonce, const Address& receiver) {
    AddressedCall call;
    call.nonce = nonce;
    call.sender = address(0x5e);
    call.destination = subnet(0xde);
    call.receiver = receiver;
    call.body = {1, 2, 3};
    return {kNetwork, subnet(0x5c), encode_addressed_call(call)};
  }

  // Signed by `signers` of the four (by certificate position).
  Bytes signed_by(const UnsignedMessage& m, std::size_t signers = 3) {
    const Bytes bytes = signing_bytes(message_id(m));
    std::vector<std::pair<std::size_t, bls::Signature>> shares;
    for (std::size_t at = 0; at < signers; ++at)
      for (const auto& k : keys_)
        if (to_hex(k.public_key().to_bytes().view()) == to_hex(set_[at].key.to_bytes().view()))
          shares.emplace_back(at, bls::sign(k, bytes));
    return encode_signed({m, 10, certify_message(shares, set_.size()).value()});
  }

  evm::ExecResult call(BytesView input, std::uint64_t platform_height = 10) {
    return testing::run_foreign_call(state_, vms_,
                                     {.from = address(0xAA),
                                      .to = exec::kMessenger,
                                      .input = input,
                                      .gas = 2'000'000,
                                      .is_static = false,
                                      .platform_height = platform_height},
                                     last_error_);
  }

  std::uint64_t status(const Hash256& id) {
    const evm::ExecResult r = call(encode_status_call(id));
    EXPECT_EQ(r.status, evm::StatusCode::kSuccess) << last_error_;
    std::uint64_t out = 0;
    EXPECT_TRUE(abi::small_word(r.output, out));
    return out;
  }

  // The revert reason of a refused call (Error(string)), which must have cost only the check.
  std::string refused(BytesView input, std::uint64_t platform_height = 10) {
    const std::size_t logs = state_.logs().size();
    const evm::ExecResult r = call(input, platform_height);
    EXPECT_EQ(r.status, evm::StatusCode::kRevert);
    EXPECT_GT(r.gas_left, 2'000'000 - 2 * kDeliverBaseGas) << "a refusal costs the check only";
    EXPECT_EQ(state_.logs().size(), logs);
    const auto text = abi::bytes_at(BytesView(r.output).subspan(4), 0);
    return text ? std::string(text->begin(), text->end()) : "?";
  }

  // The MessageReceived logs' `delivered` flags, in order.
  std::vector<bool> outcomes() {
    std::vector<bool> out;
    for (const exec::Log& log : state_.logs())
      if (log.topics.at(0) == message_received_topic()) out.push_back(log.data.at(63) == 1);
    return out;
  }

  std::vector<bls::SecretKey> keys_;
  std::vector<consensus::CertificateSigner> set_;
  std::unique_ptr<MessengerVm> vm_;
  exec::ForeignVms vms_;
  exec::State state_;
  std::string last_error_;
};

TEST_F(Delivery, TheReceiverIsCalledOnceWithSourceAndSender) {
  state_.set_code(address(0xC0), from_hex(kRecordingReceiver).value());
  const UnsignedMessage m = message(7, address(0xC0));
  const evm::ExecResult r = call(encode_deliver_call(signed_by(m)));
  ASSERT_EQ(r.status, evm::StatusCode::kSuccess) << last_error_;
  EXPECT_EQ(r.output.back(), 1) << "delivered";
  EXPECT_EQ(state_.get_storage(address(0xC0), slot(0)),
            Bytes32::right_aligned(exec::kMessenger.view()))
      << "the messenger calls the receiver";
  EXPECT_EQ(state_.get_storage(address(0xC0), slot(1)),
            Bytes32::right_aligned(subnet(0x5c).view()));
  EXPECT_EQ(state_.get_storage(address(0xC0), slot(2)),
            Bytes32::right_aligned(address(0x5e).view()));
  EXPECT_EQ(outcomes(), std::vector<bool>{true});
  EXPECT_EQ(status(message_id(m)), 1u);
  // The same message again, however signed, is a replay.
  EXPECT_EQ(
      refused(encode_deliver_call(signed_by(m, 4))),
      "messenger: message: nonce 7 from subnet " + to_hex(subnet(0x5c)) + " was delivered already");
  EXPECT_EQ(refused(encode_retry_call(encode_unsigned(m))),
            "messenger: message " + to_hex(message_id(m)) + " was delivered already");
}

TEST_F(Delivery, AFailedDeliveryIsKeptAndRetried) {
  state_.set_code(address(0xC1), from_hex(kRevertingReceiver).value());
  const UnsignedMessage m = message(1, address(0xC1));
  const evm::ExecResult r = call(encode_deliver_call(signed_by(m)));
  ASSERT_EQ(r.status, evm::StatusCode::kSuccess) << "the delivery itself succeeds";
  EXPECT_EQ(r.output.back(), 0);
  EXPECT_EQ(status(message_id(m)), 2u) << "failed";
  // Still failing: still failed.
  ASSERT_EQ(call(encode_retry_call(encode_unsigned(m))).status, evm::StatusCode::kSuccess);
  EXPECT_EQ(status(message_id(m)), 2u);
  // The receiver is fixed; a retry by anyone delivers it, once.
  state_.set_code(address(0xC1), from_hex(kRecordingReceiver).value());
  ASSERT_EQ(call(encode_retry_call(encode_unsigned(m))).status, evm::StatusCode::kSuccess);
  EXPECT_EQ(status(message_id(m)), 1u);
  EXPECT_EQ(state_.get_storage(address(0xC1), slot(2)),
            Bytes32::right_aligned(address(0x5e).view()));
  EXPECT_EQ(outcomes(), (std::vector<bool>{false, false, true}));
  // A receiver without code fails the same way, and a message never received cannot be retried.
  const UnsignedMessage nobody = message(2, address(0xC9));
  ASSERT_EQ(call(encode_deliver_call(signed_by(nobody))).status, evm::StatusCode::kSuccess);
  EXPECT_EQ(status(message_id(nobody)), 2u);
  const UnsignedMessage unknown = message(3, address(0xC1));
  EXPECT_EQ(refused(encode_retry_call(encode_unsigned(unknown))),
            "messenger: message " + to_hex(message_id(unknown)) + " has not been received here");
}

TEST_F(Delivery, RefusalsChangeNothing) {
  state_.set_code(address(0xC0), from_hex(kRecordingReceiver).value());
  const UnsignedMessage m = message(4, address(0xC0));
  EXPECT_EQ(refused(encode_deliver_call(signed_by(m)), 9),
            "messenger: message: signed at platform height 10, after this block's platform "
            "height 9");
  EXPECT_EQ(refused(encode_deliver_call(signed_by(m, 2))),
            "messenger: message: certificate: the signers hold 20 of 40 weight; at least "
            "6700/10000 is needed");
  UnsignedMessage elsewhere = m;
  elsewhere.network_id = 5;
  EXPECT_EQ(refused(encode_deliver_call(signed_by(elsewhere))),
            "messenger: message: for network 5, this is network 16909060");
  EXPECT_EQ(status(message_id(m)), 0u);
  EXPECT_EQ(state_.get_storage(address(0xC0), slot(0)), Bytes32{});
  // After all that, the genuine message is still deliverable.
  ASSERT_EQ(call(encode_deliver_call(signed_by(m))).status, evm::StatusCode::kSuccess);
  EXPECT_EQ(status(message_id(m)), 1u);
}

TEST_F(Delivery, ANodeWithoutTheSetsDeliversNothing) {
  MessengerVm lone(kNetwork, subnet(0xde));
  vms_.messenger = &lone;
  const evm::ExecResult r = call(encode_deliver_call(signed_by(message(0, address(0xC0)))));
  EXPECT_NE(r.status, evm::StatusCode::kSuccess);
  EXPECT_EQ(last_error_,
            "messenger: not supported: receiving messages on a node without the platform's sets");
}

}  // namespace
}  // namespace plexus::messaging
