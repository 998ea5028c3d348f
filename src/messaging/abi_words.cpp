#include "messaging/abi_words.hpp"

#include <algorithm>
#include <cstring>

namespace plexus::messaging::abi {

void append_view(Bytes& out, BytesView bytes) {
  const std::size_t at = out.size();
  out.resize(at + bytes.size());
  if (!bytes.empty()) std::memcpy(out.data() + at, bytes.data(), bytes.size());
}

bool small_word(BytesView word, std::uint64_t& out) {
  if (!std::all_of(word.begin(), word.begin() + 24, [](Byte b) { return b == 0; })) return false;
  out = 0;
  for (std::size_t i = 24; i < 32; ++i) out = (out << 8) | word[i];
  return true;
}

void append_word(Bytes& out, std::uint64_t value) {
  const std::size_t at = out.size();
  out.resize(at + 32, 0);
  for (std::size_t i = 0; i < 8; ++i) out[at + 31 - i] = static_cast<Byte>(value >> (8 * i));
}

void append_word(Bytes& out, BytesView right_aligned) {
  out.resize(out.size() + 32 - right_aligned.size(), 0);
  append_view(out, right_aligned);
}

void append_bytes_tail(Bytes& out, BytesView bytes) {
  append_word(out, bytes.size());
  append_view(out, bytes);
  out.resize(out.size() + (32 - bytes.size() % 32) % 32, 0);
}

Bytes encode_bytes(BytesView bytes) {
  Bytes out;
  append_word(out, 32);
  append_bytes_tail(out, bytes);
  return out;
}

std::optional<BytesView> bytes_at(BytesView args, std::size_t head) {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  if (args.size() < head + 32 || !small_word(args.subspan(head, 32), offset) ||
      offset > args.size() - 32 || !small_word(args.subspan(offset, 32), length) ||
      length > args.size() - 32 - offset)
    return std::nullopt;
  return args.subspan(offset + 32, length);
}

std::uint32_t selector_of(BytesView input) {
  return (std::uint32_t{input[0]} << 24) | (std::uint32_t{input[1]} << 16) |
         (std::uint32_t{input[2]} << 8) | input[3];
}

Bytes selector_bytes(std::uint32_t selector) {
  Bytes out;
  out.reserve(4);
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<Byte>(selector >> (8 * i)));
  return out;
}

}  // namespace plexus::messaging::abi
