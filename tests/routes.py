"""The app's route table as data, for the tests that walk it (access matrices, CSRF, methods).

Test parameters are fixed at collection time, before the session's app exists, so each table is
read from a bare Flask app holding the same blueprints; every test module that uses one also
checks that it equals the real app's table.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask
from werkzeug.routing import Map, Rule

CONVERTER = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    method: str
    arguments: tuple[str, ...]

    @property
    def id(self) -> str:
        """E.g. "POST /clients/<client_id>/erase"."""
        path = CONVERTER.sub(r"<\1>", self.rule)
        return f"{self.method} {path}"


def route_ids(routes: list[Route]) -> list[str]:
    return [route.id for route in routes]


def routes_in(url_map: Map, keep: Callable[[Rule], bool] = lambda rule: True) -> list[Route]:
    """Every rule `keep` accepts, once per method a browser would send (HEAD and OPTIONS come
    with GET)."""
    routes = [
        Route(rule.endpoint, rule.rule, method, tuple(sorted(rule.arguments)))
        for rule in url_map.iter_rules()
        if keep(rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    ]
    return sorted(routes, key=lambda route: (route.rule, route.method))


def blueprint_rules(blueprint: Blueprint) -> Map:
    probe = Flask(__name__)
    probe.register_blueprint(blueprint)
    return probe.url_map
