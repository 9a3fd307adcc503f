/* main.c — `mallpos`, the cashier's window (ui/mpos-application.c). */
#include "mpos-application.h"

#include "terminal-language.h"

int
main (int argc, char **argv)
{
  g_autoptr (MposApplication) app = NULL;

  mpos_i18n_init (LOCALEDIR);
  app = mpos_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
