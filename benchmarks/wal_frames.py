#!/usr/bin/env python3
"""WAL frames and time per commit for batches of single-row inserts into the benchmark's `orders` table.

Why group commit cannot reach 5x the common approach at synchronous=NORMAL on this schema (benchmarks/README.md,
"Concurrent writes"): a commit writes one WAL frame per page it changed, and a row of `orders` changes a page in each
of its four b-trees (the table, the random-Guid primary-key index, the unique reference index, the customer index).
Rows committed together share only the pages their keys share: the random primary key puts nearly every row on a page
of its own. This measures frames per commit and the commit's cost for batch sizes given on the command line, on a
table of 100,000 rows, with Python's sqlite3 (a different SQLite build than the benchmarks'; the page counts are the
same, the times indicative).

    python3 benchmarks/wal_frames.py 1 4 16 32 128
    python3 benchmarks/wal_frames.py --sequential 1 32   # time-ordered keys: rows committed together share pages
"""
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid

DDL = """
CREATE TABLE orders (
    order_id TEXT NOT NULL PRIMARY KEY, reference TEXT NOT NULL, customer TEXT NOT NULL, note TEXT NOT NULL,
    created_at TEXT NOT NULL, amount REAL NOT NULL, quantity INTEGER NOT NULL) STRICT;
CREATE UNIQUE INDEX ux_orders_reference ON orders (reference);
CREATE INDEX ix_orders_customer ON orders (customer);
"""
FRAME = 4096 + 24  # page size + frame header


def main(batch_sizes, sequential):
    random.seed(7)
    folder = tempfile.mkdtemp(prefix="wal-frames-")
    path = os.path.join(folder, "orders.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.executescript(DDL)
    counter = [0]

    def row():
        counter[0] += 1
        n = counter[0]
        key = uuid.UUID(int=(n << 64) | random.getrandbits(64)) if sequential else uuid.UUID(int=random.getrandbits(128))
        return (str(key), "ORD-%010d" % n, "customer-%02d" % (n % 10),
                "Deliver to the back door and ring twice, order %d" % n, "2026-01-01T00:00:00.0000000+00:00", 1.5, 3)

    insert = "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)"
    db.execute("BEGIN")
    for _ in range(100_000):
        db.execute(insert, row())
    db.execute("COMMIT")

    print("rows/commit  frames/commit  frames/row  us/commit  us/row  (time includes Python's ~5 us per insert)")
    for size in batch_sizes:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        commits = max(50, 3000 // size)
        started = time.perf_counter()
        for _ in range(commits):
            db.execute("BEGIN IMMEDIATE")
            for _ in range(size):
                db.execute(insert, row())
            db.execute("COMMIT")
        elapsed = time.perf_counter() - started
        frames = (os.path.getsize(path + "-wal") - 32) / FRAME / commits
        print("%11d  %13.1f  %10.2f  %9.0f  %6.1f" % (size, frames, frames / size, elapsed / commits * 1e6, elapsed / commits / size * 1e6))
    db.close()
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    os.rmdir(folder)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--sequential"]
    main([int(a) for a in arguments] or [1, 4, 16, 32, 128], "--sequential" in sys.argv[1:])
