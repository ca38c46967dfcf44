"""Index hints: MySQL and MariaDB get FORCE INDEX, other databases the statement as written, and a name
that is not an index of the table fails wherever the statement is built."""

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, sqlite

from tagmedx.hints import force_index
from tagmedx.models import Box, Examination, ExaminationLabel, Sample


def test_mysql_reads_through_the_named_index_and_sqlite_is_untouched() -> None:
    statement = force_index(sa.select(Box.id).where(Box.examination_id == 1), Box, "ix_boxes_examination_id")
    assert "FROM boxes FORCE INDEX (ix_boxes_examination_id)" in str(
        statement.compile(dialect=mysql.dialect())
    )
    assert "FORCE" not in str(statement.compile(dialect=sqlite.dialect()))


@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Sample, "ix_samples_set_id"),
        (Sample, "ix_samples_package_id"),
        (Examination, "uq_examinations_sample_id_user_id"),
        (ExaminationLabel, "PRIMARY"),
    ],
)
def test_indexes_and_unique_keys_are_known(model: type, index: str) -> None:
    force_index(sa.select(sa.literal(1)), model, index)


@pytest.mark.parametrize("index", ["ix_boxes_nothing", "fk_boxes_label_id_labels"])
def test_a_name_that_is_no_index_fails(index: str) -> None:
    with pytest.raises(ValueError, match="boxes has no index"):
        force_index(sa.select(Box.id), Box, index)
