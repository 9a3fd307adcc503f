/* sync-response.h — reading the centre's answers (sync/PROTOCOL.md section
 * 5–7). Each body is checked by the strict reader (src/json-strict.c) against
 * its message's shape before anything of it is used; counts are range-checked
 * integers, prices fen-exact amounts. Pure functions: each has a fuzz target
 * (tests/fuzz/fuzz-sync-*.c). */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "hotlist.h"
#include "sync-documents.h"
#include "sync-members.h"
#include "sync-state.h"

G_BEGIN_DECLS

typedef struct
{
  char *terminal, *token;
  int64_t contiguous_seq;
} MposSyncEnrolled;

void mpos_sync_enrolled_clear (MposSyncEnrolled *e);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncEnrolled, mpos_sync_enrolled_clear)

gboolean mpos_sync_parse_enrolled (const char *data, gsize length, MposSyncEnrolled *out,
                                   GError **error);

typedef enum
{
  MPOS_SYNC_APPLIED,
  MPOS_SYNC_DUPLICATE,
  MPOS_SYNC_REJECTED,
} MposSyncOutcome;

typedef struct
{
  int64_t seq;
  char *id;
  MposSyncOutcome status;
  char *reason; /* rejected, or a duplicate of a rejected entry: why; else NULL */
} MposSyncResult;

typedef struct
{
  GArray *results; /* MposSyncResult */
  int64_t contiguous_seq;
} MposSyncPushAnswer;

void mpos_sync_push_answer_clear (MposSyncPushAnswer *a);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncPushAnswer, mpos_sync_push_answer_clear)

gboolean mpos_sync_parse_push (const char *data, gsize length, MposSyncPushAnswer *out,
                               GError **error);

typedef struct
{
  GArray *items;   /* MposSyncPrice, strings owned by `strings` */
  GPtrArray *strings;
  int64_t cursor;
  gboolean more;
} MposSyncPricePage;

void mpos_sync_price_page_clear (MposSyncPricePage *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncPricePage, mpos_sync_price_page_clear)

gboolean mpos_sync_parse_prices (const char *data, gsize length, MposSyncPricePage *out,
                                 GError **error);

/* Points on the wire: far past any real balance, far below 2^53. */
#define MPOS_SYNC_MAX_POINTS ((int64_t) 1000000000000000)

typedef struct
{
  GArray *items;     /* MposSyncMember */
  GPtrArray *cards;  /* GArray of MposSyncMemberCard, one per item */
  GPtrArray *strings;
  int64_t cursor;
  gboolean more;
} MposSyncMemberPage;

void mpos_sync_member_page_clear (MposSyncMemberPage *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncMemberPage, mpos_sync_member_page_clear)

gboolean mpos_sync_parse_members (const char *data, gsize length, MposSyncMemberPage *out,
                                  GError **error);

typedef struct
{
  GArray *items; /* MposHotlistItem */
  GPtrArray *strings;
  int64_t cursor;
  gboolean more;
} MposSyncHotlistPage;

void mpos_sync_hotlist_page_clear (MposSyncHotlistPage *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncHotlistPage, mpos_sync_hotlist_page_clear)

gboolean mpos_sync_parse_hotlist (const char *data, gsize length, MposSyncHotlistPage *out,
                                  GError **error);

typedef struct
{
  GArray *items;     /* MposSyncDocument, keys and bodies owned by `documents` */
  GPtrArray *documents; /* cJSON: each item's {"key", "body"} */
  int64_t cursor;
  gboolean more;
} MposSyncDocumentPage;

void mpos_sync_document_page_clear (MposSyncDocumentPage *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncDocumentPage, mpos_sync_document_page_clear)

/* A page of a document stream (`stream`: promotions, coupons, loyalty_rules,
 * config). Bodies are read strictly (one key once, no NUL, bounded depth)
 * but their keys are left to the core's importer, which reads each again. */
gboolean mpos_sync_parse_documents (const char *data, gsize length, const char *stream,
                                    MposSyncDocumentPage *out, GError **error);

/* An error body: its code and message (new strings), or FALSE. */
gboolean mpos_sync_parse_error (const char *data, gsize length, char **code, char **message,
                                GError **error);

G_END_DECLS
