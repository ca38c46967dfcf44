"""The domain errors of redaction."""

from tagmedx.errors import Conflict, Unprocessable


class RegionOutsideImage(Unprocessable):
    code = "region_outside_image"
    detail = "Every rectangle must lie inside the image (x, y >= 0, x + width and y + height within it)."


class CannotMask(Unprocessable):
    code = "cannot_mask"
    detail = "The image cannot be masked."


class MaskedMeanwhile(Conflict):
    code = "sample_changed"
    detail = "The image was masked by someone else meanwhile. Look at it again, then mask what remains."
