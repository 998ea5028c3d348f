/* Shared by the benchmark programs, which are built twice: natively and for wasm32 without a C
 * library. Every program exports one `unsigned bench_<name>(unsigned n)` returning a checksum so
 * the work cannot be optimised away and both builds can be compared. */
#ifndef PLEXUS_BENCH_COMMON_H
#define PLEXUS_BENCH_COMMON_H

#ifdef __wasm__
#define BENCH_EXPORT(name) __attribute__((export_name(#name))) unsigned name
typedef __SIZE_TYPE__ size_t;
/* Without a C library the compiler's own calls to memset/memcpy need definitions. */
void* memset(void* dst, int c, size_t n);
void* memcpy(void* dst, const void* src, size_t n);
#else
#include <stddef.h>
#define BENCH_EXPORT(name) unsigned name
#endif

#endif
