/* crash-util.h — what the crash tests share: a demo store made by running
 * `mallposctl` (MALLPOSCTL) on data/demo (MALLPOS_DEMO_DIR), mallposctl runs
 * with captured output (one-number SQL queries: test-util's test_db_int). */
#pragma once

#include <gio/gio.h>
#include <stdarg.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The PIN of manager 9001, whom crash_demo_store adds. */
#define CRASH_MANAGER_PIN "900100"

/* Receipt numbers and running promotions depend on "now". */
#define CRASH_NOW "2026-11-23T10:00:00+08:00"

const char *crash_ctl_path (void);
/* A file of data/demo (the path; it is not read). */
char *crash_demo_path (const char *name);

/* A launcher whose children use this store, the pinned clock and a UTF-8 locale. */
GSubprocessLauncher *crash_launcher (const char *store_path, GSubprocessFlags flags);

/* Runs mallposctl ARGS… (NULL-terminated) with stdin from stdin_path (or
 * nothing); returns its exit status, or -1 if it died of a signal. */
int crash_run_ctl (GSubprocessLauncher *launcher, const char *stdin_path, char **out, char **err,
                   const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
/* first_arg and the arguments after it in `rest` (up to a NULL), as a
 * NULL-terminated array for crash_run_ctlv. */
GPtrArray *crash_args_va (const char *first_arg, va_list rest);
/* The same with the arguments as a NULL-terminated array. */
int crash_run_ctlv (GSubprocessLauncher *launcher, const char *stdin_path, char **out, char **err,
                    const char *const *args);

/* A new temp dir holding store.db made from data/demo (init, catalog,
 * promotions, members). Aborts the test on failure. */
char *crash_demo_store (char **dir_out);

/* data/demo/loyalty-rules.json with the no-proof caps of stored value and
 * points raised out of reach: a crash test's member pays again and again
 * without a PIN (src/stored-value-proof.c, src/points-proof.c). */
GString *crash_rules_without_proof_caps (void);
/* data/demo/sale.json's basket (152.55) for its member, paid 10.00 in
 * points, 20.00 in stored value and the rest in cash: a sale document. */
char *crash_loyalty_sale_doc (void);

G_END_DECLS
