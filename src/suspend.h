/* suspend.h — parking a sale (挂单) while the customer fetches something,
 * and taking it back later, on this terminal, exactly as it was. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "cart.h"

G_BEGIN_DECLS

typedef struct
{
  int64_t id;
  char *cashier;
  char *note;
  int64_t created_at;
  char *document; /* the cart document (cart-json.h) */
} MposSuspended;

void mpos_suspended_free (MposSuspended *suspended);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposSuspended, mpos_suspended_free)

/* Parks the cart under a new number (*id_out). A cart that resumes a
 * suspended sale replaces it in the same transaction, so parking, resuming
 * and parking again leaves one suspended sale, not two; NOT_FOUND when
 * another till has taken that one meanwhile. */
gboolean mpos_suspend_cart (MposCart *cart, const char *note, int64_t *id_out, GError **error);

/* Oldest first. Array of MposSuspended*. */
GPtrArray *mpos_suspend_list (MposStore *store, GError **error);

/* The suspended sale (its document rebuilds the cart); it stays suspended. */
MposSuspended *mpos_suspend_get (MposStore *store, int64_t id, GError **error);

/* The cart of suspended sale `id` with a cart document (cart-json.h) added:
 * its lines follow the suspended ones, and each other key it has (tenders,
 * member, coupons …) replaces the suspended sale's. The cart remembers `id`,
 * so committing it removes the suspended sale in the same transaction. The
 * sale stays suspended until then. NOT_FOUND, or the document's refusal. */
MposCart *mpos_suspend_resume (MposStore *store, int64_t id, const char *document, gsize length,
                               int64_t now, GError **error);
/* The merge alone, of two cart documents: newly allocated JSON text. */
char *mpos_suspend_merge_document (const char *suspended, const char *document, gsize length,
                                   GError **error);

/* Removes it inside the caller's transaction: the sale that resumes it
 * commits and removes it at once, so a suspended sale is sold at most once.
 * NOT_FOUND if another till resumed it meanwhile. */
gboolean mpos_suspend_remove (MposStore *store, int64_t id, GError **error);

G_END_DECLS
