"""The caseload query: one therapist's clients with what each needs now, in a fixed number of
statements whatever the caseload's size (correlated subqueries use the per-client indexes, so
other therapists' rows are never scanned)."""

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from clinic.auth.models import User
from clinic.clients.models import Attendance, Client, ClientStatus, SessionNote
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework.models import Assignment, AssignmentStatus
from clinic.measures.models import MeasureResult
from clinic.measures.services import RELIABLE_DETERIORATION, RELIABLE_IMPROVEMENT, verdict

PER_PAGE = 50
SORTS = {
    "name": "Name",
    "last_session": "Last session",
    "flagged": "Flagged first",
    "due": "Next homework due",
    "review": "Awaiting review first",
}
OPEN_STATUSES = (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS)


@dataclass(frozen=True)
class CaseloadFilter:
    status: ClientStatus = ClientStatus.ACTIVE
    flagged_only: bool = False
    awaiting_review_only: bool = False
    search: str = ""
    sort: str = "name"
    page: int = 1


@dataclass(frozen=True)
class CaseloadRow:
    id: int
    preferred_name: str
    full_name: str
    pronouns: str | None
    status: ClientStatus
    safety_flag: bool
    last_session: date | None
    discharged_on: date | None
    next_due: date | None
    awaiting_review: int
    overdue: int
    # The latest validated measure taken, its latest and its first total.
    measure_slug: str | None = None
    latest_total: int | None = None
    first_total: int | None = None
    # How that measure moved: one of the verdicts of clinic.measures.services, or None.
    measure_verdict: str | None = None
    measure_title: str | None = None

    @property
    def measure_change(self) -> str:
        return f"{self.measure_title} {self.first_total} → {self.latest_total}"

    @property
    def improved(self) -> bool:
        return self.measure_verdict == RELIABLE_IMPROVEMENT

    @property
    def deteriorated(self) -> bool:
        return self.measure_verdict == RELIABLE_DETERIORATION


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    page: int
    total: int  # clients matching the filters
    counts: dict[str, int]  # the therapist's clients by status, for the tabs

    @property
    def pages(self) -> int:
        return _page_count(self.total)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _page_count(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


def _last_attended_session():
    return (
        sa.select(sa.func.max(SessionNote.session_date))
        .where(SessionNote.client_id == Client.id, SessionNote.attendance == Attendance.ATTENDED)
        .correlate(Client)
        .scalar_subquery()
        .label("last_session")
    )


def _next_due():
    return (
        sa.select(sa.func.min(Assignment.due_on))
        .where(Assignment.client_id == Client.id, Assignment.status.in_(OPEN_STATUSES))
        .correlate(Client)
        .scalar_subquery()
        .label("next_due")
    )


def _count(label: str, *conditions):
    return (
        sa.select(sa.func.count())
        .select_from(Assignment)
        .where(Assignment.client_id == Client.id, *conditions)
        .correlate(Client)
        .scalar_subquery()
        .label(label)
    )


def _latest_measure(slugs: tuple[str, ...]):
    """The latest result's measure and total among `slugs`, and the first total of that
    measure, as three correlated subqueries."""

    def latest(column):
        return (
            sa.select(column)
            .where(MeasureResult.client_id == Client.id, MeasureResult.measure_slug.in_(slugs))
            .order_by(MeasureResult.taken_on.desc(), MeasureResult.id.desc())
            .limit(1)
            .correlate(Client)
            .scalar_subquery()
        )

    slug = latest(MeasureResult.measure_slug)
    earlier = aliased(MeasureResult)
    first_total = (
        sa.select(earlier.total)
        .where(earlier.client_id == Client.id, earlier.measure_slug == slug)
        .order_by(earlier.taken_on, earlier.id)
        .limit(1)
        .correlate(Client)
        .scalar_subquery()
    )
    return (
        slug.label("measure_slug"),
        latest(MeasureResult.total).label("latest_total"),
        first_total.label("first_total"),
    )


def _caseload_row(values, measures) -> CaseloadRow:
    """The row with its verdict, built once (no copy per row)."""
    first, latest = values.first_total, values.latest_total
    measure = measures.get(values.measure_slug or "")
    judged = measure is not None and first is not None and latest is not None
    if not judged:
        return CaseloadRow(**values._mapping)
    return CaseloadRow(
        **values._mapping,
        measure_verdict=verdict(measure, first, latest),
        measure_title=measure.short_title,
    )


def caseload_page(therapist: User, criteria: CaseloadFilter, today: date):
    measures = get_content().measures
    judged = tuple(m.slug for m in measures.values() if m.reliable_change is not None)
    count_query, page_query = _statements(
        criteria.flagged_only,
        criteria.awaiting_review_only,
        bool(criteria.search),
        criteria.sort,
        judged,
    )
    values = {
        "therapist_id": therapist.id,
        "status": criteria.status,
        "today": today,
        "pattern": f"%{escape_like(criteria.search.lower())}%",
    }
    # Core statements on the session's connection: the ORM's execution layer has nothing to
    # add to plain columns, and it cost as much as the statements themselves.
    connection = db.session.connection()
    counts = {status.value: 0 for status in ClientStatus}
    total = 0
    for status, count, matching in connection.execute(count_query, values):
        counts[status.value] = count
        total = matching if status == criteria.status else total
    page = min(criteria.page, _page_count(total))
    rows = connection.execute(
        page_query, {**values, "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE}
    ).all()
    return CaseloadPage([_caseload_row(row, measures) for row in rows], page, total, counts)


@cache
def _statements(
    flagged_only: bool,
    awaiting_review_only: bool,
    searching: bool,
    sort: str,
    judged: tuple[str, ...],
):
    """The count and page statements for one shape of filter, built once per process with the
    values left as parameters: building and keying a statement of correlated subqueries for
    SQLAlchemy's compiled cache cost more than running it (docs/performance.md).

    The count statement gives, per status, all the therapist's clients (the tabs) and those
    matching the filters (the pager), in one statement."""
    last_session = _last_attended_session()
    next_due = _next_due()
    awaiting_review = _count("awaiting_review", Assignment.status == AssignmentStatus.SUBMITTED)
    overdue = _count(
        "overdue",
        Assignment.status.in_(OPEN_STATUSES),
        Assignment.due_on < sa.bindparam("today", type_=sa.Date),
    )
    therapist = Client.therapist_id == sa.bindparam("therapist_id")
    status = Client.status == sa.bindparam("status", type_=Client.status.type)
    conditions = []
    if flagged_only:
        conditions.append(Client.safety_flag.is_(True))
    if awaiting_review_only:
        conditions.append(
            sa.exists().where(
                Assignment.client_id == Client.id,
                Assignment.status == AssignmentStatus.SUBMITTED,
            )
        )
    if searching:
        pattern = sa.bindparam("pattern", type_=sa.String)
        conditions.append(
            sa.or_(
                sa.func.lower(Client.preferred_name).like(pattern, escape="\\"),
                sa.func.lower(Client.full_name).like(pattern, escape="\\"),
            )
        )
    matching = sa.func.count().filter(sa.and_(*conditions)) if conditions else sa.func.count()
    count_query = (
        sa.select(Client.status, sa.func.count(), matching).where(therapist).group_by(Client.status)
    )
    page_query = (
        sa.select(
            Client.id,
            Client.preferred_name,
            Client.full_name,
            Client.pronouns,
            Client.status,
            Client.safety_flag,
            Client.discharged_on,
            last_session,
            next_due,
            awaiting_review,
            overdue,
            *_latest_measure(judged),
        )
        .where(therapist, status, *conditions)
        .order_by(*_ordering(sort, last_session, next_due, awaiting_review), Client.id)
        .limit(sa.bindparam("limit", type_=sa.Integer))
        .offset(sa.bindparam("offset", type_=sa.Integer))
    )
    return count_query, page_query


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ordering(sort: str, last_session, next_due, awaiting_review):
    name = sa.func.lower(Client.preferred_name)
    if sort == "due":
        return (next_due.is_(None), next_due, name)
    if sort == "review":
        return (awaiting_review.desc(), name)
    if sort == "last_session":
        return (last_session.is_(None), last_session.desc(), name)
    if sort == "flagged":
        return (Client.safety_flag.desc(), name)
    return (name,)
