/* ctl-credential.c — how mallposctl takes a staff PIN: never from the
 * command line (argv is readable by every user through ps and
 * /proc/PID/cmdline, and lands in shell history). A PIN comes from
 * MALLPOS_SUPERVISOR_PIN when the command approves something and that is
 * set (the environment of a process is readable only by its user), else
 * from the terminal with echo off, else as one line of standard input. */
#include "ctl-credential.h"
#include "ctl.h"

#include <errno.h>
#include <sodium.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PIN_LINE_MAX 64

/* clang-format off */
G_DEFINE_QUARK (mallposctl-credential-error-quark, ctl_credential_error)
/* clang-format on */

static char *
read_line (FILE *in, GError **error)
{
  char line[PIN_LINE_MAX];
  size_t length;

  if (fgets (line, sizeof line, in) == NULL)
    {
      g_set_error (error, CTL_CREDENTIAL_ERROR, 0,
                   "no PIN on standard input: give it as one line (or in MALLPOS_SUPERVISOR_PIN "
                   "for an approval)");
      return NULL;
    }
  length = strcspn (line, "\r\n");
  line[length] = '\0';
  char *pin = g_strdup (line);
  explicit_bzero (line, sizeof line);
  return pin;
}

/* From the terminal, echo off; the prompt goes to the terminal too. */
static char *
read_tty (FILE *tty, const char *prompt, GError **error)
{
  struct termios before, quiet;
  gboolean echo_off;
  char *pin;

  fprintf (tty, "%s", prompt);
  fflush (tty);
  echo_off = tcgetattr (fileno (tty), &before) == 0;
  if (echo_off)
    {
      quiet = before;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      tcsetattr (fileno (tty), TCSAFLUSH, &quiet);
    }
  pin = read_line (tty, error);
  if (echo_off)
    tcsetattr (fileno (tty), TCSAFLUSH, &before);
  fprintf (tty, "\n");
  return pin;
}

char *
ctl_read_pin (const char *prompt, gboolean stdin_taken, GError **error)
{
  FILE *tty;
  char *pin;

  if (!stdin_taken && !isatty (STDIN_FILENO))
    return read_line (stdin, error);
  tty = fopen ("/dev/tty", "r+");
  if (tty == NULL)
    {
      g_set_error (error, CTL_CREDENTIAL_ERROR, 0,
                   "no terminal to ask for the PIN (%s): give it in MALLPOS_SUPERVISOR_PIN",
                   g_strerror (errno));
      return NULL;
    }
  pin = read_tty (tty, prompt, error);
  fclose (tty);
  return pin;
}

void
ctl_credential_clear (CtlCredential *c)
{
  if (c->pin != NULL)
    explicit_bzero (c->pin, strlen (c->pin));
  g_clear_pointer (&c->pin, g_free);
  c->staff.number = NULL;
  c->staff.pin = NULL;
  c->staff.card = NULL;
}

/* `--supervisor card`: the staff card read into MALLPOS_STAFF_CARD, with
 * the PIN of MALLPOS_SUPERVISOR_PIN when set (the store says whether the
 * card alone will do). */
static const MposStaffCredential *
card_credential (CtlCredential *c, GError **error)
{
  const char *card = g_getenv (CTL_STAFF_CARD_ENV);
  const char *env = g_getenv (CTL_SUPERVISOR_PIN_ENV);

  if (card == NULL || *card == '\0')
    {
      g_set_error (error, CTL_CREDENTIAL_ERROR, 0,
                   "a staff card credential (card) reads the card from " CTL_STAFF_CARD_ENV
                   ", which is not set: scan the card into it, or give a staff number");
      return NULL;
    }
  c->pin = env != NULL ? g_strdup (env) : NULL;
  c->staff.number = NULL;
  c->staff.pin = c->pin;
  c->staff.card = card;
  return &c->staff;
}

const MposStaffCredential *
ctl_credential (CtlCredential *c, const char *number, gboolean stdin_taken, GError **error)
{
  const char *env = g_getenv (CTL_SUPERVISOR_PIN_ENV);
  g_autofree char *prompt = NULL;

  if (number == NULL)
    return NULL;
  if (strcmp (number, CTL_STAFF_CARD_WORD) == 0)
    return card_credential (c, error);
  prompt = g_strdup_printf ("PIN of staff %s: ", number);
  c->pin = env != NULL ? g_strdup (env) : ctl_read_pin (prompt, stdin_taken, error);
  if (c->pin == NULL)
    return NULL;
  c->staff.number = number;
  c->staff.pin = c->pin;
  c->staff.card = NULL;
  return &c->staff;
}

gboolean
ctl_credential_get (CtlCredential *c, const char *number, gboolean stdin_taken,
                    const MposStaffCredential **out, GError **error)
{
  *out = ctl_credential (c, number, stdin_taken, error);
  return number == NULL || *out != NULL;
}

gboolean
ctl_settings_credential (CtlCredential *c, const char *number, const MposStaffCredential **out,
                         GError **error)
{
  const char *env = g_getenv (CTL_MANAGER_ENV);

  return ctl_credential_get (c, number != NULL ? number : (env && *env ? env : NULL), FALSE, out,
                             error);
}

gboolean
ctl_import_settings_file (CtlGlobal *global, const char *manager, MposSettingsDocument document,
                          const char *path, MposSettingsImported *imported, GError **error)
{
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *by = NULL;
  g_autoptr (MposStore) store = NULL;
  gsize length = 0;
  g_autofree char *data = ctl_read_file (path, &length, error);
  gboolean ok;

  if (data == NULL)
    return FALSE;
  store = ctl_open_store (global, FALSE, error);
  ok = store != NULL && ctl_settings_credential (&credential, manager, &by, error)
       && mpos_settings_import_document (store, document, data, length, by, imported, error);
  sodium_memzero (data, length);
  return ok;
}

int
ctl_credential_missing (const char *command, const char *option)
{
  fprintf (stderr,
           _("mallposctl %s: this needs %s NUMBER, the staff number of whoever approves it "
              "(the PIN is asked for, never an argument)\n"),
           command, option);
  return CTL_EXIT_DENIED;
}

char *
ctl_read_member_pin (GError **error)
{
  const char *env = g_getenv (CTL_MEMBER_PIN_ENV);

  if (env != NULL)
    return g_strdup (env);
  return ctl_read_pin ("The member's payment PIN: ", FALSE, error);
}
