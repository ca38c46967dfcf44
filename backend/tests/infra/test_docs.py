"""The documentation keeps up with the code: every setting in README.md, every table in DB/README.md."""

import re
from pathlib import Path

from tagmedx.config import Settings
from tagmedx.models import Base

ROOT = Path(__file__).resolve().parents[3]


def test_the_readme_documents_every_setting_and_nothing_else() -> None:
    readme = (ROOT / "README.md").read_text()
    rows = set(re.findall(r"^\| `(TAGMEDX_[A-Z0-9_]+)` \|", readme, re.MULTILINE))
    assert rows == {f"TAGMEDX_{name.upper()}" for name in Settings.model_fields}


def test_the_database_readme_describes_every_table() -> None:
    readme = (ROOT / "DB" / "README.md").read_text()
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", readme, re.MULTILINE))
    assert rows == set(Base.metadata.tables) | {"alembic_version"}
    diagram = readme.split("```mermaid", 1)[1]
    for table in Base.metadata.tables:
        assert re.search(rf"^    {table} \{{$", diagram, re.MULTILINE), f"{table} is missing from the diagram"
