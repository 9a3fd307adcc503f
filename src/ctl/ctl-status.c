/* ctl-status.c — `mallposctl status`: which store this is (path, store and
 * terminal, time zone, schema version), whether it is the demo's store and
 * who the default cashier is. Reads only; scripts use --json (demo.sh asks
 * it before it replaces a store). */
#include "ctl.h"
#include "store-status.h"

#include <stdio.h>

static void
print_status (const MposStoreStatus *s)
{
  printf ("store            %s %s\n", s->store_code, s->store_name);
  printf ("terminal         %s\n", s->terminal_code);
  printf ("path             %s\n", s->path);
  printf ("time zone        %s\n", s->time_zone);
  printf ("schema           %d\n", s->schema_version);
  printf ("default cashier  %s\n",
          s->default_cashier ? s->default_cashier : "none (returns and top-ups need --cashier)");
  if (s->training)
    printf ("training store   yes (练习模式): receipts say so, the centre never counts its "
            "sales, MALLPOS_NOW may pin its clock\n");
  else
    printf ("training store   no: a production store, on the real clock\n");
  if (s->demo)
    printf ("demo store       yes: made up data; packaging/demo.sh replaces it when run again\n");
}

int
ctl_status (CtlGlobal *global, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (MposStoreStatus) status = NULL;

  if (!ctl_parse (global, "status", "", "Say which store this is and how it is set up.", NULL,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("status", "takes options only");
  store = ctl_open_store (global, FALSE, &error);
  status = store ? mpos_store_status (store, &error) : NULL;
  if (status == NULL)
    return ctl_fail (error);
  if (global->json)
    ctl_print_json (mpos_store_status_to_json (status));
  else
    print_status (status);
  return CTL_EXIT_OK;
}
