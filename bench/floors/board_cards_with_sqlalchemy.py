"""Not one of issue 15's floors: the star-chart floor (board_cards.py) with SQLAlchemy imported, an ORM session opened
and one SELECT run first — what a board that reads through the services cannot do without. For the owners' question
in bench/README.md ("Issue 15, session 6"). Args: as board_cards.py (DATA_DIR FONT OUT PERIOD)."""

import runpy
import sys
from pathlib import Path

import sqlalchemy
from sqlalchemy.orm import Session

engine = sqlalchemy.create_engine(f"sqlite:///{sys.argv[1]}/pioneer-board.sqlite3")
with Session(engine) as session:
    session.execute(sqlalchemy.text("SELECT id, name FROM members")).all()
engine.dispose()
sys.argv = [str(Path(__file__).with_name("board_cards.py")), *sys.argv[1:]]
runpy.run_path(sys.argv[0], run_name="__main__")
