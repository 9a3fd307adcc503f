/* card-reader-pcsc.c — the PC/SC card reader: a worker thread owns the
 * pcsc-lite context and blocks in SCardGetStatusChange (in short slices, and
 * SCardCancel wakes it), reads each new card once, and posts what happened to
 * the main context, where the events are emitted. The main thread never
 * waits on a card. */
#include "card-reader-pcsc.h"
#include "mask.h"

#include <string.h>
#include <winscard.h>

#define WAIT_SLICE_MS 500    /* a stop request is seen at least this often */
#define RETRY_MS 1000        /* pcscd or the reader is away: look again this often */
#define REMOVAL_WAIT_MS 1500 /* after a failed APDU: time for pcscd to see the card gone */

/* ---- the member block ------------------------------------------------------- */

char *
mpos_member_block_parse (const guint8 *block, gsize length, GError **error)
{
  if (length < MPOS_MEMBER_CARD_DIGITS)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                   "the member block is %" G_GSIZE_FORMAT " bytes, too short", length);
      return NULL;
    }
  for (gsize i = 0; i < MPOS_MEMBER_CARD_DIGITS; i++)
    if (!g_ascii_isdigit (block[i]))
      {
        g_set_error_literal (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_PROTOCOL,
                             "the card holds no member number: is it one of this store's "
                             "member cards?");
        return NULL;
      }
  return g_strndup ((const char *)block, MPOS_MEMBER_CARD_DIGITS);
}

/* ---- events posted to the main context -------------------------------------- */

typedef enum
{
  EVENT_STATUS,
  EVENT_CARD,
  EVENT_ERROR,
} EventKind;

typedef struct
{
  GWeakRef device;
  guint generation;
  EventKind kind;
  MposDeviceStatus status;
  char *number;
  MposDeviceError code;
  char *message;
} Event;

struct _MposCardReaderPcsc
{
  MposCardReader parent_instance;

  char *reader_match;
  guint8 key[MPOS_MEMBER_CARD_KEY_LENGTH];
  guint generation;
  struct Worker *worker;
};

G_DEFINE_FINAL_TYPE (MposCardReaderPcsc, mpos_card_reader_pcsc, MPOS_TYPE_CARD_READER)

static void
event_free (gpointer data)
{
  Event *event = data;

  g_weak_ref_clear (&event->device);
  if (event->number)
    memset (event->number, 0, strlen (event->number));
  g_free (event->number);
  g_free (event->message);
  g_free (event);
}

