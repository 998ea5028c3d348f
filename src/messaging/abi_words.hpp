#pragma once
// The few Solidity ABI pieces the messenger reads and writes: 32-byte words holding small
// integers, and `bytes` arguments. Not a general ABI codec: the messenger's functions take at
// most one dynamic argument.
#include <cstdint>
#include <optional>

#include "core/bytes.hpp"

namespace plexus::messaging::abi {

// out += bytes. These live in abi_words.cpp, out of line: inlined into callers that build small
// buffers, GCC 12 misreads vector growth as overflows (-Warray-bounds, -Wstringop-overflow).
void append_view(Bytes& out, BytesView bytes);

// A word as an integer that must fit 64 bits (offsets, lengths, nonces).
[[nodiscard]] bool small_word(BytesView word, std::uint64_t& out);
void append_word(Bytes& out, std::uint64_t value);
void append_word(Bytes& out, BytesView right_aligned);
// The tail of a `bytes` argument: its length and the bytes padded to a word.
void append_bytes_tail(Bytes& out, BytesView bytes);
// abi.encode(bytes): offset, length, the bytes padded to a word.
[[nodiscard]] Bytes encode_bytes(BytesView bytes);
// The `bytes` argument whose head word is at `head` of `args` (the input after the selector);
// nullopt when offsets or lengths point outside.
[[nodiscard]] std::optional<BytesView> bytes_at(BytesView args, std::size_t head);
[[nodiscard]] std::uint32_t selector_of(BytesView input);
// The four bytes of a selector, big-endian, to start a call's input.
[[nodiscard]] Bytes selector_bytes(std::uint32_t selector);

}  // namespace plexus::messaging::abi
