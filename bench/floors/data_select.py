"""Floor for a data command: Python + SQLAlchemy (core and ORM) + open the database + one SELECT, printed as JSON."""

import json
import sys

import sqlalchemy
from sqlalchemy.orm import Session

engine = sqlalchemy.create_engine(f"sqlite:///{sys.argv[1]}/pioneer-board.sqlite3")
with Session(engine) as session:
    rows = session.execute(sqlalchemy.text("SELECT id, name, status FROM members")).all()
print(json.dumps([list(r) for r in rows], ensure_ascii=False))
