/* report-summary-run.c — runs of summary rows (report-summary-run.h):
 * building one in key order straight into its packed form, reading a
 * stored pack back (checked whole before use: a damaged pack is refused,
 * never read past), and merging a period's runs by key with a heap over
 * their decoders. Nothing per row is allocated but the merged rows. */
#include "report-summary-run.h"
#include "store.h"

#include <string.h>

#define PACK_VERSION 1

MposSummaryRun *
mpos_summary_run_new (void)
{
  MposSummaryRun *run = g_new0 (MposSummaryRun, 1);
  guint8 version = PACK_VERSION;

  run->bytes = g_byte_array_new ();
  g_byte_array_append (run->bytes, &version, 1);
  run->last_key = g_string_new (NULL);
  return run;
}

void
mpos_summary_run_free (MposSummaryRun *run)
{
  if (run == NULL)
    return;
  g_byte_array_unref (run->bytes);
  g_string_free (run->last_key, TRUE);
  g_free (run);
}

const guint8 *
mpos_summary_run_packed (const MposSummaryRun *run, gsize *size)
{
  *size = run->bytes->len;
  return run->bytes->data;
}

/* A return sorts before a sale of the same key ("return" < "sale"). */
static int
entry_order (const char *key_a, gboolean return_a, const char *key_b, gboolean return_b)
{
  int c = strcmp (key_a, key_b);

  return c != 0 ? c : (int)!return_a - (int)!return_b;
}

/* ---- packing --------------------------------------------------------------- */

static void
put_varint (GByteArray *out, guint64 v)
{
  guint8 bytes[10];
  guint n = 0;

  do
    {
      bytes[n] = (guint8)(v & 0x7f);
      v >>= 7;
      if (v != 0)
        bytes[n] |= 0x80;
      n++;
    }
  while (v != 0);
  g_byte_array_append (out, bytes, n);
}

static guint64
zigzag (int64_t v)
{
  return ((guint64)v << 1) ^ (guint64)(v >> 63);
}

static gsize
shared_prefix (const char *a, const char *b)
{
  gsize n = 0;

  while (a[n] != '\0' && a[n] == b[n])
    n++;
  return n;
}

gboolean
mpos_summary_run_append (MposSummaryRun *run, const char *key, gboolean is_return,
                         const int64_t figures[MPOS_SUMMARY_N_FIGURES])
{
  gsize shared = shared_prefix (run->last_key->str, key), rest = strlen (key + shared);
  guint mask = 0;

  is_return = is_return != FALSE;
  if (run->count > 0 && entry_order (run->last_key->str, run->last_return, key, is_return) >= 0)
    return FALSE;
  for (int f = 0; f < MPOS_SUMMARY_N_FIGURES; f++)
    mask |= (guint)(figures[f] != 0) << f;
  put_varint (run->bytes, shared);
  put_varint (run->bytes, rest);
  g_byte_array_append (run->bytes, (const guint8 *)key + shared, (guint)rest);
  put_varint (run->bytes, (guint64)mask << 1 | (guint64)is_return);
  for (int f = 0; f < MPOS_SUMMARY_N_FIGURES; f++)
    if (mask & (1u << f))
      put_varint (run->bytes, zigzag (figures[f]));
  g_string_truncate (run->last_key, shared);
  g_string_append (run->last_key, key + shared);
  run->last_return = is_return;
  run->count++;
  return TRUE;
}

gboolean
mpos_summary_run_equal (const MposSummaryRun *a, const MposSummaryRun *b)
{
  return a->bytes->len == b->bytes->len
         && (a->bytes->len == 0 || memcmp (a->bytes->data, b->bytes->data, a->bytes->len) == 0);
}

/* ---- decoding -------------------------------------------------------------- */

/* A decoder over a run's bytes: the entry it stands on. */
typedef struct
{
  const guint8 *at, *end, *start;
  GString *key;
  gboolean is_return;
  int64_t figures[MPOS_SUMMARY_N_FIGURES];
} Cursor;

static gboolean
damaged (const Cursor *c, const char *what, GError **error)
{
  g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT,
               "a packed month of the report summaries is damaged (%s at byte %td)", what,
               c->at - c->start);
  return FALSE;
}

static gboolean
get_varint (Cursor *c, guint64 *v, GError **error)
{
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;
      if (c->at >= c->end)
        return damaged (c, "it ends inside a number", error);
      byte = *c->at++;
      if (shift == 63 && byte > 1)
        return damaged (c, "a number too large", error);
      *v |= (guint64)(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return TRUE;
    }
  return damaged (c, "a number too long", error);
}

/* *order: how the new key compares with the previous one (<0, 0, >0),
 * told from the part that differs, before the previous key is cut. */
