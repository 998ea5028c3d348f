/* Atomicity fixture: input = 20-byte target address ++ calldata. Writes its own storage, calls
 * the target (any VM) with the calldata, then reverts whatever happened, so every write below it
 * must disappear. A failed inner call reverts with the callee's data instead. */
#include "plexus.h"

#define MAX_DATA 4096

static uint8_t buffer[MAX_DATA];

PLEXUS_EXPORT("call") void call(void) {
  const uint32_t len = plexus_input_size();
  plexus_require(len >= 20 && len <= MAX_DATA, "CallThenRevert: input is target ++ calldata");
  plexus_input_copy(buffer, 0, len);
  static const char kKey[] = "touched";
  const uint8_t one = 1;
  plexus_storage_write(kKey, 7, &one, 1);
  uint8_t value[32] = {0};
  const uint32_t status = plexus_call(buffer, value, buffer + 20, len - 20, 0);
  if (status != PLEXUS_CALL_SUCCESS) {
    const uint32_t out = plexus_returndata_size();
    plexus_require(out <= MAX_DATA, "CallThenRevert: output too large");
    plexus_returndata_copy(buffer, 0, out);
    plexus_revert(buffer, out);
  }
  plexus_revert_error("CallThenRevert: rolled back");
}
