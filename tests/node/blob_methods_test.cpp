// The blob API over a dev registry: submit (several blobs at once) -> height, commitments and ids;
// get by height, namespace and commitment; every blob of a namespace with completeness proofs;
// inclusion proofs and the check; light-client samples, and refusals naming the rule.
#include "node/blob_methods.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "da/blob_proof.hpp"
#include "da/sampling.hpp"
#include "storage/memory_store.hpp"

namespace plexus::node {
namespace {

using rpc::json;

Bytes ns_bytes(Byte tail) { return to_bytes(da::namespace_v0(Bytes{0x01, tail}).view()); }

class BlobMethodsTest : public ::testing::Test {
 protected:
  BlobMethodsTest() : owner_(secp256k1::PrivateKey::from_seed(Bytes{1})) {
    platform::PlatformGenesis genesis;
    genesis.balances = {{owner_.address(), platform::plx(5000)}};
    registry_ = platform::PlatformRegistry::open(store_, genesis).value();
    add_platform_methods(dispatcher_, *registry_,
                         [this](const platform::SignedOperation& op) -> Result<Hash256> {
                           PLEXUS_CHECK(registry_->apply(op));
                           return keccak256(platform::encode_signed(op));
                         });
  }

  json call(const std::string& method, json params) {
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    return json::parse(dispatcher_.handle(request.dump()).value());
  }

  json submit(std::vector<platform::BlobData> blobs) {
    const platform::SubmitBlobs op{std::move(blobs),
                                   platform::PlatformParams{}.min_blob_fee_per_byte};
    const std::vector<secp256k1::PrivateKey> keys = {owner_};
    const auto signed_op = platform::sign_operation(op, registry_->network_id(),
                                                    registry_->nonce(owner_.address()), keys);
    return call("platform_submitBlobs", {to_hex(platform::encode_signed(signed_op))});
  }

  Hash256 data_root(std::uint64_t height) {
    const json reply = call("platform_getDataHeader", {height});
    EXPECT_TRUE(reply["result"].is_object()) << reply.dump();
    const json header = reply["result"];
    return Hash256::right_aligned(
        fixed_from_hex<32>(header["dataRoot"].get<std::string>())->view());
  }

