// Frames and envelopes: round trips, and every rejection with the rule it names.
#include <gtest/gtest.h>

#include "core/rlp.hpp"
#include "net/envelope.hpp"
#include "net/frame.hpp"

namespace plexus::net {
namespace {

Message sample(MessageKind kind, std::size_t payload_size) {
  Message m{.kind = kind, .subnet = {}, .payload = Bytes(payload_size, 0xab)};
  m.subnet[0] = 0x42;
  m.subnet[31] = 0x07;
  return m;
}

TEST(Frame, RoundTripsEveryKindThroughOneByteAtATime) {
  Bytes stream;
  std::vector<Message> sent;
  for (std::uint8_t k = 1; k <= kMaxMessageKind; ++k) {
    sent.push_back(sample(static_cast<MessageKind>(k), k * 100));
    ASSERT_TRUE(append_frame(stream, encode_envelope(sent.back())));
  }
  FrameDecoder decoder;
  std::vector<Message> received;
  for (Byte b : stream) {
    decoder.feed(BytesView{&b, 1});
    auto frame = decoder.next();
    ASSERT_TRUE(frame) << frame.error().message;
    if (!*frame) continue;
    auto message = decode_envelope(**frame);
    ASSERT_TRUE(message) << message.error().message;
    received.push_back(std::move(*message));
  }
  EXPECT_EQ(received, sent);
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(Frame, SeveralFramesInOneRead) {
  Bytes stream;
  ASSERT_TRUE(append_frame(stream, as_bytes("one")));
  ASSERT_TRUE(append_frame(stream, as_bytes("two")));
  FrameDecoder decoder;
  decoder.feed(stream);
  EXPECT_EQ(**decoder.next(), to_bytes(as_bytes("one")));
  EXPECT_EQ(**decoder.next(), to_bytes(as_bytes("two")));
  EXPECT_FALSE(*decoder.next());
}

TEST(Frame, PayloadAtTheCapPassesOneOverIsRefused) {
  Bytes stream;
  const Bytes at_cap(1000, 1);
  ASSERT_TRUE(append_frame(stream, at_cap, 1000));
  EXPECT_EQ(append_frame(stream, Bytes(1001, 1), 1000).error().code, Errc::kLimitExceeded);
  EXPECT_EQ(append_frame(stream, {}, 1000).error().code, Errc::kInvalidArgument);
  FrameDecoder decoder(1000);
  decoder.feed(stream);
  EXPECT_EQ(**decoder.next(), at_cap);
}

TEST(Frame, FourGibClaimIsRefusedAtTheHeader) {
  FrameDecoder decoder;  // 2 MiB default
  const Byte header[] = {0xff, 0xff, 0xff, 0xff};
  decoder.feed(header);
  const auto frame = decoder.next();
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(frame.error().message, "frame: length 4294967295 exceeds the cap of 2097152 bytes");
  EXPECT_EQ(decoder.buffered(), 4u);  // nothing was reserved for the claim
  // The stream is out of step for good: more bytes do not revive it.
  decoder.feed(Bytes(10, 0));
  EXPECT_FALSE(decoder.next());
}

TEST(Frame, EmptyFrameIsRefused) {
  FrameDecoder decoder;
  decoder.feed(Bytes(4, 0));
  const auto frame = decoder.next();
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error().message, "frame: empty frame");
}

TEST(Frame, LoweredCapAppliesToTheNextHeader) {
  FrameDecoder decoder;
  decoder.set_max_frame(16);
  Bytes stream;
  ASSERT_TRUE(append_frame(stream, Bytes(17, 1)));
  decoder.feed(stream);
  EXPECT_EQ(decoder.next().error().code, Errc::kLimitExceeded);
}

TEST(Envelope, RejectionsNameTheRule) {
  auto error_of = [](const Bytes& encoded) { return decode_envelope(encoded).error().message; };
  EXPECT_EQ(error_of(rlp::encode_string(as_bytes("x"))), "envelope: not an RLP list");

  auto list = [](std::vector<Bytes> items) { return rlp::encode_list(items); };
  const Bytes subnet = rlp::encode_string(SubnetId{}.view());
  const Bytes payload = rlp::encode_string(as_bytes("p"));
  EXPECT_EQ(error_of(list({rlp::encode_uint(1), subnet})), "envelope: expected 3 fields, got 2");
  EXPECT_EQ(error_of(list({rlp::encode_uint(10), subnet, payload})),
            "envelope: unknown message kind 10");
  EXPECT_EQ(error_of(list({rlp::encode_uint(0), subnet, payload})),
            "envelope: unknown message kind 0");
  EXPECT_EQ(error_of(list({rlp::encode_uint(1), rlp::encode_string(Bytes(31, 0)), payload})),
            "envelope: subnet id must be 32 bytes, got 31");
  EXPECT_EQ(error_of(list({rlp::encode_uint(1), subnet, list({})})),
            "envelope: payload must be a byte string");
  EXPECT_EQ(error_of(list({list({}), subnet, payload})), "envelope: kind must be an integer");

  Bytes trailing = encode_envelope(sample(MessageKind::kPing, 1));
  trailing.push_back(0);
  EXPECT_FALSE(decode_envelope(trailing));
  EXPECT_FALSE(decode_envelope({}));
}

TEST(Envelope, DefaultPrioritiesPutConsensusFirst) {
  EXPECT_EQ(default_priority(MessageKind::kConsensus), Priority::kConsensus);
  EXPECT_EQ(default_priority(MessageKind::kBlockResponse), Priority::kBlocks);
  EXPECT_EQ(default_priority(MessageKind::kBlockAnnounce), Priority::kBlocks);
  EXPECT_EQ(default_priority(MessageKind::kTransactions), Priority::kTransactions);
  EXPECT_EQ(default_priority(MessageKind::kPing), Priority::kConsensus);
}

}  // namespace
}  // namespace plexus::net
