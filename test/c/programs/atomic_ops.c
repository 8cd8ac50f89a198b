// C's atomic builtins on every integer width, one thread: each result and the memory after it,
// as gcc -O2 on x86-64 Linux prints them (atomic_ops.out). Checks clib/host/atomics.ts's rewriting
// of the forms clang emits (8/16/32/64-bit RMW, cmpxchg, loads, stores, fences).
#include <stdio.h>
#include <stdint.h>
#include <stdatomic.h>
#define T(type, fmt) do { \
  type x = (type)0xA5A5A5A5A5A5A5A5ull, r; \
  r = __sync_fetch_and_add(&x, (type)0x7f); printf(#type " add %" fmt " %" fmt "\n", r, x); \
  r = __sync_fetch_and_sub(&x, (type)0xff); printf(#type " sub %" fmt " %" fmt "\n", r, x); \
  r = __sync_fetch_and_and(&x, (type)0x0ff0f0f0f0f0f0f0ull); printf(#type " and %" fmt " %" fmt "\n", r, x); \
  r = __sync_fetch_and_or(&x, (type)0x8000000000000001ull); printf(#type " or %" fmt " %" fmt "\n", r, x); \
  r = __sync_fetch_and_xor(&x, (type)0x5555555555555555ull); printf(#type " xor %" fmt " %" fmt "\n", r, x); \
  r = __sync_lock_test_and_set(&x, (type)-3); printf(#type " xchg %" fmt " %" fmt "\n", r, x); \
  r = __sync_val_compare_and_swap(&x, (type)-2, (type)9); printf(#type " cas-fail %" fmt " %" fmt "\n", r, x); \
  r = __sync_val_compare_and_swap(&x, (type)-3, (type)-9); printf(#type " cas-ok %" fmt " %" fmt "\n", r, x); \
  r = __sync_add_and_fetch(&x, (type)-1); printf(#type " addf %" fmt " %" fmt "\n", r, x); \
  __atomic_store_n(&x, (type)0x1234567890abcdefull, __ATOMIC_SEQ_CST); r = __atomic_load_n(&x, __ATOMIC_SEQ_CST); printf(#type " st/ld %" fmt "\n", r); \
  type e = (type)5; int ok = __atomic_compare_exchange_n(&x, &e, (type)6, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); printf(#type " cx %d %" fmt " %" fmt "\n", ok, e, x); \
  __sync_lock_release(&x); printf(#type " rel %" fmt "\n", x); \
} while (0)
int main(void) {
  T(signed char, "d"); T(unsigned char, "u"); T(short, "d"); T(unsigned short, "u");
  T(int, "d"); T(unsigned, "u"); T(long long, "lld"); T(unsigned long long, "llu");
  _Atomic int ai = 10; ai++; ai += 5; ai -= 2; ai |= 0x100; ai &= ~1; ai ^= 3;
  printf("_Atomic int %d\n", ai);
  _Atomic long long al = 1; al <<= 0; al += 0x100000000ll; al--; printf("_Atomic ll %lld\n", (long long)al);
  atomic_flag f = ATOMIC_FLAG_INIT; int a = atomic_flag_test_and_set(&f), b = atomic_flag_test_and_set(&f); atomic_flag_clear(&f);
  int c = atomic_flag_test_and_set(&f); printf("flag %d %d %d\n", a, b, c);
  atomic_thread_fence(memory_order_seq_cst);
  _Atomic unsigned char uc = 250; atomic_fetch_add(&uc, 10); printf("uc %u\n", (unsigned)uc);
  _Atomic short ss = -5; short old = atomic_exchange(&ss, 7); printf("ss %d %d\n", old, ss);
  return 0;
}
