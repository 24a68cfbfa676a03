"""The benchmark's own bookkeeping: acknowledged submissions compared with what was stored."""

from bench.submit import Attempt, Stored, tally


def test_every_acknowledged_submission_stored_once_is_a_clean_run():
    attempts = [Attempt(1, "key-1", (True, True)), Attempt(2, "key-2", (True, True))]
    stored = {1: Stored("key-1", 1), 2: Stored("key-2", 1)}

    result = tally(attempts, stored)

    assert (result.attempts, result.acknowledged) == (2, 2)
    assert (result.lost, result.duplicated, result.errors) == (0, 0, 0)


def test_acknowledged_submission_missing_from_the_database_is_lost():
    attempts = [Attempt(1, "key-1", (True, True)), Attempt(2, "key-2", (True, False))]
    stored = {1: Stored(None, 0)}

    assert tally(attempts, stored).lost == 2


def test_stored_answers_from_another_page_do_not_count_as_this_submission():
    attempts = [Attempt(1, "key-1", (True, True))]

    assert tally(attempts, {1: Stored("key-other", 1)}).lost == 1


def test_submission_stored_twice_is_duplicated():
    attempts = [Attempt(1, "key-1", (True, True)), Attempt(2, "key-2", (True, True))]
    stored = {1: Stored("key-1", 2), 2: Stored("key-2", 3)}

    result = tally(attempts, stored)

    assert result.duplicated == 3
    assert result.lost == 0


def test_unacknowledged_taps_and_failed_visits_are_errors_not_losses():
    attempts = [Attempt(1, "key-1", (False, False)), Attempt(2, "key-2", (True, False))]
    stored = {2: Stored("key-2", 1)}

    result = tally(attempts, stored, failures=3)

    assert result.errors == 2 + 1 + 3
    assert result.acknowledged == 1
    assert result.lost == 0
