// The router envelope and creation payload: byte layout, round trips and rejections.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "move/adapter/envelope.hpp"
#include "router_fixture.hpp"

namespace plexus::move::testing {
namespace {

TEST(MoveEnvelope, EntryCallBytesAreTheDocumentedLayout) {
  Bytes module(32, 0);
  module[31] = 0x01;
  TypeTag string_tag{TypeTag::Kind::kStruct, module, "string", "String", {}};
  const EntryCall call{module, "option", "some", {string_tag}, {Bytes{2, 'h', 'i'}}};
  const Bytes bytes = encode_router_call(call);
  // The example of docs/MOVE_SUBNET.md.
  EXPECT_EQ(to_hex(bytes, false), "00" + std::string(62, '0') + "01" + "066f7074696f6e" +
                                      "04736f6d65" + "01" + "07" + std::string(62, '0') + "01" +
                                      "06737472696e67" + "06537472696e67" + "00" + "01" +
                                      "03026869");
  auto back = decode_router_call(bytes);
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  const auto& e = std::get<EntryCall>(*back);
  EXPECT_EQ(e.module_name, "option");
  EXPECT_EQ(e.function_name, "some");
  ASSERT_EQ(e.type_args.size(), 1u);
  EXPECT_EQ(e.type_args[0].to_string(), "0x1::string::String");
  EXPECT_EQ(e.args, call.args);
}

TEST(MoveEnvelope, TransferExampleOfTheDocs) {
  const Bytes bytes = encode_router_call(EntryCall{
      bcs_address(kPublisher), "coin", "transfer", {}, {bcs_address(kAlice), bcs_u64(30)}});
  EXPECT_EQ(to_hex(bytes, false),
            "00000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
            "04636f696e087472616e7366657200022000000000000000000000000070997970c51812dc3a010c7d01b5"
            "0e0d17dc79c8081e00000000000000");
}

TEST(MoveEnvelope, RejectsBadIdentifiersTagsAndDepth) {
  Bytes bad_name = encode_router_call(EntryCall{Bytes(32, 0), "coin", "x", {}, {}});
  bad_name[34] = '-';  // the module name's first byte
  EXPECT_FALSE(decode_router_call(bad_name).has_value());
  Bytes bad_tag = encode_router_call(EntryCall{Bytes(32, 0), "m", "f", {TypeTag{}}, {}});
  bad_tag[bad_tag.size() - 2] = 11;  // no TypeTag variant 11
  EXPECT_FALSE(decode_router_call(bad_tag).has_value());
  TypeTag deep{TypeTag::Kind::kU8, {}, {}, {}, {}};
  for (int i = 0; i < 40; ++i) deep = TypeTag{TypeTag::Kind::kVector, {}, {}, {}, {deep}};
  EXPECT_FALSE(decode_router_call(encode_router_call(EntryCall{Bytes(32, 0), "m", "f", {deep}, {}}))
                   .has_value());
}

TEST(MoveEnvelope, CreationPayload) {
  const Bytes p = encode_creation_payload({Bytes{0xa1, 0x1c}});
  EXPECT_EQ(to_hex(p, false),
            "ef4d5601"
            "01"
            "02a11c");
  EXPECT_TRUE(is_creation_payload(p));
  EXPECT_FALSE(is_creation_payload(Bytes{0x60, 0x80}));
  EXPECT_EQ(decode_creation_payload(p).value(), std::vector<Bytes>{(Bytes{0xa1, 0x1c})});
  Bytes truncated = p;
  truncated.pop_back();
  EXPECT_FALSE(decode_creation_payload(truncated).has_value());
  MoveRouterVm vm;
  EXPECT_TRUE(vm.accepts_creation(p));
  EXPECT_FALSE(vm.accepts_creation(Bytes{0xef}));
}

class GenericCallTest : public RouterTest {};

TEST_F(GenericCallTest, StructTypeArgumentsResolveThroughState) {
  Bytes std_address(32, 0);
  std_address[31] = 1;
  const TypeTag string_tag{TypeTag::Kind::kStruct, std_address, "string", "String", {}};
  const Bytes input = encode_router_call(
      EntryCall{std_address, "option", "some", {string_tag}, {Bytes{2, 'h', 'i'}}});
  const auto r = send(kAlice, input);
  ASSERT_EQ(r.status, exec::CallStatus::kSuccess) << r.error;
  EXPECT_EQ(r.output, (Bytes{1, 2, 'h', 'i'}));  // Option { vec: [String { bytes: "hi" }] }
  const TypeTag missing{TypeTag::Kind::kStruct, std_address, "nothing", "Here", {}};
  const auto bad =
      send(kAlice, encode_router_call(EntryCall{std_address, "option", "none", {missing}, {}}));
  EXPECT_EQ(bad.status, exec::CallStatus::kFailure);
  EXPECT_NE(bad.error.find("type argument 0x1::nothing::Here"), std::string::npos) << bad.error;
}

}  // namespace
}  // namespace plexus::move::testing
