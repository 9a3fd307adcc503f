/* ctl.h — what every `mallposctl` command shares: the common options
 * (--store, --json), opening the store, reading stdin, printing, and the one
 * mapping from errors to the stable exit codes scripts rely on. */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "member.h"
#include "receipt.h"
#include "report.h"
#include "staff.h"
#include "store.h"

G_BEGIN_DECLS

/* Stable exit codes (documented in `mallposctl --help` and README). */
enum
{
  CTL_EXIT_OK = 0,
  CTL_EXIT_FAILED = 1,    /* anything not below */
  CTL_EXIT_USAGE = 2,     /* wrong arguments */
  CTL_EXIT_NOT_FOUND = 3, /* no such product, sale, member, suspended sale, file */
  CTL_EXIT_INVALID = 4,   /* bad input: barcode, CSV/JSON, amount, quantity */
  CTL_EXIT_STORE = 5,     /* store busy, full, read-only, I/O error, not a store, too new */
  CTL_EXIT_CONFLICT = 6,  /* already returned, ambiguous search, payment short,
                             duplicate phone/card, lost card */
  CTL_EXIT_CHECK = 7,     /* `check` found problems */
  CTL_EXIT_DAMAGED = 8,   /* the store is damaged: nothing was written; restore it */
  CTL_EXIT_DENIED = 9,    /* no credential, wrong staff number or PIN, locked, role may not */
};

typedef struct
{
  char *store_path;
  gboolean json;
} CtlGlobal;

typedef int (*CtlCommand) (CtlGlobal *global, int argc, char **argv);

/* One subcommand of a verb; a NULL summary keeps it out of the help (an alias). */
typedef struct
{
  const char *name;
  CtlCommand run;
  const char *usage;
  const char *summary;
} CtlSubcommand;

/* A verb made of subcommands (`points`, `coupon templates`, …) and how its
 * help lays them out. */
typedef struct
{
  const char *verb;
  const CtlSubcommand *subs;
  guint n_subs;
  int name_width, usage_width; /* columns of the subcommand table */
  const char *usage;           /* the Usage: lines; NULL: "VERB SUBCOMMAND [OPTIONS]" */
  const char *footer;          /* after the table; NULL: "Try … SUBCOMMAND --help" */
  CtlCommand fallback;         /* runs the whole argv when argv[1] names no subcommand */
} CtlSubcommands;

/* The usual verb: the default usage and footer lines, no fallback. */
#define CTL_SUBCOMMANDS(verb_, subs_, name_width_, usage_width_)                                   \
  {                                                                                                \
    .verb = (verb_), .subs = (subs_), .n_subs = G_N_ELEMENTS (subs_), .name_width = (name_width_), \
    .usage_width = (usage_width_)                                                                  \
  }

/* Runs the subcommand argv[1] names; prints the verb's help on stdout for
 * --help/-h (exit 0), or on stderr after saying what is wrong (exit USAGE). */
int ctl_run_subcommand (CtlGlobal *global, const CtlSubcommands *verb, int argc, char **argv);
/* Prints the verb's help on `out`: 0 on stdout, CTL_EXIT_USAGE on stderr. */
int ctl_subcommand_help (const CtlSubcommands *verb, FILE *out);

/* Parses argv with the command's entries plus the common ones. On a usage
 * error prints it (and the command's help hint) and returns FALSE. */
gboolean ctl_parse (CtlGlobal *global, const char *command, const char *parameter,
                    const char *summary, const GOptionEntry *entries, int *argc, char ***argv);

MposStore *ctl_open_store (CtlGlobal *global, gboolean create, GError **error);

/* A command's words: its name, its arguments and help, and what to tell a
 * user who gave the wrong number of arguments. */
typedef struct
{
  const char *command;   /* "gift-card show" */
  const char *parameter; /* "SERIAL" */
  const char *summary;
  int args;          /* how many arguments after the command's name; -1: the command checks */
  const char *wrong; /* the usage message when there are not `args` of them */
} CtlCommandHelp;

/* The start every command makes: parses argv (ctl_parse), checks the
 * number of arguments and opens the store. The store, or NULL with *status
 * the exit code to return (the message is printed). */
MposStore *ctl_start (CtlGlobal *global, const CtlCommandHelp *help, const GOptionEntry *entries,
                      int *argc, char ***argv, int *status);
/* ctl_start without opening the store: 0, or the exit code to return. */
int ctl_start_args (CtlGlobal *global, const CtlCommandHelp *help, const GOptionEntry *entries,
                    int *argc, char ***argv);
/* ctl_start for a command about one MEMBER (ctl_open_member; help->args
 * and help->wrong are not used): 0 with both found, or the exit code. */
