"""The floor for page throughput: a bare Flask route that reads 150 rows from SQLite and renders
them as a Jinja table, with nothing of Clinic around it (no login, session, CSRF or ORM).

Served by gunicorn as `bench.floor_app:app`; `FLOOR_DATABASE` names the SQLite file, which
`create_floor_database` fills.
"""

import os
import sqlite3
from datetime import date, timedelta

from flask import Flask, g, render_template_string

ROWS = 150
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Caseload</title></head>
<body><main><h1>Caseload</h1>
<table>
  <thead><tr><th>Client</th><th>Last session</th><th>Next due</th><th>Attention</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr>
      <th scope="row"><a href="/clients/{{ row['id'] }}">{{ row['preferred_name'] }}</a>
        <span>{{ row['full_name'] }}
        {%- if row['pronouns'] %} · {{ row['pronouns'] }}{% endif %}</span></th>
      <td>{{ row['last_session'] or "—" }}</td>
      <td>{{ row['next_due'] or "—" }}</td>
      <td>{% if row['overdue'] %}{{ row['overdue'] }} overdue{% else %}—{% endif %}</td>
    </tr>
  {% endfor %}
  </tbody>
</table></main></body></html>
"""

app = Flask(__name__)


def _connection() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(os.environ["FLOOR_DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def _close(error=None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


@app.get("/")
def table():
    rows = _connection().execute("SELECT * FROM clients ORDER BY preferred_name LIMIT ?", (ROWS,))
    return render_template_string(PAGE, rows=rows.fetchall())


def create_floor_database(path: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE clients (id INTEGER PRIMARY KEY, preferred_name TEXT, full_name TEXT, "
            "pronouns TEXT, last_session TEXT, next_due TEXT, overdue INTEGER)"
        )
        today = date.today()
        connection.executemany(
            "INSERT INTO clients VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    n,
                    f"Client {n:03d}",
                    f"Client {n:03d} Surname",
                    "they/them" if n % 3 else None,
                    (today - timedelta(days=n % 14)).isoformat(),
                    (today + timedelta(days=n % 9 - 3)).isoformat(),
                    n % 4,
                )
                for n in range(1, ROWS + 1)
            ],
        )
