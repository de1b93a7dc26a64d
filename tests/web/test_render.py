"""The sanitiser, the evidence highlighter and the chart, without a browser."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from quarantine.web.chart import WeekCounts, render, week_start, weeks_ending
from quarantine.web.highlight import highlight
from quarantine.web.sanitise import FRAME_CSP, clean_html, frame_document


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<body onload="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<svg onload="alert(1)"><script>alert(1)</script></svg>',
        '<iframe src="http://evil.example/"></iframe>',
        '<object data="http://evil.example/x.swf"></object>',
        '<form action="http://evil.example/"><input name="p"><button>Go</button></form>',
        '<meta http-equiv="refresh" content="0;url=http://evil.example/">',
        '<link rel="stylesheet" href="http://evil.example/x.css">',
        "<style>@import url(http://evil.example/x.css)</style>",
        '<base href="http://evil.example/">',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<div style="background:url(http://evil.example/x.png)">x</div>',
    ],
)
def test_nothing_active_or_remote_survives(hostile: str) -> None:
    out = clean_html(f"<p>before</p>{hostile}<p>after</p>").lower()
    for bad in ("<script", "onerror", "onload", "javascript", "<iframe", "<object", "<form", "<input", "<meta",
                "<link", "<style", "<base", "evil.example", "alert("):  # fmt: skip
        assert bad not in out, (hostile, out)
    assert "before" in out  # the harmless text before it is kept


def test_formatting_and_data_images_kept() -> None:
    out = clean_html(
        '<p style="color: red; position: fixed">Hello <b>there</b> <i>friend</i></p>'
        '<table><tr><td colspan="2">cell</td></tr></table>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="drawing">'
        '<img src="http://tracker.example/pixel.gif" alt="pixel">'
    )
    assert "<b>there</b>" in out and "<i>friend</i>" in out and 'colspan="2"' in out
    assert "color:red" in out.replace(" ", "") and "position" not in out
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in out
    assert "tracker.example" not in out and 'alt="pixel"' in out
    # a data: URL that is not an image is dropped too
    assert "data:text/html" not in clean_html('<img src="data:text/html;base64,PHNjcmlwdD4=">')


def test_frame_document_carries_the_csp() -> None:
    doc = frame_document("<p>hi</p>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{FRAME_CSP}">' in doc
    assert "default-src 'none'" in FRAME_CSP and "img-src data:" in FRAME_CSP and "script" not in FRAME_CSP


def test_highlight_marks_evidence_and_escapes() -> None:
    text = "Call <b>me</b> on 07700 900461\nor MEET ME AT\nTHE PARK."
    html, n = highlight(text, ["07700 900461", "meet me at the park", ""])
    assert n == 2
    assert "&lt;b&gt;me&lt;/b&gt;" in html
    assert '<mark class="evidence">07700 900461</mark>' in html
    assert '<mark class="evidence">MEET ME AT\nTHE PARK</mark>' in html  # across a wrapped line, any case


def test_highlight_does_not_invent_marks() -> None:
    html, n = highlight("Nothing to see: 0116 496 0123 is the school.", ["07700900461", "x"])
    assert n == 0 and "<mark" not in html
    html, n = highlight("a <mark> in the text", ["zzz"])
    assert n == 0 and "&lt;mark&gt;" in html


def test_highlight_of_quoted_and_abbreviated_evidence() -> None:
    html, n = highlight("my username is zain_goat_11 ok and the rest", ["'zain_goat_11'", "my username…the rest"])
    assert '<mark class="evidence">zain_goat_11</mark>' in html and n >= 2


def test_highlight_is_fast_on_a_big_body() -> None:
    text = ("lorem ipsum dolor sit amet " * 40_000) + "07700900461"
    start = time.perf_counter()
    _, n = highlight(text, ["07700900461", "meet me at the park", "a b c d e f"])
    assert n == 1 and time.perf_counter() - start < 1.0


def test_chart_bars_legend_and_text() -> None:
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC).timestamp()
    days = weeks_ending(now, 3)
    assert days[-1] == dt.date(2026, 11, 23) and all(d.weekday() == 0 for d in days)
    assert week_start(now) == dt.date(2026, 11, 23)
    weeks = [WeekCounts(days[0], {}), WeekCounts(days[1], {"safeguarding": 2, "personal-details": 1}),
             WeekCounts(days[2], {"personal-details": 4})]  # fmt: skip
    svg = str(render(weeks))
    assert svg.startswith("<svg") and svg.endswith("</svg>") and 'role="img"' in svg
    assert svg.count("<rect x=") >= 1 + 3 + 2  # background, three bars, two legend keys
    assert "personal-details: 4 (week of 23 Nov)" in svg and "safeguarding: 2" in svg
    assert "<script" not in svg
    empty = str(render([WeekCounts(d, {}) for d in days]))
    assert "No findings in these weeks" in empty


def test_chart_escapes_policy_names() -> None:
    svg = str(render([WeekCounts(dt.date(2026, 11, 23), {"<script>x</script>": 1})]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
