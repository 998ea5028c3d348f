/* The WASM side of the token bridge (examples/bridge/README.md): a wrapped token in C, minted
 * when a message from a trusted peer bridge arrives and burned when it is sent on.
 *
 *   setPeer(bytes32 subnet, address bridge)          the deployer names a peer bridge
 *   balanceOf(address) -> uint256, totalSupply() -> uint256
 *   bridge(bytes32 destination, bytes32 recipient, uint64 amount)
 *       burns the caller's tokens and sends them to `recipient` through the peer on
 *       `destination`; answers the message id
 *   receiveMessage(bytes32 source, address sender, bytes body)   (the messenger only)
 *       mints to the body's recipient, if `sender` is the peer bridge of `source`
 *
 * A body is 40 bytes: the recipient as a 32-byte word, then the amount, u64 big-endian. */
#include "plexus.h"

#define SEL_SET_PEER 0xad3b676cu
#define SEL_BALANCE_OF 0x70a08231u
#define SEL_TOTAL_SUPPLY 0x18160dddu
#define SEL_BRIDGE 0x16a24e76u

static void peer_key(const uint8_t subnet[32], uint8_t key[36]) {
  key[0] = 'p';
  key[1] = 'e';
  key[2] = 'e';
  key[3] = 'r';
  for (int i = 0; i < 32; ++i) key[4 + i] = subnet[i];
}

static void balance_key(const plexus_addr* a, uint8_t key[23]) {
  key[0] = 'b';
  key[1] = 'a';
  key[2] = 'l';
  for (int i = 0; i < 20; ++i) key[3 + i] = a->bytes[i];
}

static uint64_t load_u64(const void* key, uint32_t len) {
  uint8_t be[8] = {0};
  if (plexus_storage_read(key, len, be, 8) != 8) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | be[i];
  return v;
}

static void store_u64(const void* key, uint32_t len, uint64_t v) {
  uint8_t be[8];
  for (int i = 7; i >= 0; --i, v >>= 8) be[i] = (uint8_t)v;
  plexus_storage_write(key, len, be, 8);
}

PLEXUS_EXPORT("deploy") void deploy(void) {
  const plexus_addr owner = plexus_msg_sender();
  plexus_storage_write("owner", 5, owner.bytes, 20);
}

static void set_peer(void) {
  plexus_addr owner;
  plexus_storage_read("owner", 5, owner.bytes, 20);
  const plexus_addr caller = plexus_msg_sender();
  plexus_require(plexus_addr_eq(&owner, &caller), "bridge: only the deployer names peers");
  uint8_t subnet[32];
  plexus_arg_word(4, 0, subnet);
  const plexus_addr bridge = plexus_arg_address(4, 1);
  uint8_t key[36];
  peer_key(subnet, key);
  plexus_storage_write(key, 36, bridge.bytes, 20);
  plexus_finish(0, 0);
}

static void bridge(void) {
  uint8_t destination[32], recipient[32];
  plexus_arg_word(4, 0, destination);
  plexus_arg_word(4, 1, recipient);
  const plexus_u256 amount256 = plexus_arg_u256(4, 2);
  plexus_require(!(amount256.limb[1] | amount256.limb[2] | amount256.limb[3]),
                 "ABI: dirty uint64 argument");
  const uint64_t amount = amount256.limb[0];
  uint8_t key[36];
  peer_key(destination, key);
  plexus_addr peer;
  plexus_require(plexus_storage_read(key, 36, peer.bytes, 20) == 20,
                 "bridge: no peer bridge on that subnet");
  const plexus_addr caller = plexus_msg_sender();
  uint8_t bal_key[23];
  balance_key(&caller, bal_key);
  const uint64_t balance = load_u64(bal_key, 23);
  plexus_require(balance >= amount, "bridge: insufficient balance");
  store_u64(bal_key, 23, balance - amount);
  store_u64("supply", 6, load_u64("supply", 6) - amount);
  uint8_t body[40];
  for (int i = 0; i < 32; ++i) body[i] = recipient[i];
  uint64_t v = amount;
  for (int i = 39; i >= 32; --i, v >>= 8) body[i] = (uint8_t)v;
  uint8_t id[32];
  const uint32_t status = plexus_send_message(destination, &peer, body, 40, id);
  plexus_require(status == PLEXUS_CALL_SUCCESS, "bridge: the messenger refused the message");
  plexus_finish(id, 32);
}

static void receive(void) {
  uint8_t body[40];
  plexus_message m;
  plexus_receive_message(&m, body, sizeof body);
  uint8_t key[36];
  peer_key(m.source, key);
  plexus_addr peer;
  plexus_require(plexus_storage_read(key, 36, peer.bytes, 20) == 20 &&
                     plexus_addr_eq(&peer, &m.sender),
                 "bridge: not from a peer bridge");
  plexus_require(m.len == 40, "bridge: a body is 40 bytes");
  plexus_addr to;
  for (int i = 0; i < 20; ++i) to.bytes[i] = body[12 + i];
  uint64_t amount = 0;
  for (int i = 32; i < 40; ++i) amount = amount << 8 | body[i];
  uint8_t bal_key[23];
  balance_key(&to, bal_key);
  store_u64(bal_key, 23, load_u64(bal_key, 23) + amount);
  store_u64("supply", 6, load_u64("supply", 6) + amount);
  plexus_finish(0, 0);
}

PLEXUS_EXPORT("call") void call(void) {
  const uint32_t selector = plexus_selector();
  if (selector == PLEXUS_RECEIVE_MESSAGE_SELECTOR) receive();
  if (selector == SEL_BRIDGE) bridge();
  if (selector == SEL_SET_PEER) set_peer();
  if (selector == SEL_BALANCE_OF) {
    const plexus_addr owner = plexus_arg_address(4, 0);
    uint8_t key[23];
    balance_key(&owner, key);
    plexus_return_u256(plexus_u256_from_u64(load_u64(key, 23)));
  }
  if (selector == SEL_TOTAL_SUPPLY) plexus_return_u256(plexus_u256_from_u64(load_u64("supply", 6)));
  plexus_revert_error("bridge: unknown function");
}
