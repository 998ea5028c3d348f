/* An ERC-20 token as a Plexus WebAssembly contract, ABI-compatible with Solidity's so that
 * wallets and ethers.js use it unchanged.
 *
 * Constructor: deploy(uint256 initialSupply): the deployer becomes the owner and receives the
 * initial supply (no arguments: zero). Only the owner may mint.
 * Storage keys: "o" owner, "t" total supply, "b"+holder balance, "a"+owner+spender allowance. */
#include "plexus.h"

#define SEL_NAME 0x06fdde03u
#define SEL_SYMBOL 0x95d89b41u
#define SEL_DECIMALS 0x313ce567u
#define SEL_TOTAL_SUPPLY 0x18160dddu
#define SEL_BALANCE_OF 0x70a08231u
#define SEL_TRANSFER 0xa9059cbbu
#define SEL_APPROVE 0x095ea7b3u
#define SEL_ALLOWANCE 0xdd62ed3eu
#define SEL_TRANSFER_FROM 0x23b872ddu
#define SEL_MINT 0x40c10f19u
#define SEL_OWNER 0x8da5cb5bu

#define ARGS 4 /* argument words start after the selector */

static const char kOwnerKey[] = "o";
static const char kSupplyKey[] = "t";

typedef struct {
  uint8_t bytes[41]; /* 'a' + owner + spender, or 'b' + holder */
} Key;

static Key balance_key(const plexus_addr* holder) {
  Key k;
  k.bytes[0] = 'b';
  for (int i = 0; i < 20; ++i) k.bytes[1 + i] = holder->bytes[i];
  return k;
}

static Key allowance_key(const plexus_addr* owner, const plexus_addr* spender) {
  Key k;
  k.bytes[0] = 'a';
  for (int i = 0; i < 20; ++i) {
    k.bytes[1 + i] = owner->bytes[i];
    k.bytes[21 + i] = spender->bytes[i];
  }
  return k;
}

static plexus_u256 balance_of(const plexus_addr* holder) {
  const Key k = balance_key(holder);
  return plexus_load_u256(k.bytes, 21);
}

static void set_balance(const plexus_addr* holder, plexus_u256 v) {
  const Key k = balance_key(holder);
  plexus_store_u256(k.bytes, 21, v);
}

static void emit_transfer(const plexus_addr* from, const plexus_addr* to, plexus_u256 value) {
  uint8_t topic0[32];
  plexus_event_topic0("Transfer(address,address,uint256)", topic0);
  plexus_emit_2addr_u256(topic0, from, to, value);
}

static void emit_approval(const plexus_addr* owner, const plexus_addr* spender,
                          plexus_u256 value) {
  uint8_t topic0[32];
  plexus_event_topic0("Approval(address,address,uint256)", topic0);
  plexus_emit_2addr_u256(topic0, owner, spender, value);
}

static void move_tokens(const plexus_addr* from, const plexus_addr* to, plexus_u256 value) {
  plexus_require(!plexus_addr_is_zero(to), "ERC20: transfer to the zero address");
  bool underflow = false;
  const plexus_u256 from_left = plexus_u256_sub(balance_of(from), value, &underflow);
  plexus_require(!underflow, "ERC20: insufficient balance");
  set_balance(from, from_left);
  /* Cannot overflow: the sum of all balances is the total supply, checked at mint. */
  set_balance(to, plexus_u256_add(balance_of(to), value, 0));
  emit_transfer(from, to, value);
}

static void mint(const plexus_addr* to, plexus_u256 value) {
  plexus_require(!plexus_addr_is_zero(to), "ERC20: mint to the zero address");
  bool overflow = false;
  const plexus_u256 supply =
      plexus_u256_add(plexus_load_u256(kSupplyKey, 1), value, &overflow);
  plexus_require(!overflow, "ERC20: total supply overflow");
  plexus_store_u256(kSupplyKey, 1, supply);
  set_balance(to, plexus_u256_add(balance_of(to), value, 0));
  const plexus_addr zero = {{0}};
  emit_transfer(&zero, to, value);
}

static plexus_addr owner(void) {
  plexus_addr a = {{0}};
  plexus_storage_read(kOwnerKey, 1, a.bytes, 20);
  return a;
}

PLEXUS_EXPORT("deploy") void deploy(void) {
  const plexus_addr sender = plexus_msg_sender();
  plexus_storage_write(kOwnerKey, 1, sender.bytes, 20);
  const plexus_u256 initial = plexus_arg_u256(0, 0);
  if (!plexus_u256_is_zero(initial)) mint(&sender, initial);
}

PLEXUS_EXPORT("call") void call(void) {
  plexus_require(plexus_u256_is_zero(plexus_msg_value()), "ERC20: not payable");
  plexus_require(plexus_input_size() >= 4, "ERC20: missing function selector");
  const plexus_addr sender = plexus_msg_sender();
  switch (plexus_selector()) {
    case SEL_NAME: plexus_return_string("Plexus Wasm Token");
    case SEL_SYMBOL: plexus_return_string("PWT");
    case SEL_DECIMALS: plexus_return_u256(plexus_u256_from_u64(18));
    case SEL_TOTAL_SUPPLY: plexus_return_u256(plexus_load_u256(kSupplyKey, 1));
    case SEL_OWNER: {
      const plexus_addr o = owner();
      plexus_return_address(&o);
    }
    case SEL_BALANCE_OF: {
      const plexus_addr holder = plexus_arg_address(ARGS, 0);
      plexus_return_u256(balance_of(&holder));
    }
    case SEL_TRANSFER: {
      const plexus_addr to = plexus_arg_address(ARGS, 0);
      move_tokens(&sender, &to, plexus_arg_u256(ARGS, 1));
      plexus_return_bool(true);
    }
    case SEL_APPROVE: {
      const plexus_addr spender = plexus_arg_address(ARGS, 0);
      const plexus_u256 value = plexus_arg_u256(ARGS, 1);
      plexus_require(!plexus_addr_is_zero(&spender), "ERC20: approve to the zero address");
      const Key k = allowance_key(&sender, &spender);
      plexus_store_u256(k.bytes, 41, value);
      emit_approval(&sender, &spender, value);
      plexus_return_bool(true);
    }
    case SEL_ALLOWANCE: {
      const plexus_addr o = plexus_arg_address(ARGS, 0);
      const plexus_addr spender = plexus_arg_address(ARGS, 1);
      const Key k = allowance_key(&o, &spender);
      plexus_return_u256(plexus_load_u256(k.bytes, 41));
    }
    case SEL_TRANSFER_FROM: {
      const plexus_addr from = plexus_arg_address(ARGS, 0);
      const plexus_addr to = plexus_arg_address(ARGS, 1);
      const plexus_u256 value = plexus_arg_u256(ARGS, 2);
      const Key k = allowance_key(&from, &sender);
      bool underflow = false;
      const plexus_u256 left = plexus_u256_sub(plexus_load_u256(k.bytes, 41), value, &underflow);
      plexus_require(!underflow, "ERC20: insufficient allowance");
      plexus_store_u256(k.bytes, 41, left);
      move_tokens(&from, &to, value);
      plexus_return_bool(true);
    }
    case SEL_MINT: {
      const plexus_addr o = owner();
      plexus_require(plexus_addr_eq(&sender, &o), "ERC20: caller is not the owner");
      const plexus_addr to = plexus_arg_address(ARGS, 0);
      mint(&to, plexus_arg_u256(ARGS, 1));
      plexus_return_bool(true);
    }
    default: plexus_revert_error("ERC20: unknown function selector");
  }
}