static gboolean
dispatch_event (gpointer data)
{
  Event *event = data;
  g_autoptr (MposCardReaderPcsc) self = g_weak_ref_get (&event->device);

  if (self == NULL || event->generation != self->generation)
    return G_SOURCE_REMOVE;
  switch (event->kind)
    {
    case EVENT_STATUS:
      mpos_device_set_state (MPOS_DEVICE (self), event->status == MPOS_DEVICE_STATUS_OFFLINE
                                                     ? MPOS_DEVICE_STATE_ERROR
                                                     : MPOS_DEVICE_STATE_IDLE);
      mpos_device_emit_status (MPOS_DEVICE (self), event->status);
      break;
    case EVENT_CARD:
      mpos_card_reader_deliver_chip (MPOS_CARD_READER (self), event->number);
      break;
    case EVENT_ERROR:
      mpos_device_report (MPOS_DEVICE (self), event->code, "%s", event->message);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* ---- the worker ------------------------------------------------------------- */

typedef struct Worker
{
  GWeakRef device;
  guint generation;
  GMainContext *context;
  char *reader_match;
  guint8 key[MPOS_MEMBER_CARD_KEY_LENGTH];
  GThread *thread;

  GMutex mutex; /* guards stop, hcontext and have_context against SCardCancel */
  GCond cond;
  gboolean stop;
  SCARDCONTEXT hcontext;
  gboolean have_context;

  /* the worker thread's own */
  char *reader;
  DWORD reader_state;
  int online; /* -1: not said yet */
  gboolean card_done;
} Worker;

static void
post (Worker *worker, EventKind kind, MposDeviceStatus status, const char *number,
      MposDeviceError code, const char *message)
{
  Event *event = g_new0 (Event, 1);
  g_autoptr (GObject) device = g_weak_ref_get (&worker->device);

  g_weak_ref_init (&event->device, device);
  event->generation = worker->generation;
  event->kind = kind;
  event->status = status;
  event->number = g_strdup (number);
  event->code = code;
  event->message = g_strdup (message);
  g_main_context_invoke_full (worker->context, G_PRIORITY_DEFAULT, dispatch_event, event,
                              event_free);
}

static void post_error (Worker *worker, MposDeviceError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
post_error (Worker *worker, MposDeviceError code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  post (worker, EVENT_ERROR, 0, NULL, code, message);
}

static void
set_online (Worker *worker, gboolean online, const char *reason)
{
  if (worker->online == online)
    return;
  worker->online = online;
  post (worker, EVENT_STATUS, online ? MPOS_DEVICE_STATUS_ONLINE : MPOS_DEVICE_STATUS_OFFLINE, NULL,
        0, NULL);
  if (!online)
    post_error (worker, MPOS_DEVICE_ERROR_OFFLINE, "%s", reason);
}

static gboolean
stopping (Worker *worker)
{
  gboolean stop;

  g_mutex_lock (&worker->mutex);
  stop = worker->stop;
  g_mutex_unlock (&worker->mutex);
  return stop;
}

/* Sleeps, but wakes at once for a stop request. */
static void
rest (Worker *worker, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)ms * 1000;

  g_mutex_lock (&worker->mutex);
  while (!worker->stop && g_cond_wait_until (&worker->cond, &worker->mutex, end))
    ;
  g_mutex_unlock (&worker->mutex);
}

static void
drop_context (Worker *worker)
{
  g_clear_pointer (&worker->reader, g_free);
  g_mutex_lock (&worker->mutex);
  if (worker->have_context)
    SCardReleaseContext (worker->hcontext);
  worker->have_context = FALSE;
  g_mutex_unlock (&worker->mutex);
}

static const char *
service_gone_reason (void)
{
  return "the smart card service (pcscd) is not running; start it (systemctl start "
         "pcscd.socket)";
}

static gboolean
ensure_context (Worker *worker)
{
  SCARDCONTEXT hcontext;
  LONG rv;

  if (worker->have_context)
    return TRUE;
  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &hcontext);
  if (rv != SCARD_S_SUCCESS)
    {
      set_online (worker, FALSE, service_gone_reason ());
      return FALSE;
    }
  g_mutex_lock (&worker->mutex);
  worker->hcontext = hcontext;
  worker->have_context = TRUE;
  g_mutex_unlock (&worker->mutex);
  return TRUE;
}

/* The first reader whose name contains `match` (any reader when NULL). */
static LONG
find_reader (SCARDCONTEXT hcontext, const char *match, char **found)
{
  g_autofree char *names = NULL;
  DWORD length = 0;
  LONG rv = SCardListReaders (hcontext, NULL, NULL, &length);

  if (rv != SCARD_S_SUCCESS)
    return rv;
  names = g_malloc0 (length + 1);
  rv = SCardListReaders (hcontext, NULL, names, &length);
  if (rv != SCARD_S_SUCCESS)
    return rv;
  for (const char *name = names; *name; name += strlen (name) + 1)
    if (match == NULL || strstr (name, match) != NULL)
      {
        *found = g_strdup (name);
        return SCARD_S_SUCCESS;
      }
  return SCARD_E_UNKNOWN_READER;
}

static char *
no_reader_reason (const char *match)
{
  if (match)
    return g_strdup_printf ("no card reader named like “%s” is connected; check its cable", match);
  return g_strdup ("no card reader is connected; check its cable");
}

static gboolean
ensure_reader (Worker *worker)
{
  g_autofree char *reason = NULL;
  LONG rv;

  if (worker->reader)
    return TRUE;
  rv = find_reader (worker->hcontext, worker->reader_match, &worker->reader);
  if (rv == SCARD_S_SUCCESS)
    {
      worker->reader_state = SCARD_STATE_UNAWARE;
      worker->card_done = FALSE;
      set_online (worker, TRUE, NULL);
      return TRUE;
    }
  if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_F_COMM_ERROR)
    {
      drop_context (worker);
      set_online (worker, FALSE, service_gone_reason ());
      return FALSE;
    }
  reason = no_reader_reason (worker->reader_match);
  set_online (worker, FALSE, reason);
  return FALSE;
}

/* Whether pcscd answers at all: when it stops, the last call can fail with
 * an unrelated code (e.g. "Access denied"), so ask before naming the cause. */
