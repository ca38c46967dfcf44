"""Exports of a set or a package: COCO JSON, CSV, and ZIPs for YOLO and Pascal VOC, streamed."""
