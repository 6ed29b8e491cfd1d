/* Gets by key on the benchmark's orders file, as SqliteGen's Get does them (clear bindings, bind the key, step, read
   every column, reset), through the same libe_sqlite3 and with the pool's pragmas: the floor SqliteGen's gets are
   compared with, by instructions (benchmarks/README.md, "Instructions per get") and by time (the C floor rows of
   `--read-snapshots`, which compile and run this file).
   Usage: getloop FILE GETS [tx] [multithread] [int]
   tx: all gets inside one read transaction (BEGIN); otherwise autocommit. multithread: SQLITE_CONFIG_MULTITHREAD.
   int: the numbered_orders table (the same rows keyed by INTEGER PRIMARY KEY, bound as an integer) instead of orders
   (a TEXT Guid key). Every key is read once before the timed gets; the last line prints the timed gets' wall and CPU
   time per get in nanoseconds. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { N = 4096 };
static char keys[N][64];
static sqlite3_int64 numbers[N];

static long run(sqlite3_stmt *get, int int_key, int from, int gets, long *bytes) {
    long found = 0;
    int columns = sqlite3_column_count(get);
    for (int i = from; i < from + gets; i++) {
        int k = (i * 7) & (N - 1);
        sqlite3_clear_bindings(get);
        if (int_key) sqlite3_bind_int64(get, 1, numbers[k]);
        else sqlite3_bind_text(get, 1, keys[k], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(get) == SQLITE_ROW) {
            found++;
            for (int c = 0; c < columns; c++) {
                switch (sqlite3_column_type(get, c)) {
                case SQLITE_INTEGER: *bytes += sqlite3_column_int64(get, c) & 1; break;
                case SQLITE_FLOAT: *bytes += sqlite3_column_double(get, c) > 0; break;
                default: sqlite3_column_blob(get, c); *bytes += sqlite3_column_bytes(get, c); break;
                }
            }
        }
        sqlite3_reset(get);
    }
    return found;
}

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: getloop FILE GETS [tx] [multithread] [int]\n"); return 2; }
    const char *path = argv[1];
    int gets = atoi(argv[2]);
    int in_tx = 0, multi = 0, int_key = 0;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "tx")) in_tx = 1;
        if (!strcmp(argv[i], "multithread")) multi = 1;
        if (!strcmp(argv[i], "int")) int_key = 1;
    }
    if (multi && sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK) { fprintf(stderr, "config\n"); return 1; }
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) { fprintf(stderr, "open %s\n", path); return 1; }
    sqlite3_exec(db, "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=1; PRAGMA cache_size=-16384;"
                     "PRAGMA mmap_size=268435456; PRAGMA temp_store=2; PRAGMA query_only=1", NULL, NULL, NULL);
    int count = 0;
    sqlite3_stmt *k;
    if (sqlite3_prepare_v2(db, int_key ? "SELECT number FROM numbered_orders LIMIT 4096" : "SELECT order_id FROM orders LIMIT 4096", -1, &k, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    while (sqlite3_step(k) == SQLITE_ROW && count < N) {
        if (int_key) numbers[count++] = sqlite3_column_int64(k, 0);
        else snprintf(keys[count++], 64, "%s", (const char *)sqlite3_column_text(k, 0));
    }
    sqlite3_finalize(k);
    if (count < N) { fprintf(stderr, "fewer than %d keys\n", N); return 1; }
    sqlite3_stmt *get;
    const char *sql = int_key ? "SELECT * FROM numbered_orders WHERE number = ?1" : "SELECT * FROM orders WHERE order_id = ?1";
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &get, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    long bytes = 0;
    if (in_tx) sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    long found = run(get, int_key, 0, N, &bytes); /* warm-up: every key once */
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    found += run(get, int_key, N, gets, &bytes);
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    if (in_tx) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    printf("gets=%d found=%ld bytes=%ld %s%s%s\n", gets, found, bytes, int_key ? "int " : "", in_tx ? "tx" : "autocommit", multi ? " multithread" : "");
    printf("wall_ns_per_get=%.1f cpu_ns_per_get=%.1f\n", wall * 1e9 / (gets > 0 ? gets : 1), cpu * 1e9 / (gets > 0 ? gets : 1));
    sqlite3_finalize(get);
    sqlite3_close(db);
    return found == N + gets ? 0 : 3;
}