static gboolean
service_answers (void)
{
  SCARDCONTEXT hcontext;

  if (SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &hcontext) != SCARD_S_SUCCESS)
    return FALSE;
  SCardReleaseContext (hcontext);
  return TRUE;
}

/* The reader or pcscd went away: start over from the context. */
static void
lose_reader (Worker *worker, LONG rv)
{
  gboolean service = rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED
                     || rv == SCARD_F_COMM_ERROR || rv == SCARD_E_INVALID_HANDLE
                     || !service_answers ();
  g_autofree char *reason
      = service ? g_strdup (service_gone_reason ())
                : g_strdup_printf ("the card reader was unplugged (%s); it is used again once "
                                   "it is back",
                                   pcsc_stringify_error (rv));

  drop_context (worker);
  set_online (worker, FALSE, reason);
}

/* ---- reading a card --------------------------------------------------------- */

typedef struct
{
  SCARDHANDLE card;
  DWORD protocol;
  guint8 response[258];
  DWORD response_length;
  guint sw;
} Exchange;

static LONG
transmit (Exchange *exchange, const guint8 *apdu, gsize length)
{
  const SCARD_IO_REQUEST *pci
      = exchange->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  LONG rv;

  exchange->response_length = sizeof exchange->response;
  rv = SCardTransmit (exchange->card, pci, apdu, (DWORD)length, NULL, exchange->response,
                      &exchange->response_length);
  if (rv == SCARD_S_SUCCESS && exchange->response_length < 2)
    rv = SCARD_F_COMM_ERROR;
  if (rv != SCARD_S_SUCCESS)
    return rv;
  exchange->response_length -= 2;
  exchange->sw = (guint)exchange->response[exchange->response_length] << 8
                 | exchange->response[exchange->response_length + 1];
  return rv;
}

