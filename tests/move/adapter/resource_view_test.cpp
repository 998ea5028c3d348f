// plexus_getMoveResource's reader: BCS bytes and the JSON rendering by struct layout.
#include <gtest/gtest.h>

#include "move/adapter/resource_view.hpp"
#include "router_fixture.hpp"

namespace plexus::move::testing {
namespace {

class ResourceViewTest : public RouterTest {
 protected:
  StateRead reader() {
    return
        [this](const Address& a, exec::Namespace s, BytesView key) { return host.load(a, s, key); };
  }
};

TEST_F(ResourceViewTest, ReadsABalanceWithItsLayout) {
  ASSERT_EQ(call(kPublisher, kPublisher, "coin", "register", {}).status,
            exec::CallStatus::kSuccess);
  ASSERT_EQ(
      call(kPublisher, kPublisher, "coin", "mint", {bcs_address(kPublisher), bcs_u64(42)}).status,
      exec::CallStatus::kSuccess);
  // Long and short spellings of the address name the same resource.
  for (const char* tag : {"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::Balance",
                          "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
                          "::coin::Balance"}) {
    auto r = read_move_resource(reader(), kPublisher, tag);
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->type, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::Balance");
    EXPECT_EQ((*r)->bcs, bcs_u64(42));
    EXPECT_EQ((*r)->json, nlohmann::json::parse(R"({"value": "42"})"));
  }
}

TEST_F(ResourceViewTest, AbsentResourceAndUnknownTypes) {
  auto r = read_move_resource(reader(), kAlice,
                              "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::Balance");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
  EXPECT_FALSE(read_move_resource(reader(), kAlice, "0xf39f::nocoin::Balance").has_value());
  EXPECT_FALSE(
      read_move_resource(reader(), kAlice, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::X")
          .has_value());
  EXPECT_FALSE(read_move_resource(reader(), kAlice, "u64").has_value());
}

TEST_F(ResourceViewTest, RendersNestedFieldsStringsAndVectors) {
  ASSERT_EQ(create(kAlice, {assemble(R"(module 0x70997970c51812dc3a010c7d01b50e0d17dc79c8.profile {
    import 0x1.string;
    struct Profile has key { name: string.String, tags: vector<u8>, flags: vector<bool>, n: u8 }
    public entry set(s: &signer, name: vector<u8>) {
    label b0:
        move_to<Profile>(move(s), Profile { name: string.utf8(move(name)), tags: h"0a0b",
                                            flags: vec_pack_2<bool>(true, false), n: 7u8 });
        return;
    }
})")})
                .status,
            exec::CallStatus::kSuccess);
  ASSERT_EQ(call(kAlice, kAlice, "profile", "set", {Bytes{3, 'b', 'o', 'b'}}).status,
            exec::CallStatus::kSuccess);
  auto r = read_move_resource(reader(), kAlice,
                              "0x70997970c51812dc3a010c7d01b50e0d17dc79c8::profile::Profile");
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->json,
            nlohmann::json::parse(
                R"({"name": "bob", "tags": "0x0a0b", "flags": [true, false], "n": 7})"));
  // Invalid UTF-8 aborts in 0x1::string::utf8.
  const auto bad = call(kAlice, kAlice, "profile", "set", {Bytes{1, 0xff}});
  EXPECT_EQ(bad.status, exec::CallStatus::kRevert);
  EXPECT_EQ(bad.error, "Move abort 0x1::string::utf8 code 1");
}

}  // namespace
}  // namespace plexus::move::testing
