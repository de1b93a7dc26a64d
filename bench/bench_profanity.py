#!/usr/bin/env python3
"""The offensive-content swear matcher against better-profanity: speed and agreement.

Prints, for realistic prose of 1 KB, 10 KB and 100 KB with a few swear words in it,
the time of our matcher and of ``better_profanity.profanity.contains_profanity`` and
the speed ratio; the time to judge a 1 MB text (matcher alone and the whole policy's
text check); and, on every sentence of better-profanity's own test suite
(bench/data/better_profanity_sentences.txt), whether the matcher flags every sentence
better-profanity flags, listing every disagreement with the reason for it.

Usage: .venv/bin/python bench/bench_profanity.py [--full]
  --full  also time better-profanity on 100 KB (about half a minute) instead of extrapolating.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from better_profanity import profanity  # noqa: E402

from policies._profanity import MATCHER  # noqa: E402
from policies.offensive_content import judge_text  # noqa: E402

SENTENCES = ROOT / "bench" / "data" / "better_profanity_sentences.txt"

PROSE = (
    "On Tuesday we went to the Stars Discovery Centre with Mrs Wright and Mr Okafor. The coach left at "
    "nine o'clock and it took about an hour to get there. First we watched a show in the planetarium about "
    "the planets and the Sun, and I learned that Jupiter is so big that more than a thousand Earths would "
    "fit inside it. Then we did a workshop where we built rockets out of bottles and launched them on the "
    "field. Ours went the highest in the whole class! After lunch we looked at meteorites and a real piece "
    "of the Moon. My favourite part was the space suit you could try on. On the way home Leo was sick on "
    "the coach, which was a bit gross, and the driver had to stop at a service station. "
)
SWEARING = ["that was shit", "oh fuck", "what a f*cking mess", "sh1t"]

# Why a better-profanity flag is not ours: the sentence is innocent for a primary school.
KNOWN_DISAGREEMENTS = {
    "prick": "Shakespeare's 'If you prick us': a verb, not name-calling (better-profanity's own test "
    "expects this passage untouched; its 0.7.0 list flags it)",
    "gay": "'I am gay' describes oneself; the slur ('you're gay', 'that's so gay') is an insult finding",
}


def text_of(size: int) -> str:
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        para = PROSE + SWEARING[i % len(SWEARING)] + ". "
        out.append(para)
        total += len(para)
        i += 1
    return "".join(out)[:size]


def timed(fn: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="time better-profanity on 100 KB instead of extrapolating")
    args = ap.parse_args()

    print("speed: our matcher vs better-profanity contains_profanity (best of N runs)")
    bp_per_byte = 0.0
    ok_10k = True
    for size in (1_000, 10_000, 100_000):
        text = text_of(size)
        ours = timed(MATCHER.contains_profanity, text, 50)
        if size < 100_000 or args.full:
            theirs = timed(profanity.contains_profanity, text, 1 if size >= 10_000 else 3)
            bp_per_byte = theirs / size
            note = ""
        else:
            theirs = bp_per_byte * size
            note = "  (better-profanity extrapolated from 10 KB; --full to measure)"
        ratio = theirs / ours
        if size == 10_000:
            ok_10k = ratio >= 1000
        agree = MATCHER.contains_profanity(text) == profanity.contains_profanity(text[:2000])
        print(
            f"  {size // 1000:>4} KB: ours {ours * 1000:8.3f} ms   better-profanity {theirs * 1000:10.1f} ms"
            f"   ratio {ratio:9.0f}x   both flag: {agree}{note}"
        )
    print(f"  target >= 1000x at 10 KB: {'met' if ok_10k else 'NOT met'}")

    big = text_of(1_000_000)
    t_match = timed(MATCHER.swearing, big, 3)
    t_policy = timed(judge_text, big, 3)
    print(f"1 MB text: matcher {t_match:.3f} s, whole offensive-content text check {t_policy:.3f} s "
          f"(target < 1 s: {'met' if t_policy < 1 else 'NOT met'})")

    print(f"agreement on better-profanity's test sentences ({SENTENCES.relative_to(ROOT)}):")
    lines = [ln.rstrip("\n") for ln in SENTENCES.read_text(encoding="utf-8").splitlines()]
    sentences = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    missed: list[str] = []
    extra: list[str] = []
    for s in sentences:
        theirs_flag = profanity.contains_profanity(s)
        ours_flag = MATCHER.contains_profanity(s)
        if theirs_flag and not ours_flag:
            missed.append(s)
        elif ours_flag and not theirs_flag:
            extra.append(s)
    flagged = sum(profanity.contains_profanity(s) for s in sentences)
    print(f"  {len(sentences)} sentences, better-profanity flags {flagged}")
    if not missed:
        print("  the matcher flags every sentence better-profanity flags")
    else:
        print(f"  the matcher flags {flagged - len(missed)} of the {flagged} better-profanity flags; disagreements:")
        for s in missed:
            words = [w for w in KNOWN_DISAGREEMENTS if w in s.lower().split() or f" {w} " in f" {s.lower()} "]
            why = KNOWN_DISAGREEMENTS[words[0]] if words else "UNEXPLAINED"
            print(f"    - {s[:70]!r}: {why}")
    for s in extra:
        print(f"    + flagged by us only: {s[:70]!r}")
    unexplained = [s for s in missed if not any(w in s.lower() for w in KNOWN_DISAGREEMENTS)]
    return 1 if unexplained or not ok_10k else 0


if __name__ == "__main__":
    raise SystemExit(main())
