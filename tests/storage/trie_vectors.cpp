#include "trie_vectors.hpp"

#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "testdata.hpp"

namespace plexus::testing {

Bytes trie_test_bytes(const std::string& text) {
  if (text.starts_with("0x")) return hex_or_throw(text);
  return to_bytes(as_bytes(text));
}

namespace {
std::optional<Bytes> value_of(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  return trie_test_bytes(v.get<std::string>());
}
}  // namespace

std::vector<TrieVector> load_trie_vectors(const std::filesystem::path& dir) {
  struct File {
    const char* name;
    bool secure;
  };
  const File files[] = {{"trietest.json", false},
                        {"trietest_secureTrie.json", true},
                        {"trieanyorder.json", false},
                        {"trieanyorder_secureTrie.json", true},
                        {"hex_encoded_securetrie_test.json", true}};
  std::vector<TrieVector> out;
  for (const File& file : files) {
    const auto suite = nlohmann::json::parse(read_file(dir / file.name));
    for (const auto& [name, test] : suite.items()) {
      TrieVector v;
      v.id = std::string(file.name) + " / " + name;
      v.secure = file.secure;
      const auto& in = test.at("in");
      if (in.is_array()) {
        for (const auto& pair : in)
          v.ops.emplace_back(trie_test_bytes(pair.at(0).get<std::string>()), value_of(pair.at(1)));
      } else {
        for (const auto& [key, value] : in.items())
          v.ops.emplace_back(trie_test_bytes(key), value_of(value));
      }
      v.root = Hash256::right_aligned(hex_or_throw(test.at("root").get<std::string>()));
      out.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace plexus::testing
