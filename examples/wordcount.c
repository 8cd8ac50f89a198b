// Word count (C): four threads count the words of a data file, each its own part; main writes the totals to a result file.
//
//   threadlab run examples/wordcount.c --file examples/words.txt:words.txt --keep-files out/
//
// --file puts the host file into the simulated file system (the program's cwd, /home/student);
// --keep-files copies the files the run wrote (wordcount.txt) back to the host.
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define THREADS 4

static char *text;
static long size;
static long total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

struct part { int id; long from, to, words; };

/* Count the words that start in [from, to): as wc -w counts, a word starts where a non-space follows a space. */
static void *count(void *arg) {
    struct part *p = arg;
    for (long i = p->from; i < p->to; i++)
        if (!isspace((unsigned char)text[i]) && (i == 0 || isspace((unsigned char)text[i - 1]))) p->words++;
    pthread_mutex_lock(&lock);
    total += p->words;
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "words.txt";
    FILE *in = fopen(name, "r");
    if (!in) { perror(name); return 1; }
    struct stat st;
    fstat(fileno(in), &st);
    size = st.st_size;
    text = malloc(size + 1);
    if (fread(text, 1, size, in) != (size_t)size) { perror("fread"); return 1; }
    text[size] = 0;
    fclose(in);

    pthread_t t[THREADS];
    struct part parts[THREADS];
    for (int i = 0; i < THREADS; i++) {
        parts[i] = (struct part){ i, size * i / THREADS, size * (i + 1) / THREADS, 0 };
        pthread_create(&t[i], NULL, count, &parts[i]);
    }
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);

    FILE *out = fopen("wordcount.txt", "w");
    if (!out) { perror("wordcount.txt"); return 1; }
    for (int i = 0; i < THREADS; i++) {
        printf("thread %d: bytes %ld-%ld, %ld words\n", parts[i].id, parts[i].from, parts[i].to, parts[i].words);
        fprintf(out, "part %d\t%ld\n", i, parts[i].words);
    }
    fprintf(out, "total\t%ld\n", total);
    fclose(out);
    printf("%s: %ld bytes, %ld words (written to wordcount.txt)\n", name, size, total);
    return 0;
}
