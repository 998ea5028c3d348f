#include "node/node_config.hpp"

#include <gtest/gtest.h>

namespace plexus::node {
namespace {

const std::filesystem::path kBase = "/etc/plexus";

TEST(NodeConfig, ReadsEveryKeyAndResolvesPathsAgainstTheFile) {
  const auto config = parse_node_config(R"(
data_dir = "node1"
network_id = 42
genesis = "/srv/genesis.json"
[p2p]
listen = "0.0.0.0:9700"
bootstrap = ["127.0.0.1:9701", "[::1]:9702"]
max_peers = 10
max_frame_bytes = 4194304
[rpc]
listen = "127.0.0.1:9650"
threads = 4
history_blocks = 128
[subnets]
track = ["evm", "move"]
produce = ["evm"]
[storage]
sync_writes = true
[log]
blocks = true
[messages]
relayer_key_file = "relayer.key"
)",
                                        kBase);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->data_dir, kBase / "node1");
  EXPECT_EQ(config->genesis, "/srv/genesis.json");
  EXPECT_EQ(config->network_id, 42u);
  EXPECT_EQ(config->p2p_listen, (HostPort{"0.0.0.0", 9700}));
  ASSERT_EQ(config->bootstrap.size(), 2u);
  EXPECT_EQ(config->bootstrap[1], (HostPort{"::1", 9702}));
  EXPECT_EQ(config->max_peers, 10u);
  EXPECT_EQ(config->max_frame_bytes, 4194304u);
  EXPECT_EQ(config->rpc_listen, (HostPort{"127.0.0.1", 9650}));
  EXPECT_EQ(config->rpc_threads, 4u);
  EXPECT_EQ(config->history_blocks, 128u);
  EXPECT_EQ(config->track, (std::vector<std::string>{"evm", "move"}));
  EXPECT_EQ(config->produce, (std::vector<std::string>{"evm"}));
  EXPECT_TRUE(config->sync_writes);
  EXPECT_TRUE(config->log_blocks);
  EXPECT_EQ(config->relayer_key_file, kBase / "relayer.key");
}

TEST(NodeConfig, DefaultsNeedOnlyTheGenesis) {
  const auto config = parse_node_config("genesis = \"genesis.json\"\n", kBase);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->genesis, kBase / "genesis.json");
  EXPECT_EQ(config->data_dir, kBase / "plexus-data");
  EXPECT_EQ(config->p2p_listen, (HostPort{"127.0.0.1", 9651}));
  EXPECT_EQ(config->max_frame_bytes, 2u * 1024 * 1024);
  EXPECT_TRUE(config->bootstrap.empty());
  EXPECT_EQ(config->history_blocks, 0u);  // an archive node
}

// Every mistake names the key (and the line) instead of falling back to a default.
TEST(NodeConfig, RefusesWhatItDoesNotKnowNamingTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"genesis = \"g\"\nlisten = \"x\"\n", "listen is not a known key"},
      {"genesis = \"g\"\n[p2p]\nlisen = \"127.0.0.1:1\"\n", "p2p.lisen is not a known key"},
      {"genesis = \"g\"\n[rpc]\nthreads = 0\n", "rpc.threads must be an integer from 1"},
      {"genesis = \"g\"\n[rpc]\nthreads = \"2\"\n", "rpc.threads must be an integer"},
      {"genesis = \"g\"\n[rpc]\nhistory_blocks = -1\n", "rpc.history_blocks must be an integer"},
      {"genesis = \"g\"\n[rpc]\nhistory = 5\n", "rpc.history is not a known key"},
      {"genesis = \"g\"\n[p2p]\nlisten = \"127.0.0.1\"\n", "p2p.listen must be host:port"},
      {"genesis = \"g\"\n[p2p]\nlisten = \"h:70000\"\n", "port from 0 to 65535"},
      {"genesis = \"g\"\n[p2p]\nbootstrap = [\"a:1\", \"b\"]\n", "entry \"b\""},
      {"genesis = \"g\"\n[storage]\nsync_writes = 1\n",
       "storage.sync_writes must be true or false"},
      {"genesis = \"g\"\n[subnets]\nproduce = [\"evm\"]\n", "which subnets.track does not"},
      {"genesis = \"g\"\np2p = 3\n", "p2p must be a table"},
      {"network_id = 1\n", "genesis"},
      {"genesis = = \"g\"\n", "line 1"},
  };
  for (const auto& [text, expected] : cases) {
    const auto config = parse_node_config(text, kBase);
    ASSERT_FALSE(config) << text;
    EXPECT_NE(config.error().message.find(expected), std::string::npos)
        << "for:\n"
        << text << "got: " << config.error().message;
  }
}

TEST(NodeConfig, AMissingFileSaysWhich) {
  const auto config = load_node_config("/nonexistent/node.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("/nonexistent/node.toml"), std::string::npos);
}

}  // namespace
}  // namespace plexus::node
