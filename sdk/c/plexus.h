/* Plexus WebAssembly contract SDK for C and C++ (header-only, freestanding: no libc).
 *
 * Build a contract with clang:
 *   clang --target=wasm32 -ffreestanding -nostdlib -mbulk-memory -O2 -I sdk/c \
 *     -Wl,--no-entry -Wl,-z,stack-size=16384 \
 *     -o token.wasm token.c
 * A contract defines `PLEXUS_EXPORT("call") void call(void)` (every transaction and eth_call)
 * and optionally `PLEXUS_EXPORT("deploy") void deploy(void)` (run once at creation with the
 * constructor arguments as input); PLEXUS_EXPORT makes them exports without linker flags.
 * The host functions and their gas costs are described in docs/WASM_CONTRACTS.md. */
#ifndef PLEXUS_H
#define PLEXUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PLEXUS_IMPORT(name) __attribute__((import_module("plexus"), import_name(name)))
#define PLEXUS_EXPORT(name) __attribute__((export_name(name)))

/* ---- Host functions (module "plexus"). Pointers are offsets in the contract's memory. ---- */

PLEXUS_IMPORT("input_size") uint32_t plexus_input_size(void);
/* Copies input[offset, offset + len) to dst; bytes past the end of the input read as zero. */
PLEXUS_IMPORT("input_copy") void plexus_input_copy(void* dst, uint32_t offset, uint32_t len);
/* End the call successfully with `len` bytes of output / revert it with that revert data.
 * Neither returns. */
PLEXUS_IMPORT("finish") __attribute__((noreturn)) void plexus_finish(const void* data,
                                                                    uint32_t len);
PLEXUS_IMPORT("revert") __attribute__((noreturn)) void plexus_revert(const void* data,
                                                                    uint32_t len);
/* Returns the value's length and copies min(length, cap) bytes to val, or -1 if absent. */
PLEXUS_IMPORT("storage_read") int32_t plexus_storage_read(const void* key, uint32_t key_len,
                                                          void* val, uint32_t cap);
PLEXUS_IMPORT("storage_write") void plexus_storage_write(const void* key, uint32_t key_len,
                                                         const void* val, uint32_t val_len);
PLEXUS_IMPORT("storage_remove") void plexus_storage_remove(const void* key, uint32_t key_len);
PLEXUS_IMPORT("caller") void plexus_caller(void* address20);
PLEXUS_IMPORT("address") void plexus_address(void* address20);
PLEXUS_IMPORT("call_value") void plexus_call_value(void* value32_be);
/* `topics` holds `count` (0..4) consecutive 32-byte topics. */
PLEXUS_IMPORT("emit_log") void plexus_emit_log(const void* topics, uint32_t count,
                                               const void* data, uint32_t len);
/* Calls any contract (EVM, WASM, Move router). gas <= 0 forwards all that may be forwarded.
 * Returns 0 success, 1 revert, 2 failure; the output is then readable as return data. */
PLEXUS_IMPORT("call") uint32_t plexus_call(const void* address20, const void* value32_be,
                                           const void* input, uint32_t len, int64_t gas);
PLEXUS_IMPORT("returndata_size") uint32_t plexus_returndata_size(void);
/* Copies return[offset, offset + len); reading past its end traps. */
PLEXUS_IMPORT("returndata_copy") void plexus_returndata_copy(void* dst, uint32_t offset,
                                                             uint32_t len);
PLEXUS_IMPORT("block_number") int64_t plexus_block_number(void);
PLEXUS_IMPORT("block_timestamp") int64_t plexus_block_timestamp(void);
PLEXUS_IMPORT("chain_id") void plexus_chain_id(void* value32_be);
PLEXUS_IMPORT("coinbase") void plexus_coinbase(void* address20);
PLEXUS_IMPORT("gas_left") int64_t plexus_gas_left(void);
PLEXUS_IMPORT("keccak256") void plexus_keccak256(const void* data, uint32_t len, void* hash32);

#define PLEXUS_CALL_SUCCESS 0u
#define PLEXUS_CALL_REVERT 1u
#define PLEXUS_CALL_FAILURE 2u

/* ---- Memory functions the compiler may call for struct copies (weak: one wins). ---- */

__attribute__((weak)) void* memcpy(void* dst, const void* src, size_t n) {
  __builtin_memcpy(dst, src, n); /* lowered to memory.copy by -mbulk-memory */
  return dst;
}
__attribute__((weak)) void* memmove(void* dst, const void* src, size_t n) {
  __builtin_memmove(dst, src, n);
  return dst;
}
__attribute__((weak)) void* memset(void* dst, int c, size_t n) {
  __builtin_memset(dst, c, n);
  return dst;
}

