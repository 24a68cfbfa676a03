import pytest
from argon2 import Parameters, Type, extract_parameters

from clinic.auth.passwords import hash_password, password_problems, verify_password

OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


@pytest.mark.parametrize("configured", [False, True], ids=["default", "as-configured-for-tests"])
def test_hashes_are_argon2id_with_at_least_owasp_parameters(app, configured):
    if configured:
        with app.app_context():
            stored = hash_password("correct horse battery")
    else:
        stored = hash_password("correct horse battery")
    parameters: Parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= OWASP_MIN_MEMORY_KIB
    assert parameters.time_cost >= OWASP_MIN_TIME_COST


def test_production_default_is_the_rfc_9106_low_memory_profile():
    parameters = extract_parameters(hash_password("correct horse battery"))
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (65536, 3, 4)


def test_same_password_hashes_differently_each_time():
    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_verify_accepts_only_the_right_password():
    stored = hash_password("correct horse battery")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterY")
    assert not verify_password("not-a-hash", "correct horse battery")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("x" * 257, "at most 256"),
        ("my-ana.ruiz-secret", "email address"),
        ("ana ruiz forever!", "your name"),
    ],
)
def test_password_policy_explains_what_is_wrong(password, problem):
    problems = " ".join(password_problems(password, email="ana.ruiz@example.org", name="Ana Ruiz"))
    assert problem in problems


def test_a_long_uncommon_password_passes():
    assert (
        password_problems("violet tram under the bridge", email="ana@example.org", name="Ana") == []
    )