/* After an APDU failed: is the card gone (pcscd notices within its poll period)? */
static gboolean
card_went_away (Worker *worker)
{
  SCARD_READERSTATE state = { 0 };
  gint64 end = g_get_monotonic_time () + REMOVAL_WAIT_MS * 1000;

  state.szReader = worker->reader;
  state.dwCurrentState = SCARD_STATE_PRESENT;
  while (!stopping (worker))
    {
      gint64 left_ms = (end - g_get_monotonic_time ()) / 1000;
      LONG rv;

      if (left_ms <= 0)
        return FALSE;
      rv = SCardGetStatusChange (worker->hcontext, (DWORD)left_ms, &state, 1);
      if (rv != SCARD_S_SUCCESS)
        return rv != SCARD_E_TIMEOUT;
      if (state.dwEventState & (SCARD_STATE_EMPTY | SCARD_STATE_UNKNOWN))
        return TRUE;
      state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
  return FALSE;
}

static gboolean
card_removed_code (LONG rv)
{
  return rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_RESET_CARD;
}

static void
report_transmit_failure (Worker *worker, LONG rv, const char *doing)
{
  if (card_removed_code (rv) || card_went_away (worker))
    post_error (worker, MPOS_DEVICE_ERROR_FAILED,
                "the card was taken away while %s; hold it on the reader until it beeps", doing);
  else
    post_error (worker, MPOS_DEVICE_ERROR_FAILED, "reading the card failed while %s: %s", doing,
                pcsc_stringify_error (rv));
}

/* One step of the read: the APDU went through and answered 90 00. */
static gboolean
step (Worker *worker, Exchange *exchange, const guint8 *apdu, gsize length, const char *doing,
      const char *refusal)
{
  LONG rv = transmit (exchange, apdu, length);

  if (rv != SCARD_S_SUCCESS)
    {
      report_transmit_failure (worker, rv, doing);
      return FALSE;
    }
  if (exchange->sw != 0x9000)
    {
      post_error (worker, MPOS_DEVICE_ERROR_FAILED, "%s (status %04X)", refusal, exchange->sw);
      return FALSE;
    }
  return TRUE;
}

static void
log_uid (Worker *worker, const Exchange *exchange)
{
  g_autoptr (GString) hex = g_string_new (NULL);
  g_autofree char *masked = NULL;

  for (DWORD i = 0; i < exchange->response_length; i++)
    g_string_append_printf (hex, "%02X", exchange->response[i]);
  masked = mpos_mask (hex->str, 4, 4);
  g_debug ("card reader %s: card UID %s", worker->reader, masked);
}

static char *
read_member_number (Worker *worker, Exchange *exchange)
{
  static const guint8 get_uid[] = { 0xFF, 0xCA, 0x00, 0x00, 0x00 };
  static const guint8 authenticate[]
      = { 0xFF, 0x86, 0x00, 0x00, 0x05, 0x01, 0x00, MPOS_MEMBER_CARD_BLOCK, 0x60, 0x00 };
  static const guint8 read_block[] = { 0xFF, 0xB0, 0x00, MPOS_MEMBER_CARD_BLOCK, 0x10 };
  guint8 load_key[5 + MPOS_MEMBER_CARD_KEY_LENGTH]
      = { 0xFF, 0x82, 0x00, 0x00, MPOS_MEMBER_CARD_KEY_LENGTH };
  g_autoptr (GError) error = NULL;
  char *number;

  memcpy (load_key + 5, worker->key, MPOS_MEMBER_CARD_KEY_LENGTH);
  if (!step (worker, exchange, get_uid, sizeof get_uid, "reading its UID",
             "the reader cannot read the card's UID; is it a contactless card?"))
    return NULL;
  log_uid (worker, exchange);
  if (!step (worker, exchange, load_key, sizeof load_key, "loading the key",
             "the reader refused the member key; is it a PC/SC contactless reader?")
      || !step (worker, exchange, authenticate, sizeof authenticate, "authenticating",
                "the card refused the member key: it is not one of this store's member cards")
      || !step (worker, exchange, read_block, sizeof read_block, "reading the member number",
                "the card would not give its member number"))
    return NULL;
  number = mpos_member_block_parse (exchange->response, exchange->response_length, &error);
  memset (exchange->response, 0, sizeof exchange->response);
  if (number == NULL)
    post_error (worker, MPOS_DEVICE_ERROR_PROTOCOL, "%s", error->message);
  return number;
}

static void
read_card (Worker *worker)
{
  Exchange exchange = { 0 };
  g_autofree char *number = NULL;
  LONG rv
      = SCardConnect (worker->hcontext, worker->reader, SCARD_SHARE_SHARED,
                      SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &exchange.card, &exchange.protocol);

  if (rv == SCARD_E_SHARING_VIOLATION)
    {
      post_error (worker, MPOS_DEVICE_ERROR_CLAIMED,
                  "another program holds the card reader; close it and present the card again");
      return;
    }
  if (rv != SCARD_S_SUCCESS)
    {
      report_transmit_failure (worker, rv, "connecting to it");
      return;
    }
  number = read_member_number (worker, &exchange);
  SCardDisconnect (exchange.card, SCARD_LEAVE_CARD);
  if (number)
    {
      post (worker, EVENT_CARD, 0, number, 0, NULL);
      memset (number, 0, strlen (number));
    }
}

/* One slice of waiting for the reader's state to change. */
static void
watch_reader (Worker *worker)
{
  SCARD_READERSTATE state = { 0 };
  LONG rv;

  state.szReader = worker->reader;
  state.dwCurrentState = worker->reader_state;
  rv = SCardGetStatusChange (worker->hcontext, WAIT_SLICE_MS, &state, 1);
  if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED)
    return;
  if (rv != SCARD_S_SUCCESS)
    {
      lose_reader (worker, rv);
      return;
    }
  if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
    {
      lose_reader (worker, SCARD_E_READER_UNAVAILABLE);
      return;
    }
  worker->reader_state = state.dwEventState & ~SCARD_STATE_CHANGED;
  if (state.dwEventState & SCARD_STATE_EMPTY)
    worker->card_done = FALSE;
  else if ((state.dwEventState & SCARD_STATE_PRESENT) && !worker->card_done)
    {
      worker->card_done = TRUE;
      if (state.dwEventState & SCARD_STATE_MUTE)
        post_error (worker, MPOS_DEVICE_ERROR_FAILED,
                    "the card does not answer; is it a contactless member card?");
      else
        read_card (worker);
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;

  while (!stopping (worker))
    {
      if (!ensure_context (worker) || !ensure_reader (worker))
        {
          rest (worker, RETRY_MS);
          continue;
        }
      watch_reader (worker);
    }
  drop_context (worker);
  return NULL;
}

static Worker *
worker_start (MposCardReaderPcsc *self)
{
  Worker *worker = g_new0 (Worker, 1);

  g_weak_ref_init (&worker->device, self);
  worker->generation = self->generation;
  worker->context = g_main_context_ref_thread_default ();
  worker->reader_match = g_strdup (self->reader_match);
  memcpy (worker->key, self->key, sizeof worker->key);
  worker->online = -1;
  g_mutex_init (&worker->mutex);
  g_cond_init (&worker->cond);
  worker->thread = g_thread_new ("mpos-pcsc", worker_main, worker);
  return worker;
}

/* Blocks only until the worker notices: SCardCancel wakes a waiting
 * SCardGetStatusChange at once, an APDU in flight takes milliseconds. */
static void
worker_stop (Worker *worker)
{
  g_mutex_lock (&worker->mutex);
  worker->stop = TRUE;
  g_cond_signal (&worker->cond);
  if (worker->have_context)
    SCardCancel (worker->hcontext);
  g_mutex_unlock (&worker->mutex);
  g_thread_join (worker->thread);
  g_weak_ref_clear (&worker->device);
  g_main_context_unref (worker->context);
  g_mutex_clear (&worker->mutex);
  g_cond_clear (&worker->cond);
  g_free (worker->reader_match);
  memset (worker->key, 0, sizeof worker->key);
  g_free (worker);
}

/* ---- the device ------------------------------------------------------------- */

/* Open checks pcscd and the reader now, so a missing reader is a clear error
 * at once; later comings and goings are the worker's. */
static gboolean
pcsc_open (MposDevice *device, GError **error)
{
  MposCardReaderPcsc *self = MPOS_CARD_READER_PCSC (device);
  g_autofree char *found = NULL;
  g_autofree char *reason = NULL;
  SCARDCONTEXT hcontext;
  LONG rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &hcontext);

  if (rv != SCARD_S_SUCCESS)
    {
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_OFFLINE, "%s",
                             service_gone_reason ());
      return FALSE;
    }
  rv = find_reader (hcontext, self->reader_match, &found);
  SCardReleaseContext (hcontext);
  if (rv != SCARD_S_SUCCESS)
    {
      reason = no_reader_reason (self->reader_match);
      mpos_device_set_error (device, error, MPOS_DEVICE_ERROR_NO_HARDWARE, "%s", reason);
      return FALSE;
    }
  reason = g_strdup_printf ("pcsc %s", found);
  mpos_device_set_description (device, reason);
  return TRUE;
}

