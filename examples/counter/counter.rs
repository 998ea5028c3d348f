//! A counter as a Plexus WebAssembly contract in Rust (no_std, no allocator), ABI-compatible with
//! the Solidity contract
//!   uint256 public count;             // count()            0x06661abd
//!   function increment(uint256 by)   // returns the count 0x7cf5dab0
//!   function owner() returns address  //                   0x8da5cb5b
//!   event Incremented(address indexed by, uint256 amount);
//! The constructor takes `uint256 start`. Adding past 2^64 - 1 reverts with Error(string).
#![no_std]

use core::panic::PanicInfo;

#[link(wasm_import_module = "plexus")]
extern "C" {
    fn input_size() -> u32;
    fn input_copy(dst: *mut u8, offset: u32, len: u32);
    fn finish(data: *const u8, len: u32) -> !;
    fn revert(data: *const u8, len: u32) -> !;
    fn storage_read(key: *const u8, key_len: u32, val: *mut u8, cap: u32) -> i32;
    fn storage_write(key: *const u8, key_len: u32, val: *const u8, len: u32);
    fn caller(address20: *mut u8);
    fn emit_log(topics: *const u8, count: u32, data: *const u8, len: u32);
    fn keccak256(data: *const u8, len: u32, hash32: *mut u8);
}

const COUNT_KEY: &[u8] = b"count";
const OWNER_KEY: &[u8] = b"owner";

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// A counter is kept as a u64 in an ABI word (big-endian, left-padded).
fn word_of(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

fn arg_u64(offset: u32) -> u64 {
    let mut w = [0u8; 32];
    unsafe { input_copy(w.as_mut_ptr(), offset, 32) };
    if w[..24].iter().any(|b| *b != 0) {
        revert_with("Counter: value too large");
    }
    let mut v = [0u8; 8];
    v.copy_from_slice(&w[24..]);
    u64::from_be_bytes(v)
}

fn load_count() -> u64 {
    let mut v = [0u8; 8];
    let n = unsafe { storage_read(COUNT_KEY.as_ptr(), COUNT_KEY.len() as u32, v.as_mut_ptr(), 8) };
    if n == 8 { u64::from_be_bytes(v) } else { 0 }
}

fn store_count(v: u64) {
    let b = v.to_be_bytes();
    unsafe { storage_write(COUNT_KEY.as_ptr(), COUNT_KEY.len() as u32, b.as_ptr(), 8) };
}

fn return_word(w: &[u8; 32]) -> ! {
    unsafe { finish(w.as_ptr(), 32) }
}

/// Solidity's Error(string) revert data; messages are cut to 32 bytes.
fn revert_with(msg: &str) -> ! {
    let n = if msg.len() < 32 { msg.len() } else { 32 };
    let mut buf = [0u8; 4 + 96];
    buf[..4].copy_from_slice(&[0x08, 0xc3, 0x79, 0xa0]);
    buf[4..36].copy_from_slice(&word_of(32));
    buf[36..68].copy_from_slice(&word_of(n as u64));
    buf[68..68 + n].copy_from_slice(&msg.as_bytes()[..n]);
    unsafe { revert(buf.as_ptr(), buf.len() as u32) }
}

#[no_mangle]
pub extern "C" fn deploy() {
    let mut sender = [0u8; 20];
    unsafe {
        caller(sender.as_mut_ptr());
        storage_write(OWNER_KEY.as_ptr(), OWNER_KEY.len() as u32, sender.as_ptr(), 20);
    }
    store_count(arg_u64(0));
}

#[no_mangle]
pub extern "C" fn call() {
    if unsafe { input_size() } < 4 {
        revert_with("Counter: missing selector");
    }
    let mut selector = [0u8; 4];
    unsafe { input_copy(selector.as_mut_ptr(), 0, 4) };
    match u32::from_be_bytes(selector) {
        0x06661abd => return_word(&word_of(load_count())),
        0x8da5cb5b => {
            let mut w = [0u8; 32];
            let key = OWNER_KEY;
            unsafe { storage_read(key.as_ptr(), key.len() as u32, w[12..].as_mut_ptr(), 20) };
            return_word(&w)
        }
        0x7cf5dab0 => {
            let by = arg_u64(4);
            let next = match load_count().checked_add(by) {
                Some(n) => n,
                None => revert_with("Counter: overflow"),
            };
            store_count(next);
            let signature = b"Incremented(address,uint256)";
            let mut topics = [0u8; 64];
            unsafe {
                keccak256(signature.as_ptr(), signature.len() as u32, topics.as_mut_ptr());
                caller(topics[44..].as_mut_ptr());
                emit_log(topics.as_ptr(), 2, word_of(by).as_ptr(), 32);
            }
            return_word(&word_of(next))
        }
        _ => revert_with("Counter: unknown selector"),
    }
}