/* ---- 256-bit unsigned integers (Solidity's uint256), little-endian 64-bit limbs. ---- */

typedef struct {
  uint64_t limb[4];
} plexus_u256;

typedef struct {
  uint8_t bytes[20];
} plexus_addr;

static inline plexus_u256 plexus_u256_from_u64(uint64_t v) {
  plexus_u256 r = {{v, 0, 0, 0}};
  return r;
}

static inline bool plexus_u256_is_zero(plexus_u256 a) {
  return (a.limb[0] | a.limb[1] | a.limb[2] | a.limb[3]) == 0;
}

/* -1, 0 or 1 as a <, == or > b. */
static inline int plexus_u256_cmp(plexus_u256 a, plexus_u256 b) {
  for (int i = 3; i >= 0; --i) {
    if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
  }
  return 0;
}

/* a + b; *overflow is set when the sum does not fit (may be NULL). */
static inline plexus_u256 plexus_u256_add(plexus_u256 a, plexus_u256 b, bool* overflow) {
  plexus_u256 r;
  uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    const uint64_t s = a.limb[i] + b.limb[i];
    const uint64_t c1 = s < a.limb[i];
    r.limb[i] = s + carry;
    carry = c1 | (r.limb[i] < s);
  }
  if (overflow) *overflow = carry != 0;
  return r;
}

/* a - b; *underflow is set when b > a (may be NULL). */
static inline plexus_u256 plexus_u256_sub(plexus_u256 a, plexus_u256 b, bool* underflow) {
  plexus_u256 r;
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const uint64_t d = a.limb[i] - b.limb[i];
    const uint64_t b1 = a.limb[i] < b.limb[i];
    r.limb[i] = d - borrow;
    borrow = b1 | (d < borrow);
  }
  if (underflow) *underflow = borrow != 0;
  return r;
}

static inline plexus_u256 plexus_u256_load_be(const uint8_t be[32]) {
  plexus_u256 r;
  for (int i = 0; i < 4; ++i) {
    uint64_t v = 0;
    for (int j = 0; j < 8; ++j) v = (v << 8) | be[(3 - i) * 8 + j];
    r.limb[i] = v;
  }
  return r;
}

static inline void plexus_u256_store_be(plexus_u256 a, uint8_t be[32]) {
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) be[(3 - i) * 8 + j] = (uint8_t)(a.limb[i] >> (56 - 8 * j));
  }
}

static inline bool plexus_addr_eq(const plexus_addr* a, const plexus_addr* b) {
  for (int i = 0; i < 20; ++i) {
    if (a->bytes[i] != b->bytes[i]) return false;
  }
  return true;
}

static inline bool plexus_addr_is_zero(const plexus_addr* a) {
  for (int i = 0; i < 20; ++i) {
    if (a->bytes[i]) return false;
  }
  return true;
}

static inline plexus_addr plexus_msg_sender(void) {
  plexus_addr a;
  plexus_caller(a.bytes);
  return a;
}

static inline plexus_u256 plexus_msg_value(void) {
  uint8_t be[32];
  plexus_call_value(be);
  return plexus_u256_load_be(be);
}

/* ---- Solidity ABI: calldata is a 4-byte selector followed by 32-byte words. ---- */

/* The selector as a big-endian number (0x a9 05 9c bb -> 0xa9059cbb); 0 if the input is shorter
 * than 4 bytes (check plexus_input_size() to tell that apart from a zero selector). */
