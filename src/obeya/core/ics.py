"""A small iCalendar (RFC 5545) writer for a project's meetings.

Why our own: a team's calendar needs a handful of properties (UID, DTSTAMP, DTSTART/DTEND,
SUMMARY, LOCATION, DESCRIPTION, ATTENDEE), and the two rules calendar clients are strict about
are easy to get wrong without noticing: text escaping (section 3.3.11) and line folding at 75
octets (section 3.1), which must not split a UTF-8 character. Times are written in UTC
("...Z"), so no VTIMEZONE block is needed and every client places the meeting correctly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class Attendee:
    """Someone invited: a name shown by the client and the e-mail the invitation goes to."""

    name: str
    email: str


@dataclass(frozen=True)
class IcsEvent:
    """One meeting as a VEVENT. `starts_at`/`ends_at` must be time-zone aware."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    attendees: tuple[Attendee, ...] = field(default_factory=tuple)
    url: str = ""


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma, and newlines as \\n (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line so that no physical line exceeds 75 octets (RFC 5545 3.1).

    Continuation lines start with one space, which counts in their 75 octets; a multi-byte
    UTF-8 character is never split across two lines.
    """
    parts: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return CRLF.join(parts)


def format_utc(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC form (19970714T173000Z); naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("ICS times must be time-zone aware")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _param(value: str) -> str:
    """A parameter value (CN=...): quoted when it holds , ; or :, without quotes inside."""
    value = value.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(c in value for c in ",;:") else value


def _event_lines(event: IcsEvent, stamp: str) -> list[str]:
    if event.ends_at <= event.starts_at:
        raise ValueError(f"event {event.uid} ends before it starts")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    for attendee in event.attendees:
        if attendee.email:
            lines.append(
                f"ATTENDEE;CN={_param(attendee.name)};ROLE=REQ-PARTICIPANT:mailto:{attendee.email}"
            )
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[IcsEvent],
    *,
    stamp: dt.datetime,
    name: str = "",
    prodid: str = "-//Obeya//Meetings//EN",
) -> str:
    """A whole VCALENDAR holding `events`, folded, with CRLF line ends as RFC 5545 wants.

    `stamp` is the DTSTAMP of every event: when the file was produced (aware datetime).
    """
    stamp_utc = format_utc(stamp)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp_utc))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)
