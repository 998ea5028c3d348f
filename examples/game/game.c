/* A game economy as a Plexus WebAssembly contract: items are ERC-721 tokens (the standard ABI
 * and events, so wallets and the explorer list them), gold is an in-game currency, crafting
 * burns two items and mints one, and a marketplace holds listed items in escrow until they are
 * bought with gold or withdrawn. The same game in Solidity is examples/game/Game.sol.
 *
 * Actions: quest() +50 gold; forage(kind) mints a Wood (1) or Ore (2); craft(a, b) burns a and b
 * and 5 gold and mints the recipe's output (Wood + Ore -> Sword 3, Sword + Sword -> Greatsword 4);
 * list(id, price) escrows the item in the contract; buy(id) pays the seller in gold and hands
 * the item over; cancel(id) returns it to the seller.
 *
 * Storage keys: "n" items minted, "t"+id owner, "k"+id kind, "c"+owner item count,
 * "a"+id approved, "p"+owner+operator approval for all, "g"+player gold,
 * "l"+id listing (seller, price). Item ids are 1, 2, 3, ... (8-byte big-endian in keys). */
#include "plexus.h"

#define SEL_NAME 0x06fdde03u
#define SEL_SYMBOL 0x95d89b41u
#define SEL_BALANCE_OF 0x70a08231u
#define SEL_OWNER_OF 0x6352211eu
#define SEL_TRANSFER_FROM 0x23b872ddu
#define SEL_SAFE_TRANSFER_FROM 0x42842e0eu
#define SEL_SAFE_TRANSFER_FROM_DATA 0xb88d4fdeu
#define SEL_APPROVE 0x095ea7b3u
#define SEL_GET_APPROVED 0x081812fcu
#define SEL_SET_APPROVAL_FOR_ALL 0xa22cb465u
#define SEL_IS_APPROVED_FOR_ALL 0xe985e9c5u
#define SEL_SUPPORTS_INTERFACE 0x01ffc9a7u
#define SEL_TOKEN_URI 0xc87b56ddu
#define SEL_KIND_OF 0x2345e28cu
#define SEL_GOLD_OF 0x70425138u
#define SEL_TRANSFER_GOLD 0x1c39c7d5u
#define SEL_QUEST 0x42cccf08u
#define SEL_FORAGE 0xc525ca8au
#define SEL_CRAFT 0x289137a1u
#define SEL_LIST 0x50fd7367u
#define SEL_BUY 0xd96a094au
#define SEL_CANCEL 0x40e58ee5u
#define SEL_LISTING 0x84a184deu
#define SEL_TOTAL_MINTED 0xa2309ff8u
#define SEL_ON_ERC721_RECEIVED 0x150b7a02u

#define ARGS 4
#define KIND_WOOD 1u
#define KIND_ORE 2u
#define KIND_SWORD 3u
#define KIND_GREATSWORD 4u
#define QUEST_REWARD 50u
#define CRAFT_FEE 5u

typedef struct {
  uint8_t bytes[41];
  uint32_t len;
} Key;

static Key key_id(char tag, uint64_t id) {
  Key k = {{0}, 9};
  k.bytes[0] = (uint8_t)tag;
  for (int i = 0; i < 8; ++i) k.bytes[1 + i] = (uint8_t)(id >> (56 - 8 * i));
  return k;
}

static Key key_addr(char tag, const plexus_addr* a, const plexus_addr* b) {
  Key k = {{0}, b ? 41u : 21u};
  k.bytes[0] = (uint8_t)tag;
  for (int i = 0; i < 20; ++i) {
    k.bytes[1 + i] = a->bytes[i];
    if (b) k.bytes[21 + i] = b->bytes[i];
  }
  return k;
}

static uint64_t load_u64(Key k) { return plexus_load_u256(k.bytes, k.len).limb[0]; }
static void store_u64(Key k, uint64_t v) {
  plexus_store_u256(k.bytes, k.len, plexus_u256_from_u64(v));
}

static bool load_addr(Key k, plexus_addr* out) {
  *out = (plexus_addr){{0}};
  return plexus_storage_read(k.bytes, k.len, out->bytes, 20) == 20;
}

/* An item id argument: ids fit in 64 bits; anything larger names no item. */
static uint64_t arg_id(uint32_t index) {
  const plexus_u256 v = plexus_arg_u256(ARGS, index);
  if (v.limb[1] | v.limb[2] | v.limb[3]) plexus_revert_error("ERC721: invalid token ID");
  return v.limb[0];
}

