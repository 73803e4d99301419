"""The ICS writer (RFC 5545): escaping, folding at 75 octets, UTC times, and a calendar that
reads back (with a small parser of our own) to what was written."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.ics import Attendee, IcsEvent, calendar, escape_text, fold_line, format_utc

PARIS = ZoneInfo("Europe/Paris")


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab continues the previous line."""
    assert text.endswith("\r\n")
    return text[:-2].replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict[str, list[str]]]:
    """The VEVENTs of a calendar as {property name: [raw values]} (parameters kept)."""
    events, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current.setdefault(name, []).append(value)
    return events


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Stand-up", "Stand-up"),
        ("Room 2, building B", "Room 2\\, building B"),
        ("5S; SMED", "5S\\; SMED"),
        ("C:\\share", "C:\\\\share"),
        ("line 1\nline 2", "line 1\\nline 2"),
        ("line 1\r\nline 2", "line 1\\nline 2"),
        ("a\\,b", "a\\\\\\,b"),
    ],
)
def test_text_is_escaped_as_rfc_5545_says(raw, escaped):
    assert escape_text(raw) == escaped


def test_a_short_line_is_not_folded():
    assert fold_line("SUMMARY:Stand-up") == "SUMMARY:Stand-up"


def test_a_line_of_exactly_75_octets_is_not_folded():
    line = "X" * 75
    assert fold_line(line) == line


def test_a_long_line_is_folded_at_75_octets_with_a_leading_space():
    line = "DESCRIPTION:" + "a" * 100
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert parts == [line[:75], " " + line[75:]]
    assert all(len(p.encode()) <= 75 for p in parts)


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é" * 60  # 8 + 120 octets
    parts = fold_line(line).split("\r\n")
    assert [len(p.encode()) for p in parts] == [74, 55]
    for part in parts:
        part.encode().decode()  # each physical line is valid UTF-8 on its own


@given(st.text(min_size=0, max_size=400))
def test_folding_then_unfolding_gives_the_line_back(text):
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold_line(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@given(st.text(max_size=200))
def test_escaping_then_unescaping_gives_the_text_back(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert unescape(escape_text(text)) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS), "20260302T080000Z"),  # winter, UTC+1
        (dt.datetime(2026, 7, 6, 9, 0, tzinfo=PARIS), "20260706T070000Z"),  # summer, UTC+2
        (dt.datetime(2026, 1, 1, 0, 30, tzinfo=dt.UTC), "20260101T003000Z"),
    ],
)
def test_times_are_written_in_utc(moment, expected):
    assert format_utc(moment) == expected


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        format_utc(dt.datetime(2026, 3, 2, 9, 0))


STAMP = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _event(**overrides) -> IcsEvent:
    values = {
        "uid": "meeting-7@obeya.example",
        "starts_at": dt.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS),
        "ends_at": dt.datetime(2026, 3, 2, 9, 15, tzinfo=PARIS),
        "summary": "Stand-up, bending",
        "location": "Team board; bending shop",
        "description": "Safety\nQuality\nDelivery",
        "attendees": (
            Attendee("Karim Benali", "karim@example.com"),
            Attendee("Léa Fournier, operator", "lea@example.com"),
            Attendee("No mail", ""),
        ),
    }
    return IcsEvent(**(values | overrides))


def test_a_one_event_calendar_is_exactly_this_text():
    text = calendar(
        [_event(attendees=(Attendee("Karim Benali", "karim@example.com"),))], stamp=STAMP
    )
    assert text == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//Obeya//Meetings//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:meeting-7@obeya.example\r\n"
        "DTSTAMP:20260301T120000Z\r\n"
        "DTSTART:20260302T080000Z\r\n"
        "DTEND:20260302T081500Z\r\n"
        "SUMMARY:Stand-up\\, bending\r\n"
        "LOCATION:Team board\\; bending shop\r\n"
        "DESCRIPTION:Safety\\nQuality\\nDelivery\r\n"
        "ATTENDEE;CN=Karim Benali;ROLE=REQ-PARTICIPANT:mailto:karim@example.com\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_a_calendar_reads_back_to_its_events():
    long_agenda = "Agenda: " + "review the late actions of the bending team, " * 5
    events = [_event(), _event(uid="meeting-8@obeya.example", description=long_agenda)]
    text = calendar(events, stamp=STAMP, name="Lead time, line 2")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "X-WR-CALNAME:Lead time\\, line 2" in unfold(text)
    first, second = parse(text)
    assert first["UID"] == ["meeting-7@obeya.example"]
    assert first["DTSTAMP"] == ["20260301T120000Z"]
    assert unescape(first["SUMMARY"][0]) == "Stand-up, bending"
    assert unescape(first["LOCATION"][0]) == "Team board; bending shop"
    assert unescape(first["DESCRIPTION"][0]) == "Safety\nQuality\nDelivery"
    # people without an e-mail are not invited; a name with a comma is quoted
    assert [k for k in first if k.startswith("ATTENDEE")] == [
        "ATTENDEE;CN=Karim Benali;ROLE=REQ-PARTICIPANT",
        'ATTENDEE;CN="Léa Fournier, operator";ROLE=REQ-PARTICIPANT',
    ]
    assert first['ATTENDEE;CN="Léa Fournier, operator";ROLE=REQ-PARTICIPANT'] == [
        "mailto:lea@example.com"
    ]
    assert unescape(second["DESCRIPTION"][0]) == long_agenda


def test_an_event_ending_before_it_starts_is_refused():
    event = _event(ends_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=PARIS))
    with pytest.raises(ValueError, match="ends before it starts"):
        calendar([event], stamp=STAMP)


def test_an_empty_calendar_is_still_valid():
    assert unfold(calendar([], stamp=STAMP)) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Obeya//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "END:VCALENDAR",
    ]
