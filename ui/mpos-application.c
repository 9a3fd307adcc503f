/* mpos-application.c — start-up of the cashier application
 * (mpos-application.h). A store that cannot be opened is said in one
 * sentence with what to do, and the program ends; devices that cannot be
 * opened never stop the till (the window says what is missing). */
#include "core.h"
#include "fail.h"
#include "mpos-application.h"

#include "device-registry.h"
#include "terminal-language.h"

#include "card-reader.h"
#include "device-config.h"
#include "receipt-printer.h"
#include "scanner.h"

#include <glib/gi18n.h>
#include <stdio.h>

#define CLAIM_TIMEOUT_MS 2000

struct _MposApplication
{
  GtkApplication parent_instance;
  char *store_path;
  MposWindow *window;
  GPtrArray *inputs; /* MposDevice*: scanners and card readers, enabled */
};

G_DEFINE_FINAL_TYPE (MposApplication, mpos_application, GTK_TYPE_APPLICATION)

static void
mpos_application_finalize (GObject *object)
{
  MposApplication *self = MPOS_APPLICATION (object);

  g_free (self->store_path);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  G_OBJECT_CLASS (mpos_application_parent_class)->finalize (object);
}

static void
close_input (gpointer data)
{
  mpos_device_close (data);
  g_object_unref (data);
}

static void
mpos_application_shutdown (GApplication *application)
{
  MposApplication *self = MPOS_APPLICATION (application);

  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  G_APPLICATION_CLASS (mpos_application_parent_class)->shutdown (application);
}

static void
load_css (void)
{
  GtkCssProvider *css = gtk_css_provider_new ();

  mpos_window_register_resources ();
  gtk_css_provider_load_from_resource (css, "/cn/mallpos/Till/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (css);
}

/* A steady text cursor: GTK 4 fades a blinking one in and out at the full
 * frame rate for 10 s after each focus or key, and a scan landing in those
 * seconds waited for the animation's next frame slot and shared the CPU
 * with it (bench-ui-window: 4.5 frames drawn a scan instead of 1). */
static void
steady_cursor (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}

/* Opens every scanner and card reader of devices.ini; one that fails is
 * reported and left out. */
static void
open_inputs (MposApplication *self, MposDeviceConfig *config)
{
  for (guint i = 0; i < mpos_device_config_get_n_entries (config); i++)
    {
      const MposDeviceEntry *entry = mpos_device_config_get_entry (config, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (MposDevice) device = NULL;

      if (entry->category != MPOS_DEVICE_SCANNER && entry->category != MPOS_DEVICE_CARD_READER)
        continue;
      /* a virtual device without port= reads stdin: not a till's */
      if (entry->backend == MPOS_DEVICE_BACKEND_VIRTUAL && entry->address.path == NULL)
        continue;
      device = mpos_device_config_create_device (entry, &error);
      if (device == NULL || !mpos_device_open (device, &error)
          || !mpos_device_claim (device, CLAIM_TIMEOUT_MS, &error)
          || !mpos_device_enable (device, &error))
        {
          g_warning ("%s", error->message);
          continue;
        }
      mpos_window_add_input (self->window, device);
      g_ptr_array_add (self->inputs, g_steal_pointer (&device));
    }
}

static MposDeviceConfig *
load_devices (void)
{
  g_autoptr (GError) error = NULL;
  MposDeviceConfig *config;

  mpos_device_registry_init ();
  config = mpos_device_config_load (NULL, &error);
  if (config == NULL)
    g_warning ("devices: %s", error->message);
  return config;
}

static MposTill *
open_till (MposApplication *self, GError **error)
{
  g_autofree char *path
      = self->store_path ? g_strdup (self->store_path) : mpos_store_default_path ();
  MposStoreOptions options = { .create = FALSE };
  mpos_core_init ();
  MposStore *store = mpos_store_open (path, &options, error);
  g_autofree char *language = NULL;
  MposDeviceConfig *config;

  if (store == NULL)
    return NULL;
  if (mpos_store_get_identity (store, error) == NULL)
    {
      mpos_store_close (store);
      return NULL;
    }
  mpos_refusals_speak (); /* the core's refusals in the cashier's language */
  language = mpos_terminal_language_choose (store);
  if (language != NULL && !mpos_i18n_use (language))
    g_warning ("no catalog for the terminal language “%s”: the window speaks the system's", language);
  config = load_devices ();
  return mpos_till_new (store, mpos_till_printer_new (config), error);
}

/* A till's screen is 1366×768 or 1024×768: the window takes the whole of a
 * smaller one rather than reaching past its edge. */
static void
fit_screen (GtkWindow *window)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle area = { 0 };
  int width = 0, height = 0;

  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_get_default_size (window, &width, &height);
  if (area.width > 0 && area.height > 0)
    gtk_window_set_default_size (window, MIN (width, area.width), MIN (height, area.height));
}

static void
mpos_application_activate (GApplication *application)
{
  MposApplication *self = MPOS_APPLICATION (application);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTill) till = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }
  till = open_till (self, &error);
  if (till == NULL)
    {
      fprintf (stderr, "mallpos: %s\n", error->message);
      g_application_quit (application);
      return;
    }
  load_css ();
  steady_cursor ();
  self->window = mpos_window_new (GTK_APPLICATION (self), till);
  fit_screen (GTK_WINDOW (self->window));
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *)&self->window);
  config = mpos_device_config_load (NULL, NULL);
  if (config)
    open_inputs (self, config);
  gtk_window_present (GTK_WINDOW (self->window));
}

static int
mpos_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  MposApplication *self = MPOS_APPLICATION (application);

  g_variant_dict_lookup (options, "store", "^ay", &self->store_path);
  return -1;
}

static void
mpos_application_class_init (MposApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mpos_application_finalize;
  app_class->activate = mpos_application_activate;
  app_class->shutdown = mpos_application_shutdown;
  app_class->handle_local_options = mpos_application_handle_local_options;
}

static void
mpos_application_init (MposApplication *self)
{
  const GOptionEntry entries[]
      = { { "store", 's', 0, G_OPTION_ARG_FILENAME, NULL,
            N_ ("Store file (default: $MALLPOS_STORE or ~/.local/share/mallpos/store.db)"),
            N_ ("PATH") },
          { NULL } };

  self->inputs = g_ptr_array_new_with_free_func (close_input);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

MposApplication *
mpos_application_new (void)
{
  /* NON_UNIQUE: a till runs one window, and tests run several side by side */
  return g_object_new (MPOS_TYPE_APPLICATION, "application-id", "cn.mallpos.Till", "flags",
                       G_APPLICATION_NON_UNIQUE, NULL);
}

MposWindow *
mpos_application_get_window (MposApplication *self)
{
  return self->window;
}