static plexus_addr self_address(void) {
  plexus_addr a;
  plexus_address(a.bytes);
  return a;
}

/* ---- events ---- */

static void emit_addr_addr_id(const char* signature, const plexus_addr* a, const plexus_addr* b,
                              uint64_t id) {
  uint8_t topics[128];
  plexus_event_topic0(signature, topics);
  plexus_address_word(a, topics + 32);
  plexus_address_word(b, topics + 64);
  plexus_u256_store_be(plexus_u256_from_u64(id), topics + 96);
  plexus_emit_log(topics, 4, 0, 0);
}

static void emit_transfer(const plexus_addr* from, const plexus_addr* to, uint64_t id) {
  emit_addr_addr_id("Transfer(address,address,uint256)", from, to, id);
}

/* ---- gold ---- */

static plexus_u256 gold_of(const plexus_addr* who) {
  const Key k = key_addr('g', who, 0);
  return plexus_load_u256(k.bytes, k.len);
}

static void set_gold(const plexus_addr* who, plexus_u256 v) {
  const Key k = key_addr('g', who, 0);
  plexus_store_u256(k.bytes, k.len, v);
}

/* Moves gold; a zero address as `from` mints, as `to` burns. Emits Gold(from, to, amount). */
static void move_gold(const plexus_addr* from, const plexus_addr* to, plexus_u256 amount) {
  if (!plexus_addr_is_zero(from)) {
    bool underflow = false;
    const plexus_u256 left = plexus_u256_sub(gold_of(from), amount, &underflow);
    plexus_require(!underflow, "Game: not enough gold");
    set_gold(from, left);
  }
  if (!plexus_addr_is_zero(to)) {
    bool overflow = false;
    const plexus_u256 sum = plexus_u256_add(gold_of(to), amount, &overflow);
    plexus_require(!overflow, "Game: gold overflow");
    set_gold(to, sum);
  }
  uint8_t topic0[32];
  plexus_event_topic0("Gold(address,address,uint256)", topic0);
  plexus_emit_2addr_u256(topic0, from, to, amount);
}

/* ---- items (ERC-721) ---- */

static bool owner_of(uint64_t id, plexus_addr* out) { return load_addr(key_id('t', id), out); }

static plexus_addr require_owner(uint64_t id) {
  plexus_addr o;
  plexus_require(owner_of(id, &o), "ERC721: invalid token ID");
  return o;
}

static void add_count(const plexus_addr* who, bool up) {
  const Key k = key_addr('c', who, 0);
  const uint64_t n = load_u64(k);
  store_u64(k, up ? n + 1 : n - 1);
}

/* Changes the owner of `id` (mint when `from` is zero, burn when `to` is zero), clears its
 * approval and emits Transfer. */
static void move_item(const plexus_addr* from, const plexus_addr* to, uint64_t id) {
  const Key owner_key = key_id('t', id);
  if (plexus_addr_is_zero(from)) {
    store_u64(key_id('n', 0), id);
  } else {
    add_count(from, false);
    const Key approved = key_id('a', id);
    plexus_storage_remove(approved.bytes, approved.len);
  }
  if (plexus_addr_is_zero(to)) {
    plexus_storage_remove(owner_key.bytes, owner_key.len);
    const Key kind = key_id('k', id);
    plexus_storage_remove(kind.bytes, kind.len);
  } else {
    add_count(to, true);
    plexus_storage_write(owner_key.bytes, owner_key.len, to->bytes, 20);
  }
  emit_transfer(from, to, id);
}

static uint64_t mint_item(const plexus_addr* to, uint64_t kind) {
  const uint64_t id = load_u64(key_id('n', 0)) + 1;
  store_u64(key_id('k', id), kind);
  const plexus_addr zero = {{0}};
  move_item(&zero, to, id);
  return id;
}

static bool approved_for_all(const plexus_addr* owner, const plexus_addr* op) {
  const Key k = key_addr('p', owner, op);
  return load_u64(k) != 0;
}

static bool may_move(const plexus_addr* spender, const plexus_addr* owner, uint64_t id) {
  if (plexus_addr_eq(spender, owner) || approved_for_all(owner, spender)) return true;
  plexus_addr approved;
  return load_addr(key_id('a', id), &approved) && plexus_addr_eq(&approved, spender);
}