static inline uint32_t plexus_selector(void) {
  if (plexus_input_size() < 4) return 0;
  uint8_t s[4];
  plexus_input_copy(s, 0, 4);
  return (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
}

/* Offset of argument word `index` in the input; `base` is 4 in a call, 0 in deploy. */
static inline void plexus_arg_word(uint32_t base, uint32_t index, uint8_t out[32]) {
  plexus_input_copy(out, base + 32 * index, 32);
}

static inline plexus_u256 plexus_arg_u256(uint32_t base, uint32_t index) {
  uint8_t w[32];
  plexus_arg_word(base, index, w);
  return plexus_u256_load_be(w);
}

/* Reverts with Error(string) for a word that is no clean Solidity bool/address, as solc does. */
static inline void plexus_revert_error(const char* message) __attribute__((noreturn));

static inline plexus_addr plexus_arg_address(uint32_t base, uint32_t index) {
  uint8_t w[32];
  plexus_arg_word(base, index, w);
  for (int i = 0; i < 12; ++i) {
    if (w[i]) plexus_revert_error("ABI: dirty address argument");
  }
  plexus_addr a;
  for (int i = 0; i < 20; ++i) a.bytes[i] = w[12 + i];
  return a;
}

static inline bool plexus_arg_bool(uint32_t base, uint32_t index) {
  const plexus_u256 v = plexus_arg_u256(base, index);
  if (v.limb[1] | v.limb[2] | v.limb[3] | (v.limb[0] > 1))
    plexus_revert_error("ABI: dirty bool argument");
  return v.limb[0] == 1;
}

/* The 32-byte ABI word (and log topic) of an address: left-padded with zeros. */
static inline void plexus_address_word(const plexus_addr* a, uint8_t out[32]) {
  for (int i = 0; i < 12; ++i) out[i] = 0;
  for (int i = 0; i < 20; ++i) out[12 + i] = a->bytes[i];
}

static inline void plexus_return_u256(plexus_u256 v) __attribute__((noreturn));
static inline void plexus_return_u256(plexus_u256 v) {
  uint8_t w[32];
  plexus_u256_store_be(v, w);
  plexus_finish(w, 32);
}

static inline void plexus_return_bool(bool v) __attribute__((noreturn));
static inline void plexus_return_bool(bool v) { plexus_return_u256(plexus_u256_from_u64(v)); }

static inline void plexus_return_address(const plexus_addr* a) __attribute__((noreturn));
static inline void plexus_return_address(const plexus_addr* a) {
  uint8_t w[32];
  plexus_address_word(a, w);
  plexus_finish(w, 32);
}

static inline uint32_t plexus_strlen(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  return n;
}

/* Writes ABI `string` payload (offset word, length word, padded bytes) into `out` after
 * `prefix` bytes already there; returns the total length. `out` needs prefix + 64 + len + 31. */
static inline uint32_t plexus_encode_string(uint8_t* out, uint32_t prefix, const char* s,
                                            uint32_t len) {
  uint8_t* p = out + prefix;
  plexus_u256_store_be(plexus_u256_from_u64(32), p);
  plexus_u256_store_be(plexus_u256_from_u64(len), p + 32);
  const uint32_t padded = (len + 31) / 32 * 32;
  for (uint32_t i = 0; i < padded; ++i) p[64 + i] = i < len ? (uint8_t)s[i] : 0;
  return prefix + 64 + padded;
}

/* Returns an ABI-encoded `string` (at most 256 bytes). */
static inline void plexus_return_string(const char* s) __attribute__((noreturn));
static inline void plexus_return_string(const char* s) {
  uint8_t buf[64 + 256];
  uint32_t len = plexus_strlen(s);
  if (len > 256) len = 256;
  plexus_finish(buf, plexus_encode_string(buf, 0, s, len));
}

/* Reverts with Solidity's Error(string) (at most 256 bytes), which ethers shows as the reason. */
static inline void plexus_revert_error(const char* message) {
  uint8_t buf[4 + 64 + 256] = {0x08, 0xc3, 0x79, 0xa0}; /* bytes4(keccak("Error(string)")) */
  uint32_t len = plexus_strlen(message);
  if (len > 256) len = 256;
  plexus_revert(buf, plexus_encode_string(buf, 4, message, len));
}

/* Reverts with Error(message) unless `cond` holds (Solidity's require). */
static inline void plexus_require(bool cond, const char* message) {
  if (!cond) plexus_revert_error(message);
}

/* ---- Storage of uint256 values under byte keys (absent reads as zero, as in Solidity). ---- */

static inline plexus_u256 plexus_load_u256(const void* key, uint32_t key_len) {
  uint8_t be[32];
  const int32_t n = plexus_storage_read(key, key_len, be, 32);
  if (n != 32) return plexus_u256_from_u64(0);
  return plexus_u256_load_be(be);
}

/* Stores v, removing the key for zero so that storage holds only non-zero balances. */
static inline void plexus_store_u256(const void* key, uint32_t key_len, plexus_u256 v) {
  if (plexus_u256_is_zero(v)) {
    plexus_storage_remove(key, key_len);
    return;
  }
  uint8_t be[32];
  plexus_u256_store_be(v, be);
  plexus_storage_write(key, key_len, be, 32);
}

/* ---- Events: topic 0 is keccak256 of the event signature, indexed arguments follow. ---- */

/* The first topic of an event: keccak256 of its signature, e.g.
 * plexus_event_topic0("Transfer(address,address,uint256)", topic0). */
static inline void plexus_event_topic0(const char* signature, uint8_t out[32]) {
  plexus_keccak256(signature, plexus_strlen(signature), out);
}

/* An event whose non-indexed data is one uint256 and whose topics are topic0 and two addresses
 * (the shape of ERC-20's Transfer and Approval). */
static inline void plexus_emit_2addr_u256(const uint8_t topic0[32], const plexus_addr* a,
                                          const plexus_addr* b, plexus_u256 value) {
  uint8_t topics[96];
  for (int i = 0; i < 32; ++i) topics[i] = topic0[i];
  plexus_address_word(a, topics + 32);
  plexus_address_word(b, topics + 64);
  uint8_t data[32];
  plexus_u256_store_be(value, data);
  plexus_emit_log(topics, 3, data, 32);
}

/* ---- Cross-subnet messages (docs/MESSAGING.md): through the messenger, like any contract. ---- */

#define PLEXUS_MESSAGE_BODY_MAX 1024u

/* Sends `len` bytes of `body` to contract `receiver` on the subnet whose id is `destination`
 * (keccak256("plexus subnet " ++ name)); this contract is the sender. On success writes the
 * message id to `id_out` and returns PLEXUS_CALL_SUCCESS; otherwise returns the messenger's
 * status (its reason is then the return data). A reverted call sends nothing. Bodies longer than
 * PLEXUS_MESSAGE_BODY_MAX are not supported by this helper (it returns PLEXUS_CALL_FAILURE
 * without calling; encode sendMessage(bytes32,address,bytes) yourself for those). */
static inline uint32_t plexus_send_message(const uint8_t destination[32],
                                           const plexus_addr* receiver, const void* body,
                                           uint32_t len, uint8_t id_out[32]) {
  static uint8_t call[4 + 4 * 32 + PLEXUS_MESSAGE_BODY_MAX];
  static const uint8_t messenger[20] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0, 0, 'M', 'S', 'G'};
  if (len > PLEXUS_MESSAGE_BODY_MAX) return PLEXUS_CALL_FAILURE;
  /* sendMessage(bytes32,address,bytes) = 0x3ff42ab6 */
  call[0] = 0x3f;
  call[1] = 0xf4;
  call[2] = 0x2a;
  call[3] = 0xb6;
  for (int i = 0; i < 32; ++i) call[4 + i] = destination[i];
  plexus_address_word(receiver, call + 36);
  plexus_u256_store_be(plexus_u256_from_u64(96), call + 68); /* offset of the bytes */
  plexus_u256_store_be(plexus_u256_from_u64(len), call + 100);
  const uint8_t* in = (const uint8_t*)body;
  const uint32_t padded = (len + 31u) / 32u * 32u;
  for (uint32_t i = 0; i < padded; ++i) call[132 + i] = i < len ? in[i] : 0;
  const uint8_t no_value[32] = {0};
  const uint32_t status = plexus_call(messenger, no_value, call, 132 + padded, 0);
  if (status == PLEXUS_CALL_SUCCESS && plexus_returndata_size() == 32)
    plexus_returndata_copy(id_out, 0, 32);
  return status;
}

