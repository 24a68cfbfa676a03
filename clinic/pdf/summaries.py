"""What a progress, discharge or caseload document says: gathered from the records for a period."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from clinic.auth.models import User
from clinic.clients.intake import IntakeSummary, summarise
from clinic.clients.models import Attendance, Client, ClientStatus, Goal, SessionNote
from clinic.clients.services import latest_intake
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework.models import Assignment, AssignmentStatus
from clinic.homework.trends import Experiment, client_assignments, experiments
from clinic.pdf.models import SummaryDraft, SummaryVersion

DEFAULT_PERIOD_DAYS = 90
DONE = (AssignmentStatus.SUBMITTED, AssignmentStatus.REVIEWED)
OPEN = (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class HomeworkTotals:
    assigned: int
    completed: int
    overdue: int
    cancelled: int

    @property
    def completion_rate(self) -> int | None:
        """Completed as a share of homework set (cancelled left out), in whole per cent."""
        due = self.assigned - self.cancelled
        return round(100 * self.completed / due) if due else None


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    ratings: list[tuple[date, int]]


@dataclass
class ProgressReport:
    client: Client
    period: Period
    intake: IntakeSummary | None
    attendance: Counter
    homework: HomeworkTotals
    # Set in the period, oldest first, with their responses: the charts read them too.
    assignments: list[Assignment] = field(default_factory=list)
    experiments: list[Experiment] = field(default_factory=list)
    goals: list[GoalProgress] = field(default_factory=list)
    completed_titles: list[str] = field(default_factory=list)


def default_draft(client: Client, today: date) -> SummaryDraft:
    return SummaryDraft(
        client_id=client.id,
        period_start=today - timedelta(days=DEFAULT_PERIOD_DAYS),
        period_end=today,
        version=SummaryVersion.CLINICAL,
        narrative="",
        client_message="",
        client_copy_scores=False,
    )


def draft_for(client: Client, today: date) -> SummaryDraft:
    return db.session.scalar(
        sa.select(SummaryDraft).where(SummaryDraft.client_id == client.id)
    ) or default_draft(client, today)


def progress_report(client: Client, period: Period, today: date) -> ProgressReport:
    intake = latest_intake(client)
    assignments = [a for a in client_assignments(client) if period.holds(a.created_at.date())]
    return ProgressReport(
        client=client,
        period=period,
        intake=summarise(intake.data, get_content().taxonomy) if intake else None,
        attendance=_attendance(client, period),
        homework=_homework_totals(assignments, today),
        assignments=assignments,
        experiments=experiments(assignments),
        goals=_goals(client, period),
        completed_titles=[a.title for a in assignments if a.status in DONE],
    )


def _attendance(client: Client, period: Period) -> Counter:
    rows = db.session.execute(
        sa.select(SessionNote.attendance, sa.func.count())
        .where(
            SessionNote.client_id == client.id,
            SessionNote.session_date.between(period.start, period.end),
        )
        .group_by(SessionNote.attendance)
    ).all()
    counts = Counter({attendance: 0 for attendance in Attendance})
    counts.update(dict(rows))
    return counts


def _homework_totals(assignments: list[Assignment], today: date) -> HomeworkTotals:
    return HomeworkTotals(
        assigned=len(assignments),
        completed=sum(a.status in DONE for a in assignments),
        overdue=sum(a.is_overdue(today) for a in assignments),
        cancelled=sum(a.status is AssignmentStatus.CANCELLED for a in assignments),
    )


def _goals(client: Client, period: Period) -> list[GoalProgress]:
    return [
        GoalProgress(
            goal, [(r.rated_on, r.score) for r in goal.ratings if period.holds(r.rated_on)]
        )
        for goal in client.goals
    ]


@dataclass(frozen=True)
class CaseloadReportRow:
    client: Client
    last_session: date | None
    homework: HomeworkTotals


def caseload_report(therapist: User, today: date) -> list[CaseloadReportRow]:
    clients = db.session.scalars(
        sa.select(Client)
        .where(Client.therapist_id == therapist.id, Client.status == ClientStatus.ACTIVE)
        .order_by(sa.func.lower(Client.preferred_name))
    ).all()
    last_sessions = dict(
        db.session.execute(
            sa.select(SessionNote.client_id, sa.func.max(SessionNote.session_date))
            .join(Client)
            .where(
                Client.therapist_id == therapist.id, SessionNote.attendance == Attendance.ATTENDED
            )
            .group_by(SessionNote.client_id)
        ).all()
    )
    homework = _homework_totals_by_client(therapist, today)
    no_homework = HomeworkTotals(assigned=0, completed=0, overdue=0, cancelled=0)
    return [
        CaseloadReportRow(c, last_sessions.get(c.id), homework.get(c.id, no_homework))
        for c in clients
    ]


def _homework_totals_by_client(therapist: User, today: date) -> dict[int, HomeworkTotals]:
    """Counted by the database: the assignments themselves (with their exercise snapshots)
    are not needed for a line per client."""
    status = Assignment.status
    rows = db.session.execute(
        sa.select(
            Assignment.client_id,
            sa.func.count(),
            sa.func.count().filter(status.in_(DONE)),
            sa.func.count().filter(status.in_(OPEN), Assignment.due_on < today),
            sa.func.count().filter(status == AssignmentStatus.CANCELLED),
        )
        .join(Client)
        .where(Client.therapist_id == therapist.id, Client.status == ClientStatus.ACTIVE)
        .group_by(Assignment.client_id)
    )
    return {
        client_id: HomeworkTotals(
            assigned=assigned, completed=completed, overdue=overdue, cancelled=cancelled
        )
        for client_id, assigned, completed, overdue, cancelled in rows
    }
