/* member.h — members as the checkout sees them: who they are, their level
 * and its benefits. Lookup by card number or phone. (The loyalty issue adds
 * points, stored value, QR tokens and level rules around this.) */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "store.h"

G_BEGIN_DECLS

#define MPOS_MEMBER_ERROR (mpos_member_error_quark ())
GQuark mpos_member_error_quark (void);

typedef enum
{
  MPOS_MEMBER_ERROR_NOT_FOUND,
  MPOS_MEMBER_ERROR_INVALID,
} MposMemberError;

typedef struct
{
  int64_t id;
  char *card_no;
  char *phone;
  char *name;
  char *level_code;
  char *level_name;
  int level_discount_bp; /* 500 = 5% off */
} MposMember;

void mpos_member_free (MposMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposMember, mpos_member_free)

/* By card number or full phone number. */
MposMember *mpos_member_lookup (MposStore *store, const char *card_or_phone, GError **error);
MposMember *mpos_member_get (MposStore *store, int64_t member_id, GError **error);

/* "138****8000" — never log or print a full phone. Newly allocated. */
char *mpos_member_mask_phone (const char *phone);
/* "8800****0017". Newly allocated. */
char *mpos_member_mask_card (const char *card_no);

/* Import of levels and members: {"levels":[…],"members":[…]} (data/demo/members.json). */
gboolean mpos_member_import_json (MposStore *store, const char *data, gsize length,
                                  guint *members_imported, GError **error);

G_END_DECLS
