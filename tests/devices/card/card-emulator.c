/* card-emulator.c — a contactless member card for tests, as a client of
 * vsmartcard's vpcd reader driver (TCP, 127.0.0.1:35963 by default): it
 * answers the PC/SC 2.01 part 3 pseudo-APDUs a contactless reader would
 * (GET DATA UID, LOAD KEY, GENERAL AUTHENTICATE, READ BINARY) for a MIFARE
 * Classic 1K whose block 4 holds a 13-digit member number in ASCII.
 *
 * vpcd's protocol: every message is a 2-byte big-endian length and a body.
 * A 1-byte body is a control: 0 power off, 1 power on, 2 reset, 4 get ATR
 * (answered with the ATR); any longer body is a C-APDU, answered with the
 * R-APDU. The card is "on the reader" while the connection is open.
 *
 * Commands on stdin, one a line: "insert", "remove", "quit". Options pick a
 * card: --number (block 4; "" for a blank card), --key (the sector's key A),
 * --remove-on-read (taken away the moment READ BINARY arrives: a card
 * pulled mid-read). It prints what happens on stdout for the test log. */
#include <errno.h>
#include <glib.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MEMBER_BLOCK 4
#define BLOCKS 64

typedef struct
{
  guint16 port;
  guint8 uid[4];
  guint8 blocks[BLOCKS][16];
  guint8 sector_key[16][6];
  guint8 loaded_keys[2][6];
  gboolean key_loaded[2];
  int authenticated_sector; /* -1: none */
  gboolean remove_on_read;
  int fd; /* -1: card not on the reader */
} Card;

/* MIFARE Classic 1K through a PC/SC part 3 reader: RID A0 00 00 03 06,
 * standard 03 (ISO 14443 A part 3), card name 00 01. */
static const guint8 atr[] = { 0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00,
                              0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A };

static gboolean
read_exact (int fd, guint8 *buffer, gsize length)
{
  while (length > 0)
    {
      ssize_t got = read (fd, buffer, length);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return FALSE;
      buffer += got;
      length -= (gsize)got;
    }
  return TRUE;
}

static gboolean
send_message (int fd, const guint8 *body, gsize length)
{
  guint8 header[2] = { (guint8)(length >> 8), (guint8)length };

  return write (fd, header, 2) == 2 && write (fd, body, length) == (ssize_t)length;
}

static gsize
status_word (guint8 *out, guint sw)
{
  out[0] = (guint8)(sw >> 8);
  out[1] = (guint8)sw;
  return 2;
}

static gsize
answer_apdu (Card *card, const guint8 *apdu, gsize length, guint8 *out)
{
  if (length < 5 || apdu[0] != 0xFF)
    return status_word (out, 0x6E00);
  switch (apdu[1])
    {
    case 0xCA: /* GET DATA: P1 00 = UID */
      if (apdu[2] != 0x00)
        return status_word (out, 0x6A81);
      memcpy (out, card->uid, sizeof card->uid);
      return sizeof card->uid + status_word (out + sizeof card->uid, 0x9000);
    case 0x82: /* LOAD KEY into volatile slot P2 */
      if (length != 11 || apdu[4] != 6 || apdu[3] > 1)
        return status_word (out, 0x6983);
      memcpy (card->loaded_keys[apdu[3]], apdu + 5, 6);
      card->key_loaded[apdu[3]] = TRUE;
      return status_word (out, 0x9000);
    case 0x86: /* GENERAL AUTHENTICATE: 01 00 block keytype slot */
      {
        guint block, slot;
        if (length != 10 || apdu[4] != 5 || apdu[5] != 0x01)
          return status_word (out, 0x6A80);
        block = apdu[7];
        slot = apdu[9];
        card->authenticated_sector = -1;
        if (block >= BLOCKS || slot > 1 || !card->key_loaded[slot] || apdu[8] != 0x60
            || memcmp (card->loaded_keys[slot], card->sector_key[block / 4], 6) != 0)
          return status_word (out, 0x6300);
        card->authenticated_sector = (int)(block / 4);
        return status_word (out, 0x9000);
      }
    case 0xB0: /* READ BINARY of block P2 */
      {
        guint block = apdu[3];
        if (block >= BLOCKS || card->authenticated_sector != (int)(block / 4))
          return status_word (out, 0x6982);
        memcpy (out, card->blocks[block], 16);
        return 16 + status_word (out + 16, 0x9000);
      }
    default:
      return status_word (out, 0x6D00);
    }
}

static void
remove_card (Card *card, const char *why)
{
  if (card->fd < 0)
    return;
  close (card->fd);
  card->fd = -1;
  card->authenticated_sector = -1;
  card->key_loaded[0] = card->key_loaded[1] = FALSE;
  printf ("removed (%s)\n", why);
  fflush (stdout);
}

