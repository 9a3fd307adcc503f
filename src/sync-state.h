/* sync-state.h — the terminal's side of sync, kept in the store (migration
 * 0025): the enrolment with the centre, the push cursor and the status people
 * read, the exceptions list (entries the centre rejected, kept until a
 * manager resolves them) and the pull cursors with their pages. The sync
 * client (sync/client/) calls these from its own thread with its own
 * MposStore; each call is one short transaction. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_SYNC_ERROR (mpos_sync_error_quark ())
GQuark mpos_sync_error_quark (void);

typedef enum
{
  MPOS_SYNC_ERROR_NOT_ENROLLED, /* `mallposctl sync enrol` never ran */
  MPOS_SYNC_ERROR_NOT_FOUND,    /* no such exception */
  MPOS_SYNC_ERROR_INVALID,      /* a bad URL, pin or argument */
  MPOS_SYNC_ERROR_STOPPED,      /* revoked, unknown token, pin mismatch: IT must act */
  MPOS_SYNC_ERROR_OFFLINE,      /* the centre could not be reached or answered badly */
  MPOS_SYNC_ERROR_REFUSED,      /* the centre refused (enrolment code, bad request) */
} MposSyncError;

typedef struct
{
  char *url, *terminal, *token;
  char *pin_current, *pin_next; /* pin_next may be NULL */
  char *ca_file;                /* may be NULL */
  int64_t enrolled_at;
} MposSyncEnrolment;

void mpos_sync_enrolment_clear (MposSyncEnrolment *enrolment);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncEnrolment, mpos_sync_enrolment_clear)

gboolean mpos_sync_enrolment_load (MposStore *store, MposSyncEnrolment *out, GError **error);
/* Keeps the enrolment; the push cursor starts at what the centre holds. */
gboolean mpos_sync_enrolment_save (MposStore *store, const MposSyncEnrolment *enrolment,
                                   int64_t centre_seq, GError **error);

typedef struct
{
  gboolean enrolled;
  char *url, *terminal;
  int64_t journal_seq;   /* the last entry written */
  int64_t pushed_seq;    /* every entry up to it has the centre's answer */
  int64_t centre_seq;    /* what the centre said it holds */
  int64_t last_success;  /* 0: never */
  int64_t offline_since; /* 0: online (or never tried) */
  char *last_error;      /* NULL after a success */
  int failures;
  int64_t next_attempt;
  char *stopped;         /* NULL while sync runs */
  int64_t open_exceptions;
} MposSyncStatus;

void mpos_sync_status_clear (MposSyncStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposSyncStatus, mpos_sync_status_clear)

gboolean mpos_sync_status_load (MposStore *store, MposSyncStatus *out, GError **error);

/* The centre's answer to one pushed entry; reason NULL when applied (or a
 * duplicate of an applied entry). */
typedef struct
{
  int64_t seq;
  const char *entry_id, *kind, *reason;
} MposSyncAnswer;

/* One transaction: every rejected answer joins the exceptions list, the push
 * cursor moves to pushed_seq, the contact is a success. */
gboolean mpos_sync_record_answers (MposStore *store, const MposSyncAnswer *answers, guint n,
                                   int64_t pushed_seq, int64_t centre_seq, int64_t now,
                                   GError **error);
/* A contact that worked (nothing to push, a pull page) … */
gboolean mpos_sync_record_success (MposStore *store, int64_t now, GError **error);
/* … or failed: why (for people), when to try again, and — when IT must act
 * first (revoked, pin mismatch) — why sync stopped. */
gboolean mpos_sync_record_failure (MposStore *store, int64_t now, const char *why,
                                   int64_t next_attempt, gboolean stop, GError **error);

typedef struct
{
  int64_t seq;
  char *entry_id, *kind, *reason;
  int64_t raised_at, resolved_at; /* resolved_at 0: open */
  char *resolved_by, *note;
} MposSyncException;

void mpos_sync_exception_free (MposSyncException *exception);

/* Exceptions, oldest first (open ones only, or all). */
GPtrArray *mpos_sync_exceptions (MposStore *store, gboolean open_only, GError **error);
/* Closes exception `seq` with a note (sync-exception-resolve.c): `by`
 * signs in and must hold sync_resolve (a manager by default); the change
 * is audited and journaled (sync_exception_resolved) with their number.
 * NOT_FOUND when no open exception has that seq. */
gboolean mpos_sync_exception_resolve (MposStore *store, int64_t seq,
                                      const MposStaffCredential *by, const char *note,
                                      int64_t now, GError **error);

/* Pull: where a stream stands (0 before its first page). */
gboolean mpos_sync_cursor (MposStore *store, const char *stream, int64_t *out, GError **error);

/* Inside a page's transaction: the stream's new cursor. */
gboolean mpos_sync_cursor_save (MposStore *store, const char *stream, int64_t cursor,
                                GError **error);
/* The centre compacted what the cursor pointed into (HTTP 410): the stream
 * starts again at 0, a paged snapshot; every page of it sets values, so
 * applying what is already here changes nothing. */
gboolean mpos_sync_cursor_restart (MposStore *store, const char *stream, GError **error);

typedef enum
{
  MPOS_SYNC_UNIT_KEEP, /* the centre did not say */
  MPOS_SYNC_UNIT_PIECE,
  MPOS_SYNC_UNIT_WEIGHT,
} MposSyncUnit;

typedef struct
{
  const char *code, *name;
  MposMoney price;
  const char *category;         /* "食品/饮料", or NULL: keep (a new SKU: 未分类) */
  MposSyncUnit unit;
  const char *const *barcodes;  /* NULL-terminated extra codes, or NULL: keep */
} MposSyncPrice;

/* A page of the prices stream and its cursor, in one transaction: a known
 * SKU gets the price from now on (and the category, unit and barcodes the
 * centre gives; its name here is kept), an unknown code becomes a SKU. A
 * barcode another SKU holds here, or one that is no valid barcode, is left
 * out and counted in *conflicts. A page applied twice changes nothing.
 * *changed counts SKUs whose price or description changed. */
gboolean mpos_sync_apply_prices (MposStore *store, const MposSyncPrice *items, guint n,
                                 int64_t cursor, int64_t now, guint *changed, guint *conflicts,
                                 GError **error);

G_END_DECLS
