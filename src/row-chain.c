/* row-chain.c — a hash chain over the rows that hold money, so that bit
 * rot SQLite cannot see is caught by `check` and named. SQLite keeps no page
 * checksums: a flipped byte inside a row's record is just another valid
 * value (a different amount, a different character in the lines JSON).
 *
 * Each write of a chained row appends one link to row_chain, in the
 * transaction that wrote the row:
 *   row_hash = BLAKE2b-256 (table, then each non-NULL column: name, type, value)
 *   link[n]  = BLAKE2b-256 (link[n-1], n, table, key, row_hash)
 * The writer holds SQLite's write lock from its first write to its COMMIT,
 * so reading the head (the last link) and appending after it cannot race
 * another process: the links form one line. A row written again (a return
 * approved later) gets a new link, and must match its latest. Each link
 * also keeps a 16-bit fingerprint per column, so check can say which field
 * changed. A NULL column adds nothing to the row hash: a column a later
 * migration adds, NULL in old rows, leaves their hashes as they were; a
 * migration that adds one with a default, rewrites a chained table's values
 * or reorders its columns must seal the rows again in its C step
 * (migration_step in store.c: mpos_row_chain_seal_all).
 *
 * What `check` catches: any change to a chained row's stored content (a
 * flipped amount, a byte of the lines or tenders document, a receipt
 * number), a chained row without a link (its key or link damaged, or
 * written around MallPOS), a link whose row is gone, and any change to a
 * link (it and the next one no longer follow). Damage to the b-tree
 * structure itself is PRAGMA integrity_check's part.
 *
 * What stays undetectable, and why that is acceptable:
 * - Flips in tables that are not chained: product names, prices, tax
 *   rates, settings, members, stock, points lots, the journal. Cached
 *   figures among them (balances, lot remainders, stock) are already
 *   proven by check against the chained ledgers; catalog, prices and
 *   promotions are reference data the centre sends again; chaining tables
 *   rewritten by every import or sale would cost a link per write.
 * - The newest links lost together with their rows (a truncated tail, head
 *   included): the chain then reads like one that ended earlier. The
 *   journal's sequence and the centre's copy notice a missing sale; an
 *   anchor outside the store (the audit issues 14/15) closes this.
 * - Deliberate editing by someone who recomputes the chain: the hash has
 *   no key. This is for bit rot and careless tools; the keyed, externally
 *   anchored audit chain of issues 14/15 can reuse this module.
 * - A BLAKE2b collision (2^-256); for naming only, a changed field whose
 *   16-bit fingerprint collides (the row is still reported). */
#include "row-chain.h"
#include "fail.h"

#include <sodium.h>
#include <string.h>

#define HASH_BYTES 32 /* BLAKE2b-256: crypto_generichash_BYTES */
#define FIELD_BYTES 2 /* per column, in row_chain.fields */
#define NAMED_PER_KIND 10
#define FNV_OFFSET G_GUINT64_CONSTANT (14695981039346656037)
#define FNV_PRIME G_GUINT64_CONSTANT (1099511628211)

typedef struct
{
  const char *table;
  const char *what;       /* one row, as a person says it: "points ledger row" */
  MposSql select_one; /* the key, then every column, of the row with :key */
  MposSql select_all; /* the same for every row, in key order */
  MposSql compare;    /* rows beside their latest links: COMPARE_* columns, then the row */
} ChainedTable;

enum
{
  COMPARE_NAME, /* "sale S001-…", "points ledger row 12" */
  COMPARE_KEY,
  COMPARE_SEQ, /* NULL: the row has no link */
  COMPARE_HASH,
  COMPARE_FIELDS,
  COMPARE_PRESENT, /* 0: the link's row is missing */
  COMPARE_ROW      /* the row's columns start here */
};

/* `name` is an SQL expression over the row t naming it for a person. */
#define CHAINED(table, key, name, what)                                                            \
  {                                                                                                \
    table, what,                                                                                   \
        MPOS_SQL ("row-chain: one row of " table,                                                  \
                  "SELECT " key ", * FROM " table " WHERE " key " = :key"),                        \
        MPOS_SQL ("row-chain: every row of " table,                                                \
                  "SELECT " key ", * FROM " table " ORDER BY " key),                               \
        MPOS_SQL ("row-chain: compare " table,                                                     \
                  "SELECT coalesce (" name ", '" what " ' || c.row_key), "                         \
                  "coalesce (t." key ", c.row_key), "                                              \
                  "c.seq, c.row_hash, c.fields, t." key " IS NOT NULL, t.* FROM (SELECT row_key, " \
                  "max (seq) seq, row_hash, fields FROM row_chain WHERE tbl = '" table             \
                  "' GROUP BY row_key) "                                                           \
                  "c FULL JOIN " table " t ON t." key " = c.row_key ORDER BY c.seq NULLS LAST")    \
  }

