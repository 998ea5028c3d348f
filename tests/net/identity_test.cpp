// Staking identity: creation on first start, 0600 files, reload to the same node id, and the
// checks that stop a wrong or readable key from being used.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "net/identity.hpp"
#include "net/secret_file.hpp"

namespace plexus::net {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("plexus-net-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

unsigned mode_of(const fs::path& p) {
  struct stat st{};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(Identity, CreatedOnFirstStartWithOwnerOnlyFilesAndReloaded) {
  TempDir dir;
  auto first = Identity::load_or_create(dir.path / "keys");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(mode_of(dir.path / "keys"), 0700u);
  EXPECT_EQ(mode_of(dir.path / "keys" / Identity::kKeyFile), 0600u);
  EXPECT_EQ(mode_of(dir.path / "keys" / Identity::kCertFile), 0600u);
  EXPECT_FALSE(fs::exists(dir.path / "keys" / (std::string(Identity::kKeyFile) + ".tmp")));

  auto again = Identity::load_or_create(dir.path / "keys");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->node_id(), first->node_id());
  EXPECT_EQ(again->certificate_der(), first->certificate_der());
}

TEST(Identity, NodeIdIsTheHashOfTheCertificateKey) {
  auto identity = Identity::generate();
  ASSERT_TRUE(identity);
  auto key = certificate_key_der(identity->certificate_der());
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->node_id, identity->node_id());
  EXPECT_EQ(key->public_key, identity->public_key());
  EXPECT_EQ(node_id_of(identity->public_key()), identity->node_id());
  auto other = Identity::generate();
  EXPECT_NE(other->node_id(), identity->node_id());
}

TEST(Identity, SignaturesVerifyOnlyForTheirKeyAndMessage) {
  auto a = Identity::generate();
  auto b = Identity::generate();
  const Signature sig = a->sign(as_bytes("hello"));
  EXPECT_TRUE(verify_signature(a->public_key(), as_bytes("hello"), sig));
  EXPECT_FALSE(verify_signature(a->public_key(), as_bytes("hellO"), sig));
  EXPECT_FALSE(verify_signature(b->public_key(), as_bytes("hello"), sig));
}

TEST(Identity, LostCertificateIsReissuedForTheSameKey) {
  TempDir dir;
  auto first = Identity::load_or_create(dir.path);
  ASSERT_TRUE(first);
  fs::remove(dir.path / Identity::kCertFile);
  auto again = Identity::load_or_create(dir.path);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->node_id(), first->node_id());
}

TEST(Identity, KeyReadableByOthersIsRefused) {
  TempDir dir;
  ASSERT_TRUE(Identity::load_or_create(dir.path));
  fs::permissions(dir.path / Identity::kKeyFile, fs::perms::group_read, fs::perm_options::add);
  auto loaded = Identity::load_or_create(dir.path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, Errc::kValidation);
  EXPECT_NE(loaded.error().message.find("mode 0640"), std::string::npos);
}

TEST(Identity, CertificateForAnotherKeyIsRefused) {
  TempDir dir;
  TempDir other;
  ASSERT_TRUE(Identity::load_or_create(dir.path));
  ASSERT_TRUE(Identity::load_or_create(other.path / "x"));
  fs::copy_file(other.path / "x" / Identity::kCertFile, dir.path / Identity::kCertFile,
                fs::copy_options::overwrite_existing);
  auto loaded = Identity::load_or_create(dir.path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message, "identity: the certificate is not for the staking key");
}

TEST(Identity, CorruptKeyIsRefused) {
  TempDir dir;
  fs::create_directories(dir.path);
  ASSERT_TRUE(write_private_file(dir.path / Identity::kKeyFile, as_bytes("not a key")));
  auto loaded = Identity::load_or_create(dir.path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, Errc::kCorruption);
}

}  // namespace
}  // namespace plexus::net
