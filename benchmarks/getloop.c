/* Gets by key on the benchmark's orders file, as SqliteGen's Get does them (clear bindings, bind the key as text,
   step, read every column, reset), through the same libe_sqlite3 and with the pool's pragmas: the floor the get
   loop's instruction count is compared with (benchmarks/README.md, "Instructions per get").
   Usage: getloop FILE GETS [tx] [multithread]
   tx: all gets inside one read transaction (BEGIN); otherwise autocommit. multithread: SQLITE_CONFIG_MULTITHREAD. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *path = argv[1];
    int gets = atoi(argv[2]);
    int in_tx = 0, multi = 0;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "tx")) in_tx = 1;
        if (!strcmp(argv[i], "multithread")) multi = 1;
    }
    if (multi && sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK) { fprintf(stderr, "config\n"); return 1; }
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) { fprintf(stderr, "open\n"); return 1; }
    sqlite3_exec(db, "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=1; PRAGMA cache_size=-16384;"
                     "PRAGMA mmap_size=268435456; PRAGMA temp_store=2; PRAGMA query_only=1", NULL, NULL, NULL);
    enum { N = 4096 };
    static char keys[N][64];
    int count = 0;
    sqlite3_stmt *k;
    sqlite3_prepare_v2(db, "SELECT order_id FROM orders LIMIT 4096", -1, &k, NULL);
    while (sqlite3_step(k) == SQLITE_ROW && count < N) {
        snprintf(keys[count++], 64, "%s", (const char *)sqlite3_column_text(k, 0));
    }
    sqlite3_finalize(k);
    if (count == 0) { fprintf(stderr, "no keys\n"); return 1; }
    sqlite3_stmt *get;
    if (sqlite3_prepare_v3(db, "SELECT * FROM orders WHERE order_id = ?1", -1, SQLITE_PREPARE_PERSISTENT, &get, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    if (in_tx) sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    long found = 0, bytes = 0;
    int columns = sqlite3_column_count(get);
    for (int i = 0; i < gets; i++) {
        sqlite3_clear_bindings(get);
        sqlite3_bind_text(get, 1, keys[(i * 7) & (N - 1)], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(get) == SQLITE_ROW) {
            found++;
            for (int c = 0; c < columns; c++) {
                switch (sqlite3_column_type(get, c)) {
                case SQLITE_INTEGER: bytes += sqlite3_column_int64(get, c) & 1; break;
                case SQLITE_FLOAT: bytes += sqlite3_column_double(get, c) > 0; break;
                default: sqlite3_column_blob(get, c); bytes += sqlite3_column_bytes(get, c); break;
                }
            }
        }
        sqlite3_reset(get);
    }
    if (in_tx) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    printf("gets=%d found=%ld bytes=%ld %s%s\n", gets, found, bytes, in_tx ? "tx" : "autocommit", multi ? " multithread" : "");
    sqlite3_finalize(get);
    sqlite3_close(db);
    return 0;
}
