"""Dating demo records back to the day they belong to."""

from datetime import UTC, date, datetime, time

from clinic.db import utcnow

RECORD_TIME = time(9, 30)  # the time of day given to the therapist's backdated records


def backdated(day: date, at: time = RECORD_TIME) -> datetime:
    """A time on `day` for a record dated in the past, never later than now."""
    return min(datetime.combine(day, at, tzinfo=UTC), utcnow())
