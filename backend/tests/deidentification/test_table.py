"""Our Table E.1-1 against an independent encoding of it (the dicom-anonymizer package's newest one):
the same rows, the same actions. A newer edition of the package with rows we lack fails here."""

from tagmedx.imaging import PROFILE_ROWS
from tagmedx.imaging.deidentify import PROFILE_EDITION

from .oracle import newest_edition, oracle_rows


def test_every_row_of_the_oracle_is_in_our_table_with_the_same_action() -> None:
    ours = {row.tag: row.action for row in PROFILE_ROWS}
    theirs = {row.tag: row.action for row in oracle_rows()}
    missing = sorted(set(theirs) - set(ours))
    different = sorted(tag for tag in set(theirs) & set(ours) if theirs[tag] != ours[tag])
    assert missing == [], f"rows of Table E.1-1 we do not apply: {missing}"
    assert different == [], [(tag, ours[tag], theirs[tag]) for tag in different]
    assert sorted(set(ours) - set(theirs)) == []


def test_the_edition_is_named_and_is_the_oracles() -> None:
    assert newest_edition().endswith(PROFILE_EDITION)


def test_the_modified_dates_option_covers_dates_and_times_but_not_the_birth_date() -> None:
    option = {row.name for row in PROFILE_ROWS if row.modified_dates}
    assert {"Study Date", "Acquisition DateTime", "Content Date", "Frame Acquisition DateTime"} <= option
    assert "Patient's Birth Date" not in option and "Patient ID" not in option