static gboolean
get_key (Cursor *c, int *order, GError **error)
{
  guint64 shared, rest;

  if (!get_varint (c, &shared, error) || !get_varint (c, &rest, error))
    return FALSE;
  if (shared > c->key->len)
    return damaged (c, "a key sharing more than the previous one has", error);
  if (rest > (guint64)(c->end - c->at))
    return damaged (c, "a key longer than the bytes left", error);
  if (memchr (c->at, '\0', (gsize)rest) != NULL)
    return damaged (c, "a NUL in a key", error);
  if (order != NULL)
    {
      gsize old = c->key->len - (gsize)shared, n = MIN (old, (gsize)rest);
      int d = memcmp (c->key->str + shared, c->at, n);
      *order = d != 0 ? -d : (int)((gssize)rest - (gssize)old);
    }
  g_string_truncate (c->key, (gsize)shared);
  g_string_append_len (c->key, (const char *)c->at, (gssize)rest);
  c->at += rest;
  return TRUE;
}

/* Steps onto the next entry; *order (may be NULL) as get_key's. */
static gboolean
cursor_step (Cursor *c, int *order, GError **error)
{
  guint64 head, v;

  if (!get_key (c, order, error) || !get_varint (c, &head, error))
    return FALSE;
  if (head >> 1 >= 1u << MPOS_SUMMARY_N_FIGURES)
    return damaged (c, "an unknown figure", error);
  c->is_return = head & 1;
  for (int f = 0; f < MPOS_SUMMARY_N_FIGURES; f++)
    {
      c->figures[f] = 0;
      if (!(head >> 1 & (1u << f)))
        continue;
      if (!get_varint (c, &v, error))
        return FALSE;
      c->figures[f] = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
    }
  return TRUE;
}

static gboolean
cursor_next (Cursor *c, GError **error)
{
  return cursor_step (c, NULL, error);
}

static void
cursor_init (Cursor *c, const guint8 *data, gsize size)
{
  c->start = data;
  c->at = data + 1; /* past the version */
  c->end = data + size;
  c->key = g_string_new (NULL);
}

MposSummaryRun *
mpos_summary_run_unpack (const guint8 *data, gsize size, GError **error)
{
  g_autoptr (MposSummaryRun) run = mpos_summary_run_new ();
  Cursor c = { data, data, data, NULL, FALSE, { 0 } };
  gboolean ok = TRUE;

  if (size == 0 || data[0] != PACK_VERSION)
    return damaged (&c, "not version 1", error), NULL;
  cursor_init (&c, data, size);
  while (ok && c.at < c.end)
    {
      gboolean was_return = c.is_return;
      int order = 0;
      ok = cursor_step (&c, &order, error);
      /* a return sorts before a sale of the same key */
      if (ok && run->count > 0 && (order < 0 || (order == 0 && (!was_return || c.is_return))))
        ok = damaged (&c, "keys out of order", error);
      run->count++;
    }
  if (ok)
    {
      g_string_assign (run->last_key, c.key->str);
      run->last_return = c.is_return;
      g_byte_array_set_size (run->bytes, 0);
      g_byte_array_append (run->bytes, data, (guint)size);
    }
  g_string_free (c.key, TRUE);
  return ok ? g_steal_pointer (&run) : NULL;
}

/* ---- merging --------------------------------------------------------------- */

/* How two decoders' entries order: by key, a return before a sale. */
static int
cursor_order (const Cursor *a, const Cursor *b)
{
  int d = strcmp (a->key->str, b->key->str);

  return d != 0 ? d : (int)b->is_return - (int)a->is_return;
}

/* A min-heap of the runs' decoders by their entry. */
static void
sift_down (Cursor **heap, guint n, guint i)
{
  for (;;)
    {
      guint least = i, l = 2 * i + 1, r = l + 1;
      Cursor *swap;
      if (l < n && cursor_order (heap[l], heap[least]) < 0)
        least = l;
      if (r < n && cursor_order (heap[r], heap[least]) < 0)
        least = r;
      if (least == i)
        return;
      swap = heap[i];
      heap[i] = heap[least];
      heap[least] = swap;
      i = least;
    }
}

/* The runs' entries, all in order: merge_top is the next (NULL: none left). */
typedef struct
{
  Cursor *cursors; /* one per run, in the runs' order */
  Cursor **heap;
  guint n, n_runs;
} Merge;