/* Not const: each statement's slot is written on first use. */
static ChainedTable chained[] = {
  [MPOS_CHAINED_SALES] = CHAINED ("sales", "id", "t.kind || ' ' || t.receipt_no", "sale"),
  [MPOS_CHAINED_POINTS_LEDGER]
  = CHAINED ("points_ledger", "id", "'points ledger row ' || t.id", "points ledger row"),
  [MPOS_CHAINED_SV_LEDGER]
  = CHAINED ("sv_ledger", "id", "'stored-value ledger row ' || t.id", "stored-value ledger row"),
  [MPOS_CHAINED_SV_TOP_UPS] = CHAINED ("sv_top_ups", "id", "'top-up ' || t.receipt_no", "top-up"),
  [MPOS_CHAINED_COUPON_EVENTS]
  = CHAINED ("coupon_events", "id", "'coupon ledger row ' || t.id", "coupon ledger row"),
  [MPOS_CHAINED_GIFT_CARD_LEDGER]
  = CHAINED ("gift_card_ledger", "id", "'gift card ledger row ' || t.id", "gift card ledger row"),
  [MPOS_CHAINED_POINTS_EXCHANGES]
  = CHAINED ("points_exchanges", "id", "'points exchange ' || t.receipt_no", "points exchange"),
  [MPOS_CHAINED_AUDIT] = CHAINED ("audit", "id", "'audit row ' || t.id || ' (' || t.action || ')'",
                                  "audit row"),
};

static MposSql SQL_HEAD
    = MPOS_SQL ("row-chain: head", "SELECT seq, link FROM row_chain ORDER BY seq DESC LIMIT 1");
static MposSql SQL_APPEND = MPOS_SQL (
    "row-chain: append", "INSERT INTO row_chain (seq, tbl, row_key, row_hash, fields, link) "
                         "VALUES (:seq, :tbl, :key, :row_hash, :fields, :link)");
static MposSql SQL_LINKS = MPOS_SQL (
    "row-chain: links", "SELECT seq, tbl, row_key, row_hash, link FROM row_chain ORDER BY seq");

/* ---- the canonical encoding ------------------------------------------------ */

/* Bytes go into the hash and into the current column's fingerprint, or,
 * for a NULL column, into its fingerprint only. */
typedef struct
{
  crypto_generichash_state state;
  gboolean hashing;
  guint64 fingerprint;
} Feed;

static gpointer
init_sodium (gpointer unused)
{
  /* Picks the fastest BLAKE2b for this CPU; without it the portable one runs. */
  (void)unused;
  if (sodium_init () < 0)
    g_debug ("libsodium did not initialise; hashing with its portable code");
  return NULL;
}

static void
feed_init (Feed *f)
{
  static GOnce sodium = G_ONCE_INIT;

  g_once (&sodium, init_sodium, NULL);
  crypto_generichash_init (&f->state, NULL, 0, HASH_BYTES);
  f->hashing = TRUE;
  f->fingerprint = FNV_OFFSET;
}

/* FNV-1a over 8-byte words, then the bytes left: it only has to tell which
 * field changed (the row hash proves that one did), so cheap beats strong.
 * A changed bit reaches the top bits through the carries; they are kept. */
static guint64
fingerprint_update (guint64 fingerprint, const guint8 *bytes, size_t length)
{
  size_t i = 0;

  for (; i + sizeof (guint64) <= length; i += sizeof (guint64))
    {
      guint64 word;

      memcpy (&word, bytes + i, sizeof word);
      fingerprint = (fingerprint ^ GUINT64_FROM_LE (word)) * FNV_PRIME;
    }
  for (; i < length; i++)
    fingerprint = (fingerprint ^ bytes[i]) * FNV_PRIME;
  return fingerprint;
}

static void
feed (Feed *f, const void *data, size_t length)
{
  const guint8 *bytes = data;

  if (f->hashing && length > 0)
    crypto_generichash_update (&f->state, bytes, length);
  f->fingerprint = fingerprint_update (f->fingerprint, bytes, length);
}

