/* sync-pull.c — the pull streams (sync/PROTOCOL.md section 5.3–5.6): for
 * each, pages after the stored cursor until the centre has no more, each
 * page applied with its new cursor in one local transaction. A 410
 * (cursor_compacted) starts the stream again at 0: a paged snapshot whose
 * pages only set values, so what is already here stays as it is. */
#include "sync-pull.h"
#include "clock.h"
#include "sync-response.h"

#include <string.h>

/* Items a page asks for: the protocol's most for prices (a million rows
 * arrive in 200 pages, each one short transaction), fewer for members
 * (each carries cards and a profile). */
#define PAGE_LIMIT 1000
#define PRICE_PAGE_LIMIT 5000

/* One page's body, parsed and applied; *items and *more say what it held. */
typedef gboolean (*ApplyPage) (MposStore *store, const char *stream, const char *data,
                               gsize length, MposSyncReport *report, guint *items,
                               gboolean *more, GError **error);

static gboolean
apply_prices (MposStore *store, const char *stream, const char *data, gsize length,
              MposSyncReport *report,
              guint *items, gboolean *more, GError **error)
{
  g_auto (MposSyncPricePage) page = { 0 };
  GError *why = NULL;
  guint changed = 0, conflicts = 0;

  if (!mpos_sync_parse_prices (data, length, &page, &why))
    return mpos_sync_unreadable (error, why);
  *items = page.items->len, *more = page.more;
  if (!mpos_sync_apply_prices (store, (const MposSyncPrice *) page.items->data, page.items->len,
                               page.cursor, mpos_clock_now (), &changed, &conflicts, error))
    return FALSE;
  report->prices_changed += changed;
  report->barcode_conflicts += conflicts;
  return TRUE;
}

static gboolean
apply_members (MposStore *store, const char *stream, const char *data, gsize length,
              MposSyncReport *report,
               guint *items, gboolean *more, GError **error)
{
  g_auto (MposSyncMemberPage) page = { 0 };
  MposSyncMemberCounts counts = { 0 };
  GError *why = NULL;

  if (!mpos_sync_parse_members (data, length, &page, &why))
    return mpos_sync_unreadable (error, why);
  *items = page.items->len, *more = page.more;
  if (!mpos_sync_apply_members (store, (const MposSyncMember *) page.items->data, page.items->len,
                                page.cursor, mpos_clock_now (), &counts, error))
    return FALSE;
  report->members_added += counts.added;
  report->members_updated += counts.updated;
  report->member_conflicts += counts.conflicts;
  report->coupons_added += counts.coupons_added;
  report->coupons_voided += counts.coupons_voided;
  report->coupons_unknown += counts.coupons_unknown;
  return TRUE;
}

static gboolean
apply_hotlist (MposStore *store, const char *stream, const char *data, gsize length,
              MposSyncReport *report,
               guint *items, gboolean *more, GError **error)
{
  g_auto (MposSyncHotlistPage) page = { 0 };
  GError *why = NULL;

  if (!mpos_sync_parse_hotlist (data, length, &page, &why))
    return mpos_sync_unreadable (error, why);
  *items = page.items->len, *more = page.more;
  if (!mpos_hotlist_apply (store, (const MposHotlistItem *) page.items->data, page.items->len,
                           page.cursor, mpos_clock_now (), error))
    return FALSE;
  report->hotlist_changes += page.items->len;
  return TRUE;
}

static gboolean
apply_documents (MposStore *store, const char *stream, const char *data, gsize length,
                 MposSyncReport *report, guint *items, gboolean *more, GError **error)
{
  g_auto (MposSyncDocumentPage) page = { 0 };
  GError *why = NULL;
  guint changed = 0;

  if (!mpos_sync_parse_documents (data, length, stream, &page, &why))
    return mpos_sync_unreadable (error, why);
  *items = page.items->len, *more = page.more;
  if (!mpos_sync_apply_documents (store, stream, (const MposSyncDocument *) page.items->data,
                                  page.items->len, page.cursor, mpos_clock_now (), &changed,
                                  error))
    return FALSE;
  report->documents_changed += changed;
  return TRUE;
}

/* Master data first (a promotion or rule may name a price's code), then
 * members, then what blocks them. */
static const struct
{
  const char *name;
  ApplyPage apply;
} streams[] = {
  { "prices", apply_prices },
  { "promotions", apply_documents },
  { "coupons", apply_documents },
  { "loyalty_rules", apply_documents },
  { "config", apply_documents },
  { "members", apply_members },
  { "hotlist", apply_hotlist },
};

/* A 410 from the centre: the cursor points into what it compacted. */
static gboolean
compacted (const MposSyncHttpAnswer *a)
{
  return a->status == 410;
}

static gboolean
pull_stream (MposStore *store, const MposSyncEnrolment *t, const gint *stop, guint s,
             MposSyncReport *report, GError **error)
{
  gboolean more = TRUE, restarted = FALSE;

  while (more)
    {
      g_auto (MposSyncHttpAnswer) a = { 0 };
      g_autofree char *path = NULL;
      int64_t cursor = 0;
      guint items = 0;
      gsize n = 0;
      const char *data;

      if (!mpos_sync_cursor (store, streams[s].name, &cursor, error))
        return FALSE;
      path = g_strdup_printf ("/v1/pull/%s?after=%" G_GINT64_FORMAT "&limit=%d", streams[s].name,
                              cursor,
                              streams[s].apply == apply_prices ? PRICE_PAGE_LIMIT : PAGE_LIMIT);
      if (!mpos_sync_http (t, path, NULL, stop, &a, error))
        return FALSE;
      report->retry_after = a.retry_after;
      if (compacted (&a) && cursor > 0 && !restarted)
        {
          g_message ("the centre compacted the %s stream past cursor %" G_GINT64_FORMAT
                     "; taking a snapshot",
                     streams[s].name, cursor);
          if (!mpos_sync_cursor_restart (store, streams[s].name, error))
            return FALSE;
          restarted = TRUE;
          report->snapshots++;
          continue;
        }
      if (a.status != 200)
        return mpos_sync_refused (&a, error);
      data = g_bytes_get_data (a.body, &n);
      if (!streams[s].apply (store, streams[s].name, data, n, report, &items, &more, error))
        return FALSE;
      more = more && items > 0;
    }
  return TRUE;
}

gboolean
mpos_sync_pull (MposStore *store, const MposSyncEnrolment *t, const gint *stop,
                MposSyncReport *report, GError **error)
{
  for (guint s = 0; s < G_N_ELEMENTS (streams); s++)
    if (!pull_stream (store, t, stop, s, report, error))
      return FALSE;
  return TRUE;
}
