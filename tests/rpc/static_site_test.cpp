// The static files of the explorer: loaded once, served by exact path under their prefix, never
// anything outside the directory, and JSON-RPC on the other paths unchanged.
#include "rpc/static_site.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "rpc/server.hpp"
#include "test_client.hpp"

namespace plexus::rpc {
namespace {

namespace fs = std::filesystem;
using namespace testing;

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("plexus-static-" + std::to_string(std::random_device{}()));
    site_ = root_ / "site";
    fs::create_directories(site_ / "assets");
    write(site_ / "index.html", "<!doctype html><title>x</title>");
    write(site_ / "assets" / "app.js", "console.log(1)");
    write(site_ / "odd name.js", "not served");
    write(root_ / "secret.txt", "outside the site");
    fs::create_symlink(root_ / "secret.txt", site_ / "link.txt");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& file, std::string_view text) {
    std::ofstream(file, std::ios::binary) << text;
  }

  std::optional<HttpReply> get(std::uint16_t port, std::string path, std::string method = "GET") {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.content_type = "";  // a browser's GET has no body and no content type
    return http_request(port, request);
  }

  fs::path root_;
  fs::path site_;
};

TEST_F(StaticSiteTest, LoadsRegularFilesByExactPathOnly) {
  const auto site = StaticSite::load(site_, "/explorer");
  ASSERT_TRUE(site) << site.error().to_string();
  EXPECT_EQ(site->size(), 2U);  // no symlink, no name needing URL encoding
  ASSERT_NE(site->find("/explorer/assets/app.js"), nullptr);
  EXPECT_EQ(site->find("/explorer/assets/app.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(site->find("/explorer")->body, "<!doctype html><title>x</title>");
  EXPECT_EQ(site->find("/explorer/")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(site->find("/explorer/link.txt"), nullptr);
  EXPECT_EQ(site->find("/explorer/../secret.txt"), nullptr);
  EXPECT_EQ(site->find("/explorer/assets/../index.html"), nullptr);
  EXPECT_EQ(site->find("/explorerx/index.html"), nullptr);
  EXPECT_FALSE(site->covers("/explorerx"));
  EXPECT_TRUE(site->covers("/explorer/nothing"));
}

TEST_F(StaticSiteTest, RefusesBadPrefixesAndMissingDirectories) {
  EXPECT_EQ(StaticSite::load(root_ / "none", "/explorer").error().code, Errc::kNotFound);
  EXPECT_EQ(StaticSite::load(site_, "explorer").error().code, Errc::kInvalidArgument);
  EXPECT_EQ(StaticSite::load(site_, "/explorer/").error().code, Errc::kInvalidArgument);
  EXPECT_EQ(content_type_for("a.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("css"), "application/octet-stream");
}

TEST_F(StaticSiteTest, TheServerServesTheSiteBesideJsonRpc) {
  auto site = StaticSite::load(site_, "/explorer");
  ASSERT_TRUE(site);
  Server server(
      ServerConfig{.port = 0, .static_site = std::make_shared<const StaticSite>(std::move(*site))});
  auto d = std::make_shared<Dispatcher>();
  d->add("eth_chainId", [](const json&) -> Result<json> { return json("0x539"); });
  ASSERT_TRUE(server.add_endpoint("/", d));
  ASSERT_TRUE(server.start());
  const std::uint16_t port = server.port();

  const auto page = get(port, "/explorer?x=1");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page->body, "<!doctype html><title>x</title>");
  const auto script = get(port, "/explorer/assets/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->body, "console.log(1)");
  for (const char* path : {"/explorer/../secret.txt", "/explorer/%2e%2e/secret.txt",
                           "/explorer/link.txt", "/explorer/missing.js"}) {
    const auto reply = get(port, path);
    ASSERT_TRUE(reply) << path;
    EXPECT_EQ(reply->status, 404) << path;
  }
  const auto post_page = get(port, "/explorer", "POST");
  ASSERT_TRUE(post_page);
  EXPECT_EQ(post_page->status, 405);
  // A raw request with a traversal the client library would not send as such.
  const std::string raw =
      raw_exchange(port, "GET /explorer/../../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n", 300ms);
  EXPECT_NE(raw.find("404"), std::string::npos);
  EXPECT_EQ(raw.find("outside the site"), std::string::npos);
  const auto rpc = post(port, "/", R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})");
  ASSERT_TRUE(rpc);
  EXPECT_EQ(rpc->status, 200);
}

}  // namespace
}  // namespace plexus::rpc
