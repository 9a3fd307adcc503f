/* main.c — `mallpos`, the cashier's window (ui/mpos-application.c). */
#include "mpos-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int argc, char **argv)
{
  g_autoptr (MposApplication) app = NULL;

  setlocale (LC_ALL, "");
  textdomain (GETTEXT_PACKAGE);
  app = mpos_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