int ctl_start_member (CtlGlobal *global, const CtlCommandHelp *help, const GOptionEntry *entries,
                      int *argc, char ***argv, MposStore **store, MposMember **member);

/* Prints "mallposctl: <message>" on stderr and returns the exit code for it. */
int ctl_fail (GError *error);
int ctl_usage (const char *command, const char *message);
int ctl_exit_code (const GError *error);
/* The exit code of a points, stored-value, PIN or loyalty-rules error, or
 * -1 for any other domain (ctl-points.c). */
int ctl_loyalty_exit_code (const GError *error);
/* The exit code of a coupon error, or -1 for any other domain (ctl-coupon.c). */
int ctl_coupon_exit_code (const GError *error);
/* The exit code of a gift-card (ctl-gift-card.c) or points-exchange
 * (ctl-exchange.c) error, or -1 for any other domain. */
int ctl_gift_card_exit_code (const GError *error);
int ctl_exchange_exit_code (const GError *error);
/* The exit code of a staff or credential error, or -1 (ctl-staff.c). */
int ctl_staff_exit_code (const GError *error);
/* The exit code of a shift error, or -1 (ctl-shift.c). */
int ctl_shift_exit_code (const GError *error);

/* TRUE for a receipt width we print (32, 42, 48); else prints a usage error. */
gboolean ctl_width_ok (const char *command, int width);

/* Says "standard input: " in front of a JSON syntax error, so the user knows
 * which input is broken. */
void ctl_name_stdin (GError **error);

/* Reads all of stdin (at most 64 MiB). */
char *ctl_read_stdin (gsize *length, GError **error);
char *ctl_read_file (const char *path, gsize *length, GError **error);

/* A member of a printed JSON document: "" or 0 when absent or of another type. */
const char *ctl_string_of (const cJSON *object, const char *key);
int64_t ctl_number_of (const cJSON *object, const char *key);

/* A read model's time (UTC, 0: none) in the store's zone; "" for none. */
char *ctl_local_time (MposStore *store, int64_t utc);

/* Opens the store and finds the one MEMBER argument (argv[1]): an exit
 * code, 0 when both are found. */
int ctl_open_member (CtlGlobal *global, const char *command, int argc, char **argv,
                     MposStore **store, MposMember **member);
/* "会员 Member: <masked card> <name>". */
void ctl_print_member (const MposMember *member);

/* Prints a JSON document (pretty) on stdout. Takes ownership; returns
 * CTL_EXIT_OK, so that a command can end with it. */
int ctl_print_json (cJSON *json);

/* Prints a stored receipt as text (or the sale as JSON with --json). */
/* Prints a warning for the operator on stderr; nothing for NULL or "". */
void ctl_warn (const char *warning);

int ctl_print_receipt (CtlGlobal *global, MposStore *store, const char *receipt_no, int width,
                       gboolean reprint, const char *actor);

/* --print, --printer and --devices: what every command that makes a receipt
 * (sale, return, top-up, exchange) takes to print it on the receipt printer. */
typedef struct
{
  gboolean print;
  char *printer; /* NULL: the first printer of devices.ini, or the built-in virtual one */
  char *devices; /* NULL: $MALLPOS_DEVICES or the default devices.ini */
} CtlPrintOptions;

#define CTL_PRINT_OPTION_ENTRIES(o)                                                                \
  { "print", 0, 0, G_OPTION_ARG_NONE, &(o)->print,                                                 \
    "Also print the receipt on the receipt printer (devices.ini, default: virtual); the drawer "   \
    "wired to it opens when cash moved",                                                           \
    NULL },                                                                                        \
  { "printer", 0, 0, G_OPTION_ARG_STRING, &(o)->printer, "Which printer of devices.ini", "NAME" }, \
  { "devices", 0, 0, G_OPTION_ARG_FILENAME, &(o)->devices, "devices.ini to use", "PATH" }

void ctl_print_options_clear (CtlPrintOptions *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtlPrintOptions, ctl_print_options_clear)

/* Prints a composed receipt on the receipt printer, kicking the drawer that
 * devices.ini wires to it when the receipt moved cash. On failure says on
 * stderr that the record stands and how to print it again (`reprint`);
 * returns an exit code. */
int ctl_print_on_printer (CtlGlobal *global, const MposReceipt *receipt,
                          const CtlPrintOptions *o, const char *reprint);

/* `report render FILE.json`: text, --pdf, --print (ctl-report-render.c). */
int ctl_report_render (CtlGlobal *global, int argc, char **argv);
/* A report made by `report x|z|…` as an A4 PDF (`pdf`, may be NULL) and on
 * the receipt printer (print->print), in the store's receipt language;
 * `again` is the command that prints it again. */
int ctl_report_output (CtlGlobal *global, MposStore *store, const MposReport *report,
                       const char *pdf, const CtlPrintOptions *print, const char *again);