  kv::MemoryStore store_;
  secp256k1::PrivateKey owner_;
  std::unique_ptr<platform::PlatformRegistry> registry_;
  rpc::Dispatcher dispatcher_;
};

TEST_F(BlobMethodsTest, SubmitGetProveAndSample) {
  const Bytes big(3000, 0x5A);
  const json reply =
      submit({{ns_bytes(7), big}, {ns_bytes(3), Bytes{1, 2, 3}}, {ns_bytes(7), Bytes(10, 9)}});
  const json submitted = reply["result"];
  ASSERT_TRUE(submitted.is_object()) << reply.dump();
  ASSERT_EQ(submitted["height"], "0x1") << submitted.dump();
  ASSERT_EQ(submitted["commitments"].size(), 3u);
  const std::string commitment = submitted["commitments"][0];
  // The id: height 1 as 8 little-endian bytes, then the commitment.
  EXPECT_EQ(submitted["ids"][0], "0x0100000000000000" + commitment.substr(2));
  EXPECT_EQ(call("platform_getBlobHeight", {submitted["hash"]})["result"], "0x1");

  const json blob = call("platform_getBlob", {1, to_hex(ns_bytes(7)), commitment})["result"];
  EXPECT_EQ(blob["data"], to_hex(big));
  EXPECT_EQ(call("platform_getBlob", {1, to_hex(ns_bytes(8)), commitment})["result"],
            json(nullptr));

  // Every blob of namespace 7, in square order, with proofs that verify and are complete.
  const Hash256 root = data_root(1);
  EXPECT_EQ(registry_->block_at(1)->data_root, root);
  const json all = call("platform_getAllBlobs", {1, to_hex(ns_bytes(7))})["result"];
  ASSERT_EQ(all["blobs"].size(), 2u);
  EXPECT_EQ(all["blobs"][1]["data"], to_hex(Bytes(10, 9)));
  ASSERT_FALSE(all["proofs"].empty());
  for (const json& hex : all["proofs"]) {
    const auto proof = da::decode_namespace_proof(*from_hex(hex.get<std::string>())).value();
    EXPECT_TRUE(da::verify_namespace(root, proof));
  }
  // Short namespaces (a version-0 id's last bytes) name the same one.
  EXPECT_EQ(call("platform_getAllBlobs", {1, "0x0107"})["result"]["blobs"].size(), 2u);

  const json proof = call("platform_getBlobProof", {1, to_hex(ns_bytes(7)), commitment})["result"];
  const Bytes proof_bytes = *from_hex(proof["proof"].get<std::string>());
  const auto decoded = da::decode_blob_proof(proof_bytes).value();
  EXPECT_EQ(da::verify_blob(root, decoded, da::namespace_v0(Bytes{0x01, 7}),
                            Hash256::right_aligned(fixed_from_hex<32>(commitment)->view()))
                ->data,
            big);
  EXPECT_EQ(
      call("platform_blobIncluded", {1, to_hex(ns_bytes(7)), commitment, proof["proof"]})["result"],
      true);
  EXPECT_EQ(call("platform_blobIncluded",
                 {1, to_hex(ns_bytes(7)), submitted["commitments"][2], proof["proof"]})["result"],
            false);

  // Samples verify against the header's root; outside the square is refused.
  const json header = call("platform_getDataHeader", {1})["result"];
  const std::size_t width = header["width"];
  EXPECT_EQ(width, 8u);  // 7 + 1 + 1 shares and padding: a 4 x 4 square
  const da::SampleSource source = [&](std::uint32_t r, std::uint32_t c) -> Result<da::ShareProof> {
    const json answer = call("platform_sampleShare", {1, r, c});
    if (answer.contains("error")) return fail(Errc::kNotFound, answer["error"]["message"]);
    return da::decode_share_proof(*from_hex(answer["result"]["proof"].get<std::string>()));
  };
  const auto report =
      da::sample_availability(root, width, da::choose_samples(width, 16, 5), source);
  EXPECT_TRUE(report.available());
  EXPECT_EQ(report.verified, 16u);
  const json outside = call("platform_sampleShare", {1, 8, 0});
  EXPECT_EQ(outside["error"]["message"],
            "sample (8, 0) is outside the 8x8 extended square of block 1");
  EXPECT_EQ(call("platform_getDataHeader", {2})["error"]["message"],
            "platform: no block at height 2");
}

TEST_F(BlobMethodsTest, RefusedSubmissionsNameTheRuleAndChangeNothing) {
  const Bytes tx = to_bytes(da::tx_namespace().view());
  EXPECT_EQ(submit({{ns_bytes(1), Bytes{1}}, {tx, Bytes{1}}})["error"]["message"],
            "platform: blob 1: namespace: reserved namespaces cannot hold blobs");
  EXPECT_EQ(submit({{ns_bytes(1), Bytes{}}})["error"]["message"],
            "platform: blob 0: empty blob (a blob holds at least one byte)");
  EXPECT_EQ(submit({{ns_bytes(1), Bytes(300'000, 1)}})["error"]["message"],
            "platform: blob 0: 300000 bytes exceed the maximum blob size of 262144");
  EXPECT_EQ(registry_->height(), 0u);
  const auto transfer = platform::sign_operation(platform::Transfer{owner_.address(), 1},
                                                 registry_->network_id(), 0, std::vector{owner_});
  EXPECT_EQ(
      call("platform_submitBlobs", {to_hex(platform::encode_signed(transfer))})["error"]["message"],
      "platform_submitBlobs: the operation is not a blob submission");
}

TEST(BlobIds, AreHeightLittleEndianThenCommitment) {
  Hash256 c;
  c[0] = 0xAA;
  const Bytes id = blob_id(0x0102, c);
  ASSERT_EQ(id.size(), 40u);
  EXPECT_EQ(id[0], 0x02);
  EXPECT_EQ(id[1], 0x01);
  EXPECT_EQ(id[8], 0xAA);
  EXPECT_EQ(parse_blob_id(id).value(), (std::pair<std::uint64_t, Hash256>{0x0102, c}));
  EXPECT_FALSE(parse_blob_id(BytesView(id).first(39)));
  EXPECT_EQ(parse_namespace(Bytes(11, 1)).error().message,
            "a namespace is 29 bytes, or 1 to 10 bytes of a version-0 id, not 11");
}

// platform_getBlock gives a final block whole: it decodes to the stored block (blobs included),
// its hash is the one the header methods give, and a height above the head or not a number is
// refused by name.
TEST_F(BlobMethodsTest, GetBlockGivesTheWholeFinalBlock) {
  ASSERT_TRUE(submit({{ns_bytes(7), Bytes{4, 5, 6}}})["result"].is_object());
  const json reply = call("platform_getBlock", {"0x1"});
  const json got = reply["result"];
  ASSERT_TRUE(got.is_object()) << reply.dump();
  const platform::PlatformBlock block =
      platform::decode_block(from_hex(got["block"].get<std::string>()).value()).value();
  EXPECT_EQ(block, registry_->block_at(1).value());
  EXPECT_EQ(got["hash"], to_hex(block.hash()));
  EXPECT_EQ(got["hash"], call("platform_getDataHeader", {1})["result"]["hash"]);
  EXPECT_EQ(got["parentHash"], to_hex(registry_->block_at(0).value().hash()));
  EXPECT_EQ(got["operations"], 1);
  EXPECT_EQ(call("platform_getBlock", {0})["result"]["height"], "0x0");
  const json above = call("platform_getBlock", {2})["error"];
  EXPECT_EQ(above["code"], -32000);
  EXPECT_EQ(above["message"], "platform block 2 is not final here: the head is 1");
  EXPECT_EQ(call("platform_getBlock", {"seven"})["error"]["code"], -32602);
  EXPECT_EQ(call("platform_getBlock", json::array())["error"]["code"], -32602);
}

}  // namespace
}  // namespace plexus::node