static void transfer_from(const plexus_addr* sender, const plexus_addr* from,
                          const plexus_addr* to, uint64_t id) {
  const plexus_addr owner = require_owner(id);
  plexus_require(plexus_addr_eq(&owner, from), "ERC721: incorrect owner");
  plexus_require(!plexus_addr_is_zero(to), "ERC721: invalid receiver");
  plexus_require(may_move(sender, &owner, id), "ERC721: insufficient approval");
  move_item(from, to, id);
}

#define MAX_RECEIVER_DATA 1024u

/* safeTransferFrom's receiver check: the receiver's onERC721Received(operator, from, id, data)
 * must return its selector. A call that succeeds with no output is an account without code
 * (the host has no code-size import): accepted, as ERC-721 accepts externally owned accounts.
 * `data` is the four-argument form's bytes (its offset word is argument 3), forwarded as is. */
static void check_receiver(const plexus_addr* op, const plexus_addr* from, const plexus_addr* to,
                           uint64_t id, bool with_data) {
  static uint8_t input[4 + 5 * 32 + MAX_RECEIVER_DATA];
  uint32_t len = 0;
  if (with_data) {
    const plexus_u256 offset = plexus_arg_u256(ARGS, 3);
    plexus_require(!(offset.limb[1] | offset.limb[2] | offset.limb[3]) &&
                       offset.limb[0] < plexus_input_size(),
                   "ABI: bad bytes offset");
    const plexus_u256 n = plexus_arg_u256(ARGS + (uint32_t)offset.limb[0], 0);
    if (n.limb[1] | n.limb[2] | n.limb[3] || n.limb[0] > MAX_RECEIVER_DATA)
      plexus_revert_error("not supported: safeTransferFrom data longer than 1024 bytes");
    len = (uint32_t)n.limb[0];
    plexus_input_copy(input + 4 + 5 * 32, ARGS + (uint32_t)offset.limb[0] + 32, (len + 31) / 32 * 32);
  }
  input[0] = 0x15, input[1] = 0x0b, input[2] = 0x7a, input[3] = 0x02;
  plexus_address_word(op, input + 4);
  plexus_address_word(from, input + 36);
  plexus_u256_store_be(plexus_u256_from_u64(id), input + 68);
  plexus_u256_store_be(plexus_u256_from_u64(128), input + 100); /* offset of data */
  plexus_u256_store_be(plexus_u256_from_u64(len), input + 132);
  const uint8_t zero_value[32] = {0};
  const uint32_t status =
      plexus_call(to->bytes, zero_value, input, 4 + 5 * 32 + (len + 31) / 32 * 32, 0);
  plexus_require(status == PLEXUS_CALL_SUCCESS, "ERC721: transfer to non ERC721Receiver");
  const uint32_t size = plexus_returndata_size();
  if (size == 0) return;
  uint8_t word[32] = {0};
  plexus_require(size >= 32, "ERC721: transfer to non ERC721Receiver");
  plexus_returndata_copy(word, 0, 32);
  plexus_require(word[0] == 0x15 && word[1] == 0x0b && word[2] == 0x7a && word[3] == 0x02,
                 "ERC721: transfer to non ERC721Receiver");
}

/* ---- gameplay ---- */

static uint64_t recipe(uint64_t a, uint64_t b) {
  if ((a == KIND_WOOD && b == KIND_ORE) || (a == KIND_ORE && b == KIND_WOOD)) return KIND_SWORD;
  if (a == KIND_SWORD && b == KIND_SWORD) return KIND_GREATSWORD;
  return 0;
}

static void craft(const plexus_addr* player, uint64_t a, uint64_t b) {
  plexus_require(a != b, "Game: two different items are needed");
  const plexus_addr owner_a = require_owner(a);
  const plexus_addr owner_b = require_owner(b);
  plexus_require(plexus_addr_eq(&owner_a, player) && plexus_addr_eq(&owner_b, player),
                 "Game: not your item");
  const uint64_t output = recipe(load_u64(key_id('k', a)), load_u64(key_id('k', b)));
  plexus_require(output != 0, "Game: no recipe for these items");
  const plexus_addr zero = {{0}};
  move_gold(player, &zero, plexus_u256_from_u64(CRAFT_FEE));
  move_item(player, &zero, a);
  move_item(player, &zero, b);
  const uint64_t id = mint_item(player, output);
  plexus_return_u256(plexus_u256_from_u64(id));
}

typedef struct {
  plexus_addr seller;
  uint8_t price[32];
} Listing;

