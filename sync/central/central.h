/* central.h — what the files of `mallpos-central` share: the database
 * connection of the calling thread, the reply a request handler builds, and
 * the handlers themselves. The HTTP layer keeps no state between requests:
 * every answer comes from PostgreSQL, so several processes serve one
 * database (sync/PROTOCOL.md). */
#pragma once

#include <glib.h>
#include <libpq-fe.h>
#include <cjson/cJSON.h>

G_BEGIN_DECLS

#define CENTRAL_PROTOCOL 1
#define CENTRAL_MAX_BODY (4 * 1024 * 1024)
#define CENTRAL_MAX_ENTRIES 500
/* Points in one ledger row: far past any real grant, far below overflow. */
#define CENTRAL_MAX_POINTS ((int64_t) 1000000000000000)

/* ---- database (central-db.c) ---- */

/* The connection string every thread connects with (set once at start). */
void central_db_configure (const char *conninfo);
/* This thread's connection, connected (or reset) now if needed; NULL with
 * the reason in *error when PostgreSQL cannot be reached. */
PGconn *central_db (GError **error);
/* Runs sql with text parameters; the result when its status is `want`,
 * otherwise NULL with the server's message in *error (the result cleared). */
PGresult *central_db_exec (PGconn *db, ExecStatusType want, const char *sql, int n_params,
                           const char *const *params, GError **error);
gboolean central_db_command (PGconn *db, const char *sql, GError **error);
/* Applies sync/central/sql/ migrations not yet applied (one transaction each,
 * serialised between processes by an advisory lock). */
gboolean central_db_migrate (PGconn *db, GError **error);

/* PostgreSQL array literals for a whole batch in one statement: add each
 * value (NULL: SQL NULL) to a GString started as "{", then end it. */
void central_db_array_add (GString *array, const char *value);
const char *central_db_array_end (GString *array);

/* 32 random bytes, base64url (43 characters): a terminal's token, an
 * operator's secret. */
char *central_token_new (void);

/* json written compactly (g_free it): cJSON_PrintUnformatted's text, whole
 * numbers written without printf (json-out.h). */
char *central_json_print (const cJSON *json);

/* SHA-256 of text, lower-case hex (codes and tokens are stored this way). */
char *central_hash (const char *text);

/* ---- the ledger entries carry (central-ledger.c) ---- */

typedef struct
{
  const char *entry_id; /* the entry's, owned by the request */
  char *account;        /* "S001/T01#member:42" */
  const char *asset;    /* "points" or "stored_value" */
  int64_t delta;
  /* points rows only: the terminal-local lot the row moves (0: none), its
   * available and pending parts, and the lot's expiry (0: never). */
  int64_t lot, available, pending, expires_at;
} CentralLedgerRow;

/* The ledger rows of an entry's payload (an array of CentralLedgerRow,
 * maybe empty), or NULL with the reason naming the field. */
GArray *central_ledger_collect (const char *terminal, const char *entry_id, const cJSON *payload,
                                GError **error);
/* Appends every row of `ledgers` (arrays from central_ledger_collect) and
 * moves the balances, in one statement of the caller's transaction. */
gboolean central_ledger_apply (PGconn *db, GPtrArray *ledgers, GError **error);
/* Moves each points lot the rows of `ledgers` name (central-lots.c), in the
 * caller's transaction. */
gboolean central_lots_apply (PGconn *db, GPtrArray *ledgers, GError **error);

/* ---- replies (central-reply.c) ---- */

/* IT's commands: "mallpos-central: …" on stderr; returns code (the exit status). */
int central_say (int code, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* This thread's connection, or NULL after saying why on stderr. */
PGconn *central_db_or_say (void);

typedef struct
{
  unsigned status; /* HTTP status */
  cJSON *body;     /* with "protocol" added when sent */
  int retry_after; /* seconds; 0: none */
} CentralReply;

void central_reply_clear (CentralReply *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CentralReply, central_reply_clear)

/* A 200 with body (taken). */
void central_reply_ok (CentralReply *reply, cJSON *body);
/* An error body {"error": {"code", "message"}} (PROTOCOL.md section 7). */
void central_reply_error (CentralReply *reply, unsigned status, const char *code,
                          const char *format, ...) G_GNUC_PRINTF (4, 5);
/* A database failure: 503 with Retry-After when the database is down,
 * otherwise 500; logs the detail. */
void central_reply_db_error (CentralReply *reply, const GError *error);

/* ---- the terminal behind a request (central-terminal.c) ---- */

typedef struct
{
  char *id; /* the terminals row, as text for query parameters */
  char *name; /* "S001/T01" */
  gint64 contiguous_seq;
} CentralTerminal;

void central_terminal_clear (CentralTerminal *terminal);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CentralTerminal, central_terminal_clear)

/* Checks the Authorization header's token; FALSE with the reply made
 * (401 / 403 revoked / database error). */
gboolean central_terminal_authorise (PGconn *db, const char *authorization,
                                     CentralTerminal *terminal, CentralReply *reply);

/* IT: a terminal (new, or again after a revocation or a lost store) and
 * its new one-time code; any earlier token stops working at once. */
char *central_terminal_add (PGconn *db, const char *store_id, const char *terminal_id,
                            GError **error);