static void
feed_u64 (Feed *f, guint64 value)
{
  guint8 bytes[8];

  for (int i = 0; i < 8; i++)
    bytes[i] = (guint8)(value >> (56 - 8 * i));
  feed (f, bytes, sizeof bytes);
}

/* A tag, a length and the bytes: no two sequences of fields encode alike. */
static void
feed_tagged (Feed *f, char tag, const void *data, size_t length)
{
  feed (f, &tag, 1);
  feed_u64 (f, length);
  feed (f, data, length);
}

static void
feed_string (Feed *f, const char *text)
{
  feed_tagged (f, 's', text, text ? strlen (text) : 0);
}

/* A column's value with its storage type, as SQLite holds it. */
static void
feed_column (Feed *f, sqlite3_stmt *stmt, int column)
{
  char tag;
  double real;
  guint64 bits;

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      tag = 'i';
      feed (f, &tag, 1);
      feed_u64 (f, (guint64)sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      tag = 'r';
      real = sqlite3_column_double (stmt, column);
      memcpy (&bits, &real, sizeof bits);
      feed (f, &tag, 1);
      feed_u64 (f, bits);
      break;
    case SQLITE_TEXT:
      {
        const unsigned char *text = sqlite3_column_text (stmt, column);
        feed_tagged (f, 't', text, (size_t)sqlite3_column_bytes (stmt, column));
      }
      break;
    case SQLITE_BLOB:
      {
        const void *blob = sqlite3_column_blob (stmt, column);
        feed_tagged (f, 'b', blob, (size_t)sqlite3_column_bytes (stmt, column));
      }
      break;
    default:
      tag = 'n';
      feed (f, &tag, 1);
      break;
    }
}

/* The hash of the row in columns [first, end) of `stmt`, and each column's
 * fingerprint (FIELD_BYTES each) into `fields`. */
static void
hash_row (const char *table, sqlite3_stmt *stmt, int first, guint8 hash[HASH_BYTES],
          GByteArray *fields)
{
  Feed f;
  int end = sqlite3_column_count (stmt);

  feed_init (&f);
  feed_string (&f, table);
  g_byte_array_set_size (fields, 0);
  for (int i = first; i < end; i++)
    {
      guint8 print[FIELD_BYTES];

      f.hashing = sqlite3_column_type (stmt, i) != SQLITE_NULL;
      f.fingerprint = FNV_OFFSET;
      feed_string (&f, sqlite3_column_name (stmt, i));
      feed_column (&f, stmt, i);
      print[0] = (guint8)(f.fingerprint >> 56);
      print[1] = (guint8)(f.fingerprint >> 48);
      g_byte_array_append (fields, print, sizeof print);
    }
  f.hashing = TRUE;
  crypto_generichash_final (&f.state, hash, HASH_BYTES);
}

/* link[seq] from the link before it (as stored; none for the first) and
 * the sealed row: its table, its key (column key_column of `stmt`) and hash. */
static void
hash_link (const void *prev, size_t prev_length, int64_t seq, const char *table, sqlite3_stmt *stmt,
           int key_column, const void *row_hash, size_t row_hash_length, guint8 link[HASH_BYTES])
{
  Feed f;

  feed_init (&f);
  feed_tagged (&f, 'p', prev, prev_length);
  feed_u64 (&f, (guint64)seq);
  feed_string (&f, table);
  feed_column (&f, stmt, key_column);
  feed_tagged (&f, 'h', row_hash, row_hash_length);
  crypto_generichash_final (&f.state, link, HASH_BYTES);
}

/* ---- sealing --------------------------------------------------------------- */

const char *
mpos_row_chain_table (guint index)
{
  return index < G_N_ELEMENTS (chained) ? chained[index].table : NULL;
}

/* The seq and link of the row's new link, after the head (the last link;
 * none in an empty chain). The caller holds the write lock. */
