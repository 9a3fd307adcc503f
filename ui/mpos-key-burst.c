/* mpos-key-burst.c — the keyboard-wedge burst recogniser (mpos-key-burst.h).
 * The rule is the drivers' (scanner-wedge.h: 30 ms, 4 keys, Enter); unlike the
 * evdev assembler it holds a person's keys back and hands them on. Gaps are measured with the
 * events' own times, so a busy main loop cannot split a burst; only the hand-back of a person's
 * keys uses a timer. */
#include "mpos-key-burst.h"

#include <string.h>

/* A scan is longer than any code worth keeping; past this it is noise. */
#define MAX_HELD 4096

struct _MposKeyBurst
{
  GObject parent_instance;
  GString *held;      /* printable keys not yet known to be typing or a scan */
  guint32 last_time;  /* of the last held key */
  gboolean burst;     /* every gap so far was a scanner's */
  guint flush_source; /* hands a person's keys back when no burst follows */
};

enum
{
  SIGNAL_SCAN,
  SIGNAL_TYPED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposKeyBurst, mpos_key_burst, G_TYPE_OBJECT)

static void
mpos_key_burst_dispose (GObject *object)
{
  MposKeyBurst *self = MPOS_KEY_BURST (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  G_OBJECT_CLASS (mpos_key_burst_parent_class)->dispose (object);
}

static void
mpos_key_burst_finalize (GObject *object)
{
  MposKeyBurst *self = MPOS_KEY_BURST (object);

  g_string_free (self->held, TRUE);
  G_OBJECT_CLASS (mpos_key_burst_parent_class)->finalize (object);
}

static void
mpos_key_burst_class_init (MposKeyBurstClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mpos_key_burst_dispose;
  object_class->finalize = mpos_key_burst_finalize;
  signals[SIGNAL_SCAN] = g_signal_new ("scan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_TYPED] = g_signal_new ("typed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mpos_key_burst_init (MposKeyBurst *self)
{
  self->held = g_string_new (NULL);
}

MposKeyBurst *
mpos_key_burst_new (void)
{
  return g_object_new (MPOS_TYPE_KEY_BURST, NULL);
}

void
mpos_key_burst_flush (MposKeyBurst *self)
{
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->held->len == 0)
    return;
  text = g_strdup (self->held->str);
  g_string_truncate (self->held, 0);
  self->burst = FALSE;
  g_signal_emit (self, signals[SIGNAL_TYPED], 0, text);
}

static gboolean
flush_timeout (gpointer user_data)
{
  MposKeyBurst *self = user_data;

  self->flush_source = 0;
  mpos_key_burst_flush (self);
  return G_SOURCE_REMOVE;
}

static void
hold (MposKeyBurst *self, guint32 unicode, guint32 time_ms)
{
  char utf8[8] = { 0 };

  if (self->held->len > 0 && time_ms - self->last_time > MPOS_KEY_BURST_MAX_GAP_MS)
    mpos_key_burst_flush (self); /* a person's key: what came before was typing */
  if (self->held->len == 0)
    self->burst = TRUE;
  if (self->held->len < MAX_HELD)
    g_string_append_len (self->held, utf8, g_unichar_to_utf8 (unicode, utf8));
  self->last_time = time_ms;
  g_clear_handle_id (&self->flush_source, g_source_remove);
  /* long enough for a slow scanner's next key, short enough that a person never notices */
  self->flush_source = g_timeout_add (MPOS_KEY_BURST_MAX_GAP_MS * 3, flush_timeout, self);
}

static gboolean
end_of_burst (MposKeyBurst *self, guint32 time_ms)
{
  g_autofree char *code = NULL;

  if (!self->burst || self->held->len < MPOS_KEY_BURST_MIN_LENGTH
      || time_ms - self->last_time > MPOS_KEY_BURST_MAX_GAP_MS)
    {
      mpos_key_burst_flush (self); /* Enter after typing: the field gets the text, then the Enter */
      return FALSE;
    }
  g_clear_handle_id (&self->flush_source, g_source_remove);
  code = g_strdup (self->held->str);
  g_string_truncate (self->held, 0);
  self->burst = FALSE;
  g_signal_emit (self, signals[SIGNAL_SCAN], 0, code);
  return TRUE;
}

gboolean
mpos_key_burst_key (MposKeyBurst *self, guint32 unicode, gboolean is_enter, gboolean modified,
                    guint32 time_ms)
{
  g_return_val_if_fail (MPOS_IS_KEY_BURST (self), FALSE);

  if (is_enter)
    return self->held->len > 0 && end_of_burst (self, time_ms);
  if (modified || unicode < 0x20 || unicode == 0x7f || !g_unichar_isprint (unicode))
    {
      mpos_key_burst_flush (self); /* a shortcut or an editing key: typing before it stays first */
      return FALSE;
    }
  hold (self, unicode, time_ms);
  return TRUE;
}
