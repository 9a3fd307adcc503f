/* boxed-type.h — MPOS_DEFINE_BOXED_TYPE: G_DEFINE_BOXED_TYPE written out,
 * because GLib's macro casts its arguments through a union that trips
 * -Wpedantic. The read models (statements, records) register with it so a
 * GtkListView, a GValue or a signal can carry them. */
#pragma once

#include <glib-object.h>

#define MPOS_DEFINE_BOXED_TYPE(TypeName, type_name, copy_func, free_func)                          \
  GType type_name##_get_type (void)                                                                \
  {                                                                                                \
    static gsize type_id = 0;                                                                      \
    if (g_once_init_enter (&type_id))                                                              \
      {                                                                                            \
        GType type = g_boxed_type_register_static (g_intern_static_string (#TypeName),             \
                                                   (GBoxedCopyFunc)(copy_func),                    \
                                                   (GBoxedFreeFunc)(free_func));                   \
        g_once_init_leave (&type_id, type);                                                        \
      }                                                                                            \
    return type_id;                                                                                \
  }
