#!/usr/bin/env python3
"""make-events.py — writes the evdev streams the wedge tests feed through a
socketpair: `struct input_event` records as read(2) gives them from
/dev/input/eventN on 64-bit Linux (time as two 64-bit longs, type, code,
value; 24 bytes), with the timings a scanner and a person produce. Run it
from this folder to regenerate the *.events files; a capture from a real
scanner (`cat /dev/input/eventN > x.events` while scanning) drops in beside
them. ../card/make-events.py imports Stream from here for swipes."""
import struct

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
KEY_LEFTSHIFT, KEY_LEFTCTRL, KEY_ENTER, KEY_TAB, KEY_102ND = 42, 29, 28, 15, 86

ROWS = {
    # char: (code, shift)
}
def _add(chars, codes, shift):
    for ch, code in zip(chars, codes):
        ROWS[ch] = (code, shift)

_add("1234567890", range(2, 12), False)
_add("!@#$%^&*()", range(2, 12), True)
_add("qwertyuiop", range(16, 26), False)
_add("QWERTYUIOP", range(16, 26), True)
_add("asdfghjkl", range(30, 39), False)
_add("ASDFGHJKL", range(30, 39), True)
_add("zxcvbnm", range(44, 51), False)
_add("ZXCVBNM", range(44, 51), True)
_add("-=[];'`\\,./", [12, 13, 26, 27, 39, 40, 41, 43, 51, 52, 53], False)
_add("_+{}:\"~|<>?", [12, 13, 26, 27, 39, 40, 41, 43, 51, 52, 53], True)
ROWS[" "] = (57, False)


class Stream:
    def __init__(self, start_us=1_700_000_000_000_000):
        self.t = start_us
        self.out = bytearray()

    def event(self, type_, code, value):
        self.out += struct.pack("<qqHHi", self.t // 1_000_000, self.t % 1_000_000, type_, code, value)

    def key(self, code, value):
        # a keyboard reports the scan code (EV_MSC) before the key, then SYN
        self.event(EV_MSC, 4, 0x70000 + code)
        self.event(EV_KEY, code, value)
        self.event(EV_SYN, 0, 0)

    def tap(self, code, gap_us, shift=False, ctrl=False):
        """Press and release a key; gap_us is the time to the next key."""
        hold = min(1000, gap_us // 3)
        if shift:
            self.key(KEY_LEFTSHIFT, 1)
            self.t += 200
        if ctrl:
            self.key(KEY_LEFTCTRL, 1)
            self.t += 200
        self.key(code, 1)
        self.t += hold
        self.key(code, 0)
        if ctrl:
            self.t += 200
            self.key(KEY_LEFTCTRL, 0)
        if shift:
            self.t += 200
            self.key(KEY_LEFTSHIFT, 0)
        self.t += max(0, gap_us - hold - (400 if shift else 0) - (400 if ctrl else 0))

    def type(self, text, gaps_us):
        gaps = gaps_us if isinstance(gaps_us, list) else [gaps_us] * len(text)
        for ch, gap in zip(text, gaps):
            code, shift = ROWS[ch]
            self.tap(code, gap, shift=shift)

    def pause(self, us):
        self.t += us

    def write(self, name):
        with open(name, "wb") as f:
            f.write(self.out)


SCAN = 3_000    # a scanner: 3 ms a key
HUMAN = [180_000, 240_000, 150_000, 310_000, 200_000, 190_000]


def main():
    # A fast EAN-13 scan ended by Enter.
    s = Stream(); s.type("6901234567892", SCAN); s.tap(KEY_ENTER, SCAN); s.write("fast-scan-enter.events")

    # A person typing digits and Enter: never a scan.
    s = Stream(); s.type("12345", HUMAN); s.tap(KEY_ENTER, HUMAN[0]); s.write("human-typing.events")

    # Two keys rolled over fast, then Enter: too short to be a scan.
    s = Stream(); s.type("ab", [20_000, 15_000]); s.tap(KEY_ENTER, SCAN); s.write("rollover.events")

    # Shifted letters and symbols from a Code 128 label, ended by Tab.
    s = Stream(); s.type("ABC-123xyz/Q_7", SCAN); s.tap(KEY_TAB, SCAN); s.write("shift-letters.events")

    # An AIM identifier in front of an EAN-13.
    s = Stream(); s.type("]E06901234567892", SCAN); s.tap(KEY_ENTER, SCAN); s.write("aim-ean13.events")

    # GS1-128 with FNC1 sent as Ctrl+] (group separator) between element strings.
    s = Stream(); s.type("]C101069012345678921", SCAN)
    s.tap(27, SCAN, ctrl=True)
    s.type("10LOT7", SCAN); s.tap(KEY_ENTER, SCAN); s.write("gs1-group-separator.events")

    # Slow typing, a pause, then a scan: only the scan counts.
    s = Stream(); s.type("12", HUMAN); s.pause(1_000_000)
    s.type("4006381333931", SCAN); s.tap(KEY_ENTER, SCAN); s.write("typing-then-scan.events")

    # A scanner programmed without a suffix: fast, long, never ended.
    s = Stream(); s.type("6901234567892", SCAN); s.write("scan-without-enter.events")

    # A scanner set to a German keyboard: the ISO key (<>) is not on the US map.
    s = Stream(); s.type("1234", SCAN); s.tap(KEY_102ND, SCAN); s.type("5678", SCAN)
    s.tap(KEY_ENTER, SCAN); s.write("wrong-keyboard-country.events")

    # Two scans back to back, 200 ms apart.
    s = Stream(); s.type("6901234567892", SCAN); s.tap(KEY_ENTER, SCAN); s.pause(200_000)
    s.type("96385074", SCAN); s.tap(KEY_ENTER, SCAN); s.write("two-scans.events")


if __name__ == "__main__":
    main()