/* The same for a stored sale or return. */
int ctl_print_sale_receipt (CtlGlobal *global, MposStore *store, const char *receipt_no,
                            const CtlPrintOptions *o);

/* A kind of slip (top-up, exchange): how a recorded one is shown as text
 * or JSON (an exit code), how it is composed for the receipt printer, and
 * the verb whose `show RECEIPT_NO --print` prints it again. */
typedef struct
{
  int (*show) (CtlGlobal *global, MposStore *store, const char *receipt_no);
  MposReceipt *(*compose) (MposStore *store, const char *receipt_no, GError **error);
  const char *command;
} CtlSlip;

/* A slip shown, then, when asked and shown, composed and printed (a
 * printer problem never undoes what is recorded). Returns the show's exit
 * code unless the slip cannot be composed. */
int ctl_print_slip (CtlGlobal *global, MposStore *store, const CtlSlip *slip,
                    const char *receipt_no, const CtlPrintOptions *o, gboolean reprint);
/* `VERB show RECEIPT_NO [--print]`: a recorded slip shown again; --print
 * reprints it (the drawer stays shut). */
int ctl_show_slip (CtlGlobal *global, const CtlSlip *slip, const CtlCommandHelp *help, int argc,
                   char **argv);

/* A recorded slip undone in the core (an exchange cancelled, a top-up
 * refunded): `undo` makes the reversal, approved by the supervisor, and
 * copies the new slip's receipt number into new_receipt_no. */
typedef gboolean (*CtlSlipUndo) (MposStore *store, const char *receipt_no, const char *cashier,
                                 const MposStaffCredential *supervisor, const char *reason,
                                 char new_receipt_no[64], GError **error);
typedef struct
{
  CtlCommandHelp help;
  const char *cashier_help; /* what --cashier does for this reversal */
  CtlSlipUndo undo;
} CtlSlipReversal;

/* `VERB cancel|refund-… RECEIPT_NO --supervisor S [--reason] [--cashier]
 * [--print]`: the reversal made, then its slip shown (and printed). */
int ctl_undo_slip (CtlGlobal *global, const CtlSlip *slip, const CtlSlipReversal *reversal,
                   int argc, char **argv);

int ctl_init (CtlGlobal *global, int argc, char **argv);
int ctl_journal (CtlGlobal *global, int argc, char **argv);
int ctl_sync (CtlGlobal *global, int argc, char **argv);
int ctl_import (CtlGlobal *global, int argc, char **argv);
int ctl_product (CtlGlobal *global, int argc, char **argv);
int ctl_quote (CtlGlobal *global, int argc, char **argv);
int ctl_sale (CtlGlobal *global, int argc, char **argv);
int ctl_return (CtlGlobal *global, int argc, char **argv);
int ctl_approve_return (CtlGlobal *global, int argc, char **argv);
int ctl_reject_return (CtlGlobal *global, int argc, char **argv);
int ctl_suspend (CtlGlobal *global, int argc, char **argv);
int ctl_suspended (CtlGlobal *global, int argc, char **argv);
int ctl_receipt (CtlGlobal *global, int argc, char **argv);
int ctl_receipt_settings (CtlGlobal *global, int argc, char **argv);
int ctl_check (CtlGlobal *global, int argc, char **argv);
int ctl_status (CtlGlobal *global, int argc, char **argv);
int ctl_backup (CtlGlobal *global, int argc, char **argv);
int ctl_payments (CtlGlobal *global, int argc, char **argv);
int ctl_language (CtlGlobal *global, int argc, char **argv);
int ctl_member (CtlGlobal *global, int argc, char **argv);
int ctl_devices_list (CtlGlobal *global, int argc, char **argv);
int ctl_test_print (CtlGlobal *global, int argc, char **argv);
int ctl_drawer (CtlGlobal *global, int argc, char **argv);
int ctl_wait_scan (CtlGlobal *global, int argc, char **argv);
int ctl_wait_card (CtlGlobal *global, int argc, char **argv);
int ctl_points (CtlGlobal *global, int argc, char **argv);
int ctl_stored_value (CtlGlobal *global, int argc, char **argv);
int ctl_report (CtlGlobal *global, int argc, char **argv);
int ctl_report_liability (CtlGlobal *global, int argc, char **argv); /* ctl-points.c */
int ctl_coupon (CtlGlobal *global, int argc, char **argv);
int ctl_gift_card (CtlGlobal *global, int argc, char **argv);
int ctl_exchange (CtlGlobal *global, int argc, char **argv);
int ctl_staff (CtlGlobal *global, int argc, char **argv);
int ctl_shift (CtlGlobal *global, int argc, char **argv);

G_END_DECLS
