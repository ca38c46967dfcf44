"""Examinations (one annotator's reading of one sample) and their boxes."""