/* vpcd listens once pcscd has loaded it: try for a while. */
static void
insert_card (Card *card)
{
  struct sockaddr_in address = { 0 };

  if (card->fd >= 0)
    return;
  address.sin_family = AF_INET;
  address.sin_port = htons (card->port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  for (int attempt = 0; attempt < 100; attempt++)
    {
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (connect (fd, (struct sockaddr *)&address, sizeof address) == 0)
        {
          card->fd = fd;
          printf ("inserted\n");
          fflush (stdout);
          return;
        }
      close (fd);
      g_usleep (100 * 1000);
    }
  fprintf (stderr, "card-emulator: vpcd is not listening on 127.0.0.1:%u\n", card->port);
}

static void
handle_message (Card *card)
{
  guint8 header[2], body[512], reply[300];
  gsize length, reply_length;

  if (!read_exact (card->fd, header, 2))
    {
      remove_card (card, "vpcd closed the connection");
      return;
    }
  length = (gsize)header[0] << 8 | header[1];
  if (length == 0 || length > sizeof body || !read_exact (card->fd, body, length))
    {
      remove_card (card, "bad message from vpcd");
      return;
    }
  if (length == 1)
    {
      if (body[0] == 0x04 && !send_message (card->fd, atr, sizeof atr))
        remove_card (card, "write failed");
      if (body[0] == 0x00 || body[0] == 0x02)
        card->authenticated_sector = -1;
      return;
    }
  printf ("apdu %02X %02X %02X %02X\n", body[0], body[1], body[2], body[3]);
  fflush (stdout);
  if (card->remove_on_read && body[1] == 0xB0)
    {
      remove_card (card, "taken away during READ BINARY");
      return;
    }
  reply_length = answer_apdu (card, body, length, reply);
  if (!send_message (card->fd, reply, reply_length))
    remove_card (card, "write failed");
}

/* FALSE on "quit" or the end of stdin. */
static gboolean
handle_command (Card *card)
{
  char line[64];

  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;
  g_strstrip (line);
  if (strcmp (line, "insert") == 0)
    insert_card (card);
  else if (strcmp (line, "remove") == 0)
    remove_card (card, "remove command");
  else if (strcmp (line, "quit") == 0)
    return FALSE;
  else
    fprintf (stderr, "card-emulator: unknown command “%s”\n", line);
  return TRUE;
}

static gboolean
parse_key (const char *hex, guint8 key[6])
{
  if (hex == NULL || strlen (hex) != 12)
    return FALSE;
  for (int i = 0; i < 6; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      key[i] = (guint8)(hi << 4 | lo);
    }
  return TRUE;
}

static gboolean
set_up (Card *card, int argc, char **argv)
{
  char *number = NULL, *key = NULL;
  int port = 35963;
  gboolean remove_on_read = FALSE, wait = FALSE;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "vpcd port (35963)", "PORT" },
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, "member number in block 4", "DIGITS" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, "sector 1 key A, 12 hex digits", "HEX" },
    { "remove-on-read", 0, 0, G_OPTION_ARG_NONE, &remove_on_read, "pull the card mid-read", NULL },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "start off the reader (wait for insert)", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— a member card for vpcd");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "card-emulator: %s\n", error->message);
      return FALSE;
    }
  memset (card, 0, sizeof *card);
  card->fd = -1;
  card->port = (guint16)port;
  card->authenticated_sector = -1;
  card->remove_on_read = remove_on_read;
  memcpy (card->uid, "\x04\xA2\x24\x6B", 4);
  memset (card->sector_key, 0xFF, sizeof card->sector_key);
  if (key && !parse_key (key, card->sector_key[MEMBER_BLOCK / 4]))
    {
      fprintf (stderr, "card-emulator: --key takes 12 hex digits\n");
      return FALSE;
    }
  number = number ? number : g_strdup ("8800000000017");
  memcpy (card->blocks[MEMBER_BLOCK], number, MIN (strlen (number), 16));
  g_free (number);
  g_free (key);
  if (!wait)
    insert_card (card);
  return TRUE;
}

int
main (int argc, char **argv)
{
  Card card;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!set_up (&card, argc, argv))
    return 2;
  for (;;)
    {
      struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { card.fd, POLLIN, 0 } };
      if (poll (fds, card.fd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
        break;
      if (fds[0].revents && !handle_command (&card))
        break;
      if (card.fd >= 0 && fds[1].revents)
        handle_message (&card);
    }
  remove_card (&card, "quit");
  return 0;
}
