/* Test contract: the first input byte picks one host function whose result is returned as one
 * 32-byte word (unknown: revert). Exercises what the examples do not. */
#include "plexus.h"

static void return_i64(int64_t v) {
  plexus_return_u256(plexus_u256_from_u64((uint64_t)v));
}

static void return_word(const uint8_t* bytes, uint32_t len) {
  uint8_t w[32] = {0};
  for (uint32_t i = 0; i < len; ++i) w[32 - len + i] = bytes[i];
  plexus_finish(w, 32);
}

PLEXUS_EXPORT("call") void call(void) {
  uint8_t op = 0;
  plexus_input_copy(&op, 0, 1);
  uint8_t buf[32];
  switch (op) {
    case 1: return_i64(plexus_block_number());
    case 2: return_i64(plexus_block_timestamp());
    case 3: plexus_chain_id(buf); return_word(buf, 32);
    case 4: plexus_coinbase(buf); return_word(buf, 20);
    case 5: plexus_address(buf); return_word(buf, 20);
    case 6: return_i64(plexus_gas_left());
    case 7: { /* write, remove, read back: -1 */
      const uint8_t value[3] = {1, 2, 3};
      plexus_storage_write("k", 1, value, 3);
      plexus_storage_remove("k", 1);
      return_i64(plexus_storage_read("k", 1, buf, 32));
    }
    case 8: { /* write a 3-byte value, read it with a 2-byte buffer: length 3, 2 bytes copied */
      const uint8_t value[3] = {7, 8, 9};
      plexus_storage_write("k", 1, value, 3);
      buf[0] = buf[1] = buf[2] = 0;
      const int32_t n = plexus_storage_read("k", 1, buf, 2);
      const uint8_t out[4] = {(uint8_t)n, buf[0], buf[1], buf[2]};
      return_word(out, 4);
    }
    case 9: return_i64(__builtin_wasm_memory_grow(0, 16)); /* 17 pages, past the cap: -1 */
    case 10: plexus_emit_log(0, 0, "hi", 2); return_i64(0);
    case 11: plexus_returndata_copy(buf, 0, 1); return_i64(0); /* no call yet: traps */
    case 12: { /* send "hi" to receiver 0x..bb on the subnet whose id is input bytes 1..32 */
      uint8_t destination[32];
      plexus_input_copy(destination, 1, 32);
      plexus_addr receiver = {{0}};
      receiver.bytes[19] = 0xbb;
      uint8_t id[32];
      if (plexus_send_message(destination, &receiver, "hi", 2, id) != PLEXUS_CALL_SUCCESS)
        plexus_revert_error("send failed");
      return_word(id, 32);
    }
    default: plexus_revert(0, 0);
  }
}
