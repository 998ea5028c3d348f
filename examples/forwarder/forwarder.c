/* Forwards every call to the contract named at deployment (any VM: EVM, WASM or Move router)
 * and hands back what it returned, or its revert data. Shows nested calls from C.
 * Constructor: deploy(address target). */
#include "plexus.h"

static const char kTargetKey[] = "target";

PLEXUS_EXPORT("deploy") void deploy(void) {
  const plexus_addr target = plexus_arg_address(0, 0);
  plexus_storage_write(kTargetKey, 6, target.bytes, 20);
}

/* Input and return data of at most this many bytes are forwarded. */
#define MAX_DATA 4096

static uint8_t buffer[MAX_DATA];

PLEXUS_EXPORT("call") void call(void) {
  plexus_addr target;
  plexus_require(plexus_storage_read(kTargetKey, 6, target.bytes, 20) == 20,
                 "Forwarder: no target");
  const uint32_t len = plexus_input_size();
  plexus_require(len <= MAX_DATA, "Forwarder: input too large");
  plexus_input_copy(buffer, 0, len);
  uint8_t value[32];
  plexus_call_value(value);
  const uint32_t status = plexus_call(target.bytes, value, buffer, len, 0);
  const uint32_t out = plexus_returndata_size();
  plexus_require(out <= MAX_DATA, "Forwarder: output too large");
  plexus_returndata_copy(buffer, 0, out);
  if (status == PLEXUS_CALL_SUCCESS) plexus_finish(buffer, out);
  if (status == PLEXUS_CALL_REVERT) plexus_revert(buffer, out);
  plexus_revert_error("Forwarder: call failed");
}
