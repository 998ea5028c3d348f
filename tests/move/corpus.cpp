#include "corpus.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace plexus::move::testing {

std::vector<CorpusFile> corpus_modules(const std::filesystem::path& move_dir) {
  std::vector<CorpusFile> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(move_dir / "modules")) {
    if (!e.is_regular_file() || e.path().extension() != ".mv") continue;
    const std::string p = e.path().generic_string();
    if (p.find("move-language-deserializer-unit") != std::string::npos) continue;  // scripts
    BinaryConfig config;
    if (p.find("starcoin-framework") != std::string::npos) config.address_length = 16;
    out.push_back({e.path(), config});
  }
  std::ranges::sort(out, {}, &CorpusFile::path);
  return out;
}

Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

std::vector<CompiledModule> load_folder(const std::filesystem::path& move_dir,
                                        const std::string& folder) {
  std::vector<CompiledModule> out;
  for (const auto& f : corpus_modules(move_dir)) {
    if (f.path.generic_string().find("/" + folder + "/") == std::string::npos) continue;
    auto m = deserialize_module(read_bytes(f.path), f.config);
    if (!m) throw std::runtime_error(f.path.string() + ": " + m.error().to_string());
    out.push_back(std::move(*m));
  }
  return out;
}

Bytes address(std::uint8_t last, std::size_t length) {
  Bytes a(length, 0);
  a.back() = last;
  return a;
}

Value u64_vector(std::initializer_list<std::uint64_t> values) {
  std::vector<Value> elems;
  for (auto v : values) elems.push_back(Value::u64(v));
  return Value::vector(std::move(elems));
}

}  // namespace plexus::move::testing