static gboolean
pcsc_enable (MposDevice *device, GError **error)
{
  MposCardReaderPcsc *self = MPOS_CARD_READER_PCSC (device);

  self->generation++;
  self->worker = worker_start (self);
  return TRUE;
}

static void
pcsc_disable (MposDevice *device)
{
  MposCardReaderPcsc *self = MPOS_CARD_READER_PCSC (device);

  self->generation++;
  g_clear_pointer (&self->worker, worker_stop);
}

static void
mpos_card_reader_pcsc_dispose (GObject *object)
{
  MposCardReaderPcsc *self = MPOS_CARD_READER_PCSC (object);

  g_clear_pointer (&self->worker, worker_stop);
  G_OBJECT_CLASS (mpos_card_reader_pcsc_parent_class)->dispose (object);
}

static void
mpos_card_reader_pcsc_finalize (GObject *object)
{
  MposCardReaderPcsc *self = MPOS_CARD_READER_PCSC (object);

  g_free (self->reader_match);
  memset (self->key, 0, sizeof self->key);
  G_OBJECT_CLASS (mpos_card_reader_pcsc_parent_class)->finalize (object);
}

static void
mpos_card_reader_pcsc_class_init (MposCardReaderPcscClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  object_class->dispose = mpos_card_reader_pcsc_dispose;
  object_class->finalize = mpos_card_reader_pcsc_finalize;
  device_class->open = pcsc_open;
  device_class->enable = pcsc_enable;
  device_class->disable = pcsc_disable;
}

static void
mpos_card_reader_pcsc_init (MposCardReaderPcsc *self)
{
}

MposCardReader *
mpos_card_reader_pcsc_new (const char *name, const char *reader,
                           const guint8 key[MPOS_MEMBER_CARD_KEY_LENGTH])
{
  g_autofree char *description = g_strdup_printf ("pcsc %s", reader ? reader : "first reader");
  MposCardReaderPcsc *self
      = g_object_new (MPOS_TYPE_CARD_READER_PCSC, "name", name, "category", MPOS_DEVICE_CARD_READER,
                      "description", description, NULL);

  self->reader_match = g_strdup (reader);
  memcpy (self->key, key, sizeof self->key);
  return MPOS_CARD_READER (self);
}
