/* ui-bench-util.c — cold starts of a window program (ui-bench-util.h). */
#include "ui-bench-util.h"
#include "ui-bench-ready.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const char *const cairo_env[] = { "GSK_RENDERER=cairo", NULL };
static const char *const gl_env[] = { "GSK_RENDERER=gl", "LIBGL_ALWAYS_SOFTWARE=1", NULL };

const UiRenderer *
ui_bench_renderers (void)
{
  static const UiRenderer renderers[] = {
    { "cairo", cairo_env },
    { "gl (software)", gl_env },
    { NULL, NULL },
  };

  return renderers;
}

static char **
child_env (const UiRenderer *renderer, const char *const *extra)
{
  char **env = g_get_environ ();
  const char *const *lists[] = { renderer->env, extra };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && lists[l][i] != NULL; i++)
      {
        g_auto (GStrv) pair = g_strsplit (lists[l][i], "=", 2);

        env = g_environ_setenv (env, pair[0], pair[1] ? pair[1] : "", TRUE);
      }
  return env;
}

typedef struct
{
  GMainLoop *loop;
  GString *seen;
  long rss_kib;
  gboolean ready;
  gboolean timed_out;
  gboolean watch_done; /* the output watch removed itself */
} Waiting;

static gboolean
on_output (GIOChannel *channel, GIOCondition condition, gpointer data)
{
  Waiting *w = data;
  g_autofree char *line = NULL;
  const char *at;

  if (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
    {
      g_main_loop_quit (w->loop); /* the program ended without being ready */
      w->watch_done = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (g_str_has_prefix (line, UI_BENCH_READY_PREFIX)
      && (at = strstr (line, "rss_kib=")) != NULL)
    {
      w->rss_kib = strtol (at + strlen ("rss_kib="), NULL, 10);
      w->ready = TRUE;
      w->watch_done = TRUE;
      g_main_loop_quit (w->loop);
      return G_SOURCE_REMOVE;
    }
  if (w->seen->len < 4096)
    g_string_append (w->seen, line);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer data)
{
  Waiting *w = data;

  w->timed_out = TRUE;
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

gboolean
ui_bench_start (const char *const *argv, const UiRenderer *renderer, const char *const *env,
                guint timeout_s, UiStart *out, GError **error)
{
  g_auto (GStrv) child_environ = child_env (renderer, env);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GString) seen = g_string_new (NULL);
  Waiting w = { loop, seen, 0, FALSE, FALSE, FALSE };
  GIOChannel *channel;
  GPid pid;
  int out_fd;
  guint watch, timer;
  gint64 started = g_get_monotonic_time ();

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, child_environ, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, error))
    return FALSE;
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  watch = g_io_add_watch (channel, G_IO_IN | G_IO_HUP | G_IO_ERR, on_output, &w);
  timer = g_timeout_add_seconds (timeout_s, on_timeout, &w);
  g_main_loop_run (loop);
  out->ready_ms = (g_get_monotonic_time () - started) / 1000.0;
  out->rss_kib = w.rss_kib;
  if (!w.timed_out)
    g_source_remove (timer);
  if (!w.watch_done)
    g_source_remove (watch);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  g_io_channel_unref (channel);
  if (!w.ready)
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                 "%s %s without its first frame (%s); its output: %s", argv[0],
                 w.timed_out ? "timed out" : "ended", renderer->name, seen->str);
  return w.ready;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

gboolean
ui_bench_start_median (const char *const *argv, const UiRenderer *renderer,
                       const char *const *env, guint runs, UiStart *out, GError **error)
{
  g_autofree double *ms = g_new (double, runs);
  g_autofree double *rss = g_new (double, runs);

  for (guint i = 0; i < runs; i++)
    {
      UiStart one;

      if (!ui_bench_start (argv, renderer, env, 60, &one, error))
        return FALSE;
      ms[i] = one.ready_ms;
      rss[i] = (double) one.rss_kib;
    }
  qsort (ms, runs, sizeof *ms, compare_double);
  qsort (rss, runs, sizeof *rss, compare_double);
  out->ready_ms = ms[runs / 2];
  out->rss_kib = (long) rss[runs / 2];
  return TRUE;
}
