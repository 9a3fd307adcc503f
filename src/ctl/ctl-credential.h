/* ctl-credential.h — the staff credential of a mallposctl command that
 * needs an approval (--supervisor NUMBER, --manager NUMBER): the number on
 * the command line, the PIN never (ctl-credential.c says where it comes
 * from and why). */
#pragma once

#include <glib.h>
#include "ctl.h"
#include "settings-change.h"
#include "staff.h"

G_BEGIN_DECLS

#define CTL_SUPERVISOR_PIN_ENV "MALLPOS_SUPERVISOR_PIN"
/* --supervisor card / --manager card: a staff card, read from this
 * variable (the reader's UID or the scanned code), never an argument. */
#define CTL_STAFF_CARD_WORD "card"
#define CTL_STAFF_CARD_ENV "MALLPOS_STAFF_CARD"
#define CTL_CREDENTIAL_ERROR (ctl_credential_error_quark ())
GQuark ctl_credential_error_quark (void);

/* The words every --help that takes a credential shows. */
#define CTL_CREDENTIAL_HELP                                                                        \
  "The PIN of --supervisor/--manager is never an argument: it is read from MALLPOS_SUPERVISOR_PIN " \
  "when set, else from the terminal (no echo), else as one line of standard input."

typedef struct
{
  MposStaffCredential staff;
  char *pin;
} CtlCredential;

/* One PIN line: from standard input when it is not a terminal and not
 * taken by a document, else from the terminal with echo off. */
char *ctl_read_pin (const char *prompt, gboolean stdin_taken, GError **error);

/* The credential of staff `number` (NULL when number is NULL, or when the
 * PIN cannot be read: *error then says why). stdin_taken: the command reads
 * a document from standard input, so the PIN cannot come from there. */
const MposStaffCredential *ctl_credential (CtlCredential *c, const char *number,
                                           gboolean stdin_taken, GError **error);
void ctl_credential_clear (CtlCredential *c);

/* The same as a yes/no: *out NULL when number is NULL; FALSE (with *error)
 * only when the PIN cannot be read. */
gboolean ctl_credential_get (CtlCredential *c, const char *number, gboolean stdin_taken,
                             const MposStaffCredential **out, GError **error);

/* The credential of a change to the store's settings (imports, receipt
 * settings, identity, language): --manager NUMBER, else the number in
 * MALLPOS_MANAGER (an import job IT schedules sets it once; the PIN comes
 * as for any credential, never from the command line). *out NULL when
 * neither is given: the core then refuses unless the store has no staff
 * yet (settings-change.h). */
#define CTL_MANAGER_ENV "MALLPOS_MANAGER"
gboolean ctl_settings_credential (CtlCredential *c, const char *number,
                                  const MposStaffCredential **out, GError **error);

/* A settings document imported from the file at `path` (all or nothing),
 * approved by the manager as ctl_settings_credential takes them: reads the
 * file, opens the store, asks for the PIN, imports. The file's bytes are
 * wiped before it returns (gift-card stock carries the cards' secrets). */
gboolean ctl_import_settings_file (CtlGlobal *global, const char *manager,
                                   MposSettingsDocument document, const char *path,
                                   MposSettingsImported *imported, GError **error);

/* A verb that needs `option` (--manager, --supervisor) and was given
 * none: says so and returns CTL_EXIT_DENIED, the exit of every refusal for
 * a missing or wrong credential (never CTL_EXIT_USAGE: a script tells a
 * refused credential from a typo by the exit code alone). */
int ctl_credential_missing (const char *command, const char *option);

/* The member's payment PIN for a proof: MALLPOS_MEMBER_PIN when set, else
 * one line from the terminal (no echo) or standard input. */
char *ctl_read_member_pin (GError **error);

#define CTL_MEMBER_PIN_ENV "MALLPOS_MEMBER_PIN"

/* --member-card TOKEN: the presence token of the member's card read on the
 * chip reader (mallposctl wait-card --proof prints it); a typed card
 * number is refused. */
#define CTL_MEMBER_CARD_ENTRY(var)                                                                 \
  { "member-card", 0, 0, G_OPTION_ARG_STRING, &(var),                                              \
    "Or: the member's card read on the chip reader (the token wait-card --proof prints)",         \
    "TOKEN" }

/* The --supervisor option of a command that needs an approval. */
#define CTL_SUPERVISOR_ENTRY(var)                                                                  \
  { "supervisor", 0, 0, G_OPTION_ARG_STRING, &(var),                                               \
    "Staff number of the approving supervisor or manager (PIN: MALLPOS_SUPERVISOR_PIN, else the "  \
    "terminal, else a line of standard input; never an argument)",                                 \
    "NUMBER" }
/* --manager NUMBER, with what the manager's approval is for. */
#define CTL_MANAGER_ENTRY(var, help)                                                               \
  { "manager", 0, 0, G_OPTION_ARG_STRING, &(var), (help), "NUMBER" }
/* --manager NUMBER of a change to the store's settings. */
#define CTL_SETTINGS_MANAGER_ENTRY(var)                                                            \
  CTL_MANAGER_ENTRY (var, "Staff number of the manager who approves the change (else "             \
                          "MALLPOS_MANAGER); needed once the store has staff")
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtlCredential, ctl_credential_clear)

G_END_DECLS
