/* Verifiable compute as a Plexus WebAssembly contract: an off-chain worker claims the result of
 * a small integer-quantised neural network (model.mjs describes it; model.h holds its weights)
 * with a bond; anyone may challenge the claim within the window, and the contract then runs the
 * same inference itself: a wrong claim loses its bond to the challenger, a right one makes the
 * challenge revert. After the window, finalize() accepts the claim and returns the bond.
 * The same contract in Solidity is Verifier.sol.
 *
 * constructor(uint256 window)   window in blocks (0 means 5)
 * infer(bytes32 input) view returns (uint256 cls, bytes32 commitment)
 * claim(bytes32 input, uint256 cls, bytes32 commitment) payable returns (uint256 id)  bond >= 0.01
 * challenge(uint256 id), finalize(uint256 id)
 * claims(uint256 id) view returns (address worker, bytes32 input, uint256 cls,
 *                                  bytes32 commitment, uint256 bond, uint256 deadline,
 *                                  uint256 status)   status 1 pending, 2 accepted, 3 slashed
 * Storage: "w" window, "n" claims made, "c"+id the claim record. */
#include "plexus.h"
#include "model.h"

#define SEL_INFER 0x264722bbu
#define SEL_CLAIM 0x17e5c115u
#define SEL_CHALLENGE 0xab82d9a0u
#define SEL_FINALIZE 0x05261aeau
#define SEL_CLAIMS 0xa888c2cdu
#define SEL_WINDOW 0x461645bfu
#define SEL_CLAIM_COUNT 0x8da4d3c9u
#define SEL_BOND 0x64c9ec6fu

#define ARGS 4
#define STATUS_PENDING 1u
#define STATUS_ACCEPTED 2u
#define STATUS_SLASHED 3u
#define MIN_BOND 10000000000000000ull /* 0.01 in wei */

typedef struct {
  uint8_t cls;
  uint8_t commitment[32];
} Result;

/* The network of model.mjs, bit for bit. */
static Result infer(const uint8_t input[MODEL_IN]) {
  int32_t x[MODEL_IN];
  for (int i = 0; i < MODEL_IN; ++i) x[i] = (int8_t)input[i];
  int32_t h[MODEL_HIDDEN];
  for (int j = 0; j < MODEL_HIDDEN; ++j) {
    int32_t acc = kB1[j];
    for (int i = 0; i < MODEL_IN; ++i) acc += kW1[j * MODEL_IN + i] * x[i];
    acc = acc < 0 ? 0 : acc >> 7;
    h[j] = acc > 127 ? 127 : acc;
  }
  uint8_t preimage[MODEL_IN + 4 * MODEL_OUT];
  for (int i = 0; i < MODEL_IN; ++i) preimage[i] = input[i];
  Result r = {0, {0}};
  int32_t best = 0;
  for (int k = 0; k < MODEL_OUT; ++k) {
    int32_t acc = kB2[k];
    for (int j = 0; j < MODEL_HIDDEN; ++j) acc += kW2[k * MODEL_HIDDEN + j] * h[j];
    if (k == 0 || acc > best) {
      best = acc;
      r.cls = (uint8_t)k;
    }
    const uint32_t u = (uint32_t)acc;
    for (int b = 0; b < 4; ++b) preimage[MODEL_IN + 4 * k + b] = (uint8_t)(u >> (24 - 8 * b));
  }
  plexus_keccak256(preimage, sizeof preimage, r.commitment);
  return r;
}

typedef struct {
  plexus_addr worker;
  uint8_t input[32];
  uint8_t cls[32];
  uint8_t commitment[32];
  uint8_t bond[32];
  uint8_t deadline[32];
  uint8_t status[32];
} Claim;

typedef struct {
  uint8_t bytes[9];
} ClaimKey;

static ClaimKey claim_key(uint64_t id) {
  ClaimKey k;
  k.bytes[0] = 'c';
  for (int i = 0; i < 8; ++i) k.bytes[1 + i] = (uint8_t)(id >> (56 - 8 * i));
  return k;
}

static uint64_t word_u64(const uint8_t w[32]) { return plexus_u256_load_be(w).limb[0]; }
static void set_word_u64(uint8_t w[32], uint64_t v) {
  plexus_u256_store_be(plexus_u256_from_u64(v), w);
}

static Claim load_claim(uint64_t id) {
  Claim c;
  const ClaimKey k = claim_key(id);
  plexus_require(plexus_storage_read(k.bytes, 9, &c, sizeof c) == (int32_t)sizeof c,
                 "Verify: no such claim");
  return c;
}

static void store_claim(uint64_t id, const Claim* c) {
  const ClaimKey k = claim_key(id);
  plexus_storage_write(k.bytes, 9, c, sizeof *c);
}

static uint64_t window(void) {
  const uint64_t w = plexus_load_u256("w", 1).limb[0];
  return w ? w : 5;
}

static uint64_t arg_id(void) {
  const plexus_u256 v = plexus_arg_u256(ARGS, 0);
  plexus_require(!(v.limb[1] | v.limb[2] | v.limb[3]), "Verify: no such claim");
  return v.limb[0];
}

static void pay(const plexus_addr* to, const uint8_t value[32]) {
  const uint32_t status = plexus_call(to->bytes, value, 0, 0, 0);
  plexus_require(status == PLEXUS_CALL_SUCCESS, "Verify: payment failed");
}

