/* ui-bench-util.h — starting a window program cold and timing it, for the
 * ui benchmarks: the clock starts just before the program is spawned and
 * stops when its ready line (ui-bench-ready.h) arrives; the resident memory
 * is the one the program reports then. Renderers: GSK_RENDERER=cairo, and
 * GL through Mesa's software rasteriser (GSK_RENDERER=gl,
 * LIBGL_ALWAYS_SOFTWARE=1), as DESIGN.md asks both reported. Needs a display
 * (the benchmark runs under xvfb-run). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;         /* "cairo", "gl (software)" */
  const char *const *env;   /* NAME=VALUE added to the child's environment */
} UiRenderer;

/* The two renderers, NULL-terminated by a NULL name. */
const UiRenderer *ui_bench_renderers (void);

typedef struct
{
  double ready_ms; /* spawn → ready line */
  long rss_kib;    /* the program's resident memory at its first frame */
} UiStart;

/* Starts argv (argv[0] a path) with the renderer's environment plus `env`
 * (may be NULL), waits up to timeout_s for its ready line, then kills it. */
gboolean ui_bench_start (const char *const *argv, const UiRenderer *renderer,
                         const char *const *env, guint timeout_s, UiStart *out, GError **error);

/* Medians of `runs` cold starts. */
gboolean ui_bench_start_median (const char *const *argv, const UiRenderer *renderer,
                                const char *const *env, guint runs, UiStart *out,
                                GError **error);

G_END_DECLS
