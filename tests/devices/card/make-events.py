#!/usr/bin/env python3
"""make-events.py — writes the evdev streams the card-reader-wedge tests
feed through a socketpair: a magnetic stripe reader that types its tracks
like a keyboard, recorded as ../scanner/make-events.py records a scanner
(same Stream, same 24-byte input_event records). Run it from this folder
to regenerate the *.events files; a capture from a real reader
(`cat /dev/input/eventN > x.events` while swiping) drops in beside them."""
import importlib.util
import os

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "scanner_events", os.path.join(_here, "..", "scanner", "make-events.py"))
_events = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_events)
Stream, KEY_ENTER, HUMAN = _events.Stream, _events.KEY_ENTER, _events.HUMAN

SWIPE = 2_000  # a reader types a track at about 2 ms a key
TRACK1 = "%B8800000000017^ZHANG/WEI^?"
TRACK2 = ";8800000000017=2912?"


def human(text):
    return [HUMAN[i % len(HUMAN)] for i in range(len(text))]


def main():
    # A member card, tracks 1 and 2, the reader typing Enter after each track.
    s = Stream(); s.type(TRACK1, SWIPE); s.tap(KEY_ENTER, SWIPE)
    s.type(TRACK2, SWIPE); s.tap(KEY_ENTER, SWIPE); s.write("member-swipe.events")

    # The same card from a reader set to type one Enter after the last track.
    s = Stream(); s.type(TRACK1 + TRACK2, SWIPE); s.tap(KEY_ENTER, SWIPE)
    s.write("member-swipe-one-enter.events")

    # A swipe the head could not read: "E" for each track.
    s = Stream(); s.type("%E?", SWIPE); s.tap(KEY_ENTER, SWIPE)
    s.type(";E?", SWIPE); s.tap(KEY_ENTER, SWIPE); s.write("unreadable-swipe.events")

    # A person typing what a swipe looks like, and Enter: never a card.
    s = Stream(); s.type(TRACK1, human(TRACK1)); s.tap(KEY_ENTER, HUMAN[0])
    s.write("human-typing-swipe.events")

    # A fast burst that is no track data (a scanner plugged in as the reader).
    s = Stream(); s.type("6901234567892", SWIPE); s.tap(KEY_ENTER, SWIPE)
    s.pause(200_000); s.type("hello-world", SWIPE); s.tap(KEY_ENTER, SWIPE)
    s.write("garbage-swipe.events")


if __name__ == "__main__":
    main()