/* An event with topic0, an id and an address as topics, and `data`. */
static void emit_id_addr(const char* signature, uint64_t id, const plexus_addr* who,
                         const void* data, uint32_t len) {
  uint8_t topics[96];
  plexus_event_topic0(signature, topics);
  set_word_u64(topics + 32, id);
  plexus_address_word(who, topics + 64);
  plexus_emit_log(topics, 3, data, len);
}

static uint64_t claim(const plexus_addr* worker) {
  const plexus_u256 bond = plexus_msg_value();
  plexus_require(plexus_u256_cmp(bond, plexus_u256_from_u64(MIN_BOND)) >= 0,
                 "Verify: bond below 0.01");
  Claim c;
  c.worker = *worker;
  plexus_arg_word(ARGS, 0, c.input);
  plexus_arg_word(ARGS, 1, c.cls);
  plexus_require(plexus_u256_cmp(plexus_u256_load_be(c.cls), plexus_u256_from_u64(MODEL_OUT)) < 0,
                 "Verify: class out of range");
  plexus_arg_word(ARGS, 2, c.commitment);
  plexus_u256_store_be(bond, c.bond);
  set_word_u64(c.deadline, (uint64_t)plexus_block_number() + window());
  set_word_u64(c.status, STATUS_PENDING);
  const uint64_t id = plexus_load_u256("n", 1).limb[0] + 1;
  plexus_store_u256("n", 1, plexus_u256_from_u64(id));
  store_claim(id, &c);
  emit_id_addr("Claimed(uint256,address,bytes32,uint256,bytes32)", id, worker, c.input, 96);
  return id;
}

static void challenge(const plexus_addr* challenger, uint64_t id) {
  Claim c = load_claim(id);
  plexus_require(word_u64(c.status) == STATUS_PENDING, "Verify: claim already settled");
  plexus_require((uint64_t)plexus_block_number() <= word_u64(c.deadline),
                 "Verify: challenge window closed");
  const Result r = infer(c.input);
  bool same = word_u64(c.cls) == r.cls;
  for (int i = 0; i < 32; ++i) same = same && c.commitment[i] == r.commitment[i];
  plexus_require(!same, "Verify: the claim is correct");
  set_word_u64(c.status, STATUS_SLASHED);
  store_claim(id, &c);
  pay(challenger, c.bond);
  uint8_t data[64];
  set_word_u64(data, r.cls);
  for (int i = 0; i < 32; ++i) data[32 + i] = r.commitment[i];
  emit_id_addr("Slashed(uint256,address,uint256,bytes32)", id, challenger, data, 64);
}

static void finalize(uint64_t id) {
  Claim c = load_claim(id);
  plexus_require(word_u64(c.status) == STATUS_PENDING, "Verify: claim already settled");
  plexus_require((uint64_t)plexus_block_number() > word_u64(c.deadline),
                 "Verify: challenge window open");
  set_word_u64(c.status, STATUS_ACCEPTED);
  store_claim(id, &c);
  pay(&c.worker, c.bond);
  emit_id_addr("Accepted(uint256,address)", id, &c.worker, 0, 0);
}

PLEXUS_EXPORT("deploy") void deploy(void) {
  plexus_store_u256("w", 1, plexus_arg_u256(0, 0));
}

PLEXUS_EXPORT("call") void call(void) {
  plexus_require(plexus_input_size() >= 4, "Verify: missing function selector");
  const uint32_t selector = plexus_selector();
  if (selector != SEL_CLAIM)
    plexus_require(plexus_u256_is_zero(plexus_msg_value()), "Verify: not payable");
  const plexus_addr sender = plexus_msg_sender();
  switch (selector) {
    case SEL_INFER: {
      uint8_t input[32];
      plexus_arg_word(ARGS, 0, input);
      const Result r = infer(input);
      uint8_t out[64];
      set_word_u64(out, r.cls);
      for (int i = 0; i < 32; ++i) out[32 + i] = r.commitment[i];
      plexus_finish(out, 64);
    }
    case SEL_CLAIM: plexus_return_u256(plexus_u256_from_u64(claim(&sender)));
    case SEL_CHALLENGE: challenge(&sender, arg_id()); plexus_finish(0, 0);
    case SEL_FINALIZE: finalize(arg_id()); plexus_finish(0, 0);
    case SEL_CLAIMS: {
      const Claim c = load_claim(arg_id());
      uint8_t out[7 * 32];
      plexus_address_word(&c.worker, out);
      for (int i = 0; i < 32; ++i) {
        out[32 + i] = c.input[i];
        out[64 + i] = c.cls[i];
        out[96 + i] = c.commitment[i];
        out[128 + i] = c.bond[i];
        out[160 + i] = c.deadline[i];
        out[192 + i] = c.status[i];
      }
      plexus_finish(out, sizeof out);
    }
    case SEL_WINDOW: plexus_return_u256(plexus_u256_from_u64(window()));
    case SEL_CLAIM_COUNT: plexus_return_u256(plexus_load_u256("n", 1));
    case SEL_BOND: plexus_return_u256(plexus_u256_from_u64(MIN_BOND));
    default: plexus_revert_error("Verify: unknown function selector");
  }
}
