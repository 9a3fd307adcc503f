/* line-source.h — lines of text arriving on the main loop from a file
 * descriptor (stdin, a tty, a socketpair) or from every client of a Unix
 * socket. Serial scanners and the virtual scanner and card reader read
 * their input through it: bytes up to a terminator, never blocking. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MposLineSource MposLineSource;

typedef struct
{
  /* One line, terminator removed; empty lines are skipped. */
  void (*line) (const char *line, gsize length, gpointer user_data);
  /* A line longer than the maximum: its bytes up to the next terminator are dropped. */
  void (*overflow) (gsize max_length, gpointer user_data);
  /* The fd ended (errno_value 0) or failed (EIO on a hung-up tty, ENODEV on
   * an unplugged device); no more lines come. Clients of a socket that end
   * are not reported. */
  void (*closed) (int errno_value, gpointer user_data);
} MposLineSourceFuncs;

typedef struct
{
  const char *terminators; /* any of these bytes ends a line; NULL: "\r\n" */
  gsize max_length;        /* 0: 4096 */
  gboolean flush_at_end;   /* deliver an unterminated last line at end of input */
} MposLineSourceOptions;

/* Reads fd (made non-blocking) until it ends; closes it when close_fd. The
 * callbacks may free the source. */
MposLineSource *mpos_line_source_new_for_fd (int fd, gboolean close_fd,
                                             const MposLineSourceOptions *options,
                                             const MposLineSourceFuncs *funcs, gpointer user_data);
/* Listens on a Unix socket at path (a stale socket file is replaced), one
 * line source per client. */
MposLineSource *mpos_line_source_new_listening (const char *path,
                                                const MposLineSourceOptions *options,
                                                const MposLineSourceFuncs *funcs,
                                                gpointer user_data, GError **error);
void mpos_line_source_free (MposLineSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposLineSource, mpos_line_source_free)

G_END_DECLS
