"""TagMedX: a self-hosted platform on which doctors annotate medical images for AI."""

__version__ = "0.1.0"