static bool load_listing(uint64_t id, Listing* out) {
  const Key k = key_id('l', id);
  return plexus_storage_read(k.bytes, k.len, out, sizeof *out) == (int32_t)sizeof *out;
}

static void emit_listing(const char* signature, const plexus_addr* who, uint64_t id,
                         plexus_u256 price) {
  uint8_t topics[96];
  plexus_event_topic0(signature, topics);
  plexus_address_word(who, topics + 32);
  plexus_u256_store_be(plexus_u256_from_u64(id), topics + 64);
  uint8_t data[32];
  plexus_u256_store_be(price, data);
  plexus_emit_log(topics, 3, data, 32);
}

static void list_item(const plexus_addr* seller, uint64_t id, plexus_u256 price) {
  const plexus_addr owner = require_owner(id);
  plexus_require(plexus_addr_eq(&owner, seller), "Game: not your item");
  const plexus_addr escrow = self_address();
  move_item(seller, &escrow, id);
  Listing l;
  l.seller = *seller;
  plexus_u256_store_be(price, l.price);
  const Key k = key_id('l', id);
  plexus_storage_write(k.bytes, k.len, &l, sizeof l);
  emit_listing("Listed(address,uint256,uint256)", seller, id, price);
}

static void close_listing(uint64_t id, const plexus_addr* receiver) {
  const Key k = key_id('l', id);
  plexus_storage_remove(k.bytes, k.len);
  const plexus_addr escrow = self_address();
  move_item(&escrow, receiver, id);
}

static void buy(const plexus_addr* buyer, uint64_t id) {
  Listing l;
  plexus_require(load_listing(id, &l), "Game: not listed");
  plexus_require(!plexus_addr_eq(buyer, &l.seller), "Game: your own listing");
  const plexus_u256 price = plexus_u256_load_be(l.price);
  move_gold(buyer, &l.seller, price);
  close_listing(id, buyer);
  emit_listing("Sold(address,uint256,uint256)", buyer, id, price);
}

static void cancel(const plexus_addr* seller, uint64_t id) {
  Listing l;
  plexus_require(load_listing(id, &l), "Game: not listed");
  plexus_require(plexus_addr_eq(seller, &l.seller), "Game: not your listing");
  close_listing(id, seller);
}

static void return_uri(uint64_t kind) __attribute__((noreturn));
static void return_uri(uint64_t kind) {
  switch (kind) {
    case KIND_WOOD: plexus_return_string("data:application/json,{\"name\":\"Wood\"}");
    case KIND_ORE: plexus_return_string("data:application/json,{\"name\":\"Ore\"}");
    case KIND_SWORD: plexus_return_string("data:application/json,{\"name\":\"Sword\"}");
    default: plexus_return_string("data:application/json,{\"name\":\"Greatsword\"}");
  }
}