static gboolean
next_link (MposStore *store, ChainedTable *t, sqlite3_stmt *row, const guint8 *row_hash,
           int64_t *seq, guint8 link[HASH_BYTES], GError **error)
{
  g_autoptr (MposStmt) head = mpos_store_stmt (store, &SQL_HEAD, error);
  int rc;

  if (head == NULL)
    return FALSE;
  rc = mpos_store_step (head);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sqlite3_reset (head);
      return mpos_store_fail (store, rc, "reading the hash chain", error);
    }
  if (rc == SQLITE_ROW)
    {
      const void *prev = sqlite3_column_blob (head, 1);

      *seq = sqlite3_column_int64 (head, 0) + 1;
      hash_link (prev, (size_t)sqlite3_column_bytes (head, 1), *seq, t->table, row, 0, row_hash,
                 HASH_BYTES, link);
    }
  else
    {
      *seq = 1;
      hash_link (NULL, 0, *seq, t->table, row, 0, row_hash, HASH_BYTES, link);
    }
  sqlite3_reset (head);
  return TRUE;
}

/* Appends the link of the row `row` is on (its key, then its columns). */
static gboolean
append_link (MposStore *store, ChainedTable *t, sqlite3_stmt *row, GError **error)
{
  g_autoptr (GByteArray) fields = g_byte_array_new ();
  guint8 row_hash[HASH_BYTES], link[HASH_BYTES];
  g_autoptr (MposStmt) append = NULL;
  int64_t seq = 0;

  hash_row (t->table, row, 1, row_hash, fields);
  if (!next_link (store, t, row, row_hash, &seq, link, error))
    return FALSE;
  append = mpos_store_stmt (store, &SQL_APPEND, error);
  if (append == NULL)
    return FALSE;
  mpos_bind_int64 (append, ":seq", seq);
  mpos_bind_text (append, ":tbl", t->table);
  mpos_bind_value (append, ":key", sqlite3_column_value (row, 0));
  mpos_bind_blob (append, ":row_hash", row_hash, HASH_BYTES);
  mpos_bind_blob (append, ":fields", fields->data, (int)fields->len);
  mpos_bind_blob (append, ":link", link, HASH_BYTES);
  return mpos_store_step_done (store, append, "sealing a row in the hash chain", error);
}

/* Steps `row` (select_one, key bound) and seals the row it finds. */
static gboolean
seal_selected (MposStore *store, ChainedTable *t, sqlite3_stmt *row, GError **error)
{
  int rc = mpos_store_step (row);
  gboolean ok;

  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (row);
      return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                        "sealing a %s in the hash chain: the row is not in the store", t->what);
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (row);
      return mpos_store_fail (store, rc, "reading a row to seal", error);
    }
  ok = append_link (store, t, row, error);
  sqlite3_reset (row);
  return ok;
}

gboolean
mpos_row_chain_seal (MposStore *store, MposChainedTable table, const char *key, GError **error)
{
  ChainedTable *t = &chained[table];
  g_autoptr (MposStmt) row = NULL;

  /* Outside a write transaction another process could append in between. */
  g_return_val_if_fail (!sqlite3_get_autocommit (mpos_store_db (store)), FALSE);
  row = mpos_store_stmt (store, &t->select_one, error);
  if (row == NULL)
    return FALSE;
  mpos_bind_text (row, ":key", key);
  return seal_selected (store, t, row, error);
}

gboolean
mpos_row_chain_insert (MposStore *store, MposChainedTable table, sqlite3_stmt *stmt,
                       const char *what, int64_t *id, GError **error)
{
  sqlite3 *db = mpos_store_db (store);
  ChainedTable *t = &chained[table];
  g_autoptr (MposStmt) row = NULL;
  int64_t rowid;

  g_return_val_if_fail (!sqlite3_get_autocommit (db), FALSE);
  if (!mpos_store_step_done (store, stmt, what, error))
    return FALSE;
  rowid = sqlite3_last_insert_rowid (db);
  row = mpos_store_stmt (store, &t->select_one, error);
  if (row == NULL)
    return FALSE;
  mpos_bind_int64 (row, ":key", rowid);
  if (!seal_selected (store, t, row, error))
    return FALSE;
  /* The caller's insert stays the last one, as if no link had been written. */
  sqlite3_set_last_insert_rowid (db, rowid);
  if (id != NULL)
    *id = rowid;
  return TRUE;
}

gboolean
mpos_row_chain_seal_table (MposStore *store, MposChainedTable table, GError **error)
{
  g_autoptr (MposStmt) rows = mpos_store_stmt (store, &chained[table].select_all, error);
  int rc;

  if (rows == NULL)
    return FALSE;
  while ((rc = mpos_store_step (rows)) == SQLITE_ROW)
    if (!append_link (store, &chained[table], rows, error))
      {
        sqlite3_reset (rows);
        return FALSE;
      }
  sqlite3_reset (rows);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "sealing the rows already in the store", error);
  return TRUE;
}