static void
merge_init (Merge *m, GPtrArray *runs)
{
  m->cursors = g_new0 (Cursor, runs->len + 1);
  m->heap = g_new (Cursor *, runs->len + 1);
  m->n = 0;
  m->n_runs = runs->len;
  for (guint i = 0; i < runs->len; i++)
    {
      const MposSummaryRun *run = runs->pdata[i];
      cursor_init (&m->cursors[i], run->bytes->data, run->bytes->len);
      /* a run is whole by construction (appended, or checked by unpack) */
      if (run->count > 0 && cursor_next (&m->cursors[i], NULL))
        m->heap[m->n++] = &m->cursors[i];
    }
  for (guint i = m->n / 2; i-- > 0;)
    sift_down (m->heap, m->n, i);
}

static Cursor *
merge_top (const Merge *m)
{
  return m->n > 0 ? m->heap[0] : NULL;
}

static void
merge_advance (Merge *m)
{
  Cursor *c = m->heap[0];

  if (c->at >= c->end || !cursor_next (c, NULL))
    m->heap[0] = m->heap[--m->n];
  sift_down (m->heap, m->n, 0);
}

static void
merge_clear (Merge *m)
{
  for (guint i = 0; i < m->n_runs; i++)
    g_string_free (m->cursors[i].key, TRUE);
  g_free (m->cursors);
  g_free (m->heap);
}

static void
row_add_entry (MposSummaryRow *row, const Cursor *c, const char *kind)
{
  const int64_t *f = c->figures;

  if (kind == NULL && c->is_return)
    row->returns += f[MPOS_SUMMARY_RECORDS];
  else
    row->records += f[MPOS_SUMMARY_RECORDS];
  row->quantity += f[MPOS_SUMMARY_QUANTITY];
  row->gross += f[MPOS_SUMMARY_GROSS];
  row->discount += f[MPOS_SUMMARY_DISCOUNT];
  row->rounding += f[MPOS_SUMMARY_ROUNDING];
  row->net += f[MPOS_SUMMARY_NET];
  row->tax += f[MPOS_SUMMARY_TAX];
  row->change += f[MPOS_SUMMARY_CHANGE];
}

static void
summary_row_clear (gpointer data)
{
  g_free (((MposSummaryRow *)data)->key);
}

/* The row to add `key` to: the last one if it is that key's, else a new one. */
static MposSummaryRow *
row_for (GArray *rows, const char *key)
{
  MposSummaryRow fresh = { 0 };

  if (rows->len > 0 && strcmp (g_array_index (rows, MposSummaryRow, rows->len - 1).key, key) == 0)
    return &g_array_index (rows, MposSummaryRow, rows->len - 1);
  fresh.key = g_strdup (key);
  g_array_append_val (rows, fresh);
  return &g_array_index (rows, MposSummaryRow, rows->len - 1);
}

GArray *
mpos_summary_runs_merge (GPtrArray *runs, const char *kind)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (MposSummaryRow));
  gboolean want_return = g_strcmp0 (kind, "return") == 0;
  Merge m;
  Cursor *c;

  g_array_set_clear_func (rows, summary_row_clear);
  merge_init (&m, runs);
  while ((c = merge_top (&m)) != NULL)
    {
      if (kind == NULL || c->is_return == want_return)
        row_add_entry (row_for (rows, c->key->str), c, kind);
      merge_advance (&m);
    }
  merge_clear (&m);
  return rows;
}

/* Appends the entry unless every figure is 0 (what a difference leaves of a
 * key the period did not see). */
static void
append_unless_zero (MposSummaryRun *run, const char *key, gboolean is_return,
                    const int64_t figures[MPOS_SUMMARY_N_FIGURES])
{
  for (int f = 0; f < MPOS_SUMMARY_N_FIGURES; f++)
    if (figures[f] != 0)
      {
        mpos_summary_run_append (run, key, is_return, figures);
        return;
      }
}

MposSummaryRun *
mpos_summary_runs_sum (GPtrArray *runs, const int *signs)
{
  MposSummaryRun *sum = mpos_summary_run_new ();
  g_autoptr (GString) key = g_string_new (NULL);
  int64_t figures[MPOS_SUMMARY_N_FIGURES] = { 0 };
  gboolean is_return = FALSE, started = FALSE;
  Merge m;
  Cursor *c;

  merge_init (&m, runs);
  while ((c = merge_top (&m)) != NULL)
    {
      int sign = signs[c - m.cursors];
      if (!started || c->is_return != is_return || strcmp (c->key->str, key->str) != 0)
        {
          if (started)
            append_unless_zero (sum, key->str, is_return, figures);
          memset (figures, 0, sizeof figures);
          g_string_assign (key, c->key->str);
          is_return = c->is_return;
          started = TRUE;
        }
      for (int f = 0; f < MPOS_SUMMARY_N_FIGURES; f++)
        figures[f] += sign * c->figures[f];
      merge_advance (&m);
    }
  if (started)
    append_unless_zero (sum, key->str, is_return, figures);
  merge_clear (&m);
  return sum;
}
