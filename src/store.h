/* store.h — the terminal's SQLite store: opening (WAL, synchronous=FULL,
 * foreign keys, busy timeout), forward-only migrations compiled in as
 * resources, identity settings and the error codes every caller acts on. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "barcode.h"

G_BEGIN_DECLS

#define MPOS_STORE_ERROR (mpos_store_error_quark ())
GQuark mpos_store_error_quark (void);

typedef enum
{
  MPOS_STORE_ERROR_NOT_FOUND,     /* no store file at that path */
  MPOS_STORE_ERROR_NOT_A_STORE,   /* not SQLite, or SQLite but not a MallPOS store */
  MPOS_STORE_ERROR_TOO_NEW,       /* schema newer than this program knows */
  MPOS_STORE_ERROR_NOT_INITIALISED, /* no store/terminal identity yet */
  MPOS_STORE_ERROR_BUSY,          /* locked by another process past the busy timeout */
  MPOS_STORE_ERROR_FULL,          /* disk (or quota) full */
  MPOS_STORE_ERROR_READONLY,
  MPOS_STORE_ERROR_CORRUPT,
  MPOS_STORE_ERROR_IO,
  MPOS_STORE_ERROR_CONSTRAINT,    /* a constraint the caller should have checked */
  MPOS_STORE_ERROR_FAILED,
  MPOS_STORE_ERROR_IDENTITY_IN_USE, /* store/terminal codes already on records */
} MposStoreError;

typedef struct _MposStore MposStore;

typedef struct
{
  gboolean create;      /* create the file and the schema if missing */
  int busy_timeout_ms;  /* 0: default (5000) */
} MposStoreOptions;

/* The schema version this program writes and understands. */
int mpos_store_schema_version (void);

MposStore *mpos_store_open (const char *path, const MposStoreOptions *options, GError **error);
void mpos_store_close (MposStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStore, mpos_store_close)

const char *mpos_store_path (MposStore *store);

/* Store identity, set once by `mallposctl init`. */
typedef struct
{
  char *store_code;    /* "S001" */
  char *terminal_code; /* "T01" */
  char *time_zone;     /* IANA name, "Asia/Shanghai" */
  char *store_name;
  char *store_address;
  char *receipt_footer;
  int business_day_cutoff_hour; /* 0..23: sales before it belong to the previous day */
  int64_t cash_rounding_step;   /* 0: none; 10: to 0.1 yuan */
  MposScaleLayout scale_layout; /* how the store's scales print labels */
  char **member_discount_excludes; /* category paths with no member level discount (tobacco) */
} MposStoreIdentity;

void mpos_store_identity_clear (MposStoreIdentity *identity);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposStoreIdentity, mpos_store_identity_clear)

gboolean mpos_store_set_identity (MposStore *store, const MposStoreIdentity *identity,
                                  GError **error);
/* Fails with NOT_INITIALISED when `init` never ran. The store keeps the
 * returned struct; it is valid until the next set_identity or close. */
const MposStoreIdentity *mpos_store_get_identity (MposStore *store, GError **error);

/* Business day ("20261123") of a UTC time in the store's zone with its cut-off. */
char *mpos_store_business_day (MposStore *store, int64_t utc_seconds);
/* Local wall-clock time "2026-11-23 14:05:09" in the store's zone. */
char *mpos_store_local_time (MposStore *store, int64_t utc_seconds);

G_END_DECLS