PLEXUS_EXPORT("call") void call(void) {
  plexus_require(plexus_u256_is_zero(plexus_msg_value()), "Game: not payable");
  plexus_require(plexus_input_size() >= 4, "Game: missing function selector");
  const plexus_addr sender = plexus_msg_sender();
  switch (plexus_selector()) {
    case SEL_NAME: plexus_return_string("Plexus Game Items");
    case SEL_SYMBOL: plexus_return_string("ITEM");
    case SEL_SUPPORTS_INTERFACE: {
      uint8_t w[32];
      plexus_arg_word(ARGS, 0, w);
      const uint32_t id = (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
      /* ERC-165, ERC-721, ERC-721 metadata */
      plexus_return_bool(id == 0x01ffc9a7u || id == 0x80ac58cdu || id == 0x5b5e139fu);
    }
    case SEL_BALANCE_OF: {
      const plexus_addr who = plexus_arg_address(ARGS, 0);
      plexus_require(!plexus_addr_is_zero(&who), "ERC721: invalid owner");
      plexus_return_u256(plexus_u256_from_u64(load_u64(key_addr('c', &who, 0))));
    }
    case SEL_OWNER_OF: {
      const plexus_addr o = require_owner(arg_id(0));
      plexus_return_address(&o);
    }
    case SEL_TOKEN_URI: {
      const uint64_t id = arg_id(0);
      require_owner(id);
      return_uri(load_u64(key_id('k', id)));
    }
    case SEL_KIND_OF: {
      const uint64_t id = arg_id(0);
      require_owner(id);
      plexus_return_u256(plexus_u256_from_u64(load_u64(key_id('k', id))));
    }
    case SEL_TOTAL_MINTED: plexus_return_u256(plexus_u256_from_u64(load_u64(key_id('n', 0))));
    case SEL_GET_APPROVED: {
      const uint64_t id = arg_id(0);
      require_owner(id);
      plexus_addr a;
      load_addr(key_id('a', id), &a);
      plexus_return_address(&a);
    }
    case SEL_IS_APPROVED_FOR_ALL: {
      const plexus_addr o = plexus_arg_address(ARGS, 0);
      const plexus_addr op = plexus_arg_address(ARGS, 1);
      plexus_return_bool(approved_for_all(&o, &op));
    }
    case SEL_APPROVE: {
      const plexus_addr to = plexus_arg_address(ARGS, 0);
      const uint64_t id = arg_id(1);
      const plexus_addr o = require_owner(id);
      plexus_require(plexus_addr_eq(&sender, &o) || approved_for_all(&o, &sender),
                     "ERC721: invalid approver");
      const Key k = key_id('a', id);
      plexus_storage_write(k.bytes, k.len, to.bytes, 20);
      emit_addr_addr_id("Approval(address,address,uint256)", &o, &to, id);
      plexus_finish(0, 0);
    }
    case SEL_SET_APPROVAL_FOR_ALL: {
      const plexus_addr op = plexus_arg_address(ARGS, 0);
      const bool approved = plexus_arg_bool(ARGS, 1);
      store_u64(key_addr('p', &sender, &op), approved);
      uint8_t topics[96];
      plexus_event_topic0("ApprovalForAll(address,address,bool)", topics);
      plexus_address_word(&sender, topics + 32);
      plexus_address_word(&op, topics + 64);
      uint8_t data[32];
      plexus_u256_store_be(plexus_u256_from_u64(approved), data);
      plexus_emit_log(topics, 3, data, 32);
      plexus_finish(0, 0);
    }
    case SEL_TRANSFER_FROM:
    case SEL_SAFE_TRANSFER_FROM:
    case SEL_SAFE_TRANSFER_FROM_DATA: {
      const plexus_addr from = plexus_arg_address(ARGS, 0);
      const plexus_addr to = plexus_arg_address(ARGS, 1);
      const uint64_t id = arg_id(2);
      transfer_from(&sender, &from, &to, id);
      const uint32_t selector = plexus_selector();
      if (selector != SEL_TRANSFER_FROM)
        check_receiver(&sender, &from, &to, id, selector == SEL_SAFE_TRANSFER_FROM_DATA);
      plexus_finish(0, 0);
    }
    case SEL_GOLD_OF: {
      const plexus_addr who = plexus_arg_address(ARGS, 0);
      plexus_return_u256(gold_of(&who));
    }
    case SEL_TRANSFER_GOLD: {
      const plexus_addr to = plexus_arg_address(ARGS, 0);
      plexus_require(!plexus_addr_is_zero(&to), "Game: gold to the zero address");
      move_gold(&sender, &to, plexus_arg_u256(ARGS, 1));
      plexus_return_bool(true);
    }
    case SEL_QUEST: {
      const plexus_addr zero = {{0}};
      move_gold(&zero, &sender, plexus_u256_from_u64(QUEST_REWARD));
      plexus_finish(0, 0);
    }
    case SEL_FORAGE: {
      const uint64_t kind = arg_id(0);
      plexus_require(kind == KIND_WOOD || kind == KIND_ORE, "Game: only wood or ore grow wild");
      plexus_return_u256(plexus_u256_from_u64(mint_item(&sender, kind)));
    }
    case SEL_CRAFT: craft(&sender, arg_id(0), arg_id(1));
    case SEL_LIST: {
      list_item(&sender, arg_id(0), plexus_arg_u256(ARGS, 1));
      plexus_finish(0, 0);
    }
    case SEL_BUY: {
      buy(&sender, arg_id(0));
      plexus_finish(0, 0);
    }
    case SEL_CANCEL: {
      cancel(&sender, arg_id(0));
      plexus_finish(0, 0);
    }
    case SEL_LISTING: {
      Listing l = {{{0}}, {0}};
      load_listing(arg_id(0), &l);
      uint8_t out[64];
      plexus_address_word(&l.seller, out);
      for (int i = 0; i < 32; ++i) out[32 + i] = l.price[i];
      plexus_finish(out, 64);
    }
    default: plexus_revert_error("Game: unknown function selector");
  }
}