gboolean
mpos_row_chain_seal_all (MposStore *store, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (chained); i++)
    if (!mpos_row_chain_seal_table (store, (MposChainedTable)i, error))
      return FALSE;
  return TRUE;
}

/* ---- verifying ------------------------------------------------------------- */

#define RESTORE "the store is damaged or was edited; restore it from a backup"

/* Names the first NAMED_PER_KIND problems of one kind, then counts. */
typedef struct
{
  GPtrArray *problems;
  guint found;
} Report;

static void
report (Report *r, char *sentence)
{
  if (r->found++ < NAMED_PER_KIND)
    g_ptr_array_add (r->problems, sentence);
  else
    g_free (sentence);
}

static void
report_rest (Report *r, const char *what)
{
  if (r->found > NAMED_PER_KIND)
    g_ptr_array_add (r->problems, g_strdup_printf ("… and %u more problems with %s",
                                                   r->found - NAMED_PER_KIND, what));
}

static gboolean
column_equals (sqlite3_stmt *stmt, int column, const guint8 *bytes, int length)
{
  const void *stored = sqlite3_column_blob (stmt, column);

  return sqlite3_column_bytes (stmt, column) == length && memcmp (stored, bytes, length) == 0;
}

/* A column's text as a sentence can show it: damaged bytes may not be UTF-8. */
static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  return g_utf8_make_valid (text ? text : "?", -1);
}

/* "points ledger row 12" for the link `stmt` is on (SQL_LINKS). */
static char *
link_names (sqlite3_stmt *stmt)
{
  g_autofree char *table = column_text (stmt, 1);
  g_autofree char *key = column_text (stmt, 2);

  for (guint i = 0; i < G_N_ELEMENTS (chained); i++)
    if (strcmp (chained[i].table, table) == 0)
      return g_strdup_printf ("%s %s", chained[i].what, key);
  return g_strdup_printf ("row %s of the unknown table %s", key, table);
}

/* One link against the one before it (prev, as stored). */
static void
verify_link (sqlite3_stmt *stmt, const GByteArray *prev, int64_t prev_seq, Report *r)
{
  int64_t seq = sqlite3_column_int64 (stmt, 0);
  const char *table = (const char *)sqlite3_column_text (stmt, 1);
  const void *row_hash = sqlite3_column_blob (stmt, 3);
  size_t row_hash_length = (size_t)sqlite3_column_bytes (stmt, 3);
  guint8 want[HASH_BYTES];
  g_autofree char *names = NULL;

  hash_link (prev->data, prev->len, seq, table ? table : "", stmt, 2, row_hash, row_hash_length,
             want);
  if (seq != prev_seq + 1)
    report (r, g_strdup_printf ("hash chain links %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                " are missing: " RESTORE,
                                prev_seq + 1, seq - 1));
  else if (!column_equals (stmt, 4, want, HASH_BYTES))
    {
      names = link_names (stmt);
      report (r, g_strdup_printf ("hash chain link %" G_GINT64_FORMAT " (%s) does not follow "
                                  "from the link before it: " RESTORE,
                                  seq, names));
    }
}

/* Every link follows from the one before it. */
static gboolean
verify_links (MposStore *store, GPtrArray *problems, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LINKS, error);
  g_autoptr (GByteArray) prev = g_byte_array_new ();
  Report r = { problems, 0 };
  int64_t prev_seq = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *link;

      verify_link (stmt, prev, prev_seq, &r);
      link = sqlite3_column_blob (stmt, 4);
      g_byte_array_set_size (prev, 0);
      g_byte_array_append (prev, link, (guint)sqlite3_column_bytes (stmt, 4));
      prev_seq = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the hash chain", error);
  report_rest (&r, "the hash chain's links");
  return TRUE;
}

/* "field lines", "fields total, tendered": the columns whose fingerprint
 * differs from the one sealed. A row sealed before a migration added
 * columns at the end (0026: sales.points_deduction) has fewer
 * fingerprints: its columns are compared as far as they go. */
/* Whether the link's sealed fingerprints (then_len bytes) can be those of
 * the row's fields now: one per column, no more columns than the row has. */
