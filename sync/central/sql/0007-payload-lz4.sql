-- Centre migration 0007: payloads compressed with lz4, not pglz. A sale's
-- payload is about 4 KiB, over the 2 KiB past which PostgreSQL compresses a
-- value as it stores it; with the default (pglz) that compression was half
-- of the CPU PostgreSQL spent inserting a batch of entries, lz4 does it in
-- a fraction of the time for the same size on disk (tests/bench/
-- bench-sync-push.sh). Rows stored before keep their compression; PostgreSQL
-- reads both. Needs a PostgreSQL built with lz4 (Debian's is).
ALTER TABLE entries ALTER COLUMN payload SET COMPRESSION lz4;
