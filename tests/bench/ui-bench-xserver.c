/* ui-bench-xserver.c — keys, sync and CPU of the X server (ui-bench-xserver.h). */
#include "ui-bench-xserver.h"

#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Display *
x_display (GtkWidget *widget)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
}

/* Queues the key's press and release, the press `delay_ms` after the
 * server's previous event (Shift held for a shifted symbol). */
static void
queue_key (Display *display, guint keysym, guint delay_ms)
{
  KeyCode code = XKeysymToKeycode (display, keysym);
  KeyCode shift = XKeysymToKeycode (display, XK_Shift_L);
  gboolean shifted = code != 0 && XkbKeycodeToKeysym (display, code, 0, 0) != keysym;

  g_return_if_fail (code != 0);
  if (shifted)
    XTestFakeKeyEvent (display, shift, True, delay_ms);
  XTestFakeKeyEvent (display, code, True, shifted ? CurrentTime : delay_ms);
  XTestFakeKeyEvent (display, code, False, CurrentTime);
  if (shifted)
    XTestFakeKeyEvent (display, shift, False, CurrentTime);
}

void
ui_bench_x_key (GtkWidget *widget, guint keysym)
{
  Display *display = x_display (widget);

  queue_key (display, keysym, CurrentTime);
  XFlush (display);
}

void
ui_bench_x_burst (GtkWidget *widget, const char *text, guint gap_ms)
{
  Display *display = x_display (widget);

  for (const char *c = text; *c; c++)
    queue_key (display, (guint) (guchar) *c, gap_ms);
  queue_key (display, XK_Return, gap_ms);
  XFlush (display);
}

/* ---- the Enter as the window receives it ---------------------------------------------- */

static guint32 enter_server_ms;
static gint64 enter_received_us;

static gboolean
note_enter (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer unused)
{
  GdkEvent *event = g_value_peek_pointer (&values[1]);
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_KEY_PRESS && gdk_key_event_get_keyval (event) == GDK_KEY_Return)
    {
      enter_received_us = g_get_monotonic_time ();
      enter_server_ms = gdk_event_get_time (event);
    }
  return TRUE; /* stay */
}

void
ui_bench_x_watch_enter (void)
{
  guint id = g_signal_lookup ("event", GDK_TYPE_SURFACE);

  g_signal_add_emission_hook (id, 0, note_enter, NULL, NULL);
}

gboolean
ui_bench_x_last_enter (gint64 *event_us, gint64 *received_us)
{
  gint64 received_ms = enter_received_us / 1000;

  if (enter_received_us == 0)
    return FALSE;
  /* the server's 32-bit ms stamp placed on the full clock: it came before receipt */
  *event_us = (received_ms - (gint64) (guint32) ((guint32) received_ms - enter_server_ms)) * 1000;
  *received_us = enter_received_us;
  return TRUE;
}

void
ui_bench_x_sync (GtkWidget *widget)
{
  XSync (x_display (widget), False);
}

/* Is /proc/PID the X server of `display_name` (argv "Xvfb :N …")? */
static gboolean
is_x_server (const char *pid, const char *display_name)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "cmdline", NULL);
  g_autofree char *cmdline = NULL;
  gsize length = 0;
  const char *arg1;

  if (!g_file_get_contents (path, &cmdline, &length, NULL) || length == 0)
    return FALSE;
  arg1 = cmdline + strlen (cmdline) + 1;
  return g_str_has_suffix (cmdline, "Xvfb") && arg1 < cmdline + length
         && g_str_equal (arg1, display_name);
}

static const char *
x_server_pid (void)
{
  static char found[16];
  const char *display_name = g_getenv ("DISPLAY");
  g_autoptr (GDir) proc = NULL;
  const char *name;

  if (found[0] != '\0' || display_name == NULL || (proc = g_dir_open ("/proc", 0, NULL)) == NULL)
    return found[0] ? found : NULL;
  while ((name = g_dir_read_name (proc)) != NULL)
    if (g_ascii_isdigit (name[0]) && is_x_server (name, display_name))
      {
        g_strlcpy (found, name, sizeof found);
        return found;
      }
  return NULL;
}

int64_t
ui_bench_x_server_cpu_ns (void)
{
  const char *pid = x_server_pid ();
  g_autofree char *path = NULL, *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;
  long ticks = sysconf (_SC_CLK_TCK);

  if (pid == NULL)
    return -1;
  path = g_build_filename ("/proc", pid, "stat", NULL);
  /* "PID (comm) state …": utime and stime are the 12th and 13th after comm */
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13 || ticks <= 0)
    return -1;
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10))
         * (1000000000 / ticks);
}
