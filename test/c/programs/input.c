/* input.c — reads its standard input the ways textbook programs do: scanf for a count, fgets
 * for a line, getchar to the end; threads sum the numbers. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int nums[16];
static long sum;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *add(void *arg) {
  pthread_mutex_lock(&mu);
  sum += *(int *)arg;
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  int n;
  printf("how many? ");
  if (scanf("%d", &n) != 1 || n < 0 || n > 16) { printf("bad count\n"); return 1; }
  for (int i = 0; i < n; i++) scanf("%d", &nums[i]);
  char line[64];
  getchar(); /* the newline after the numbers */
  if (fgets(line, sizeof line, stdin) == NULL) strcpy(line, "(none)\n");
  int rest = 0;
  while (getchar() != EOF) rest++;
  pthread_t t[16];
  for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, add, &nums[i]);
  for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
  printf("sum of %d: %ld; line: %s%d more bytes\n", n, sum, line, rest);
  return 0;
}