static gboolean
fingerprints_fit (guint then_len, const GByteArray *now)
{
  return then_len <= now->len && then_len % FIELD_BYTES == 0;
}

static char *
changed_fields (sqlite3_stmt *stmt, const GByteArray *now)
{
  const guint8 *then = sqlite3_column_blob (stmt, COMPARE_FIELDS);
  guint then_len = (guint)sqlite3_column_bytes (stmt, COMPARE_FIELDS);
  g_autoptr (GString) names = g_string_new (NULL);
  guint count = 0;

  if (!fingerprints_fit (then_len, now))
    return g_strdup ("its fields are not those it was sealed with");
  for (guint i = 0; i < then_len; i += FIELD_BYTES)
    if (memcmp (then + i, now->data + i, FIELD_BYTES) != 0)
      g_string_append_printf (names, "%s%s", count++ ? ", " : "",
                              sqlite3_column_name (stmt, COMPARE_ROW + (int)(i / FIELD_BYTES)));
  if (count == 0)
    return g_strdup ("which field cannot be told");
  return g_strdup_printf ("field%s %s", count > 1 ? "s" : "", names->str);
}

/* Whether a link's field fingerprints (which name the changed field, and
 * which its link does not cover) are still those of its row whose hash
 * matched: a flipped byte there is damage too. A row sealed before a
 * migration added columns has fewer, compared as far as they go. */
static gboolean
fields_agree (sqlite3_stmt *stmt, const GByteArray *now)
{
  const guint8 *then = sqlite3_column_blob (stmt, COMPARE_FIELDS);
  guint then_len = (guint)sqlite3_column_bytes (stmt, COMPARE_FIELDS);

  return fingerprints_fit (then_len, now)
         && (then_len == 0 || memcmp (then, now->data, then_len) == 0);
}

/* One row of `compare`: a row and its latest link, or one of them alone. */
static void
verify_row (ChainedTable *t, sqlite3_stmt *stmt, GByteArray *fields, Report *r)
{
  g_autofree char *name = column_text (stmt, COMPARE_NAME);
  int64_t seq = sqlite3_column_int64 (stmt, COMPARE_SEQ);
  guint8 hash[HASH_BYTES];
  g_autofree char *changed = NULL;

  if (sqlite3_column_type (stmt, COMPARE_SEQ) == SQLITE_NULL)
    report (r, g_strdup_printf ("%s has no hash chain link: its key or its link was damaged, "
                                "or it was written by another program; %s",
                                name, "restore the store from a backup"));
  else if (!sqlite3_column_int (stmt, COMPARE_PRESENT))
    report (r, g_strdup_printf ("hash chain link %" G_GINT64_FORMAT " seals %s, which is not in "
                                "the store: the row was lost or its key changed; " RESTORE,
                                seq, name));
  else
    {
      hash_row (t->table, stmt, COMPARE_ROW, hash, fields);
      if (column_equals (stmt, COMPARE_HASH, hash, HASH_BYTES))
        {
          if (!fields_agree (stmt, fields))
            report (r, g_strdup_printf ("hash chain link %" G_GINT64_FORMAT " of %s is damaged "
                                        "(its field fingerprints changed): " RESTORE,
                                        seq, name));
          return;
        }
      changed = changed_fields (stmt, fields);
      report (r, g_strdup_printf ("%s was changed after it was written (%s; hash chain link "
                                  "%" G_GINT64_FORMAT "): " RESTORE,
                                  name, changed, seq));
    }
}

static gboolean
verify_table (MposStore *store, ChainedTable *t, GPtrArray *problems, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &t->compare, error);
  g_autoptr (GByteArray) fields = g_byte_array_new ();
  g_autofree char *what = NULL;
  Report r = { problems, 0 };
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    verify_row (t, stmt, fields, &r);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "comparing rows with the hash chain", error);
  what = g_strdup_printf ("%ss and their hash chain links", t->what);
  report_rest (&r, what);
  return TRUE;
}

gboolean
mpos_row_chain_verify (MposStore *store, GPtrArray *problems, GError **error)
{
  /* One snapshot: a sale committed meanwhile brings its row and its link. */
  gboolean began = mpos_store_read_begin (store);
  gboolean ok = verify_links (store, problems, error);

  for (guint i = 0; ok && i < G_N_ELEMENTS (chained); i++)
    ok = verify_table (store, &chained[i], problems, error);
  mpos_store_read_end (store, began);
  return ok;
}