gboolean central_terminal_revoke (PGconn *db, const char *store_id, const char *terminal_id,
                                  gboolean *found, GError **error);

/* ---- the audit chain the entries carry (central-chain.c) ---- */
typedef struct
{
  int64_t entry_seq;    /* the entry's sequence */
  const char *entry_id; /* owned by the request */
  const cJSON *payload;
  int64_t seq;      /* out: payload.chain_head.seq (0: none) */
  const char *link; /* out: payload.chain_head.link */
  char *reason;     /* out: why the entry is rejected, or NULL (g_free it) */
} CentralChainHead;

/* In a push's transaction, under the lock on the terminal's row: each
 * head, in the order of the entries, must match the link held for its seq
 * and not go back from the one an earlier entry carried; an entry whose
 * head breaks the chain gets a reason (it is rejected), the terminal is
 * marked (terminals.chain_broken), and the links that hold are kept. FALSE
 * only when the database fails. */
gboolean central_chain_vouch (PGconn *db, const CentralTerminal *terminal,
                              CentralChainHead *heads, guint n, GError **error);

/* ---- request handlers: body is the (inflated) request body ---- */

void central_enrol (const char *body, gsize length, CentralReply *reply);
void central_push (const char *authorization, const char *body, gsize length,
                   CentralReply *reply);
void central_pull (const char *authorization, const char *stream, const char *after,
                   const char *limit, CentralReply *reply);
void central_status (const char *authorization, CentralReply *reply);

/* ---- pull streams (central-pull.c, central-members.c, central-hotlist.c) ---- */

/* Answers one page of `stream`: sql takes params[0] = the cursor (after)
 * and params[1] = the page size + 1 (to see whether more follow); each row
 * becomes item (r, row) and its change number is in change_column. */
void central_pull_page (PGconn *db, const char *stream, const char *sql, int n_params,
                        const char *const *params, int change_column,
                        cJSON *(*item) (PGresult *r, int row), CentralReply *reply);
void central_pull_members (PGconn *db, const CentralTerminal *terminal, const char *stream,
                           const char *after, const char *limit, CentralReply *reply);
void central_pull_hotlist (PGconn *db, const CentralTerminal *terminal, const char *stream,
                           const char *after, const char *limit, CentralReply *reply);
/* promotions, coupons, loyalty_rules and config (central-documents.c). */
void central_pull_documents (PGconn *db, const CentralTerminal *terminal, const char *stream,
                             const char *after, const char *limit, CentralReply *reply);

/* In a push's transaction: the member profiles sent beside it (each names
 * its terminal-local id, so the centre learns whose ledger account is whose;
 * a member new to the centre is added, and one whose member entry (uid in
 * `fresh`) was applied now gets the profile sent), and every member whose
 * ledger moved (`ledgers`: the applied entries' CentralLedgerRow arrays)
 * gets a new change number for the `members` stream. */
gboolean central_members_record (PGconn *db, const CentralTerminal *terminal,
                                 const cJSON *members, GHashTable *fresh, GPtrArray *ledgers,
                                 GError **error);

/* The lock that orders member change numbers by commit, until the
 * transaction ends. */
gboolean central_members_lock_changes (PGconn *db, GError **error);

/* An entry's "restored_coupons" (PROTOCOL.md 5.2: the codes a full return
 * gave back): absent, or a list of at most 200 codes of 1–32 characters,
 * added to `codes` (borrowed from the payload); FALSE with why. */
gboolean central_coupons_restored (const cJSON *payload, GPtrArray *codes, GError **error);

/* In a push's transaction: the coupons the applied returns gave back are
 * issued again where the centre holds them redeemed; their members get a
 * new change number. */
gboolean central_coupons_restore (PGconn *db, GPtrArray *codes, GError **error);

/* In a push's transaction, under the member change lock: the coupons
 * the profiles list (central-coupons.c); a member whose coupons changed
 * gets a new change number. */
gboolean central_coupons_record (PGconn *db, const CentralTerminal *terminal,
                                 const cJSON *members, GError **error);

/* ---- the HTTP layer (central-http.c) ---- */

typedef struct
{
  const char *listen_address; /* "127.0.0.1" */
  int port;                   /* 0: any free port */
  const char *cert_file, *key_file;
  const char *port_file; /* where the bound port is written, or NULL */
  int threads;
} CentralServeOptions;

/* Serves until SIGTERM or SIGINT. */
gboolean central_serve (const CentralServeOptions *options, GError **error);

/* ---- commands of IT (central-admin.c) ---- */

int central_cmd_terminal (int argc, char **argv);
int central_cmd_price (int argc, char **argv);
int central_cmd_check (int argc, char **argv);
int central_cmd_entries (int argc, char **argv);
int central_cmd_pin (int argc, char **argv);
int central_cmd_hotlist (int argc, char **argv);
/* promotion|coupon|rule import FILE; config set|unset (central-documents.c) */
int central_cmd_import (int argc, char **argv);
int central_cmd_config (int argc, char **argv);
/* operator add NAME --role it|security; audit; terminal clear-chain
 * (central-operators.c) */
int central_cmd_operator (int argc, char **argv);
int central_cmd_audit (int argc, char **argv);
int central_cmd_clear_chain (int argc, char **argv);

G_END_DECLS
