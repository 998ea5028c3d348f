/* A message receiver in C (docs/MESSAGING.md, Delivery): keeps the last message's source,
 * sender and body and a count of messages; a body of "fail" reverts until the storage key
 * "open" is set by anyone (call with input "open"), so a test can make a delivery fail and then
 * succeed on retry. */
#include "plexus.h"

PLEXUS_EXPORT("call") void call(void) {
  static uint8_t body[256];
  static const char kOpen[] = "open";
  if (plexus_input_size() == 4) {
    uint8_t in[4];
    plexus_input_copy(in, 0, 4);
    if (in[0] == 'o' && in[1] == 'p' && in[2] == 'e' && in[3] == 'n') {
      const uint8_t one = 1;
      plexus_storage_write(kOpen, 4, &one, 1);
      plexus_finish(0, 0);
    }
  }
  plexus_require(plexus_selector() == PLEXUS_RECEIVE_MESSAGE_SELECTOR,
                 "receiver: only receiveMessage(bytes32,address,bytes)");
  plexus_message m;
  plexus_receive_message(&m, body, sizeof body);
  plexus_require(m.len <= sizeof body, "receiver: body too long");
  uint8_t open = 0;
  const int is_fail = m.len == 4 && body[0] == 'f' && body[1] == 'a' && body[2] == 'i' &&
                      body[3] == 'l';
  if (is_fail && plexus_storage_read(kOpen, 4, &open, 1) < 0)
    plexus_revert_error("receiver: not open yet");
  plexus_storage_write("source", 6, m.source, 32);
  plexus_storage_write("sender", 6, m.sender.bytes, 20);
  plexus_storage_write("body", 4, body, m.len);
  uint8_t count[8] = {0};
  plexus_storage_read("count", 5, count, 8);
  count[7] += 1;
  plexus_storage_write("count", 5, count, 8);
  plexus_finish(0, 0);
}