/* Receiving: the messenger calls receiveMessage(bytes32 source, address sender, bytes body) on
 * the receiver (selector 0xc06bcf6c). A contract checks the selector, then reads the call with
 * plexus_receive_message, which reverts unless the messenger is the caller (so nobody else can
 * pose as a message) and writes at most `max` bytes of the body. A contract that reverts leaves
 * the message "failed" on this subnet; retryMessage delivers it later. */
#define PLEXUS_RECEIVE_MESSAGE_SELECTOR 0xc06bcf6cu

typedef struct {
  uint8_t source[32]; /* the source subnet's id */
  plexus_addr sender; /* the contract (or account) that sent it there */
  uint32_t len;       /* the body's length (may exceed what was copied) */
} plexus_message;

static inline void plexus_receive_message(plexus_message* m, void* body, uint32_t max) {
  static const uint8_t messenger[20] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0, 0, 'M', 'S', 'G'};
  uint8_t caller[20];
  plexus_caller(caller);
  for (int i = 0; i < 20; ++i)
    if (caller[i] != messenger[i]) plexus_revert_error("receiveMessage: only the messenger calls");
  plexus_arg_word(4, 0, m->source);
  m->sender = plexus_arg_address(4, 1);
  const plexus_u256 offset = plexus_arg_u256(4, 2);
  uint8_t word[32];
  plexus_input_copy(word, 4 + (uint32_t)offset.limb[0], 32);
  m->len = (uint32_t)plexus_u256_load_be(word).limb[0];
  const uint32_t n = m->len < max ? m->len : max;
  plexus_input_copy(body, 4 + (uint32_t)offset.limb[0] + 32, n);
}

#ifdef __cplusplus
}
#endif

#endif /* PLEXUS_H */
