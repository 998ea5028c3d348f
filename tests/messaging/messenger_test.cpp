// Sending: a call to exec::kMessenger (from a user, or from a contract that may revert) becomes
// a MessageSent log holding the unsigned message, with the source subnet's next nonce; every
// misuse fails with its reason and leaves nothing.
#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "foreign_call.hpp"
#include "messaging/messenger_vm.hpp"

namespace plexus::messaging {
namespace {

Address address(Byte last) {
  Address a;
  a[19] = last;
  return a;
}

Bytes32 word(std::uint64_t value) {
  Bytes32 w;
  for (std::size_t i = 0; i < 8; ++i) w[31 - i] = static_cast<Byte>(value >> (8 * i));
  return w;
}

// sendMessage(destination, receiver, body) as Solidity encodes it.
Bytes send_call(const SubnetKey& destination, const Address& receiver, BytesView body) {
  Bytes out(4);
  const std::uint32_t selector = send_message_selector();
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<Byte>(selector >> (24 - 8 * i));
  const auto append = [&out](BytesView bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
  };
  append(destination.view());
  append(Bytes32::right_aligned(receiver.view()).view());
  append(word(0x60).view());
  append(word(body.size()).view());
  append(body);
  out.resize(out.size() + (32 - body.size() % 32) % 32, 0);
  return out;
}

// EVM code: forwards its calldata to the messenger with CALL, stores the call's success flag at
// slot 1, then STOPs or REVERTs.
Bytes forwarder(bool revert_after) {
  return from_hex(
             "0x366000600037602060003660006000"
             "73" +
             to_hex(exec::kMessenger, false) + "5af1600155" + (revert_after ? "60006000fd" : "00"))
      .value();
}

class Messenger : public ::testing::Test {
 protected:
  Messenger() : vm_(0x01020304, source()) {
    vms_.messenger = &vm_;
    destination_[0] = 0xde;
  }
  static SubnetKey source() {
    SubnetKey key;
    key[0] = 0x5c;
    return key;
  }

  evm::ExecResult call(const Address& to, BytesView input, bool is_static = false,
                       std::int64_t gas = 1'000'000) {
    return testing::run_foreign_call(
        state_, vms_, {.from = kUser, .to = to, .input = input, .gas = gas, .is_static = is_static},
        last_error_);
  }

  // The messages the logs hold, decoded.
  std::vector<AddressedCall> sent() {
    std::vector<AddressedCall> out;
    for (const exec::Log& log : state_.logs()) {
      EXPECT_EQ(log.address, exec::kMessenger);
      EXPECT_EQ(log.topics.at(0), message_sent_topic());
      const BytesView data = log.data;
      const std::size_t size = data[63];  // small messages: the length's last byte
      const UnsignedMessage m = decode_unsigned(data.subspan(64, size)).value();
      EXPECT_EQ(m.network_id, 0x01020304u);
      EXPECT_EQ(m.source, source());
      EXPECT_EQ(log.topics.at(1), message_id(m));
      out.push_back(decode_addressed_call(m.payload).value());
      EXPECT_EQ(log.topics.at(2), out.back().destination);
    }
    return out;
  }

  const Address kUser = address(0xAA);
  exec::State state_;
  MessengerVm vm_;
  exec::ForeignVms vms_;
  SubnetKey destination_;
  std::string last_error_;
};

TEST_F(Messenger, ASendBecomesALogWithTheNextNonce) {
  const Bytes body{1, 2, 3};
  const evm::ExecResult first = call(exec::kMessenger, send_call(destination_, address(7), body));
  ASSERT_EQ(first.status, evm::StatusCode::kSuccess) << last_error_;
  EXPECT_EQ(first.gas_left,
            1'000'000 - kSendBaseGas -
                kSendGasPerByte * static_cast<std::int64_t>(kAddressedCallHeaderSize + 3));
  ASSERT_EQ(call(exec::kMessenger, send_call(destination_, address(8), {})).status,
            evm::StatusCode::kSuccess);
  const auto calls = sent();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].nonce, 0u);
  EXPECT_EQ(calls[0].sender, kUser);
  EXPECT_EQ(calls[0].receiver, address(7));
  EXPECT_EQ(calls[0].destination, destination_);
  EXPECT_EQ(calls[0].body, body);
  EXPECT_EQ(calls[1].nonce, 1u);
  EXPECT_EQ(calls[1].receiver, address(8));
  // The call answers the message's id.
  EXPECT_EQ(Bytes32::right_aligned(first.output), state_.logs()[0].topics[1]);
}

TEST_F(Messenger, AContractThatRevertsSendsNothing) {
  const Bytes input = send_call(destination_, address(7), Bytes{9});
  state_.set_code(address(0xE0), forwarder(/*revert_after=*/true));
  EXPECT_EQ(call(address(0xE0), input).status, evm::StatusCode::kRevert);
  EXPECT_TRUE(state_.logs().empty());
  state_.set_code(address(0xE1), forwarder(/*revert_after=*/false));
  ASSERT_EQ(call(address(0xE1), input).status, evm::StatusCode::kSuccess);
  const auto calls = sent();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].nonce, 0u) << "the reverted send used no nonce";
  EXPECT_EQ(calls[0].sender, address(0xE1)) << "the calling contract is the sender";
}

TEST_F(Messenger, MisuseFailsWithItsReason) {
  const auto refused = [&](BytesView input, bool is_static = false, std::int64_t gas = 1'000'000) {
    EXPECT_NE(call(exec::kMessenger, input, is_static, gas).status, evm::StatusCode::kSuccess);
    EXPECT_TRUE(state_.logs().empty());
    return last_error_;
  };
  const Bytes good = send_call(destination_, address(7), Bytes{1});
  EXPECT_EQ(refused(good, /*is_static=*/true),
            "messenger: sending a message changes state: not in a static call");
  Bytes selector = good;
  selector[0] ^= 1;
  EXPECT_EQ(refused(selector),
            "messenger: unknown function; the messenger has sendMessage(bytes32,address,bytes), "
            "deliverMessage(bytes), retryMessage(bytes) and messageStatus(bytes32)");
  EXPECT_EQ(refused(BytesView(good).first(40)),
            "messenger: expected sendMessage(bytes32,address,bytes)");
  Bytes receiver = good;
  receiver[36] = 1;
  EXPECT_EQ(refused(receiver), "messenger: receiver: not an address");
  Bytes length = good;
  length[4 + 96 + 31] = 0xff;  // a body longer than the calldata
  EXPECT_EQ(refused(length), "messenger: body: malformed ABI bytes");
  EXPECT_EQ(refused(send_call(destination_, address(7), Bytes(kDefaultMaxPayload, 0))),
            "messenger: body of 16384 bytes: a message's payload is at most 16384 bytes");
  EXPECT_EQ(refused(good, false, 1000), "messenger: out of gas");
}

}  // namespace
}  // namespace plexus::messaging
